import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CauseId } from '../../src/core/ids.js';
import { SETTLED_SCORE } from '../../src/diagnosis/diagnose.js';
import { combineEvidence, floorOf } from '../../src/diagnosis/diagnose/combine.js';
import { canProduce } from '../../src/diagnosis/diagnose/compatibility.js';
import { informationGain } from '../../src/diagnosis/diagnose/next-checks.js';
import { relevanceOf } from '../../src/diagnosis/diagnose/relevance.js';
import { findListenAnnouncements, LISTEN_HEAD_BYTES, readListenAnnouncements } from '../../src/evidence/diagnose/listen-announcements.js';
import { EvidenceCollector } from '../../src/evidence/diagnose/model.js';
import { matchKeys, matchUpstream } from '../../src/evidence/diagnose/upstream-match.js';

/** The evidence model and its combination, on the cases the issue names and their near misses. */

/** What the logs pipeline says about refused connects alone (nginx/connect-refused's own weights, normalised). */
const REFUSED: Partial<Record<CauseId, number>> = {
  'not-listening': 0.35,
  'wrong-host-localhost': 0.2,
  'port-mismatch': 0.18,
  'bind-loopback': 0.15,
  'startup-order': 0.12,
};

function refusedInLogs(): EvidenceCollector {
  const c = new EvidenceCollector();
  c.add({
    stage: 'reachable',
    answer: 'no',
    failure: 'refused',
    source: { kind: 'log', where: 'error.log:3', file: 'error.log', line: 3 },
    strength: 0.7,
    weights: REFUSED,
    summary: 'nginx: connect() failed (111: Connection refused) on 172.21.0.3:8000 (12×)',
    group: 'logs',
    upstream: '172.21.0.3:8000',
  });
  c.addGroup({ group: 'logs', scores: REFUSED, strength: 0.97, label: 'the logs' });
  return c;
}

/** Lint's compose/backend-binds-loopback finding about the service behind `upstream`. */
function addBindsLoopbackFinding(c: EvidenceCollector, finding: { where: string; summary: string; upstream: string }): void {
  c.add({
    stage: 'reachable',
    answer: 'no',
    source: { kind: 'lint', where: finding.where, step: 'compose/backend-binds-loopback' },
    strength: 0.95,
    weights: { 'bind-loopback': 1 },
    rulesOut: ['not-listening'],
    summary: finding.summary,
    group: 'lint:bind-loopback',
    upstream: finding.upstream,
  });
}

const rank = (c: EvidenceCollector, symptomatic = true) =>
  combineEvidence({ set: c, relevance: relevanceOf(c, { paths: [], symptomatic, observed: new Set(['refused']) }) });

