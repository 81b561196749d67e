import { describe, expect, it } from 'vitest';
import { anchorPattern, chooseAnchors } from '../../src/inputs/logs/anchor-cover.js';
import { newSpans, spanOf } from '../../src/inputs/logs/formats/access-fields.js';
import { compileNginxFormat, logFormatsOf, nginxConfOf } from '../../src/inputs/logs/formats/nginx-log-format.js';
import { detectFormat } from '../../src/inputs/logs/formats/registry.js';
import { TemplateLocator } from '../../src/inputs/logs/formats/template.js';
import { globBase, globToRegExp } from '../../src/inputs/logs/glob.js';
import { LineAssembler } from '../../src/inputs/logs/line-assembler.js';
import { findTimestamp, parseAge, parseClf, parseCtime, parseIso } from '../../src/inputs/logs/timestamps.js';
import { TrafficTally, tallyListItems } from '../../src/inputs/logs/traffic-tally.js';
import { Timeline } from '../../src/evidence/log-summary/timeline.js';
import { upstreamKey } from '../../src/evidence/log-summary/upstream-key.js';

const readLogFormats = (text: string) => logFormatsOf(nginxConfOf('nginx.conf', text));

function collect(size: number, input: Buffer[]): { lines: string[]; overlong: string[] } {
  const lines: string[] = [];
  const overlong: string[] = [];
  const assembler = new LineAssembler(
    {
      lines: (buf, start, end) => {
        const text = buf.toString('utf8', start, end);
        lines.push(...text.split('\n').filter((l, i, all) => i < all.length - 1 || l !== ''));
      },
      overlongLine: (buf, start, end) => {
        overlong.push(buf.toString('utf8', start, end));
      },
    },
    size,
  );
  for (const chunk of input) assembler.push(chunk);
  assembler.drain(true);
  return { lines, overlong };
}

describe('line assembler', () => {
  it('carries partial lines across chunks of any size and keeps a last line without newline', () => {
    const text = Array.from({ length: 200 }, (_, i) => `line ${i} ${'x'.repeat(i % 37)}`).join('\n');
    const bytes = Buffer.from(text);
    for (const step of [1, 7, 64, 1000]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += step) chunks.push(bytes.subarray(i, i + step));
      const { lines } = collect(256, chunks);
      expect(lines).toEqual(text.split('\n'));
    }
  });

  it('hands over the head of a line longer than the buffer and drops its rest', () => {
    const long = `${'a'.repeat(1000)}TAIL`;
    const { lines, overlong } = collect(128, [Buffer.from(`first\n${long}\nlast\n`)]);
    expect(lines).toEqual(['first', 'last']);
    expect(overlong).toHaveLength(1);
    expect(overlong[0]).toMatch(/^a+$/);
  });
});

describe('anchor cover', () => {
  it('covers every keyword (a line with a keyword always hits the prefilter)', () => {
    const keywords = ['connect() failed', 'no live upstreams', ' uf', ',uf', 'eof', 'connection refused', 'x509:', 'upstream timed out', 'connexion refusée'];
    const pattern = anchorPattern(
      chooseAnchors(
        keywords.map((k) => Buffer.from(k).toString('latin1')),
        'connect() failed connection refused hello world '.repeat(50),
      ),
    );
    for (const k of keywords) {
      pattern.lastIndex = 0;
      expect(pattern.test(`2024 prefix ${Buffer.from(k.toUpperCase()).toString('latin1')} suffix`), k).toBe(true);
    }
    pattern.lastIndex = 0;
    expect(pattern.test('nothing to see here')).toBe(false);
  });

  it('prefers anchors that are rare in the sample', () => {
    const anchors = chooseAnchors(['upstream timed out', 'upstream sent invalid header'], 'upstream upstream upstream '.repeat(500));
    expect(anchors.some((a) => a.startsWith('upstr'))).toBe(false);
  });
});

describe('templates', () => {
  it('reads nginx lists (retries and internal redirects) that contain the separator literal', () => {
    const locator = new TemplateLocator(compileNginxFormat('$upstream_addr $upstream_status $request_time'));
    const line = Buffer.from('10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80 502, 504 : 200 0.123');
    const spans = newSpans();
    expect(locator.locate(line, 0, line.length, spans)).toBe(true);
    const text = (field: 'peers' | 'peerStatus' | 'requestTime') => {
      const s = spanOf(spans, field);
      return s ? line.toString('utf8', s[0], s[1]) : null;
    };
    expect(text('peers')).toBe('10.0.0.1:80, 10.0.0.2:80 : 10.0.0.3:80');
    expect(text('peerStatus')).toBe('502, 504 : 200');
    expect(text('requestTime')).toBe('0.123');
  });

  it('reads log_format definitions split over several quoted strings, ignoring comments', () => {
    const formats = readLogFormats(`# log_format fake 'x';\nlog_format upstream_log escape=json '$remote_addr "$request" '\n  "$status us=$upstream_status";`);
    expect(formats.get('upstream_log')).toBe('$remote_addr "$request" $status us=$upstream_status');
    expect(formats.has('fake')).toBe(false);
    expect(formats.has('combined')).toBe(true);
  });

  it('reads a log_format whose quoted part holds a # (a comment only starts a word), inside an http block', () => {
    const formats = readLogFormats(`http {\n  log_format tagged '$remote_addr #$request_id "$request" $status'; # note\n}`);
    expect(formats.get('tagged')).toBe('$remote_addr #$request_id "$request" $status');
  });

  it('counts every item of a peer list', () => {
    const tally = new TrafficTally();
    const b = Buffer.from('a:80, b:80 : a:80, -');
    expect(tallyListItems(tally, b, 0, b.length)).toBe(3);
    expect(Object.fromEntries(tally.entries())).toEqual({ 'a:80': 2, 'b:80': 1 });
  });
});

