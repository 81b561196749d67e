import type { Environment, Fields, Phase } from '../core/ids.js';
import type { TextRecord } from '../inputs/text/records.js';
import { CONTEXT_HINTS, type SetupTag } from '../knowledge/context-hints.js';
import type { SignatureMatch } from './match-signatures.js';

/** What a target address tells about where the proxy was trying to go. */
export type TargetKind =
  | 'loopback-v4' // 127.0.0.0/8
  | 'loopback-v6' // ::1
  | 'localhost' // the name
  | 'unspecified' // 0.0.0.0 / ::
  | 'docker-host' // host.docker.internal
  | 'k8s-service-name' // svc.ns(.svc.cluster.local)
  | 'k8s-cluster-ip' // 10.96.0.0/12 and friends
  | 'private-ip'
  | 'public-ip'
  | 'name'
  | 'unix-socket'
  | 'pool-name';

export interface Target {
  host: string;
  port?: string;
  scheme?: string;
  kind: TargetKind;
  /** For Kubernetes names: the Service and namespace they name. */
  service?: string;
  namespace?: string;
}

/** The seeds' first fork: how the connection failed. */
export type FailureKind =
  | 'permission'
  | 'refused'
  | 'connect-timeout'
  | 'read-timeout'
  | 'reset'
  | 'unreachable'
  | 'dns'
  | 'tls'
  | 'no-upstream'
  | 'overflow'
  | 'protocol';

export interface TagEvidence {
  tag: SetupTag;
  /** Where we learned it: "--platform", "--context", "the log prefix", … */
  from: string;
  label: string;
}

export interface SetupFacts {
  tags: Map<SetupTag, TagEvidence>;
  targets: Target[];
  failures: Set<FailureKind>;
  phases: Set<Phase>;
  /** The proxy's name when the text reveals it (compose service prefix, signature platform). */
  proxyName?: string;
  /** The backend's container/service name when the text reveals it (the one other Compose service). */
  backendName?: string;
  explicitEnvironment?: Environment;
}

const ERRNO_KIND: Record<string, FailureKind> = {
  '111': 'refused',
  '61': 'refused',
  '10061': 'refused',
  ECONNREFUSED: 'refused',
  '110': 'connect-timeout',
  '60': 'connect-timeout',
  '10060': 'connect-timeout',
  ETIMEDOUT: 'connect-timeout',
  '104': 'reset',
  '54': 'reset',
  '10054': 'reset',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  '32': 'reset',
  '113': 'unreachable',
  '101': 'unreachable',
  '65': 'unreachable',
  '51': 'unreachable',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  ENOTFOUND: 'dns',
  '13': 'permission',
  EACCES: 'permission',
  EAI_AGAIN: 'dns',
};

/** Which failure kind each signature phase implies when no errno says more. */
const PHASE_KIND: Partial<Record<Phase, FailureKind>> = {
  dns: 'dns',
  tls: 'tls',
  pool: 'overflow',
  'health-check': 'no-upstream',
};

export function classifyHost(host: string): Omit<Target, 'host' | 'port' | 'scheme'> {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (h.startsWith('unix:') || h.startsWith('/')) return { kind: 'unix-socket' };
  if (h === 'localhost' || h.endsWith('.localhost')) return { kind: 'localhost' };
  if (/^127\.\d+\.\d+\.\d+$/.test(h)) return { kind: 'loopback-v4' };
  if (h === '::1' || h === '0:0:0:0:0:0:0:1' || h === '::ffff:127.0.0.1') return { kind: 'loopback-v6' };
  if (h === '0.0.0.0' || h === '::') return { kind: 'unspecified' };
  if (h === 'host.docker.internal' || h === 'host.containers.internal' || h === 'gateway.docker.internal') return { kind: 'docker-host' };
  const svc = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\.([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)(?:\.svc(?:\.cluster\.local)?)?\.?$/.exec(h);
  if (svc && (h.includes('.svc') || !/\.(?:com|net|org|io|dev|app|internal|local|cloud|co|de|uk|fr|es)$/.test(h)) && !/^\d/.test(h))
    return { kind: 'k8s-service-name', service: svc[1], namespace: svc[2] };
  const ip = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  if (ip) {
    const [a, b] = [Number(ip[1]), Number(ip[2])];
    if (a === 10 && b >= 96 && b <= 111) return { kind: 'k8s-cluster-ip' };
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254))
      return { kind: 'private-ip' };
    return { kind: 'public-ip' };
  }
  if (/^[0-9a-f:]+$/.test(h) && h.includes(':')) return { kind: /^f[cd]/.test(h) ? 'private-ip' : 'public-ip' };
  if (/^[a-z0-9][-a-z0-9_]*$/.test(h)) return { kind: 'name', service: h };
  return { kind: 'name' };
}