describe('combining evidence over the taxonomy', () => {
  it('"refused" alone leaves several causes open (no settled verdict)', () => {
    const ranked = rank(refusedInLogs());
    expect(ranked[0]?.id).toBe('not-listening');
    expect(ranked[0]?.score).toBeLessThan(SETTLED_SCORE);
    expect(ranked.filter((r) => r.score >= 0.08).map((r) => r.id)).toEqual(
      expect.arrayContaining(['not-listening', 'wrong-host-localhost', 'port-mismatch', 'bind-loopback']),
    );
  });

  it('"refused" + a lint finding that the backend binds 127.0.0.1 settles bind-loopback and rules out not-listening', () => {
    const c = refusedInLogs();
    addBindsLoopbackFinding(c, { where: 'docker-compose.yml:15', summary: 'inventory binds 127.0.0.1', upstream: '172.21.0.3:8000' });
    const ranked = rank(c);
    expect(ranked[0]?.id).toBe('bind-loopback');
    expect(ranked[0]?.score).toBeGreaterThanOrEqual(SETTLED_SCORE);
    const notListening = ranked.find((r) => r.id === 'not-listening');
    expect(notListening?.score).toBeLessThan(0.03);
    expect(notListening?.against[0]?.evidence.summary).toBe('inventory binds 127.0.0.1');
  });

  it('"refused" + the probe seeing a listener on 127.0.0.1 only does the same', () => {
    const c = refusedInLogs();
    c.add({
      stage: 'running',
      answer: 'yes',
      source: { kind: 'probe', where: 'probe http://inventory:8000/ step local' },
      strength: 0.95,
      weights: { 'bind-loopback': 1 },
      rulesOut: ['not-listening'],
      summary: 'uvicorn (pid 7) listens on 127.0.0.1:8000 only',
      group: 'probe:http://inventory:8000/',
      upstream: 'inventory:8000',
    });
    const ranked = rank(c);
    expect(ranked[0]?.id).toBe('bind-loopback');
    expect(ranked[0]?.score).toBeGreaterThanOrEqual(SETTLED_SCORE);
  });

  it('near miss: the same finding on an unrelated path counts much less', () => {
    const c = refusedInLogs();
    addBindsLoopbackFinding(c, { where: 'docker-compose.yml:40', summary: 'metrics binds 127.0.0.1', upstream: 'metrics:9100' });
    const ranked = rank(c);
    expect(ranked[0]?.score).toBeLessThan(SETTLED_SCORE);
  });

  it('a finding whose cause cannot produce the failure seen does not compete (a start-up race vs TLS handshakes)', () => {
    const c = new EvidenceCollector();
    c.add({
      stage: 'reachable',
      failure: 'tls',
      source: { kind: 'log', where: 'error.log:3' },
      strength: 0.7,
      weights: { 'tls-mismatch': 0.6, 'port-mismatch': 0.4 },
      summary: 'wrong version number',
      group: 'logs',
    });
    c.addGroup({ group: 'logs', scores: { 'tls-mismatch': 0.6, 'port-mismatch': 0.4 }, strength: 0.97, label: 'the logs' });
    c.add({
      stage: 'running',
      source: { kind: 'lint', where: 'docker-compose.yml:4' },
      strength: 0.7,
      weights: { 'startup-order': 1 },
      summary: 'no depends_on',
      group: 'lint:startup-order',
    });
    const ranked = combineEvidence({ set: c, relevance: relevanceOf(c, { paths: [], symptomatic: true, observed: new Set(['tls']) }) });
    expect(ranked[0]?.id).toBe('tls-mismatch');
    expect(ranked.find((r) => r.id === 'startup-order')?.score).toBeLessThan(0.05);
  });

  it('many observations of one failure count as one witness', () => {
    const one = refusedInLogs();
    const many = refusedInLogs();
    for (let i = 0; i < 20; i++)
      many.add({ stage: 'reachable', source: { kind: 'log', where: `error.log:${i}` }, strength: 0.7, weights: REFUSED, summary: 'again', group: 'logs' });
    expect(rank(many).map((r) => [r.id, r.score.toFixed(6)])).toEqual(rank(one).map((r) => [r.id, r.score.toFixed(6)]));
  });

  it('floors: strong witnesses nearly veto what they do not support, but never below 3%', () => {
    expect(floorOf(1)).toBe(0.03);
    expect(floorOf(0.3)).toBeCloseTo(0.586, 3);
    expect(floorOf(0)).toBe(1);
  });
});

describe('which causes can produce which failures', () => {
  it.each([
    ['tls-mismatch', 'reset', true],
    ['tls-mismatch', 'refused', false],
    ['startup-order', 'refused', true],
    ['startup-order', 'tls', false],
    ['keepalive-race', 'reset', true],
    ['keepalive-race', 'dns', false],
    ['config-error', 'dns', true],
  ] as const)('%s can produce %s: %s', (cause, failure, expected) => {
    expect(canProduce(cause, new Set([failure]))).toBe(expected);
  });
});

describe('relating log upstreams to config targets', () => {
  it.each([
    ['127.0.0.1:3000', 'localhost:3000', undefined, 1],
    ['[::1]:3000', 'localhost:3000', undefined, 1],
    ['api.shop.svc.cluster.local:80', 'api:80', undefined, 0.6],
    ['172.18.0.3:3000', 'api:3000', undefined, 0.4],
    ['be_api/api1', 'api:8080', 'frontend fe → backend be_api', 0.8],
    // near misses
    ['127.0.0.1:3001', 'localhost:3000', undefined, 0],
    ['172.18.0.3:3000', 'localhost:3000', undefined, 0],
    ['be_web/web1', 'api:8080', 'frontend fe → backend be_api', 0],
  ] as const)('%s ~ %s (route %s) = %s', (upstream, key, route, expected) => {
    expect(matchKeys(upstream, key, route)).toBe(expected);
  });
});

