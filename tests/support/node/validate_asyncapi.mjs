import { Parser } from '@asyncapi/parser';
import fs from 'fs';
const parser = new Parser();
const { document, diagnostics } = await parser.parse(fs.readFileSync(process.argv[2], 'utf8'));
const errors = diagnostics.filter(d => d.severity === 0);
for (const d of diagnostics) console.log(d.severity, d.code, d.message, JSON.stringify(d.path));
console.log(errors.length === 0 && document ? 'VALID' : 'INVALID');
process.exit(errors.length === 0 && document ? 0 : 1);
