/**
 * The fixed vocabularies every part of updoc shares. Ids here are public API: `--json` output and
 * scripts depend on them, so they are never renamed.
 */

export const CAUSE_IDS = [
  'not-listening',
  'wrong-host-localhost',
  'bind-loopback',
  'dns-failure',
  'network-blocked',
  'port-mismatch',
  'no-endpoints',
  'no-healthy-upstream',
  'startup-order',
  'tls-mismatch',
  'protocol-mismatch',
  'timeout-misaligned',
  'keepalive-race',
  'resource-exhaustion',
  'circuit-open',
  'outlier-ejection',
  'upstream-reset',
  'slow-upstream',
  'config-error',
  'other',
] as const;
export type CauseId = (typeof CAUSE_IDS)[number];

/** Where in the life of a proxied request the failure happened. */
export const PHASES = ['dns', 'connect', 'tls', 'send', 'read-headers', 'read-body', 'health-check', 'pool', 'policy'] as const;
export type Phase = (typeof PHASES)[number];

/** Which component prints a signature (one per catalog section). */
export const SIGNATURE_PLATFORMS = [
  'nginx',
  'ingress-nginx',
  'envoy',
  'istio',
  'haproxy',
  'traefik',
  'caddy',
  'kong',
  'apache',
  'spring',
  'aws',
  'gcp',
  'azure',
  'cloudflare',
  'node',
  'go',
  'java',
  'python',
  'curl',
  'kubernetes',
  'os',
] as const;
export type SignaturePlatform = (typeof SIGNATURE_PLATFORMS)[number];

/**
 * The environment the user runs in; selects which exact commands we print for a check.
 * `vm` is a plain Linux host (systemd, no containers).
 */
export const ENVIRONMENTS = ['vm', 'docker', 'compose', 'kubernetes', 'istio', 'aws', 'gcp', 'azure', 'cloudflare'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

/**
 * Fields a signature can extract. A regex capture group named after one of these (optionally with a
 * `_N` suffix, because Node 20 regexes cannot reuse a group name across alternatives) fills it.
 */
export const FIELD_NAMES = [
  'upstream', // the target as printed: URL, host:port, unix:/path, or a pool/cluster name
  'host',
  'port',
  'scheme',
  'path',
  'errno', // numeric errno as printed (111, 61, 10061 …)
  'code', // symbolic error code: ECONNREFUSED, EAI_AGAIN, UNAVAILABLE …
  'flags', // Envoy response flags, e.g. "UF,URX"
  'resetReason',
  'transportFailureReason',
  'status', // HTTP status given to the client
  'termination', // HAProxy termination state, e.g. "SC--"
  'backend', // a pool / upstream{} / cluster / backend name when no peer address is given
  'server', // a named server inside a backend
  'client',
  'detail', // any other free detail worth showing (exception class, check info, …)
] as const;
export type FieldName = (typeof FIELD_NAMES)[number];
export type Fields = Partial<Record<FieldName, string>>;
