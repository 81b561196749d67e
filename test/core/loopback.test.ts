import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/core/loopback.js';

describe('isLoopbackHost: one meaning of "this machine only" for configs, logs and probes', () => {
  it.each([
    'localhost',
    'LOCALHOST',
    ' localhost ',
    'api.localhost',
    'ip6-localhost',
    '127.0.0.1',
    '127.1.2.3',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::ffff:127.0.0.1',
  ])('%j is loopback', (host) => expect(isLoopbackHost(host)).toBe(true));
  it.each([undefined, '', '0.0.0.0', '::', '128.0.0.1', '10.127.0.1', 'localhost.example.com', 'mylocalhost', '::2', '::ffff:10.0.0.1', '127.0.0', 'api'])(
    '%j is not (near miss)',
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});
