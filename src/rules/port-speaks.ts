import type { LintFacts } from '../evidence/lint-facts.js';
import type { ResolvedPath } from '../evidence/topology/model.js';
import { healthEndpointsBehind } from './backend-app.js';

const TLS_PORTS = new Set([443, 8443, 9443]);
const PLAIN_PORTS = new Set([80]);
const TLS_NAME = /^(https|tls|grpcs|h2)(-|$)/i;
const PLAIN_NAME = /^(http|h2c|grpc|web)(-|$)/i;

export type TlsMismatch = { expected: 'tls' | 'plain'; evidence: string };

/**
 * What the target port speaks, from the strongest sign the configs give: the backend's port name, the scheme of the
 * backend's own health check on that port (a Compose healthcheck URL, a probe's `scheme`), or a well-known port
 * number; undefined when nothing says.
 */
export function portSpeaks(facts: LintFacts, port: number | undefined, path: ResolvedPath | undefined): TlsMismatch | undefined {
  const resolved = path?.status === 'resolved' ? path : undefined;
  const name = resolved?.listen?.name;
  if (name && TLS_NAME.test(name)) return { expected: 'tls', evidence: `the backend's port is named \`${name}\`` };
  if (name && PLAIN_NAME.test(name)) return { expected: 'plain', evidence: `the backend's port is named \`${name}\`` };
  const listenPort = resolved?.listen?.port || port;
  const check = resolved && healthEndpointsBehind(facts, resolved.backend).find((e) => e.scheme && e.port !== undefined && e.port === listenPort);
  if (check?.scheme)
    return {
      expected: check.scheme === 'https' ? 'tls' : 'plain',
      evidence: `the backend's own health check (${check.source}) speaks ${check.scheme}:// to port ${listenPort}`,
    };
  if (port !== undefined && TLS_PORTS.has(port)) return { expected: 'tls', evidence: `port ${port} is the HTTPS port` };
  if (port !== undefined && PLAIN_PORTS.has(port)) return { expected: 'plain', evidence: `port ${port} is the plain HTTP port` };
  return undefined;
}
