/**
 * Whether a host or bind address means "this machine only": `localhost` (and `*.localhost`, `ip6-localhost`), any
 * 127.0.0.0/8 address, `::1` in any spelling, an IPv4-mapped `::ffff:127.x.x.x`; brackets and case ignored. One
 * definition for configs, logs and probes, so "loopback" means the same everywhere.
 */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return (
    h === 'localhost' ||
    h.endsWith('.localhost') ||
    h === 'ip6-localhost' ||
    /^(?:::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) ||
    h === '::1' ||
    h === '0:0:0:0:0:0:0:1'
  );
}