function targetOf(fields: Fields): Target | null {
  const host = fields.host;
  if (host) {
    const t: Target = { host, ...classifyHost(host) };
    if (fields.port) t.port = fields.port;
    if (fields.scheme) t.scheme = fields.scheme;
    return t;
  }
  if (fields.upstream && /^[A-Za-z_][\w.-]*$/.test(fields.upstream)) return { host: fields.upstream, kind: 'pool-name' };
  if (fields.backend) return { host: fields.backend, kind: 'pool-name' };
  return null;
}

/** The setup tag that says a user is in an environment. */
const ENVIRONMENT_TAG: Readonly<Record<Environment, SetupTag>> = {
  vm: 'vm',
  docker: 'container',
  compose: 'compose',
  kubernetes: 'kubernetes',
  istio: 'istio',
  aws: 'aws',
  gcp: 'gcp',
  azure: 'azure',
  cloudflare: 'cloudflare',
};

const PROXY_PLATFORMS: ReadonlySet<string> = new Set(['nginx', 'ingress-nginx', 'envoy', 'istio', 'haproxy', 'traefik', 'caddy', 'kong', 'apache']);
const SETUP_TAGS_FROM_LOGS: ReadonlySet<SetupTag> = new Set<SetupTag>([
  'container',
  'compose',
  'kubernetes',
  'istio',
  'aws',
  'gcp',
  'azure',
  'cloudflare',
  'works-inside',
  'php',
  'node-backend',
  'grpc',
]);

/** Docker's default bridge gateways: nginx in a container sees host-published traffic from x.x.x.1. */
const DOCKER_GATEWAY = /client: (?:172\.(?:1[7-9]|2\d|3[01])\.\d{1,3}\.1|192\.168\.(?:\d{1,3})\.1)\b/;

export function gatherSetupFacts(
  records: readonly TextRecord[],
  matches: readonly SignatureMatch[],
  options: { environment?: Environment; context?: string },
): SetupFacts {
  const tags = new Map<SetupTag, TagEvidence>();
  const addTag = (tag: SetupTag, from: string, label?: string) => {
    if (!tags.has(tag)) tags.set(tag, { tag, from, label: label ?? CONTEXT_HINTS.find((h) => h.tag === tag)?.label ?? tag });
  };

  if (options.environment) {
    addTag(ENVIRONMENT_TAG[options.environment], '--platform');
  }
  if (options.context) {
    for (const hint of CONTEXT_HINTS) if (hint.pattern.test(options.context)) addTag(hint.tag, '--context', hint.label);
  }

  // Prose and application lines around the error ("my nginx container…", "Uvicorn running on
  // http://127.0.0.1:8000") describe the setup just as --context does.
  // Log lines only reveal what the setup is; how failures behave (idle, at start-up…) is taken from
  // what a person wrote, since programs print "start up" or "always" for their own reasons.
  const matchedRecords = new Set(matches.map((m) => m.record));
  records.forEach((record, index) => {
    if (matchedRecords.has(index)) return;
    const text = record.variants[0] ?? '';
    for (const hint of CONTEXT_HINTS) {
      if (record.logLike && !SETUP_TAGS_FROM_LOGS.has(hint.tag)) continue;
      if (hint.pattern.test(text)) addTag(hint.tag, record.logLike ? 'the pasted log' : 'the pasted text', hint.label);
    }
  });

  let proxyName: string | undefined;
  for (const record of records) {
    for (const hint of record.hints) addTag(hint as SetupTag, 'the log prefix');
    const first = record.variants[0] ?? '';
    if (record.variants.some((v) => DOCKER_GATEWAY.test(v))) addTag('container', 'the client address, a Docker bridge gateway', 'a container');
    if (/\bistio-proxy\b|istio-envoy|\bistio\b/i.test(first)) addTag('istio', 'the pasted text', 'Istio');
    if (/\b(?:kubectl|kubelet|pod\/|namespace|\.svc\.cluster\.local|ingress-nginx)\b/i.test(first)) addTag('kubernetes', 'the pasted text', 'Kubernetes');
    if (/\b(?:docker-entrypoint|docker compose|docker-compose|127\.0\.0\.11)\b/i.test(first)) addTag('container', 'the pasted text', 'containers');
  }

  const targets: Target[] = [];
  const failures = new Set<FailureKind>();
  const phases = new Set<Phase>();
  for (const match of matches) {
    phases.add(match.signature.phase);
    const t = targetOf(match.fields);
    if (t && !targets.some((x) => x.host === t.host && x.port === t.port)) targets.push(t);
    const kind = failureKindOf(match);
    if (kind) failures.add(kind);
    const platform = match.signature.platform;
    if (platform === 'istio') addTag('istio', `the ${platform} message`, 'Istio');
    if (platform === 'ingress-nginx' || platform === 'kubernetes') addTag('kubernetes', `the ${platform} message`, 'Kubernetes');
    if (platform === 'aws' || platform === 'gcp' || platform === 'azure' || platform === 'cloudflare') addTag(platform, `the ${platform} message`);
    if (match.fields.scheme === 'fastcgi' || /php/i.test(match.fields.upstream ?? '')) addTag('php', 'the upstream address', 'PHP-FPM');
  }
  for (const t of targets) if (t.kind === 'k8s-service-name' || t.kind === 'k8s-cluster-ip') addTag('kubernetes', `the target ${t.host}`, 'Kubernetes');

  // The container that printed a proxy's message is the proxy; any other one is a backend candidate.
  const proxyMatch = matches.find((m) => PROXY_PLATFORMS.has(m.signature.platform) && records[m.record]?.source);
  if (proxyMatch) proxyName = records[proxyMatch.record]?.source;
  const sources = new Set(records.map((r) => r.source).filter((x): x is string => Boolean(x)));
  if (proxyName) sources.delete(proxyName);
  const backendName = sources.size === 1 ? [...sources][0] : undefined;

  if (!proxyName) {
    const proxy = matches.find((m) => PROXY_PLATFORMS.has(m.signature.platform));
    // A sidecar's workload name is not in its log line; leave {proxy} for the user rather than guess.
    if (proxy && proxy.signature.platform !== 'istio' && proxy.signature.platform !== 'envoy') proxyName = proxy.signature.platform;
  }

  return { tags, targets, failures, phases, proxyName, backendName, explicitEnvironment: options.environment };
}