describe('format detection', () => {
  it('does not count stack-trace lines against an application format', () => {
    const sample = [
      '2024-03-12 09:14:02.123 ERROR 1 --- [main] c.e.App : boom',
      'java.net.ConnectException: Connection refused',
      '\tat a.b.C.d(C.java:1)',
      '\tat a.b.C.e(C.java:2)',
    ];
    expect(detectFormat(sample).format.id).toBe('spring');
  });

  it('falls back to unknown for prose', () => {
    expect(detectFormat(['the weather is nice', 'and so on']).format.id).toBe('unknown');
  });
});

describe('timestamps', () => {
  it('reads the formats proxies print', () => {
    expect(parseIso('2024/03/12 09:14:02 [error]')).toBe(Date.UTC(2024, 2, 12, 9, 14, 2));
    expect(parseIso('2024-03-12T09:14:02.5+01:00')).toBe(Date.UTC(2024, 2, 12, 8, 14, 2, 500));
    expect(parseIso('2024-03-12 09:14:02,123 ERROR')).toBe(Date.UTC(2024, 2, 12, 9, 14, 2, 123));
    expect(parseClf('12/Mar/2024:09:14:02 -0500')).toBe(Date.UTC(2024, 2, 12, 14, 14, 2));
    expect(parseCtime('[Tue Mar 12 09:14:02.123456 2024] [proxy:error]')).toBe(Date.UTC(2024, 2, 12, 9, 14, 2, 123.456));
    expect(findTimestamp('Mar 12 09:14:02 lb1 haproxy[1]: x', 2024)).toBe(Date.UTC(2024, 2, 12, 9, 14, 2));
    expect(findTimestamp('I0312 09:14:02.000001 7 controller.go:1] x', 2024)).toBe(Date.UTC(2024, 2, 12, 9, 14, 2));
    expect(parseAge('2m30s')).toBe(150_000);
    expect(Number.isNaN(findTimestamp('no time here', 2024))).toBe(true);
  });
});

describe('upstream keys', () => {
  it('normalise URLs, sockets, IPv6, pools and HAProxy backend/server pairs', () => {
    expect(upstreamKey('http://10.0.0.5:3000/x')).toBe('10.0.0.5:3000');
    expect(upstreamKey('fastcgi://unix:/run/php/fpm.sock:')).toBe('unix:/run/php/fpm.sock');
    expect(upstreamKey('http://[::1]:3000/')).toBe('[::1]:3000');
    expect(upstreamKey('Backend')).toBe('backend');
    expect(upstreamKey('be_app/app1')).toBe('be_app/app1');
    expect(upstreamKey('-')).toBe('(unknown)');
  });
});

describe('globs', () => {
  it('match like a shell, ** across directories', () => {
    expect(globToRegExp('logs/**/*.gz').test('logs/a/b/c.gz')).toBe(true);
    expect(globToRegExp('logs/**/*.gz').test('logs/c.gz')).toBe(true);
    expect(globToRegExp('logs/*.{log,gz}').test('logs/x.log')).toBe(true);
    expect(globToRegExp('logs/*.{log,gz}').test('logs/sub/x.log')).toBe(false);
    expect(globToRegExp('access-[0-9].log').test('access-7.log')).toBe(true);
    expect(globBase('/var/log/nginx/*.log')).toBe('/var/log/nginx');
    expect(globBase('*.log')).toBe('.');
  });
});

describe('timeline', () => {
  it('coarsens its buckets instead of growing without bound', () => {
    const t = new Timeline();
    for (let i = 0; i < 50_000; i++) t.add(Date.UTC(2024, 0, 1) + i * 1000, 'sig', 1);
    expect(t.resolutionMs).toBeGreaterThan(1000);
    const series = t.series(60);
    expect(series.buckets.reduce((a, b) => a + b.total, 0)).toBe(50_000);
    expect(series.buckets.length).toBeLessThanOrEqual(70);
  });
});
