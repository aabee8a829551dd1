// Tries the page at / as a person would, in the system Chromium (puppeteer-core): signs in with
// a development token, creates an avatar from the measurement form (or, given a front and a
// side photo and a height, from the photo form: files chosen as a person chooses them), records what the page
// shows while it processes (its state, stage list and message, sampled every 50 ms), waits
// for the result, waits until the viewer inside it has rendered, screenshots the viewer and
// prints a JSON report.
// Usage: node try_page.mjs <chromium> <base url> <screenshot.png> <userDataDir> <flags as JSON>
//        [<front.jpg> <side.jpg> <height cm> <gender>]
import puppeteer from 'puppeteer-core';

const [executablePath, base, screenshot, userDataDir, flags, front, side, heightCm, gender] =
  process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath, headless: true, userDataDir, args: JSON.parse(flags),
  defaultViewport: { width: 1200, height: 1400 },
});
const report = { console: [], failed: [], states: [], stages: [], messages: [] };
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
try {
  const page = await browser.newPage();
  page.on('console', (message) => report.console.push(`${message.type()}: ${message.text()}`));
  page.on('pageerror', (error) => report.console.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => report.failed.push(`${request.url()} ${request.failure()?.errorText}`));
  await page.goto(`${base}/`, { waitUntil: 'load', timeout: 60000 });
  await page.click('#dev-sign-in');
  await page.waitForFunction(() => document.body.dataset.state === 'ready', { timeout: 20000 });
  if (front) {
    await page.click('button[data-tab=photos]');
    await (await page.$('#photos-form input[name=front]')).uploadFile(front);
    await (await page.$('#photos-form input[name=side]')).uploadFile(side);
    await page.$eval('#photos-form input[name=heightCm]', (input, value) => { input.value = value; }, heightCm);
    await page.select('#photos-form select[name=gender]', gender || '');
    await page.click('#photos-form button[type=submit]');
  } else {
    await page.click('#measurements-form button[type=submit]');
  }
  const deadline = Date.now() + 240000;
  for (;;) {
    const seen = await page.evaluate(() => ({
      state: document.body.dataset.state,
      message: document.getElementById('stage-message').textContent,
      stages: [...document.querySelectorAll('#stages li')].map((item) => item.dataset.stage),
    }));
    if (report.states.at(-1) !== seen.state) report.states.push(seen.state);
    if (seen.message && report.messages.at(-1) !== seen.message) report.messages.push(seen.message);
    report.stages = seen.stages;
    if (seen.state === 'completed' || seen.state === 'failed' || Date.now() > deadline) break;
    await sleep(50);
  }
  report.state = await page.evaluate(() => document.body.dataset.state);
  report.text = await page.evaluate(() => document.getElementById('result').innerText);
  report.downloads = await page.evaluate(() => document.querySelectorAll('#downloads a').length);
  await page.waitForFunction(() => document.body.dataset.body, { timeout: 120000 });
  report.body = await page.evaluate(() => document.body.dataset.body);
  report.viewerLink = await page.evaluate(() => document.getElementById('viewer-link').getAttribute('href'));
  await sleep(500);
  await (await page.$('#body')).screenshot({ path: screenshot });
} finally {
  await browser.close();
}
console.log(JSON.stringify(report));
