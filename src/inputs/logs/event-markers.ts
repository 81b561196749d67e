/**
 * Lines that mark a change in the system rather than a failed request: restarts, reloads, shutdowns,
 * rollouts. Error bursts right after one of these point at start-up order and rollouts, not at a
 * static misconfiguration. Keywords are lower-case literals (they join the chunk prefilter); the
 * pattern confirms the line really is that event.
 */
export type EventKind = 'reload' | 'restart' | 'stop' | 'start' | 'deploy' | 'health';

export interface EventMarker {
  keyword: string;
  pattern: RegExp;
  kind: EventKind;
  label: string;
  /** Log formats that print it (unrecognised files get every marker); undefined means all. */
  formats?: readonly string[];
}

const NGINX = ['nginx-error', 'kong', 'ingress-nginx'];
const ENVOY = ['envoy', 'istio', 'envoy-json'];
const APPS = ['spring', 'python', 'go', 'node', 'json', 'caddy'];

export const EVENT_MARKERS: readonly EventMarker[] = [
  // nginx (also ingress-nginx, Kong, OpenResty)
  { keyword: 'signal process started', pattern: /signal process started/i, kind: 'reload', label: 'nginx received a signal (reload/stop)', formats: NGINX },
  { keyword: 'reconfiguring', pattern: /\[notice\] \d+#\d+: reconfiguring/i, kind: 'reload', label: 'nginx reloaded its configuration', formats: NGINX },
  { keyword: 'gracefully shutting down', pattern: /gracefully shutting down/i, kind: 'stop', label: 'nginx worker shutting down', formats: NGINX },
  { keyword: 'start worker processes', pattern: /start worker processes/i, kind: 'start', label: 'nginx started', formats: NGINX },
  { keyword: 'backend reload required', pattern: /backend reload required/i, kind: 'reload', label: 'ingress-nginx reload', formats: ['ingress-nginx'] },
  // containers and process managers
  { keyword: 'exited with code', pattern: /\bexited with code \d+/i, kind: 'restart', label: 'a container exited' },
  { keyword: 'main process exited', pattern: /main process exited/i, kind: 'restart', label: 'a systemd service exited' },
  // Envoy / Istio
  { keyword: 'starting main dispatch loop', pattern: /starting main dispatch loop/i, kind: 'start', label: 'Envoy started', formats: ENVOY },
  { keyword: 'envoy proxy is ready', pattern: /envoy proxy is ready/i, kind: 'start', label: 'istio-proxy ready', formats: ENVOY },
  // HAProxy
  { keyword: 'is down', pattern: /\bServer \S+\/\S+ is DOWN\b/, kind: 'health', label: 'HAProxy marked a server DOWN', formats: ['haproxy'] },
  { keyword: 'is up', pattern: /\bServer \S+\/\S+ is UP\b/, kind: 'health', label: 'HAProxy marked a server UP', formats: ['haproxy'] },
  { keyword: 'loading success', pattern: /loading success/i, kind: 'reload', label: 'HAProxy (re)loaded', formats: ['haproxy'] },
  // Apache httpd
  { keyword: 'resuming normal operations', pattern: /resuming normal operations/i, kind: 'start', label: 'Apache started', formats: ['apache-error'] },
  {
    keyword: 'graceful restart requested',
    pattern: /graceful restart requested/i,
    kind: 'reload',
    label: 'Apache graceful restart',
    formats: ['apache-error'],
  },
  // application start-up / shutdown (Spring Boot, Node, Caddy, Traefik)
  { keyword: 'started ', pattern: /\bStarted \w+ in [\d.]+ seconds/, kind: 'start', label: 'the application started', formats: APPS },
  { keyword: 'shutting down', pattern: /\b(?:graceful(?:ly)? )?shutting down\b/i, kind: 'stop', label: 'a process is shutting down', formats: APPS },
  { keyword: 'serving initial configuration', pattern: /serving initial configuration/i, kind: 'start', label: 'Caddy started', formats: ['caddy'] },
  { keyword: 'configuration loaded', pattern: /configuration loaded/i, kind: 'reload', label: 'Traefik loaded its configuration', formats: ['go', 'json'] },
  // kubectl get events
  { keyword: 'killing', pattern: /\bKilling\b/, kind: 'restart', label: 'Kubernetes killed a container', formats: ['kubectl-events'] },
  { keyword: 'backoff', pattern: /\bBackOff\b/, kind: 'restart', label: 'Kubernetes back-off restarting a container', formats: ['kubectl-events'] },
  {
    keyword: 'scalingreplicaset',
    pattern: /\bScalingReplicaSet\b/,
    kind: 'deploy',
    label: 'Kubernetes rollout (ReplicaSet scaled)',
    formats: ['kubectl-events'],
  },
];

/** The markers worth looking for in a format (all of them when the format is not recognised). */
export function markersFor(formatId: string): EventMarker[] {
  return EVENT_MARKERS.filter((m) => formatId === 'unknown' || !m.formats || m.formats.includes(formatId));
}

export function markerOf(line: string, candidates: readonly EventMarker[]): EventMarker | null {
  for (const marker of candidates) if (marker.pattern.test(line)) return marker;
  return null;
}
