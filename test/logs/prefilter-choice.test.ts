import { describe, expect, it } from 'vitest';
import { scanSetupFactory } from '../../src/evidence/log-summary/summarise-logs.js';
import { formatById, LOG_FORMATS, nginxFormat } from '../../src/inputs/logs/formats/registry.js';
import type { LogFormat } from '../../src/inputs/logs/formats/types.js';

/**
 * A parallel scan chooses the prefilter of a file once, on the main thread, and hands the choice to the
 * workers (parallel-scan.ts). A prefilter rebuilt from that choice must be the one the worker would have
 * chosen from the same sample: same ignored keywords, same anchors, same scan plan.
 */

const envoySample = Array.from(
  { length: 120 },
  (_, i) =>
    `[2024-03-12T00:00:0${i % 10}.000Z] "GET /api/${i} HTTP/1.1" ${i % 7 === 0 ? '503 UF,URX' : '200 -'} 0 12 3 ${i % 7 === 0 ? '-' : '2'} "10.0.0.${i}" "curl/8" "id-${i}" "api.shop.svc" "10.0.1.${i % 4}:8080"`,
);
const nginxErrorSample = Array.from(
  { length: 120 },
  (_, i) =>
    `2024/03/12 00:00:0${i % 10} [${i % 5 === 0 ? 'error' : 'info'}] 31#31: *${i} ${i % 5 === 0 ? 'connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.2, server: _, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:8080/"' : 'client 172.18.0.2 closed keepalive connection'}`,
);

const ACCESS_FORMAT = '$remote_addr [$time_local] "$request" $status rt=$request_time ua="$upstream_addr" us="$upstream_status" uct="$upstream_connect_time"';
const accessSample = Array.from(
  { length: 120 },
  (_, i) =>
    `10.1.0.${i} [12/Mar/2024:00:00:0${i % 10} +0000] "GET /api/${i} HTTP/1.1" ${i % 9 === 0 ? 502 : 200} rt=0.01 ua="10.0.0.${i % 4}:8080" us="${i % 9 === 0 ? 502 : 200}" uct="${i % 9 === 0 ? '-' : '0.001'}"`,
);

const cases: { name: string; format: LogFormat; sample: string[]; ignores: boolean }[] = [
  {
    name: 'nginx access log with upstream fields (a request layout: its field names are ignored)',
    format: nginxFormat(ACCESS_FORMAT),
    sample: accessSample,
    ignores: true,
  },
  { name: 'Envoy access log (a request layout)', format: formatById('envoy') as LogFormat, sample: envoySample, ignores: false },
  { name: 'nginx error log (text)', format: formatById('nginx-error') as LogFormat, sample: nginxErrorSample, ignores: false },
];

describe('the prefilter a worker gets from the main thread', () => {
  it.each(cases)('$name: rebuilt from the choice, it is the prefilter chosen from the sample', ({ format, sample, ignores }) => {
    expect(format).toBeDefined();
    const access = format.access !== undefined;
    const time = { referenceYear: 2024 } as never;
    const chosen = scanSetupFactory(undefined, LOG_FORMATS)(time);
    const prefilter = chosen.prefilterFor(format, chosen.indexFor(format), sample, access);
    const choice = prefilter.choice();
    const anchors = choice.anchors ?? [];
    expect(anchors.length).toBeGreaterThan(0);
    expect(choice.ignored.length > 0).toBe(ignores);

    // A fresh setup, as on a worker thread.
    const worker = scanSetupFactory(undefined, LOG_FORMATS)(time);
    const rebuilt = worker.prefilterFor(format, worker.indexFor(format), sample, access, structuredClone(choice));
    expect(rebuilt.choice()).toEqual(choice);
    expect(rebuilt.plan(null).anchors).toEqual(prefilter.plan(null).anchors);
    expect(rebuilt.pattern.source).toBe(prefilter.pattern.source);

    // The worker takes the anchors as given (it does not choose again): chooseAnchors returns them
    // sorted, so a reversed list can only come from the choice.
    const third = scanSetupFactory(undefined, LOG_FORMATS)(time);
    const given = { ignored: choice.ignored, anchors: [...anchors].reverse() };
    const taken = third.prefilterFor(format, third.indexFor(format), sample, access, given);
    expect(taken.plan(null).anchors).toEqual(given.anchors);
  });

  it('near miss: without the choice, another sample gives other anchors (so the choice is what makes them equal)', () => {
    const format = formatById('nginx-error') as LogFormat;
    const time = { referenceYear: 2024 } as never;
    const a = scanSetupFactory(undefined, LOG_FORMATS)(time);
    const b = scanSetupFactory(undefined, LOG_FORMATS)(time);
    const fromErrors = a.prefilterFor(format, a.indexFor(format), nginxErrorSample, false).choice();
    const quiet = Array.from(
      { length: 120 },
      (_, i) => `2024/03/12 00:00:00 [info] 31#31: *${i} upstream server temporarily disabled while connecting to upstream`,
    );
    const fromQuiet = b.prefilterFor(format, b.indexFor(format), quiet, false).choice();
    expect(fromQuiet.anchors).not.toEqual(fromErrors.anchors);
  });
});

describe("a request log's engine plan has no anchors (its lines that are not request records go by keyword)", () => {
  const envoy = formatById('envoy') as LogFormat;
  const time = { referenceYear: 2024 } as never;
  const program = envoy.access?.().program?.() ?? null;

  it('its plan has no anchors, the same plan each time, and the choice handed to other threads chooses none', () => {
    const setup = scanSetupFactory(undefined, LOG_FORMATS)(time);
    const prefilter = setup.prefilterFor(envoy, setup.indexFor(envoy), envoySample, true);
    expect(program).not.toBeNull();
    const plan = prefilter.plan(program);
    expect(plan.anchors).toEqual([]);
    expect(plan.keywords.length).toBeGreaterThan(100);
    expect(prefilter.plan(program)).toBe(plan);
    expect(prefilter.choice(false).anchors).toBeUndefined();
  });

  it('near miss: a text log (no request layout) has its anchors in its plan', () => {
    const nginx = formatById('nginx-error') as LogFormat;
    const setup = scanSetupFactory(undefined, LOG_FORMATS)(time);
    const prefilter = setup.prefilterFor(nginx, setup.indexFor(nginx), nginxErrorSample, false);
    const plan = prefilter.plan(null);
    expect(plan.anchors.length).toBeGreaterThan(0);
    expect(prefilter.choice(false).anchors).toEqual(plan.anchors);
  });
});
