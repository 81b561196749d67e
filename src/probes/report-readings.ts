import type { HttpReport } from './run-probe.js';

/**
 * Readings of a probe report that the engine, the verdict (src/diagnosis/probe.ts) and the reporters share. Kept apart
 * from the engine (run-probe.ts) so that reading a report does not load the sockets, TLS and HTTP code: `diagnose`
 * judges probe reports without running a probe unless it is asked to.
 */

/** `10.0.1.5:3000`, `[::1]:3000`, `[fe80::1%eth0]:3000`: how steps (`ProbeStep.address`), verdicts and reporters name an address. */
export function addressLabel(address: string, port: number, zone?: string): string {
  const host = zone ? `${address}%${zone}` : address;
  return address.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** A response counts as healthy unless it is a 5xx, a recognised proxy error page, a failing health answer, or a failed gRPC status. */
export function httpAcceptable(http: HttpReport): boolean {
  if (!http.ok || http.status === undefined) return false;
  if (http.status >= 500) return false;
  if (http.recognised.pages.length) return false;
  if (http.health && !http.health.healthy) return false;
  if (http.grpc) {
    if (http.status !== 200) return false;
    if (http.grpc.status && !['OK', 'UNIMPLEMENTED'].includes(http.grpc.status)) return false;
    if (http.grpc.serving && http.grpc.serving !== 'SERVING') return false;
  }
  return true;
}
