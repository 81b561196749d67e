import { describe, expect, it } from 'vitest';
import { KIND_TEXT, RECORD_WORDS, type ScanEngine, type ScanPlan, scanEngine } from '../../src/inputs/logs/wasm-scanner.js';

/**
 * The engine tunes which anchors share a Teddy bucket on a file's text once it has scanned 16 MiB of it
 * (tune_buckets in scanner.c), and keeps the tuning for the next time the same anchors are configured.
 * Only speed may change: the lines handed over are exactly those holding an anchor, before and after.
 */

function engineOrThrow(): ScanEngine {
  const engine = scanEngine();
  if (!engine) throw new Error('no WebAssembly engine');
  return engine;
}

// More anchors than the 8 buckets, with shared letters, so that the buckets' fingerprints overlap.
const ANCHORS = ['refuse', 'timed ou', 'no live', 'reset by', 'ope', 'end', 'ted', 'm s', 'ly ', 'nre', 'peer', 'pipe', 'esol', 'd in ', 'am_', ') to '];
const plan = (): ScanPlan => ({ anchors: ANCHORS, keywords: [], program: null });

const DECOYS = [
  '2024/03/12 00:00:06 [info] 31#31: *996 client 172.18.0.246 closed keepalive connection',
  '2024/03/12 00:00:34 [notice] 31#31: *4984 "^/api/(.*)$" matches "/api/users", client: 172.18.2.35, server: api.example.com',
  '2024/03/12 00:00:20 [warn] 31#31: *2990 an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/0/00/000002990',
];
const HITS = [
  '2024/03/12 00:02:40 [error] 31#31: *22930 connect() failed (111: Connection REFUSED) while connecting to upstream',
  '2024/03/12 00:01:51 [error] 31#31: *15951 upstream timed out (110: Connection timed out)',
  '2024/03/12 00:01:37 [error] 31#31: *13957 no live upstreams while connecting to upstream',
  'recv() failed (104: Connection reset by peer)',
];

/** `mib` MiB of lines, one in ten holding an anchor. */
function text(mib: number): Buffer {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < mib * 1048576; i++) {
    const line = i % 10 === 9 ? HITS[i % HITS.length] : `${DECOYS[i % DECOYS.length]} #${i}`;
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'latin1');
}

/** The byte offsets of the lines the engine hands over, scanning whole-line blocks of at most 4 MiB. */
function scanLines(engine: ScanEngine, buf: Buffer): number[] {
  expect(engine.use(plan())).toBe(true);
  const starts: number[] = [];
  for (let start = 0; start < buf.length; ) {
    const end = buf.lastIndexOf(10, Math.min(buf.length, start + 4 * 1048576) - 1) + 1;
    const delta = engine.begin(buf, start, end);
    if (delta === null) throw new Error('block does not fit');
    for (;;) {
      const n = engine.scan();
      for (let i = 0; i < n; i++) if (engine.records[i * RECORD_WORDS] === KIND_TEXT) starts.push(engine.records[i * RECORD_WORDS + 1] + delta);
      if (engine.finished) break;
    }
    engine.blockCounters();
    start = end;
  }
  return starts;
}

function expectedLines(buf: Buffer): number[] {
  const out: number[] = [];
  let start = 0;
  for (const line of buf.toString('latin1').split('\n')) {
    const lower = line.toLowerCase();
    if (ANCHORS.some((a) => lower.includes(a))) out.push(start);
    start += line.length + 1;
  }
  return out;
}

describe('Teddy buckets tuned on the text', () => {
  it('are not tuned on a small file, are tuned after 16 MiB, and hand over the same lines either way', () => {
    const engine = engineOrThrow();
    const small = text(2);
    expect(scanLines(engine, small)).toEqual(expectedLines(small));
    expect(engine.bucketsTuned).toBe(false);
    const large = text(20);
    const expected = expectedLines(large);
    expect(expected.length).toBeGreaterThan(10_000);
    expect(scanLines(engine, large)).toEqual(expected);
    expect(engine.bucketsTuned).toBe(true);
  });

  it('are kept for the next time the same anchors are configured (the tuning applies at once)', () => {
    const engine = engineOrThrow();
    expect(engine.use({ anchors: ['other'], keywords: [], program: null })).toBe(true);
    const small = text(1);
    expect(scanLines(engine, small)).toEqual(expectedLines(small));
    expect(engine.bucketsTuned).toBe(true);
  });
});