describe('ingress-nginx pool and Service names match the Ingress backend', () => {
  const target = { id: 't', proxyId: 'p', host: 'cart', port: 80, namespace: 'shop', text: 'cart:80', at: { file: 'ingress.yaml', line: 1, column: 1 } };
  it.each([
    ['shop-cart-80', 1],
    ['shop/cart', 1],
    // near misses: another Service, another namespace, another port
    ['shop-carts-80', 0],
    ['staging-cart-80', 0],
    ['shop-cart-8080', 0],
  ] as const)('%s → %s', (upstream, expected) => {
    expect(matchUpstream(upstream, target)).toBe(expected);
  });
});

describe('listen announcements in application logs', () => {
  it.each([
    ['2026-11-20T08:00:03Z INFO 1 --- [main] o.s.b.w.embedded.tomcat.TomcatWebServer : Tomcat started on port 8081 (http)', 8081, undefined, 'Tomcat'],
    ['INFO:     Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)', 8000, '127.0.0.1', 'Uvicorn'],
    ['[2026-11-20 10:40:49 +0000] [1] [INFO] Listening at: http://0.0.0.0:8000 (1)', 8000, '0.0.0.0', 'gunicorn'],
    [' * Running on http://127.0.0.1:5000', 5000, '127.0.0.1', undefined],
    ['shop-api listening on port 3000', 3000, undefined, undefined],
    ['server listening on [::]:8080', 8080, '::', undefined],
  ] as const)('%s → port %s on %s', (line, port, address, runtime) => {
    const [found] = findListenAnnouncements('app.log', line);
    expect(found?.port).toBe(port);
    expect(found?.address).toBe(address);
    expect(found?.runtime).toBe(runtime);
    expect(found?.line).toBe(1);
  });

  it.each([
    'connect() to 127.0.0.1:8080 failed (111: Connection refused)',
    'Listening for transport dt_socket at address: 5005',
    'Started OrdersServiceApplication in 4.87 seconds (process running for 5.3)',
    'Tomcat initialized with port 8081 (http)',
  ])('near miss: %s', (line) => {
    expect(findListenAnnouncements('app.log', line)).toEqual([]);
  });

  it('tells Node.js from its start-up lines', () => {
    const [found] = findListenAnnouncements('api.log', '> shop-api@3.4.0 start\n> node server.js\nshop-api listening on port 3000\n');
    expect(found).toMatchObject({ port: 3000, runtime: 'Node.js', line: 3 });
  });

  it('reads only the head of a large log, and not a line the head cuts ("port 8081" cut to "port 808")', () => {
    const dir = mkdtempSync(join(tmpdir(), 'updoc-listen-'));
    try {
      const first = 'shop-api listening on port 3000\n';
      const cut = 'shop-api listening on port 808';
      const filler = 'x'.repeat(LISTEN_HEAD_BYTES - first.length - cut.length - 1);
      writeFileSync(join(dir, 'app.log'), `${first}${filler}\n${cut}1\n${'more\n'.repeat(1000)}`);
      const found = readListenAnnouncements([{ display: 'app.log', path: join(dir, 'app.log') }]);
      expect(found.map((a) => a.port)).toEqual([3000]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the next most informative check', () => {
  const p = new Map<CauseId, number>([
    ['not-listening', 0.4],
    ['bind-loopback', 0.3],
    ['port-mismatch', 0.3],
  ]);
  it('a check that tells the open causes apart is worth more than one that does not', () => {
    const splits = informationGain(p, [['not-listening'], ['bind-loopback'], ['port-mismatch']]);
    const halves = informationGain(p, [['not-listening']]);
    const nothing = informationGain(p, [['keepalive-race']]);
    expect(splits).toBeCloseTo(1.571, 2);
    expect(halves).toBeGreaterThan(0.5);
    expect(halves).toBeLessThan(splits);
    expect(nothing).toBe(0);
  });
});
