// Floors of a Node program on a log file, for `npm run bench:logs`. THREADS threads each read() their share of FILE
// (whole lines) into WebAssembly memory, 4 MiB at a time, and scan it with updoc's own SIMD scanner
// (src/inputs/logs/wasm/scanner.wasm). Two modes:
//  - `lines` (default): the scanner in text mode with no anchor counts the newlines, nothing else. It is what
//    `updoc logs` does on every byte before its own work. Prints the line count (checked against the file's).
//  - `nginx-error-count`: the bench pipeline's own job on its nginx error log, done as cheaply as Node can: the
//    scanner hands over the lines holding an anchor of the pipeline's two `rg` literals; per line one latin1 decode,
//    the pipeline's tests and a Map count of `upstream: "scheme://host:port`. Prints the upstreams and the total
//    (checked against the generator's). No signatures, causes, times or samples: far less than `updoc logs` does.
// Usage: node scripts/bench-logs-floor.mjs FILE THREADS [lines|nginx-error-count]
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const BLOCK = 4 * 1024 * 1024;
/** The scanner's record layout (wasm-scanner.ts RECORD_WORDS): kind, start, end, … */
const RECORD_WORDS = 42;

if (isMainThread) {
  const [file, threadsArg = '1', mode = 'lines'] = process.argv.slice(2);
  const threads = Number(threadsArg);
  if (!file || !(threads >= 1) || !['lines', 'nginx-error-count'].includes(mode)) {
    throw new Error('usage: bench-logs-floor.mjs FILE THREADS [lines|nginx-error-count]');
  }
  const fd = openSync(file, 'r');
  const size = fstatSync(fd).size;
  closeSync(fd);
  const share = Math.ceil(size / threads);
  const parts = await Promise.all(
    Array.from(
      { length: threads },
      (_, i) =>
        new Promise((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: { file, size, from: i * share, to: Math.min(size, (i + 1) * share), mode } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  if (mode === 'lines') console.log(parts.reduce((a, b) => a + b, 0));
  else {
    const total = new Map();
    for (const part of parts) for (const [k, v] of part) total.set(k, (total.get(k) ?? 0) + v);
    console.log(JSON.stringify([...total]));
  }
} else {
  const { file, size, from, to, mode } = workerData;
  const bytes = readFileSync(new URL('../src/inputs/logs/wasm/scanner.wasm', import.meta.url));
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const x = instance.exports;
  const memory = new Uint8Array(x.memory.buffer);
  // Anchors of "while connecting to upstream" and "while reading response header from upstream".
  const anchors = mode === 'lines' ? [] : ['ting to ', 'header f'];
  anchors.forEach((a, i) => {
    memory.set(Buffer.from(a, 'latin1'), x.anchor_bytes_ptr() + 8 * i);
    memory[x.anchor_length_ptr() + i] = a.length;
  });
  if (x.configure_anchors(anchors.length, 0) !== 1 || x.configure_keywords(0) !== 1) throw new Error('the scanner refused its configuration');
  const region = x.input_region_ptr();
  const buf = Buffer.from(x.memory.buffer, region, BLOCK);
  const counters = new Uint32Array(x.memory.buffer, x.counters_ptr(), 8);
  const records = new Int32Array(x.memory.buffer, x.out_records_ptr(), 4096 * RECORD_WORDS);
  const literal = /while connecting to upstream|while reading response header from upstream/;
  const failure = /connect\(\) failed|upstream timed out|no live upstreams|prematurely closed/;
  const counts = new Map();
  const countLine = (start, end) => {
    const text = buf.latin1Slice(start, end);
    if (!literal.test(text) || !failure.test(text)) return;
    const at = text.indexOf('upstream: "');
    const scheme = at < 0 ? -1 : text.indexOf('://', at);
    if (scheme < 0) return;
    let stop = scheme + 3;
    while (stop < text.length && text.charCodeAt(stop) !== 47 && text.charCodeAt(stop) !== 34) stop++;
    const upstream = text.slice(scheme + 3, stop);
    counts.set(upstream, (counts.get(upstream) ?? 0) + 1);
  };
  const fd = openSync(file, 'r');
  let lines = 0;
  try {
    // The share's lines: those that start in [from, to).
    let position = from === 0 ? 0 : lineStartFrom(fd, from, size);
    const end = to >= size ? size : lineStartFrom(fd, to, size);
    let kept = 0;
    while (position < end || kept > 0) {
      const n = position < end ? readSync(fd, buf, kept, Math.min(BLOCK - kept, end - position), position) : 0;
      position += n;
      const filled = kept + n;
      const last = position >= end;
      const whole = last ? filled : buf.lastIndexOf(10, filled - 1) + 1;
      if (whole === 0) throw new Error('a line longer than the block');
      x.begin_block(region, region, region + whole);
      for (;;) {
        const found = x.scan_text();
        for (let i = 0; i < found; i++) countLine(records[i * RECORD_WORDS + 1] - region, records[i * RECORD_WORDS + 2] - region);
        if (counters[0] >= region + whole) break;
      }
      lines += counters[1];
      kept = filled - whole;
      buf.copy(buf, 0, whole, filled);
      if (last) break;
    }
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage(mode === 'lines' ? lines : [...counts]);
}

/** The offset of the first line that starts at or after `at` (`at` itself when it follows a newline). */
function lineStartFrom(fd, at, size) {
  const probe = Buffer.allocUnsafe(64 * 1024);
  for (let position = at - 1; position < size; position += probe.length) {
    const n = readSync(fd, probe, 0, probe.length, position);
    if (n === 0) break;
    const nl = probe.subarray(0, n).indexOf(10);
    if (nl >= 0) return position + nl + 1;
  }
  return size;
}
