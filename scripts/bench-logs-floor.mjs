// The floor of any Node program on a log file, for `npm run bench:logs`: THREADS threads each read() their share of
// FILE into WebAssembly memory, 4 MiB at a time, and count its newlines with updoc's own SIMD scanner
// (src/inputs/logs/wasm/scanner.wasm in text mode with no anchor: the newline count, nothing else). It is what
// `updoc logs` does on every byte before its own work (finding, classifying and counting failures). Prints the
// line count (checked against the file's). Usage: node scripts/bench-logs-floor.mjs FILE THREADS
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const BLOCK = 4 * 1024 * 1024;

if (isMainThread) {
  const [file, threadsArg = '1'] = process.argv.slice(2);
  const threads = Number(threadsArg);
  if (!file || !(threads >= 1)) throw new Error('usage: bench-logs-floor.mjs FILE THREADS');
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  closeSync(fd);
  const share = Math.ceil(size / threads);
  const counts = await Promise.all(
    Array.from(
      { length: threads },
      (_, i) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: { file, from: i * share, to: Math.min(size, (i + 1) * share) } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  console.log(counts.reduce((a, b) => a + b, 0));
} else {
  const { file, from, to } = workerData;
  const bytes = readFileSync(new URL('../src/inputs/logs/wasm/scanner.wasm', import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const x = instance.exports;
  if (x.configure_anchors(0, 0) !== 1) throw new Error('scanner refused an empty anchor list');
  const region = x.input_region_ptr();
  const memory = new Uint8Array(x.memory.buffer);
  const counters = new Uint32Array(x.memory.buffer, x.counters_ptr(), 8);
  const fd = openSync(file, 'r');
  let lines = 0;
  try {
    for (let position = from; position < to; ) {
      const n = readSync(fd, memory, region, Math.min(BLOCK, to - position), position);
      if (n === 0) break;
      position += n;
      x.begin_block(region, region, region + n);
      x.scan_text();
      lines += counters[1];
    }
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage(lines);
}
