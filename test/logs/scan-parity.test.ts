import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scanSetupFactory } from '../../src/evidence/log-summary/summarise-logs.js';
import { FileScanner, type ScannedEvent, type ScannedRecord } from '../../src/inputs/logs/file-scanner.js';
import { formatById, LOG_FORMATS, nginxFormat } from '../../src/inputs/logs/formats/registry.js';
import type { LogFormat } from '../../src/inputs/logs/formats/types.js';
import { CHUNK_BYTES, LineAssembler } from '../../src/inputs/logs/line-assembler.js';
import { scanEngine } from '../../src/inputs/logs/wasm-scanner.js';
import { loadAllCases } from '../helpers/load-cases.js';
import { FIXTURES } from './helpers.js';

/**
 * The WebAssembly scanner and the JavaScript path must find exactly the same things: the same
 * records (lines, times, texts, signatures and fields), events, line counts and requests per upstream.
 * Each input is scanned three ways: JavaScript only; the engine reading blocks in place (its own input
 * region, as `readSource` does); the engine copying blocks from another buffer (small blocks, so
 * lines are cut at many block boundaries).
 */

interface ScanResult {
  records: unknown[];
  events: unknown[];
  stats: unknown;
  traffic: [string, number][];
  overflow: number;
  engineUsed: boolean;
}

/** `js-small`: JavaScript with the small blocks of `copy` (multi-line records are grouped within a block and the one before). */
function scan(input: Buffer, mode: 'js' | 'js-small' | 'in-place' | 'copy', format?: LogFormat): ScanResult {
  const setupFor = scanSetupFactory(format, LOG_FORMATS);
  const setup = { ...setupFor({ referenceYear: 2024, referenceTime: Date.UTC(2024, 2, 12, 10) }), engine: !mode.startsWith('js') };
  const records: unknown[] = [];
  const events: unknown[] = [];
  const scanner = new FileScanner(setup, {
    record: (r: ScannedRecord) =>
      records.push({ ...r, matches: r.matches.map((m) => ({ signature: m.signature.id, fields: JSON.stringify(m.fields) })), time: String(r.time) }),
    event: (e: ScannedEvent) => events.push({ ...e, marker: e.marker.label, time: String(e.time) }),
  });
  const engine = scanEngine();
  const region = mode === 'in-place' ? (engine?.leaseInput() ?? null) : null;
  try {
    const assembler = new LineAssembler(scanner, mode === 'copy' || mode === 'js-small' ? 64 * 1024 : CHUNK_BYTES, region ?? undefined);
    // Odd chunk sizes, as streams deliver them.
    for (let at = 0; at < input.length; at += 100_003) assembler.push(input.subarray(at, at + 100_003));
    assembler.drain(true);
  } finally {
    if (region) engine?.releaseInput();
  }
  scanner.finish();
  const traffic = scanner.trafficEntries().sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    records,
    events,
    stats: { ...scanner.stats, format: scanner.stats.format.id },
    traffic,
    overflow: scanner.traffic.overflow,
    engineUsed: scanner.usesEngine,
  };
}

function expectSameEverywhere(input: Buffer, format?: LogFormat): ScanResult {
  const js = scan(input, 'js', format);
  expect(js.engineUsed).toBe(false);
  for (const [mode, reference] of [
    ['in-place', js],
    ['copy', scan(input, 'js-small', format)],
  ] as const) {
    const other = scan(input, mode, format);
    expect(other.engineUsed, mode).toBe(!JS_ONLY.has((other.stats as { format: string }).format));
    expect(other.stats, mode).toEqual(reference.stats);
    expect(other.traffic, mode).toEqual(reference.traffic);
    expect(other.overflow, mode).toBe(reference.overflow);
    expect(other.events, mode).toEqual(reference.events);
    expect(other.records.length, mode).toBe(reference.records.length);
    expect(other.records, mode).toEqual(reference.records);
  }
  return js;
}

/** Request-log layouts the engine does not run (JSON keys, HAProxy's two layouts): read in JavaScript. */
const JS_ONLY = new Set(['haproxy', 'caddy', 'envoy-json', 'gcp-lb', 'traefik-json']);

