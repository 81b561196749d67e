// Start-up benchmark: `updoc explain` on a one-line message versus a bare `node -e 0`, same machine,
// same run, interleaved so both see the same load. Prints medians and the ratio (target: ≤ 3×).
import { spawnSync } from 'node:child_process';
import { ensureBuilt, median } from './bench-common.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const message =
  'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111';
ensureBuilt();

function time(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && args[0] !== '-e') throw new Error(`updoc exited ${r.status}`);
  return ms;
}

const bare = [];
const explain = [];
const json = [];
// Warm the page cache so the first measured runs are not disk-bound.
for (let i = 0; i < 3; i++) {
  time(['-e', '0']);
  time(['bin/updoc.js', 'explain', message]);
}
for (let i = 0; i < RUNS; i++) {
  bare.push(time(['-e', '0']));
  explain.push(time(['bin/updoc.js', 'explain', message]));
  json.push(time(['bin/updoc.js', 'explain', '--json', message]));
}
const b = median(bare);
const e = median(explain);
const j = median(json);
console.log(`runs: ${RUNS} each (medians)`);
console.log(`node -e 0               ${b.toFixed(1)} ms`);
console.log(`updoc explain <line>    ${e.toFixed(1)} ms   ratio ${(e / b).toFixed(2)}x`);
console.log(`updoc explain --json    ${j.toFixed(1)} ms   ratio ${(j / b).toFixed(2)}x`);
console.log(`target: ratio <= 3.00x  -> ${e / b <= 3 ? 'met' : 'NOT met'}`);
