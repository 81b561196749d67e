import { describe, expect, it } from 'vitest';
import { decodeSpans, newSpans } from '../../src/inputs/logs/formats/access-fields.js';
import { formatById } from '../../src/inputs/logs/formats/registry.js';
import type { AccessLayout } from '../../src/inputs/logs/formats/types.js';
import { KIND_ACCESS, RECORD_WORDS, type ScanEngine, scanEngine } from '../../src/inputs/logs/wasm-scanner.js';

/**
 * The engine hands over the request records that may have failed: a superset of what the layout's
 * `failure` accepts (JavaScript decides), as tight as the spans allow, so that common records that
 * are never failures (Envoy's HTTP 404 NR, DC, policy flags) stay in the engine.
 */

function engineOrThrow(): ScanEngine {
  const engine = scanEngine();
  if (!engine) throw new Error('no WebAssembly engine');
  return engine;
}

/** The lines of `lines` the engine hands over as request records that may have failed. */
function handedOver(layout: AccessLayout, lines: readonly string[]): Set<string> {
  const engine = engineOrThrow();
  const program = layout.program?.();
  if (!program) throw new Error('layout has no engine program');
  expect(engine.use({ anchors: [], keywords: [], program })).toBe(true);
  const buf = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
  const delta = engine.begin(buf, 0, buf.length);
  if (delta === null) throw new Error('block does not fit');
  const out = new Set<string>();
  for (;;) {
    const n = engine.scan();
    for (let i = 0; i < n; i++) {
      const r = i * RECORD_WORDS;
      if (engine.records[r] === KIND_ACCESS) out.add(buf.toString('utf8', engine.records[r + 1] + delta, engine.records[r + 2] + delta));
    }
    if (engine.finished) break;
  }
  return out;
}

/** Whether JavaScript reads the line as an upstream failure (locate, then `failure` on the decoded fields). */
function failsInJs(layout: AccessLayout, line: string): boolean {
  const buf = Buffer.from(line, 'utf8');
  const spans = newSpans();
  layout.begin(buf, buf.length);
  return layout.locate(buf, 0, buf.length, spans) && layout.failure(decodeSpans(buf, spans)) !== null;
}

const envoyLine = (status: string, flags: string) =>
  `[2024-03-12T00:00:00.000Z] "GET /api HTTP/1.1" ${status} ${flags} 0 10 3 2 "10.1.0.1" "curl/8.5.0" "id-1" "api.svc" "10.0.0.15:8080"`;
const istioLine = (status: string, flags: string, details: string) =>
  `[2024-03-12T00:00:00.000Z] "GET /api HTTP/1.1" ${status} ${flags} ${details} - "-" 0 10 3 2 "10.1.0.1" "curl/8.5.0" "id-1" "api.svc" "10.0.0.15:8080" outbound|80||api.svc -`;

describe('which Envoy records the engine hands over', () => {
  const layoutOf = (id: string): AccessLayout => {
    const layout = formatById(id)?.access?.();
    if (!layout) throw new Error(`${id} is not a request-log format`);
    return layout;
  };
  const envoy = () => layoutOf('envoy');
  const istio = () => layoutOf('istio');

  it.each([
    // [status, flags, handed over]
    ['503', 'UF', true],
    ['503', 'UF,URX', true],
    ['503', 'URX,UF', true],
    ['504', 'UT', true],
    ['503', 'UH', true],
    ['0', 'NR', true], // a TCP connection no route took
    ['-0', 'NR', true], // parseInt reads it as 0 (a superset is fine)
    ['0', 'DC,UC', true],
    ['200', 'UMSDR', true],
    ['503', 'UF\u00a0', true], // trim() strips Unicode space: the engine cannot tell, so hands it over
    ['\u00a00', 'NR', true], // parseInt skips Unicode space too
    ['\ufeff0', 'NR', true],
    // near misses: never upstream failures
    ['404', 'NR', false],
    ['0', 'DC', false],
    ['429', 'RL', false],
    ['403', 'UAEX', false],
    ['200', '-', false],
    ['503', 'UFX', false],
    ['503', 'XUF', false],
    ['404', 'NRX', false],
  ])('Envoy default format: status %s flags %s → %s', (status, flags, expected) => {
    const line = envoyLine(status, flags);
    expect(handedOver(envoy(), [line]).has(line)).toBe(expected);
  });

  it.each([
    ['404', 'NR', 'route_not_found', true], // details may say filter_chain_not_found: decided in JS
    ['0', 'NR', 'filter_chain_not_found', true],
    ['0', 'DC', 'downstream_remote_disconnect', false],
    ['200', '-', 'via_upstream', false],
  ])('Istio format: status %s flags %s details %s → %s', (status, flags, details, expected) => {
    const line = istioLine(status, flags, details);
    expect(handedOver(istio(), [line]).has(line)).toBe(expected);
  });

  it('hands over every record JavaScript reads as a failure (a grid of flags, statuses and spellings)', () => {
    const flags = ['UF', 'UH', 'NC', 'UO', 'UT', 'UC', 'UR', 'LR', 'UPE', 'DF', 'LH', 'UMSDR', 'SI', 'DO', 'URX', 'NR', 'DC', 'RL', 'UAEX', 'FI', '-', 'uf'];
    const statuses = ['0', '200', '404', '503', '504', '-', '00', '+0', 'x', '\u00a00', '\u20000', '\u00a0x'];
    const lines: string[] = [];
    for (const a of flags)
      for (const b of ['', ...flags.slice(0, 6)])
        for (const s of statuses) {
          const list = b ? [`${a},${b}`, `${b}, ${a}`, `${a},`] : [a];
          for (const f of list) lines.push(envoyLine(s, f));
        }
    const istioLines = lines.map((l) => l.replace(/" (\S+) (\S+) 0 10/, '" $1 $2 route_not_found - "-" 0 10').replace(/"$/, '" outbound|80||api.svc -'));
    for (const [layout, input] of [
      [envoy(), lines],
      [istio(), istioLines],
    ] as const) {
      const over = handedOver(layout, input);
      const failing = input.filter((l) => failsInJs(layout, l));
      expect(failing.length).toBeGreaterThan(100);
      for (const l of failing) expect(over.has(l), l).toBe(true);
      // and it is tighter than "flags not -": the grid's policy-only records stay in the engine
      expect(over.size).toBeLessThan(input.filter((l) => !/" \S+ - /.test(l)).length);
    }
  });
});
