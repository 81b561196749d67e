import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { analyse, failuresByUpstream, fixture, requestsByUpstream, signatureIds } from './helpers.js';

/**
 * One realistic sample per format: detection, line and request counts, failures per upstream
 * (including retries and pool names), near-miss lines that must not count, and event markers.
 * Signature ids are checked by platform only where the knowledge base may still refine them.
 */
describe('updoc logs: formats', () => {
  it('nginx error log: refused, timeouts, pools, unix sockets, IPv6; info lines and buffering notices do not count', async () => {
    const r = await analyse([fixture('nginx-error.txt')]);
    const f = r.summary.files[0];
    expect(f).toMatchObject({ format: 'nginx-error', lines: 15 });
    expect(failuresByUpstream(r)).toEqual({
      '10.0.0.5:3000': 4,
      '10.0.0.6:3000': 1,
      backend: 1,
      'unix:/run/php/php8.2-fpm.sock': 1,
      '[::1]:3000': 1,
    });
    expect(signatureIds(r)).toContain('nginx/connect-refused');
    expect(r.bySignature.find((b) => b.signature.id === 'nginx/connect-refused')?.count).toBe(4);
    // "an upstream response is buffered…" (warn) and "client … closed keepalive connection (104: …)" (info) are near misses.
    expect(r.summary.totals.failures).toBe(8);
    expect(r.summary.events.map((e) => e.label)).toEqual(expect.arrayContaining(['nginx started', 'nginx reloaded its configuration']));
    expect(r.summary.first).toBe(Date.UTC(2024, 2, 12, 9, 14, 2));
    expect(r.summary.last).toBe(Date.UTC(2024, 2, 12, 9, 15, 4));
  });

  it('nginx access log with upstream fields: retries count per attempt, 500 from the app and 304 without upstream do not', async () => {
    const r = await analyse([fixture('nginx-access-custom.txt')]);
    expect(r.summary.files[0]).toMatchObject({ format: 'nginx-access', lines: 8, requests: 8 });
    expect(failuresByUpstream(r)).toEqual({ '10.0.0.6:3000': 2, '10.0.0.7:3000': 2, backend: 1 });
    expect(requestsByUpstream(r)).toMatchObject({ '10.0.0.5:3000': 3, '10.0.0.6:3000': 2, '10.0.0.7:3000': 3, backend: 1 });
    const u7 = r.byUpstream.find((u) => u.upstream === '10.0.0.7:3000');
    expect(u7?.errorRatio).toBeCloseTo(2 / 3, 5);
    // The 504 took 60 s: a delayed failure; the refusals were immediate.
    expect(r.summary.patterns.timing.delayed).toBe(1);
    expect(r.summary.patterns.timing.immediate).toBe(4);
  });

  it('nginx access log read with --log-format and with --nginx-conf gives the same counts', async () => {
    const conf = readFileSync(fixture('nginx.conf.txt'), 'utf8');
    const format = /log_format\s+main\s+((?:'[^']*'\s*)+);/.exec(conf)?.[1].replace(/'\s*'/g, '').replace(/'/g, '') ?? '';
    const auto = failuresByUpstream(await analyse([fixture('nginx-access-custom.txt')]));
    const explicit = await analyse([fixture('nginx-access-custom.txt')], { logFormat: format });
    const fromConf = await analyse([fixture('nginx-access-custom.txt')], { nginxConf: fixture('nginx.conf.txt') });
    expect(failuresByUpstream(explicit)).toEqual(auto);
    expect(failuresByUpstream(fromConf)).toEqual(auto);
    expect(fromConf.summary.files[0].formatLabel).toContain('log_format main');
  });

  it('combined access log without upstream fields: bare 502/503/504 statuses, error ratio of the whole log', async () => {
    const r = await analyse([fixture('nginx-access-combined.txt')]);
    expect(r.summary.files[0].format).toBe('nginx-access');
    expect(failuresByUpstream(r)).toEqual({ '(unknown)': 3 });
    expect(r.byUpstream[0].errorRatio).toBeCloseTo(3 / 5, 5);
    expect(signatureIds(r).sort()).toEqual(['status/502', 'status/503', 'status/504']);
    // +0100 is honoured.
    expect(r.summary.first).toBe(Date.UTC(2024, 2, 12, 9, 0, 2));
  });

  it('ingress-nginx: retries, no-endpoint 503 by pool name, nginx error and controller lines in the same file', async () => {
    const r = await analyse([fixture('ingress-nginx.txt')]);
    expect(r.summary.files[0]).toMatchObject({ format: 'ingress-nginx', lines: 7, requests: 4 });
    const failures = failuresByUpstream(r);
    expect(failures['10.244.1.13:8080']).toBe(3); // two failed attempts in the access log + the error-log line
    expect(failures['10.244.1.12:8080']).toBe(1);
    expect(failures['shop-cart-80']).toBe(1);
    expect(r.byUpstream.find((u) => u.upstream === '10.244.1.13:8080')?.errorRatio).toBe(1);
    expect(r.summary.events.some((e) => e.kind === 'reload')).toBe(true);
  });

  it('Envoy default access log: UF/UH/UT/UC count, NR and DC do not; UH falls back to the authority', async () => {
    const r = await analyse([fixture('envoy.txt')]);
    expect(r.summary.files[0]).toMatchObject({ format: 'envoy', lines: 8, requests: 8 });
    expect(failuresByUpstream(r)).toEqual({ '10.0.2.1:8080': 2, '10.0.2.2:8080': 1, 'cart.shop.svc': 1 });
    expect(r.bySignature.every((b) => b.signature.platform === 'envoy' || b.signature.platform === 'istio')).toBe(true);
    expect(r.byUpstream.find((u) => u.upstream === '10.0.2.1:8080')?.requests).toBe(5);
  });

  it('Istio access log: inbound UF on the pod, UH on the outbound cluster', async () => {
    const r = await analyse([fixture('istio.txt')]);
    expect(r.summary.files[0].format).toBe('istio');
    expect(failuresByUpstream(r)).toEqual({ '10.244.1.7:9080': 1, 'outbound|9080||ratings.default.svc.cluster.local': 1 });
  });

  it('Envoy JSON access log', async () => {
    const r = await analyse([fixture('envoy-json.txt')]);
    expect(r.summary.files[0]).toMatchObject({ format: 'envoy-json', requests: 4 });
    expect(failuresByUpstream(r)).toEqual({ '10.0.2.2:8080': 1, 'outbound|8080||cart.shop.svc.cluster.local': 1 });
  });

  it('HAProxy (syslog): termination states SC/sH/sC and <NOSRV>; client aborts (CR) do not count; DOWN is an event', async () => {
    const r = await analyse([fixture('haproxy.txt')]);
    expect(r.summary.files[0]).toMatchObject({ format: 'haproxy', lines: 8, requests: 6 });
    const failures = failuresByUpstream(r);
    expect(failures['be_app/app2']).toBeGreaterThanOrEqual(1);
    expect(failures['be_app/app1']).toBe(1);
    expect(failures.be_cart).toBe(1);
    expect(failures['be_db/db1']).toBe(1);
    expect(r.byUpstream.find((u) => u.upstream === 'be_app/app1')?.requests).toBe(3);
    expect(r.summary.events.some((e) => /DOWN/.test(e.label))).toBe(true);
  });

  it('AWS ALB: the load balancer’s own 502/503/504 count, a 503 from the target does not', async () => {
    const r = await analyse([fixture('alb.txt')]);
    expect(r.summary.files[0]).toMatchObject({ format: 'aws-alb', requests: 5 });
    expect(failuresByUpstream(r)).toEqual({ '10.0.1.21:8080': 2, 'shop-cart': 1 });
    expect(r.bySignature.every((b) => b.signature.platform === 'aws')).toBe(true);
  });

  it('AWS Classic ELB: its own 502/503/504 (back-end status - or 0) count per back-end, a 502 from the back-end does not', async () => {
    const r = await analyse([fixture('elb.txt')]);
    expect(r.summary.files[0]).toMatchObject({ format: 'aws-elb', lines: 6, requests: 6 });
    expect(failuresByUpstream(r)).toEqual({ '10.0.1.21:80': 2, 'shop-elb': 1 });
    expect(requestsByUpstream(r)).toEqual({ '10.0.1.21:80': 3, '10.0.1.22:80': 2, 'shop-elb': 1 });
    expect(signatureIds(r)).toEqual(['aws/clb-access-log-backend-failed']);
  });

  it('AWS Classic ELB is not taken for ALB, nor ALB for Classic ELB', async () => {
    const alb = await analyse([fixture('alb.txt')]);
    expect(alb.summary.files[0].format).toBe('aws-alb');
    const elb = await analyse([fixture('elb.txt')]);
    expect(elb.summary.files[0].format).not.toBe('aws-alb');
  });

  it('GCP load balancer JSON: statusDetails name the failure; the backend service is the upstream', async () => {
    const r = await analyse([fixture('gcp-lb.txt')]);
    expect(r.summary.files[0].format).toBe('gcp-lb');
    expect(failuresByUpstream(r)).toEqual({ 'shop-api-backend': 2, 'shop-cart-backend': 1 });
    expect(r.summary.patterns.timing.delayed).toBeGreaterThanOrEqual(1);
  });

  it('Traefik CLF and JSON access logs; a 503 the backend sent itself (OriginStatus 503) does not count', async () => {
    const clf = await analyse([fixture('traefik-clf.txt')]);
    expect(clf.summary.files[0].format).toBe('traefik');
    expect(failuresByUpstream(clf)).toEqual({ '172.18.0.5:8080': 1, '172.18.0.6:8080': 1, 'cart@docker': 1 });
    const json = await analyse([fixture('traefik-json.txt')]);
    expect(json.summary.files[0].format).toBe('traefik-json');
    expect(failuresByUpstream(json)).toEqual({ '172.18.0.6:8080': 1 });
  });

  it('Caddy JSON: the error record names the upstream dial; the start-up line is an event', async () => {
    const r = await analyse([fixture('caddy.txt')]);
    expect(r.summary.files[0].format).toBe('caddy');
    expect(failuresByUpstream(r)['127.0.0.1:8080']).toBe(1);
    expect(r.summary.events.map((e) => e.label)).toContain('Caddy started');
  });

  it('Kong: nginx error-log layout with [kong]/[lua] lines', async () => {
    const r = await analyse([fixture('kong.txt')]);
    expect(r.summary.files[0].format).toBe('kong');
    expect(failuresByUpstream(r)['172.19.0.8:3000']).toBe(1);
    expect(r.summary.totals.failures).toBeGreaterThanOrEqual(2);
  });

  it('Apache error log: AH00957 with the backend address', async () => {
    const r = await analyse([fixture('apache-error.txt')]);
    expect(r.summary.files[0].format).toBe('apache-error');
    expect(failuresByUpstream(r)['127.0.0.1:8080']).toBe(1);
    expect(r.summary.events.some((e) => e.label === 'Apache started')).toBe(true);
  });

  it('Spring/Java: a stack trace is one record with the head line’s time, not one per line', async () => {
    const r = await analyse([fixture('spring.txt')]);
    expect(r.summary.files[0]).toMatchObject({ format: 'spring', lines: 16, matched: 2 });
    expect(failuresByUpstream(r)).toEqual({ 'user-service:8081': 1, 'inventory:8082': 1 });
    const inventory = r.summary.groups.find((g) => g.upstream === 'inventory:8082');
    expect(inventory?.first).toBe(Date.UTC(2024, 2, 12, 9, 14, 4, 500));
    expect(inventory?.samples[0].line).toBe(10);
    expect(inventory?.samples[0].text).toContain('Read timed out');
    expect(r.summary.events.some((e) => e.label === 'the application started')).toBe(true);
  });

  it('Node.js: a multi-line error object and pino JSON lines', async () => {
    const r = await analyse([fixture('node.txt')]);
    expect(r.summary.files[0].format).toBe('node');
    expect(failuresByUpstream(r)).toEqual({ '127.0.0.1:5432': 1, 'redis-master': 1 });
    expect(r.summary.groups.find((g) => g.upstream === 'redis-master')?.first).toBe(1710234843000);
  });

  it('Go: log package and logrus lines', async () => {
    const r = await analyse([fixture('go.txt')]);
    expect(r.summary.files[0].format).toBe('go');
    expect(failuresByUpstream(r)['10.0.3.4:9000']).toBe(1);
    expect(r.summary.totals.failures).toBe(3);
    expect(signatureIds(r).every((id) => id.startsWith('go/'))).toBe(true);
  });

  it('Python: a traceback with its chained exception is one record', async () => {
    const r = await analyse([fixture('python.txt')]);
    expect(r.summary.files[0]).toMatchObject({ format: 'python', matched: 1 });
    expect(r.summary.totals.failures).toBe(1);
    expect(r.summary.groups[0].first).toBe(Date.UTC(2024, 2, 12, 9, 14, 2, 123));
  });

  it('kubectl get events: "(x12 over 10m)" counts twelve times; ages are relative to the file time; restarts are events', async () => {
    const r = await analyse([fixture('kubectl-events.txt')]);
    expect(r.summary.files[0].format).toBe('kubectl-events');
    expect(failuresByUpstream(r)).toEqual({ '10.244.1.23:8080': 13 });
    expect(r.summary.events.map((e) => e.kind).sort()).toEqual(['deploy', 'restart', 'restart']);
  });

  it('a file in no known format is still searched for every signature, with a note', async () => {
    const r = await analyse([fixture('go.txt')], { formatName: 'unknown' });
    expect(r.summary.totals.failures).toBe(3);
  });
});
