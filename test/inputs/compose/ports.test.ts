import { describe, expect, it } from 'vitest';
import { containerPortFor, parseShortPort } from '../../../src/inputs/compose/ports.js';

describe('short port syntax', () => {
  it.each([
    ['3000', { target: { start: 3000, end: 3000 }, protocol: 'tcp' }],
    ['8080:80', { target: { start: 80, end: 80 }, published: { start: 8080, end: 8080 }, protocol: 'tcp' }],
    ['127.0.0.1:8080:80', { target: { start: 80, end: 80 }, published: { start: 8080, end: 8080 }, hostIp: '127.0.0.1', protocol: 'tcp' }],
    ['127.0.0.1::80', { target: { start: 80, end: 80 }, hostIp: '127.0.0.1', protocol: 'tcp' }],
    ['[::1]:8080:80', { target: { start: 80, end: 80 }, published: { start: 8080, end: 8080 }, hostIp: '::1', protocol: 'tcp' }],
    ['::1:8080:80', { target: { start: 80, end: 80 }, published: { start: 8080, end: 8080 }, hostIp: '::1', protocol: 'tcp' }],
    ['53:53/udp', { target: { start: 53, end: 53 }, published: { start: 53, end: 53 }, protocol: 'udp' }],
    ['9000-9010:9000-9010', { target: { start: 9000, end: 9010 }, published: { start: 9000, end: 9010 }, protocol: 'tcp' }],
    ['8000-8010:80', { target: { start: 80, end: 80 }, published: { start: 8000, end: 8010 }, protocol: 'tcp' }],
    ['5000-5001', { target: { start: 5000, end: 5001 }, protocol: 'tcp' }],
    ['0:80', { target: { start: 80, end: 80 }, protocol: 'tcp' }],
  ])('%s', (text, expected) => {
    const parsed = parseShortPort(text);
    expect(parsed).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['abc', /not a container port/],
    ['80:abc', /not a container port/],
    ['70000:80', /not a host port/],
    ['8080:0', /not a container port/],
    ['80/icmp', /protocol/],
    ['9000-9001:80-82', /differ in size/],
    ['[::1:80', /IPv6/],
  ])('rejects %s', (text, message) => {
    const parsed = parseShortPort(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(message);
  });

  it('maps a published port of a range to its container port', () => {
    expect(containerPortFor(9004, { start: 9000, end: 9010 }, { start: 8000, end: 8010 })).toBe(8004);
    expect(containerPortFor(8004, { start: 8000, end: 8010 }, { start: 80, end: 80 })).toBe(80);
  });
});
