import { describe, expect, it } from 'vitest';
import { matchWith, newLiteralChecks, signatureMatcher } from '../../src/evidence/match-signatures.js';
import { upstreamOfFields } from '../../src/evidence/log-summary/upstream-key.js';
import { matchLine, upstreamFieldsOfMatch } from '../../src/inputs/logs/line-match.js';
import { SIGNATURES } from '../../src/knowledge/signatures/index.js';
import { knowledgeBaseTexts } from '../helpers/load-cases.js';

/**
 * The scanner matches a failing line with `matchLine`: the regex alone, the fields that name the
 * upstream read from the match, the other fields built only when read. None of that may change a
 * result: checked on every signature against every example and near miss of the knowledge base, in
 * several spellings, against `matchWith` (whether it matches, all fields, the upstream counted, and
 * whether the match names an upstream at all).
 */

const texts = await knowledgeBaseTexts();

describe('matchLine', () => {
  it('gives what matchWith gives, and the same upstream, on every example and near miss', () => {
    let matches = 0;
    let named = 0;
    for (const signature of SIGNATURES) {
      const matcher = signatureMatcher(signature);
      // Statistics shared across texts, as the scanner keeps them (checks skipped once they seldom reject).
      const checks = newLiteralChecks();
      for (const text of texts) {
        const lower = text.toLowerCase();
        // The scanner tries a signature on lines that contain one of its keywords.
        if (!signature.keywords.some((k) => lower.includes(k))) continue;
        const expected = matchWith(matcher, text, lower, true);
        const got = matchLine(matcher, text, checks);
        expect(got === null, `${signature.id} on ${text}`).toBe(expected === null);
        if (!got || !expected) continue;
        matches++;
        expect(got.signature).toBe(signature);
        const upstream = upstreamFieldsOfMatch(got);
        expect(upstreamOfFields(upstream), `${signature.id} on ${text}`).toBe(upstreamOfFields(expected));
        expect(Boolean(upstream.upstream || upstream.host || upstream.backend)).toBe(Boolean(expected.upstream || expected.host || expected.backend));
        for (const name of ['upstream', 'host', 'port', 'backend', 'server'] as const) expect(upstream[name], `${signature.id}: ${name}`).toBe(expected[name]);
        if (upstreamOfFields(expected)) named++;
        expect(got.fields, `${signature.id} on ${text}`).toEqual(expected);
      }
    }
    expect(matches).toBeGreaterThan(1000);
    expect(named).toBeGreaterThan(300);
  });

  it('runs a pattern that keeps a position (g) once per line, as matchWith does', () => {
    const refused = SIGNATURES.find((s) => s.id === 'nginx/connect-refused') as (typeof SIGNATURES)[number];
    const line =
      '2024/03/12 10:00:01 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.0.9, server: api, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:3000/x", host: "api"';
    const sequence = (run: (matcher: ReturnType<typeof signatureMatcher>) => unknown) => {
      const matcher = signatureMatcher({ ...refused, pattern: new RegExp(refused.pattern.source, 'gi') });
      return [run(matcher), run(matcher), run(matcher)];
    };
    const expected = sequence((matcher) => matchWith(matcher, line, line.toLowerCase(), true));
    expect(expected[0]).toMatchObject({ upstream: 'http://10.0.0.5:3000/x' });
    expect(sequence((matcher) => matchLine(matcher, line, newLiteralChecks())?.fields ?? null)).toEqual(expected);
  });

  it('reads the upstream of a capture-less signature from its constant fields, and of a near miss not at all', () => {
    const refused = SIGNATURES.find((s) => s.id === 'nginx/connect-refused');
    expect(refused).toBeDefined();
    const matcher = signatureMatcher(refused as (typeof SIGNATURES)[number]);
    const line =
      '2024/03/12 10:00:01 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.0.9, server: api, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:3000/x", host: "api"';
    const match = matchLine(matcher, line, newLiteralChecks());
    expect(match && upstreamOfFields(upstreamFieldsOfMatch(match))).toBe('10.0.0.5:3000');
    const nearMiss = line.replace('(111: Connection refused)', '(113: No route to host)');
    expect(matchLine(matcher, nearMiss, newLiteralChecks())).toBeNull();
  });
});

describe('matchLine upstream fields of many lines', () => {
  const refused = SIGNATURES.find((s) => s.id === 'nginx/connect-refused') as (typeof SIGNATURES)[number];
  const lineTo = (upstream: string) =>
    `2024/03/12 10:00:01 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 10.1.0.9, server: api, request: "GET / HTTP/1.1", upstream: "${upstream}", host: "api"`;

  it('gives each line the fields of its own upstream, for more distinct upstreams than are kept between lines (then not kept)', () => {
    const matcher = signatureMatcher(refused);
    const checks = newLiteralChecks();
    // Past the kept number (4096), then the first ones again: what is read never depends on what was read before.
    const upstreams = Array.from({ length: 5000 }, (_, i) => `http://10.${(i >> 8) & 255}.${i & 255}.7:${3000 + (i % 7)}/x`);
    for (const upstream of [...upstreams, ...upstreams.slice(0, 50), 'unix:/run/app.sock', '[::1]:8080']) {
      const line = lineTo(upstream);
      const match = matchLine(matcher, line, checks);
      const expected = matchWith(matcher, line, line.toLowerCase(), true);
      expect(match, upstream).not.toBeNull();
      const fields = upstreamFieldsOfMatch(match as NonNullable<typeof match>);
      expect({ ...fields }, upstream).toEqual({ upstream: expected?.upstream, host: expected?.host, port: expected?.port });
      expect(upstreamOfFields(fields)).toBe(upstreamOfFields(expected ?? {}));
    }
  });

  it('reads the same upstream the same way on every line that names it, short or long', () => {
    const matcher = signatureMatcher({ ...refused });
    const checks = newLiteralChecks();
    const long = (upstream: string) => lineTo(upstream).replace('GET / ', `GET /${'a'.repeat(1200)} `);
    const a = matchLine(matcher, lineTo('http://10.0.0.5:3000/x'), checks);
    const b = matchLine(matcher, lineTo('http://10.0.0.5:3000/x').replace('*7', '*8'), checks);
    const c = matchLine(matcher, long('http://10.0.0.6:3000/x'), checks);
    const d = matchLine(matcher, lineTo('http://10.0.0.6:3000/x'), checks);
    expect(a && upstreamFieldsOfMatch(a)).toEqual({ upstream: 'http://10.0.0.5:3000/x', host: '10.0.0.5', port: '3000' });
    expect(b && upstreamFieldsOfMatch(b)).toEqual(a && upstreamFieldsOfMatch(a));
    expect(c && upstreamFieldsOfMatch(c)).toEqual({ upstream: 'http://10.0.0.6:3000/x', host: '10.0.0.6', port: '3000' });
    expect(d && upstreamFieldsOfMatch(d)).toEqual(c && upstreamFieldsOfMatch(c));
  });
});
