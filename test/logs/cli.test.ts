import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { CAUSE_IDS } from '../../src/core/ids.js';
import { runCli } from '../helpers/run-cli.js';
import { fixture } from './helpers.js';
import { expectCausesContract } from '../helpers/expect-causes.js';

const tmp = mkdtempSync(join(tmpdir(), 'updoc-logs-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NGINX_ERROR = fixture('nginx-error.txt');
const json = (args: string[], input?: string | Buffer) => {
  const r = runCli(['logs', '--json', ...args], { input });
  return { ...r, out: JSON.parse(r.stdout) };
};

describe('updoc logs (CLI)', () => {
  it('follows the --json contract', () => {
    const { code, out } = json([NGINX_ERROR, fixture('envoy.txt')]);
    expect(code).toBe(1);
    expect(out.files).toHaveLength(2);
    for (const f of out.files) {
      expect(f).toEqual(
        expect.objectContaining({ path: expect.any(String), format: expect.any(String), lines: expect.any(Number), matched: expect.any(Number) }),
      );
    }
    expect(out.files.map((f: { format: string }) => f.format)).toEqual(['nginx-error', 'envoy']);
    for (const u of out.byUpstream) {
      expect(typeof u.upstream).toBe('string');
      expect(u.count).toBeGreaterThanOrEqual(0);
      for (const [cause, n] of Object.entries(u.byCause)) {
        expect(CAUSE_IDS).toContain(cause);
        expect(n).toBeGreaterThan(0);
      }
    }
    expect(out.byUpstream.find((u: { upstream: string }) => u.upstream === '10.0.0.5:3000').count).toBe(4);
    for (const s of out.bySignature) expect(s).toEqual(expect.objectContaining({ signature: expect.any(String), count: expect.any(Number) }));
    expectCausesContract(out.causes);
    expect(out.timeline.buckets.length).toBeGreaterThan(0);
    expect(out.groups[0].samples.length).toBeGreaterThan(0);
  });

  it('prints text for people: sections, a sparkline timeline, no colour and no progress when piped', () => {
    const r = runCli(['logs', NGINX_ERROR]);
    expect(r.code).toBe(1);
    for (const section of ['Inputs', 'Timeline', 'Upstreams', 'Signatures', 'Likely root causes']) expect(r.stdout).toContain(section);
    expect(r.stdout).toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(r.stdout).not.toContain('\u001b[');
    expect(r.stderr).toBe('');
  });

  it('renders Markdown and a self-contained HTML report', () => {
    const md = runCli(['logs', '--format', 'markdown', NGINX_ERROR]);
    expect(md.code).toBe(1);
    expect(md.stdout).toContain('## updoc logs');
    expect(md.stdout).toContain('| upstream | failures | error ratio | causes |');
    const html = runCli(['logs', '--format', 'html', NGINX_ERROR, fixture('nginx-access-custom.txt')]);
    expect(html.code).toBe(1);
    expect(html.stdout).toMatch(/^<!doctype html>/);
    expect(html.stdout).toContain('<svg');
    expect(html.stdout).toContain('Content-Security-Policy');
    expect(html.stdout).not.toMatch(/<script(?! type="application\/json")/);
    expect(html.stdout).not.toMatch(/(?:src|href)="https?:/);
    const data = /<script type="application\/json" id="updoc-data">([\s\S]*?)<\/script>/.exec(html.stdout);
    expect(JSON.parse(data?.[1] ?? '').files).toHaveLength(2);
  });

  it('escapes log content in HTML, Markdown and text (no markup, no terminal control sequences)', () => {
    const evil = join(tmp, 'evil.txt');
    writeFileSync(
      evil,
      '2024/03/12 09:14:02 [error] 31#31: *7 connect() failed (111: Connection refused) while connecting to upstream, client: 172.18.0.1, server: x, request: "GET /</script><img src=x onerror=alert(1)>\u001b]0;pwned\u0007\u001b[31m HTTP/1.1", upstream: "http://10.0.0.9:80/", host: "x|y"\n',
    );
    const html = runCli(['logs', '--format', 'html', evil]).stdout;
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const data = /<script type="application\/json" id="updoc-data">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(data).not.toContain('</script');
    expect(data).toContain('\\u003c/script>');
    const text = runCli(['logs', evil]).stdout;
    expect(text).not.toContain('\u001b');
    expect(text).not.toContain('\u0007');
    // Markdown escapes with backslashes: `\<img` renders as text, not as an element.
    const md = runCli(['logs', '--format', 'markdown', evil]).stdout;
    expect(md).not.toMatch(/(?<!\\)<img/);
    expect(md).toContain('\\<img');
  });

  it('reads stdin (plain and gzip), .gz files, directories and quoted globs', () => {
    const plain = readFileSync(NGINX_ERROR);
    expect(json(['-'], plain).out.byUpstream.find((u: { upstream: string }) => u.upstream === '10.0.0.5:3000').count).toBe(4);
    expect(json(['-'], gzipSync(plain)).out.files[0].format).toBe('nginx-error');
    const dir = join(tmp, 'tree');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'error.txt.gz'), gzipSync(plain));
    copyFileSync(fixture('envoy.txt'), join(dir, 'a', 'envoy.txt'));
    const tree = json([dir]).out;
    expect(tree.files.map((f: { format: string }) => f.format).sort()).toEqual(['envoy', 'nginx-error']);
    expect(tree.files.find((f: { format: string }) => f.format === 'nginx-error').gzip).toBe(true);
    const glob = json([`${dir}/**/*.gz`]).out;
    expect(glob.files).toHaveLength(1);
    expect(glob.totals.failures).toBe(8);
  });

  it('lines bursts up with deploys from --events', () => {
    const lines: string[] = [];
    const at = (ms: number) => new Date(Date.UTC(2024, 2, 12, 9, 0) + ms).toISOString().replace('T', ' ').slice(0, 19).replace(/-/g, '/');
    for (let m = 0; m < 60; m++)
      lines.push(
        `${at(m * 60_000)} [error] 1#1: *${m} connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://10.0.0.5:80/", host: "x"`,
      );
    for (let i = 0; i < 300; i++)
      lines.push(
        `${at(30 * 60_000 + 30_000 + i * 200)} [error] 1#1: *${1000 + i} connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.1, server: x, request: "GET / HTTP/1.1", upstream: "http://10.0.0.6:80/", host: "x"`,
      );
    lines.sort();
    const log = join(tmp, 'burst.txt');
    writeFileSync(log, `${lines.join('\n')}\n`);
    const events = join(tmp, 'events.txt');
    writeFileSync(events, '# deploys\n2024-03-12T09:30:00Z deploy api v2\n');
    const { out } = json([log, '--events', events]);
    expect(out.patterns.bursts.length).toBeGreaterThan(0);
    expect(out.patterns.bursts[0].events.map((e: { label: string }) => e.label)).toContain('deploy api v2');
    const text = runCli(['logs', log, '--events', events]).stdout;
    expect(text.replace(/\s+/g, ' ')).toMatch(/Burst .* after "deploy api v2" \(--events\)/);
  });

  it('finds one bad upstream among healthy ones from request counts', () => {
    const lines: string[] = [];
    for (let i = 0; i < 400; i++) {
      const peer = `10.0.0.${1 + (i % 4)}:80`;
      const bad = peer === '10.0.0.4:80';
      lines.push(
        `10.1.0.1 - - [12/Mar/2024:09:14:${String(i % 60).padStart(2, '0')} +0000] "GET / HTTP/1.1" ${bad ? 502 : 200} 10 "-" "curl" ua="${peer}" us="${bad ? 502 : 200}" uct="${bad ? '-' : '0.001'}"`,
      );
    }
    const log = join(tmp, 'outlier.txt');
    writeFileSync(log, `${lines.join('\n')}\n`);
    const { out } = json([log]);
    expect(out.patterns.outlier).toMatchObject({ upstream: '10.0.0.4:80', ratio: 1, others: 3 });
    expect(out.byUpstream.find((u: { upstream: string }) => u.upstream === '10.0.0.4:80').errorRatio).toBe(1);
    expect(out.causes[0].id).toBe('not-listening');
    expect(out.causes.some((c: { reasons: string[] }) => c.reasons.some((r) => r.includes('10.0.0.4:80 failed 100%')))).toBe(true);
  });

  it('exits 0 when nothing failed, 1 when upstream errors were found', () => {
    const clean = join(tmp, 'clean.txt');
    writeFileSync(clean, '10.1.0.1 - - [12/Mar/2024:09:14:02 +0000] "GET / HTTP/1.1" 200 10 "-" "curl"\n');
    const r = runCli(['logs', clean]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No upstream failures found.');
    expect(runCli(['logs', NGINX_ERROR]).code).toBe(1);
  });

  it('exits 2 on usage errors', () => {
    expect(runCli(['logs', '--format', 'yaml', NGINX_ERROR]).code).toBe(2);
    expect(runCli(['logs', '--log-format-name', 'nope', NGINX_ERROR]).code).toBe(2);
    expect(runCli(['logs', '--log-format', '$status', '--log-format-name', 'envoy', NGINX_ERROR]).code).toBe(2);
    expect(runCli(['logs', '--events', join(tmp, 'missing-events.txt'), NGINX_ERROR]).code).toBe(2);
    expect(runCli(['logs', '--bogus']).code).toBe(2);
  });

  it('--log-format-name forces the input format, --stats reports throughput and memory on stderr', () => {
    const forced = json(['--log-format-name', 'nginx-error', fixture('kong.txt')]).out;
    expect(forced.files[0].format).toBe('nginx-error');
    const r = runCli(['logs', '--json', '--stats', NGINX_ERROR]);
    expect(r.stderr).toMatch(/updoc stats: bytes=\d+ lines=15 .*mb_per_s=[\d.]+ max_rss_mib=[\d.]+/);
  });

  it('is listed in the main help', () => {
    expect(runCli(['--help']).stdout).toMatch(/logs\s+find, classify and count upstream errors/);
    expect(runCli(['logs', '--help']).stdout).toContain('--log-format-name');
  });
});
