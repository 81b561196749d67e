// Generates docs/signatures.md, docs/causes.md and docs/rules.md from the knowledge base and rule metadata through the CLI's own
// markdown reporters. `--check` fails when the committed docs are stale.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const check = process.argv.includes('--check');
const pages = {
  'docs/signatures.md': ['signatures', '--format', 'markdown'],
  'docs/causes.md': ['causes', '--format', 'markdown'],
  'docs/rules.md': ['rules', '--format', 'markdown'],
};
let stale = 0;
for (const [file, args] of Object.entries(pages)) {
  const content = execFileSync(process.execPath, ['bin/updoc.js', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (check) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {}
    if (current !== content) {
      console.error(`${file} is out of date: run \`npm run docs\``);
      stale++;
    }
  } else writeFileSync(file, content);
}
process.exit(stale ? 1 : 0);
