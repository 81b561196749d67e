import { describe, expect, it } from 'vitest';
import { checkHostname, parseTarget, parseTargetsText, type TargetDefaults } from '../../src/probes/target.js';

type Valid = [input: string, expected: Record<string, unknown>, defaults?: TargetDefaults];
type Invalid = [input: string, error: RegExp, defaults?: TargetDefaults];

const VALID: Valid[] = [
  [
    'http://127.0.0.1:3000/health',
    { scheme: 'http', host: '127.0.0.1', hostKind: 'ipv4', port: 3000, path: '/health', tls: false, display: 'http://127.0.0.1:3000/health' },
  ],
  ['https://api.example.com/', { scheme: 'https', host: 'api.example.com', port: 443, portFrom: 'scheme', tls: true }],
  ['HTTP://Web.Example.COM', { scheme: 'http', host: 'web.example.com', port: 80, path: '/' }],
  ['http://h:8080?x=1', { path: '/?x=1' }],
  ['http://h:8080/p#frag', { path: '/p' }],
  ['h2c://backend:50051/', { scheme: 'h2c', port: 50051, tls: false }],
  ['h2://backend/', { scheme: 'h2', port: 443, tls: true }],
  ['grpc://svc:9000', { scheme: 'grpc', tls: false, port: 9000 }],
  ['grpcs://svc', { scheme: 'grpcs', tls: true, port: 443 }],
  ['tls://db:5432', { scheme: 'tls', tls: true, port: 5432 }],
  ['10.0.1.5:3000', { scheme: 'tcp', host: '10.0.1.5', port: 3000, display: 'tcp://10.0.1.5:3000' }],
  ['[::1]:8080', { scheme: 'tcp', host: '::1', hostKind: 'ipv6', port: 8080, display: 'tcp://[::1]:8080' }],
  ['http://[::1]:8080/x', { host: '::1', hostKind: 'ipv6', path: '/x', display: 'http://[::1]:8080/x' }],
  ['[fe80::1%eth0]:80', { host: 'fe80::1', zone: 'eth0', port: 80, display: 'tcp://[fe80::1%eth0]:80' }],
  ['http://[fe80::1%25eth0]:80/', { host: 'fe80::1', zone: 'eth0' }],
  ['fe80::1%eth0', { host: 'fe80::1', zone: 'eth0', port: 443, portFrom: '--port' }, { port: 443 }],
  ['::1', { host: '::1', port: 22 }, { port: 22 }],
  ['api', { host: 'api', port: 8080, portFrom: '--port', scheme: 'tcp' }, { port: 8080 }],
  ['api', { host: 'api', port: 80, scheme: 'http', portFrom: 'scheme' }, { scheme: 'http' }],
  ['api:9000', { scheme: 'https', port: 9000, tls: true }, { scheme: 'http', tls: true }],
  ['db:5432', { scheme: 'tls', tls: true }, { tls: true }],
  ['my_service.default.svc.cluster.local:80', { host: 'my_service.default.svc.cluster.local' }],
  ['absolute.example.:80', { host: 'absolute.example.' }],
  ['http://h/caf%C3%A9', { path: '/caf%C3%A9' }],
];

const INVALID: Invalid[] = [
  ['', /empty/],
  ['ftp://host/', /unsupported scheme "ftp"/],
  ['javascript://x', /unsupported scheme/],
  ['http:/host', /malformed URL/],
  ['http://', /no host/],
  ['http://user:secret@host/', /credentials/],
  ['host', /no port/],
  ['host:0', /out of range/],
  ['host:70000', /out of range/],
  ['host:http', /invalid port/],
  ['host:', /invalid port/],
  ['999.1.1.1:80', /not a valid IPv4/],
  ['[::1', /unclosed/],
  ['[::1]x', /unexpected/],
  ['[zz::1]:80', /not a valid IPv6/],
  ['http://::1:80/', /need brackets/],
  ['[fe80::1%eth0;reboot]:80', /invalid IPv6 zone/],
  ['[fe80::1%eth0%x]:80', /more than one "%"/],
  ['[::1%lo]:80', /only meaningful on a link-local/],
  ['host%eth0:80', /zone/],
  ['host:80/path', /path needs a URL/],
  ['tcp://host:80/path', /path makes no sense/],
  ['-rf', /cannot start with "-"/],
  ['--help', /cannot start with "-"/],
  ['a b:80', /spaces or control/],
  ['host\u001b[31m:80', /spaces or control/],
  ['$(touch /tmp/pwned):80', /spaces/],
  ['$(reboot):80', /not a valid host name/],
  ['`id`:80', /not a valid host name/],
  ['a;reboot:80', /not a valid host name/],
  ['a|b:80', /not a valid host name/],
  ['-x.example:80', /cannot start with "-"/],
  ['bad-.example:80', /not a valid host name/],
  ['a..b:80', /empty label/],
  [`${'a'.repeat(64)}.example:80`, /at most 63/],
  [`${'abcdefghi.'.repeat(26)}com:80`, /at most 253/],
  ['x'.repeat(3000), /at most 2048/],
];

describe('parseTarget', () => {
  it.each(VALID)('%s', (input, expected, defaults) => {
    const parsed = parseTarget(input, defaults);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.target).toMatchObject(expected);
  });

  it.each(INVALID)('refuses %j', (input, error, defaults) => {
    const parsed = parseTarget(input, defaults);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });

  it('keeps the input as written but never interprets it beyond host, port and path', () => {
    const parsed = parseTarget('http://h:1/$(id)?a=`x`');
    expect(parsed.ok && parsed.target.path).toBe('/$(id)?a=`x`');
  });
});

describe('checkHostname', () => {
  it.each([
    ['localhost', null],
    ['a-b.c_d.example', null],
    ['xn--bcher-kva.example', null],
  ])('%s is valid', (name, error) => expect(checkHostname(name)).toBe(error));
  it.each(['a b', 'exa mple', 'ex!ample', '-lead', 'trail-'])('%s is not', (name) => expect(checkHostname(name)).not.toBeNull());
});

describe('parseTargetsText', () => {
  it('probes the valid lines and reports garbage with its line number', () => {
    const text = ['# upstreams', '', 'http://127.0.0.1:3000/', 'not a target', '10.0.0.1:5432', 'ftp://x/', '  [::1]:80  ', 'host:99999'].join('\n');
    const parsed = parseTargetsText(text);
    expect(parsed.targets.map((t) => [t.line, t.target.display])).toEqual([
      [3, 'http://127.0.0.1:3000/'],
      [5, 'tcp://10.0.0.1:5432'],
      [7, 'tcp://[::1]:80'],
    ]);
    expect(parsed.errors.map((e) => [e.line, e.error])).toEqual([
      [4, expect.stringMatching(/spaces/)],
      [6, expect.stringMatching(/unsupported scheme/)],
      [8, expect.stringMatching(/out of range/)],
    ]);
    expect(parsed.tooMany).toBe(false);
  });

  it('handles CRLF files and applies the defaults to every line', () => {
    const parsed = parseTargetsText('web\r\napi\r\n', { port: 8080 });
    expect(parsed.errors).toEqual([]);
    expect(parsed.targets.map((t) => t.target.display)).toEqual(['tcp://web:8080', 'tcp://api:8080']);
  });
});
