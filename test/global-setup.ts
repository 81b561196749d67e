import { execFileSync } from 'node:child_process';

/** CLI tests run the bundled binary; build it once so `npm test` never tests a stale dist/. */
export default function setup() {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
