import { describe, expect, it } from 'vitest';
import { defineSignature, type Signature } from '../src/core/define-signature.js';
import { matchSignature, newLiteralChecks, signatureMatcher } from '../src/evidence/match-signatures.js';
import { matchLine } from '../src/inputs/logs/line-match.js';
import { SIGNATURES } from '../src/knowledge/signatures/index.js';
import { knowledgeBaseTexts } from './helpers/load-cases.js';

/**
 * A signature's `requires` are cheap necessary conditions tested before its pattern: they may only refuse texts the
 * pattern refuses too, or a match would be lost. Checked on every example and near miss of the knowledge base (in
 * several spellings) and on a grid of access-log lines with every combination of retry lists in the timing fields.
 */

const texts = await knowledgeBaseTexts();
const withRequires = SIGNATURES.filter((s) => (s.requires?.length ?? 0) > 0);

/** Access-log lines in three spellings, with every combination of these `$upstream_*` values. */
function accessLogGrid(): string[] {
  const statuses = ['502', '504', '200', '500', '502, 200', '504, 502', '502, 502', '200, 504', '502 : 504', '-'];
  const timings = ['-', '0.001', '-, 0.001', '0.001, -', '-, -', '0.000 : -', '1.5'];
  const lines: string[] = [];
  for (const us of statuses)
    for (const uct of timings)
      for (const uht of timings) {
        lines.push(
          `10.1.0.7 - - [12/Mar/2024:00:00:00 +0000] "GET /api/cart HTTP/1.1" 502 157 "-" "curl/8.5.0" rt=0.014 ua="10.0.0.15:8080" us="${us}" uct="${uct}" uht="${uht}" urt="0.013"`,
          `10.1.0.7 - - [12/Mar/2024:00:00:00 +0000] "GET /x HTTP/1.1" 502 157 "-" "curl/8.5.0" upstream_header_time=${uht} upstream_connect_time=${uct} upstream_status=${us} upstream_addr=10.0.2.9:8080`,
          `{"upstream_addr":"10.0.2.9:8080","upstream_connect_time":"${uct}","upstream_status":"${us}","upstream_header_time":"${uht}"}`,
        );
      }
  return lines;
}

/** nginx error-log lines of the HTTP and the stream (TCP/UDP) module, for every message both print while connecting. */
function errorLogGrid(): string[] {
  const messages = [
    'connect() failed (111: Connection refused)',
    'connect() failed (113: No route to host)',
    'upstream timed out (110: Connection timed out)',
    'no live upstreams',
  ];
  const lines: string[] = [];
  for (const message of messages)
    for (let i = 0; i < 15; i++) {
      const upstream = `10.0.${i}.5:${5432 + i}`;
      lines.push(
        `2024/03/12 00:00:0${i % 10} [error] 31#31: *${i} ${message} while connecting to upstream, client: 172.18.0.${i}, server: 0.0.0.0:${5000 + i}, upstream: "${upstream}", bytes from/to client:0/0, bytes from/to upstream:0/0`,
        `2024/03/12 00:00:0${i % 10} [error] 31#31: *${i} ${message} while connecting to upstream, client: 172.18.0.${i}, server: api.example.com, request: "GET /api/${i} HTTP/1.1", upstream: "http://${upstream}/api/${i}", host: "api.example.com"`,
        `2024/03/12 00:00:0${i % 10} [error] 31#31: *${i} ${message} while connecting to upstream, client: 172.18.0.${i}, server: _, request: "GET / HTTP/1.1", upstream: "http://${upstream}/", host: "10.0.0.1:8080"`,
      );
    }
  return lines;
}

