// Opens a page in the system Chromium (puppeteer-core never downloads a browser), waits until
// <body data-state> is no longer "loading", then writes a screenshot and prints a JSON report
// (state, status text, the body's text, console messages, failed requests).
// Usage: node screenshot_page.mjs <chromium> <url> <screenshot.png> <userDataDir> <flags as JSON>
import puppeteer from 'puppeteer-core';

const [executablePath, url, screenshot, userDataDir, flags] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath,
  headless: true,
  userDataDir,
  args: JSON.parse(flags),
  defaultViewport: { width: 1000, height: 800 },
});
const report = { console: [], failed: [] };
try {
  const page = await browser.newPage();
  page.on('console', (message) => report.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => report.console.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => report.failed.push(`${request.url()} ${request.failure()?.errorText}`));
  await page.goto(url, { waitUntil: 'load', timeout: 60000 });
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', { timeout: 120000 });
  await new Promise((resolve) => setTimeout(resolve, 500));
  await page.screenshot({ path: screenshot });
  report.state = await page.evaluate(() => document.body.dataset.state);
  report.status = await page.evaluate(() => document.getElementById('status').textContent);
  report.text = await page.evaluate(() => document.body.innerText);
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
