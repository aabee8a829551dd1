// Validates glTF/GLB files with the Khronos glTF validator; prints one JSON report per file.
import validator from 'gltf-validator';
import fs from 'fs';
import path from 'path';

const reports = [];
for (const file of process.argv.slice(2)) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const report = await validator.validateBytes(bytes, {
    uri: path.basename(file),
    maxIssues: 0,
    externalResourceFunction: (uri) =>
      Promise.resolve(new Uint8Array(fs.readFileSync(path.join(path.dirname(file), decodeURIComponent(uri))))),
  });
  reports.push({ file, report });
}
console.log(JSON.stringify(reports));