describe('signature requires (necessary conditions tested before the pattern)', () => {
  it('the access-log signatures and the nginx stream-module one declare them', () => {
    expect(withRequires.map((s) => s.id).sort()).toEqual([
      'nginx/access-log-upstream-never-connected',
      'nginx/access-log-upstream-no-header',
      'nginx/stream-proxy-failure',
    ]);
  });

  it('keep no position between texts (no g or y flag)', () => {
    for (const signature of withRequires)
      for (const r of signature.requires ?? []) expect(r.global || r.sticky, `${signature.id}: /${r.source}/${r.flags}`).toBe(false);
  });

  it('are sound: every text the pattern matches, each of them matches (knowledge base, the retry grid, error-log lines)', () => {
    const grid = [...accessLogGrid(), ...errorLogGrid()];
    for (const signature of withRequires) {
      let matched = 0;
      let refused = 0;
      for (const text of [...texts, ...grid]) {
        const matches = signature.pattern.test(text);
        const meets = (signature.requires ?? []).every((r) => r.test(text));
        if (matches) {
          matched++;
          expect(meets, `${signature.id} matches but a requirement refuses: ${text}`).toBe(true);
        } else if (!meets) refused++;
      }
      // Each signature matches many of these texts, and its requirements spare the pattern on many others.
      expect(matched, signature.id).toBeGreaterThan(20);
      expect(refused, signature.id).toBeGreaterThan(100);
    }
  });

  it('refuse the benchmark’s retried and timed-out lines before the pattern runs', () => {
    const retried =
      '10.1.0.7 - - [12/Mar/2024:00:00:00 +0000] "GET /api/cart HTTP/1.1" 200 157 "-" "curl/8.5.0" rt=0.014 ua="10.0.0.15:8080, 10.0.0.16:8080" us="502, 200" uct="-, 0.001" uht="-, 0.010" urt="0.013"';
    const timedOut =
      '10.1.0.7 - - [12/Mar/2024:00:00:00 +0000] "GET /api/cart HTTP/1.1" 504 157 "-" "curl/8.5.0" rt=60.0 ua="10.0.0.15:8080" us="504" uct="0.001" uht="-" urt="60.0"';
    const byId = (id: string) => SIGNATURES.find((s) => s.id === id) as Signature;
    const neverConnected = byId('nginx/access-log-upstream-never-connected');
    const noHeader = byId('nginx/access-log-upstream-no-header');
    expect(neverConnected.requires?.every((r) => r.test(retried))).toBe(false);
    expect(neverConnected.requires?.every((r) => r.test(timedOut))).toBe(false);
    expect(noHeader.requires?.every((r) => r.test(retried))).toBe(false);
    expect(noHeader.requires?.every((r) => r.test(timedOut))).toBe(true);
    expect(matchSignature(noHeader, timedOut, timedOut.toLowerCase())?.status).toBe('504');
  });

  it('spare the stream-module pattern on HTTP-module lines, not on stream lines', () => {
    const stream = SIGNATURES.find((s) => s.id === 'nginx/stream-proxy-failure') as Signature;
    const [streamLine, httpLine, httpWithPortInHost] = errorLogGrid();
    expect(stream.requires?.every((r) => r.test(httpLine))).toBe(false);
    expect(stream.requires?.every((r) => r.test(httpWithPortInHost))).toBe(false);
    expect(stream.requires?.every((r) => r.test(streamLine))).toBe(true);
    expect(matchSignature(stream, streamLine, streamLine.toLowerCase())?.upstream).toBe('10.0.0.5:5432');
  });

  it('are tested by both matchers: a requirement that refuses refuses the match', () => {
    const text = 'upstream went away: backend 10.0.0.5:8080';
    const declaration = {
      id: 'test/requires-honoured',
      catalog: 'TEST-1',
      platform: 'nginx',
      title: 'test',
      keywords: ['went away'],
      pattern: /upstream went away: backend (?<upstream>\S+)/i,
      phase: 'connect',
      status: 502,
      meaning: 'test',
      causes: { 'not-listening': 1 },
      checks: [],
      fix: 'test',
      source: 'test',
      evidence: 'kb',
    } as const;
    const free = defineSignature({ ...declaration });
    const refused = defineSignature({ ...declaration, requires: [/never in this text/] });
    const met = defineSignature({ ...declaration, requires: [/backend \d/] });
    expect(matchSignature(free, text, text.toLowerCase())?.upstream).toBe('10.0.0.5:8080');
    expect(matchSignature(refused, text, text.toLowerCase())).toBeNull();
    expect(matchSignature(met, text, text.toLowerCase())?.upstream).toBe('10.0.0.5:8080');
    expect(matchLine(signatureMatcher(free), text, newLiteralChecks())).not.toBeNull();
    expect(matchLine(signatureMatcher(refused), text, newLiteralChecks())).toBeNull();
    expect(matchLine(signatureMatcher(met), text, newLiteralChecks())).not.toBeNull();
  });
});