/** A small deterministic generator. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const allCases = await loadAllCases();
const caseTexts = Object.values(allCases).flatMap((cases) => Object.values(cases).flatMap((c) => [...c.match.map((m) => m.text), ...c.nearMiss]));
const singleLines = caseTexts.flatMap((t) => t.split('\n')).filter((l) => l.length > 0);

/** Lines around the knowledge base's own wording, mangled the ways real logs are. */
function mangledLines(seed: number, count: number): string[] {
  const r = rng(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const filler = ['GET /api/users HTTP/1.1', 'client: 10.0.0.1', 'ok', 'upstream', 'connect()', 'refused', 'timed', '€uro', 'naïve', 'UF', ' uf ', '-'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = pick(singleLines);
    const x = r();
    if (x < 0.2) line = line.toUpperCase();
    else if (x < 0.3) line = line.replace(/[a-z]/g, (c) => (r() < 0.5 ? c.toUpperCase() : c));
    else if (x < 0.4) line = `${pick(filler)} ${line.slice(Math.floor(r() * line.length))}`;
    else if (x < 0.5) line = `${line.slice(0, Math.floor(r() * line.length))} ${pick(filler)}`;
    else if (x < 0.55) line = `${line} é ${pick(filler)}`;
    else if (x < 0.6) line = Array.from({ length: 8 }, () => pick(filler)).join(' ');
    if (r() < 0.1) line += '\r';
    out.push(line);
  }
  return out;
}

describe('WebAssembly scanner and JavaScript path agree', () => {
  it('the engine is available here (or these tests would compare JavaScript with itself)', () => {
    expect(scanEngine()).not.toBeNull();
  });

  for (const name of readdirSync(FIXTURES).filter((n) => n.endsWith('.txt') && !n.includes('conf'))) {
    it(`on the fixture ${name}`, () => {
      const input = readFileSync(`${FIXTURES}${name}`);
      const result = expectSameEverywhere(input);
      // Several copies, so that blocks end inside lines and multi-line records.
      expectSameEverywhere(Buffer.concat(Array.from({ length: 300 }, () => input)));
      expect((result.stats as { lines: number }).lines).toBeGreaterThan(0);
    });
  }

  it('on every signature example and near miss, mangled, in an unrecognised file (all signatures)', () => {
    const lines = mangledLines(1, 20_000);
    const result = expectSameEverywhere(Buffer.from(`${lines.join('\n')}\n`), formatById('unknown'));
    expect(result.records.length).toBeGreaterThan(1000);
  });

  for (const id of ['nginx-error', 'envoy', 'spring', 'haproxy', 'apache-error', 'go', 'python', 'caddy']) {
    it(`on mangled signature text read as ${id}`, () => {
      const lines = mangledLines(id.length, 8_000);
      expectSameEverywhere(Buffer.from(`${lines.join('\n')}\n`), formatById(id));
    });
  }

  it('on invalid UTF-8, NUL bytes, lines over 64 KiB and a last line without newline', () => {
    const r = rng(7);
    const parts: Buffer[] = [];
    for (let i = 0; i < 3000; i++) {
      const line = singleLines[Math.floor(r() * singleLines.length)];
      const x = r();
      if (x < 0.05) parts.push(Buffer.from([0xff, 0xfe, 0x20]), Buffer.from(line));
      else if (x < 0.08) parts.push(Buffer.from(line), Buffer.alloc(5, 0));
      else if (x < 0.09) parts.push(Buffer.from(`${'x'.repeat(70_000)} ${line}`));
      else if (x < 0.1) parts.push(Buffer.from(`${line} ${'y'.repeat(70_000)}`));
      else parts.push(Buffer.from(line));
      parts.push(Buffer.from('\n'));
    }
    parts.push(Buffer.from(singleLines[0]));
    const result = expectSameEverywhere(Buffer.concat(parts), formatById('nginx-error'));
    expect((result.stats as { longLines: number }).longLines).toBeGreaterThan(0);
    expect((result.stats as { nulBytes: number }).nulBytes).toBeGreaterThan(0);
  });
});

describe('WebAssembly scanner and JavaScript path agree on request logs', () => {
  const r = rng(11);
  const pick = <T>(list: readonly T[]) => list[Math.floor(r() * list.length)];
  const peers = ['10.0.0.1:80', '10.0.0.2:8080', '[::1]:3000', 'unix:/run/app.sock', '-', ''];
  const statuses = ['200', '502', '503', '504', '500', '499', '-'];
  const list = (items: readonly string[], n: number) => Array.from({ length: n }, () => pick(items)).join(pick([', ', ' : ']));
  const stamp = () => `12/Mar/2024:09:${String(Math.floor(r() * 60)).padStart(2, '0')}:00 +0000`;
  const junk = () =>
    pick([
      '2024/03/12 09:14:02 [error] 1#1: *1 connect() failed (111: Connection refused) while connecting to upstream',
      'garbage line',
      '',
      '\u0000\u0000 truncated',
    ]);

  const layouts: [string, LogFormat | undefined, () => string][] = [
    [
      'nginx combined with key=value upstream fields',
      formatById('nginx-access'),
      () => {
        const n = 1 + Math.floor(r() * 3);
        return `10.1.0.1 - - [${stamp()}] "GET /x HTTP/1.1" ${pick(statuses)} 12 "-" "curl/8" rt=0.1 ua="${list(peers, n)}" us="${list(statuses, n)}" uct="${list(['0.001', '-'], n)}" uht=- urt=${list(['0.5', '-'], n)}`;
      },
    ],
    [
      'nginx custom log_format',
      nginxFormat('$remote_addr [$time_local] "$request" $status ua=$upstream_addr us=$upstream_status rt=$request_time'),
      () => {
        const n = 1 + Math.floor(r() * 3);
        return `10.1.0.1 [${stamp()}] "GET / HTTP/1.1" ${pick(statuses)} ua=${list(peers, n)} us=${list(statuses, n)} rt=0.2`;
      },
    ],
    [
      'ingress-nginx',
      formatById('ingress-nginx'),
      () =>
        `10.1.0.1 - - [${stamp()}] "GET / HTTP/1.1" ${pick(statuses)} 0 "-" "curl" 80 0.001 [default-svc-80] [] ${list(peers, 2)} 0 0.001 ${list(statuses, 2)} abc`,
    ],
    [
      'Envoy',
      formatById('envoy'),
      () =>
        `[2024-03-12T09:14:0${Math.floor(r() * 10)}.123Z] "GET /x HTTP/1.1" ${pick(['200', '503', '504', '404', '0'])} ${pick(['-', 'UF', 'UF,URX', 'UH', 'NR', 'DC', 'UT'])} 0 1 2 ${pick(['-', '3'])} "-" "curl" "id" "svc.ns" "${pick(peers)}"`,
    ],
    [
      // Sidecar TCP lines ("- - -", code 0) with NR filter_chain_not_found are records; HTTP 404 NR are not.
      'Istio, HTTP and TCP',
      formatById('istio'),
      () =>
        r() < 0.5
          ? `[2024-03-12T09:14:0${Math.floor(r() * 10)}.123Z] "- - -" 0 ${pick(['NR filter_chain_not_found', 'NR -', 'UF -', '- -', 'UH -'])} - "-" 0 0 ${pick(['0', '5'])} - "-" "-" "-" "-" "${pick(peers)}" ${pick(['-', 'outbound|8080||db.ns.svc.cluster.local'])} - 10.0.0.5:8080 10.0.0.9:51234 - -`
          : `[2024-03-12T09:14:0${Math.floor(r() * 10)}.123Z] "GET /x HTTP/1.1" ${pick(['200', '503', '404'])} ${pick(['- via_upstream', 'NR route_not_found', 'UF upstream_reset_before_response_started{connection_failure}', 'NR filter_chain_not_found'])} - "-" 0 1 2 ${pick(['-', '3'])} "-" "curl" "id" "svc.ns" "${pick(peers)}" outbound|80||svc.ns.svc.cluster.local 10.0.0.9:40000 10.0.0.5:80 10.0.0.9:51234 - default`,
    ],
    [
      'AWS ALB',
      formatById('aws-alb'),
      () =>
        `http 2024-03-12T09:14:02.000000Z app/lb/1 10.0.0.9:443 ${pick(['10.0.1.5:80', '-'])} 0.001 ${pick(['0.002', '-1'])} 0.000 ${pick(statuses)} ${pick(['200', '-'])} 10 20 "GET http://x/ HTTP/1.1" "curl" - - arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/abc "Root=1"`,
    ],
    [
      'AWS Classic ELB',
      formatById('aws-elb'),
      () =>
        `2024-03-12T09:14:02.000000Z shop-elb 10.0.0.9:443 ${pick(['10.0.1.5:80', '10.0.1.6:80', '-'])} ${pick(['0.001', '-1'])} ${pick(['0.002', '-1'])} ${pick(['0.000', '-1'])} ${pick(statuses)} ${pick(['200', '502', '0', '-'])} 10 20 "GET http://x/ HTTP/1.1" "curl" - -`,
    ],
    [
      'Traefik CLF',
      formatById('traefik'),
      () => `10.0.0.1 - - [${stamp()}] "GET / HTTP/1.1" ${pick(statuses)} 5 "-" "curl" 1 "web@docker" "${pick(['http://10.0.0.5:80', '-'])}" 3ms`,
    ],
  ];

  for (const [name, format, line] of layouts) {
    it(name, () => {
      const lines = Array.from({ length: 20_000 }, () => (r() < 0.02 ? junk() : line()));
      const result = expectSameEverywhere(Buffer.from(`${lines.join('\n')}\n`), format);
      expect(result.traffic.length).toBeGreaterThan(0);
      expect(result.records.length).toBeGreaterThan(100);
      // The engine counts NUL bytes while it looks for line ends (compared in the stats).
      expect((result.stats as { nulBytes: number }).nulBytes).toBeGreaterThan(0);
      // The engine really ran the layout (a layout it cannot run would make the comparison moot).
      expect(scan(Buffer.from(`${lines.slice(0, 100).join('\n')}\n`), 'in-place', format).engineUsed).toBe(true);
    });
  }
});

describe('a request log reads its lines that are not request records whatever keyword they hold', () => {
  // The sample makes the upstream field names (" us=", " uct=", " uht=") ubiquitous: they are left out of the anchors.
  // A line in another format that holds only them (a log_format changed mid-file) is still read, like any text line:
  // in the first block (handed over before the anchors are chosen) as in the next ones, with and without the engine.
  const request = '10.1.0.1 - - [12/Mar/2024:09:14:00 +0000] "GET /x HTTP/1.1" 200 12 "-" "curl/8" rt=0.1 ua="10.0.0.1:80" us="200" uct="0.001" uht=- urt=0.5';
  const onlyIgnoredKeywords = 'rt=0.000 ua="172.18.0.5:8080" us="502" ut="0.000" uct="-" uht="-"';
  const anchored = '2024/03/12 09:14:02 [error] 1#1: *1 connect() failed (111: Connection refused) while connecting to upstream';

  it('the same lines with and without the engine, at the start and later', () => {
    const lines = [...Array.from({ length: 100 }, () => request), onlyIgnoredKeywords, anchored];
    for (let i = 0; i < 3000; i++) lines.push(i % 1000 === 999 ? onlyIgnoredKeywords : request);
    const result = expectSameEverywhere(Buffer.from(`${lines.join('\n')}\n`), formatById('nginx-access'));
    expect(result.records.map((r) => (r as { line: number }).line)).toEqual([101, 102, 1102, 2102, 3102]);
    expect((result.records[0] as { matches: { signature: string }[] }).matches[0]?.signature).toBe('nginx/access-log-upstream-never-connected');
  });
});

describe('the committed WebAssembly module', () => {
  it('is the one scanner.wasm holds (scanner-wasm.ts is generated from it by wasm/build.sh)', async () => {
    const { createHash } = await import('node:crypto');
    const { SCANNER_WASM_BASE64, SCANNER_WASM_SHA256 } = await import('../../src/inputs/logs/scanner-wasm.js');
    const bytes = readFileSync(new URL('../../src/inputs/logs/wasm/scanner.wasm', import.meta.url));
    expect(Buffer.from(SCANNER_WASM_BASE64, 'base64').equals(bytes)).toBe(true);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(SCANNER_WASM_SHA256);
  });
});

describe('time fields', () => {
  it('read like parseIso (the fast path for RFC 3339 UTC, with the second remembered)', async () => {
    const { parseIso } = await import('../../src/inputs/logs/timestamps.js');
    const envoy = formatById('envoy') as LogFormat;
    const r = rng(5);
    const two = (n: number) => String(n).padStart(2, '0');
    const texts: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const fraction = r() < 0.2 ? '' : `.${String(Math.floor(r() * 1e9)).slice(0, 1 + Math.floor(r() * 9))}`;
      const stamp = `20${two(Math.floor(r() * 40))}-${two(Math.floor(r() * 14))}-${two(Math.floor(r() * 33))}T${two(Math.floor(r() * 25))}:${two(Math.floor(r() * 61))}:${two(Math.floor(r() * 61))}${fraction}`;
      const x = r();
      texts.push(x < 0.7 ? `${stamp}Z` : x < 0.8 ? `${stamp}+01:00` : x < 0.9 ? stamp.replace('T', ' ') : `${stamp}0000000000Z`);
      if (r() < 0.3) texts.push(texts[texts.length - 1]);
    }
    for (const text of texts) expect(envoy.time(text, { referenceYear: 2024, referenceTime: 0 }), text).toBe(parseIso(text));
  });
});