export function failureKindOf(match: SignatureMatch): FailureKind | null {
  const f = match.fields;
  for (const key of [f.errno, f.code])
    if (key && ERRNO_KIND[key]) {
      const kind = ERRNO_KIND[key];
      // A timeout errno after the connection was made is a read timeout, not a connect timeout.
      if (kind === 'connect-timeout' && match.signature.phase !== 'connect') return 'read-timeout';
      return kind;
    }
  // Envoy's "upstream connect error or disconnect/reset before headers" is an envelope: its reset reason and transport
  // failure reason say how the connection failed, the word "reset" around them does not. A TLS transport failure reason
  // is a failed handshake; "delayed connect error: 111" carries the errno.
  const transportFailure = f.transportFailureReason ?? '';
  if (/^tls[ _]error:/i.test(transportFailure)) return 'tls';
  const transportErrno = /connect[ _]error:[ _](\d+)\b/i.exec(transportFailure)?.[1];
  if (transportErrno && ERRNO_KIND[transportErrno]) return ERRNO_KIND[transportErrno];
  const envelope = f.resetReason ? '' : match.text.slice(0, 500);
  const text = `${match.signature.id} ${f.resetReason ?? ''} ${transportFailure} ${envelope}`.toLowerCase();
  if (/refused|econnrefused/.test(text)) return 'refused';
  if (/no such host|not known|nxdomain|could not resolve|host not found|name resolution/.test(text)) return 'dns';
  // HAProxy's check status: Layer4 is the TCP connect (L4TOUT: no SYN-ACK), Layer7 the answer (L7TOUT).
  if (/layer4 timeout|\bl4tout\b/.test(text)) return 'connect-timeout';
  if (/timeout|timed-out|timed out/.test(text)) return match.signature.phase === 'connect' ? 'connect-timeout' : 'read-timeout';
  if (/reset|closed|hang-up|eof|termination/.test(text)) return 'reset';
  if (/unreachable|no-route/.test(text)) return 'unreachable';
  return PHASE_KIND[match.signature.phase] ?? null;
}

/** The environment whose commands we print: explicit choice first, then the strongest evidence. */
export function resolveEnvironment(facts: SetupFacts): Environment {
  if (facts.explicitEnvironment) return facts.explicitEnvironment;
  const order: [SetupTag, Environment][] = [
    ['istio', 'istio'],
    ['kubernetes', 'kubernetes'],
    ['compose', 'compose'],
    ['container', 'docker'],
    ['aws', 'aws'],
    ['gcp', 'gcp'],
    ['azure', 'azure'],
    ['cloudflare', 'cloudflare'],
    ['vm', 'vm'],
  ];
  for (const [tag, env] of order) if (facts.tags.has(tag)) return env;
  return 'vm';
}

export function isContainerized(facts: SetupFacts): boolean {
  return ['container', 'compose', 'kubernetes', 'istio'].some((t) => facts.tags.has(t as SetupTag));
}

/** Where the chosen environment came from, for the report ("--platform", "the log prefix", …). */
export function environmentSource(facts: SetupFacts, env: Environment): string {
  if (facts.explicitEnvironment) return '--platform';
  const e = facts.tags.get(ENVIRONMENT_TAG[env]);
  return e ? e.from : 'default (no hint about the environment; pass --platform)';
}
