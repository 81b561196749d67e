import type { Environment } from '../core/ids.js';

/**
 * What a user's own words (`--context`) or the pasted text reveal about the setup. Each hint is a
 * tag the inferences read; patterns are data so that new phrasings are one line each.
 */
export type SetupTag =
  | 'container'
  | 'compose'
  | 'kubernetes'
  | 'istio'
  | 'aws'
  | 'gcp'
  | 'azure'
  | 'cloudflare'
  | 'vm'
  | 'idle'
  | 'intermittent'
  | 'always'
  | 'after-deploy'
  | 'startup'
  | 'under-load'
  | 'after-upgrade'
  | 'direct-works'
  | 'host-works'
  | 'works-inside'
  | 'backend-running'
  | 'restarting'
  | 'protocol-hint'
  | 'long-requests'
  | 'websocket'
  | 'grpc'
  | 'tls'
  | 'mtls'
  | 'selinux'
  | 'firewall'
  | 'health-check'
  | 'php'
  | 'ipv6'
  | 'node-backend';

export interface ContextHint {
  tag: SetupTag;
  pattern: RegExp;
  /** How we describe what we saw, for the "why" of a cause. */
  label: string;
}

/** Phrases in `--context` (and in pasted prose) and the setup facts they reveal. */
export const CONTEXT_HINTS: readonly ContextHint[] = [
  { tag: 'compose', pattern: /\b(?:docker[- ]?compose|compose\.ya?ml|compose file|compose service|podman[- ]compose)\b/i, label: 'Docker Compose' },
  { tag: 'container', pattern: /\b(?:docker|containers?|containeri[sz]ed|podman|dockerfile)\b/i, label: 'containers' },
  {
    tag: 'kubernetes',
    pattern: /\b(?:kubernetes|k8s|k3s|kind cluster|minikube|eks|gke|aks|openshift|kubectl|pods?|ingress(?:-nginx)?|deployment|helm)\b/i,
    label: 'Kubernetes',
  },
  { tag: 'istio', pattern: /\b(?:istio|envoy sidecar|sidecar|service mesh|linkerd|consul connect|ambient mesh|waypoint)\b/i, label: 'a service mesh' },
  { tag: 'mtls', pattern: /\b(?:mtls|mutual tls|peerauthentication|strict mode|STRICT)\b/, label: 'mTLS' },
  { tag: 'aws', pattern: /\b(?:aws|alb|elb|nlb|target group|ecs|fargate|elastic beanstalk|eks)\b/i, label: 'AWS load balancing' },
  { tag: 'gcp', pattern: /\b(?:gcp|google cloud|gke|cloud run|backend service|gclb)\b/i, label: 'Google Cloud load balancing' },
  { tag: 'azure', pattern: /\b(?:azure|app(?:lication)? gateway|front door|aks)\b/i, label: 'Azure' },
  { tag: 'cloudflare', pattern: /\b(?:cloudflare|cloudflared|argo tunnel|cf tunnel)\b/i, label: 'Cloudflare' },
  {
    tag: 'vm',
    pattern: /\b(?:bare[- ]metal|vps|virtual machine|\bvm\b|systemd|same (?:host|machine|server)|on the host|ec2 instance|droplet)\b/i,
    label: 'a plain host',
  },
  {
    tag: 'idle',
    pattern:
      /\b(?:idle|after (?:a )?(?:while|some time|period|inactivity|being idle)|first request (?:after|in the morning)|keep-?alive|quiet periods?|low traffic)\b/i,
    label: 'failures after idle periods',
  },
  {
    tag: 'intermittent',
    pattern:
      /\b(?:intermittent(?:ly)?|sometimes|occasional(?:ly)?|random(?:ly)?|sporadic(?:ally)?|some requests|from time to time|flaky|now and then|\d+\s?% of requests)\b/i,
    label: 'intermittent failures',
  },
  {
    tag: 'always',
    pattern: /\b(?:always|every (?:single )?request|all requests|never works|doesn'?t work at all|not working at all|constantly|100\s?%)\b/i,
    label: 'every request fails',
  },
  {
    tag: 'after-deploy',
    pattern:
      /\b(?:after (?:a |the |each |every )?(?:deploy(?:ment)?s?|rollout|release|restart(?:ing)?|redeploy)|during (?:deploy(?:ment)?s?|rollouts?|rolling updates?)|rolling update)\b/i,
    label: 'failures around deploys or restarts',
  },
  {
    tag: 'startup',
    pattern:
      /\b(?:on startup|at startup|when (?:it )?starts?|(?:boot|start)(?:ing)? up|right after start(?:ing|up)?|first (?:few )?(?:\d+ )?(?:seconds|minutes?)|depends_on|startup order|before the (?:backend|app|api|server) (?:is )?(?:up|ready|started)|after (?:every |each |a )?(?:docker[- ]compose up|compose up|docker run|(?:container|pod) (?:re)?starts?|boot|reboot)|(?:for|during) (?:about |the first )?\d+\s?(?:s|sec|seconds|minutes?) after|then it works|works after a (?:while|few seconds|minute))\b/i,
    label: 'failures at start-up',
  },
  {
    tag: 'backend-running',
    pattern: /\b(?:(?:pod|container|service|app|backend|process|api) (?:is |shows? (?:as )?)?(?:running|up|healthy)\b|status (?:is )?running)/i,
    label: 'the backend process is running',
  },
  {
    tag: 'restarting',
    pattern:
      /\b(?:OOMKilled|CrashLoopBackOff|Back-off restarting failed container|Restart Count:\s*[1-9]\d*|(?:pods?|containers?|app|backend|service) keeps? (?:restarting|crashing|getting killed)|exit(?:ed)? (?:with )?code:?\s*137)/i,
    label: 'the backend keeps restarting',
  },
  {
    tag: 'under-load',
    pattern:
      /\b(?:under (?:high |heavy )?load|load test|traffic spikes?|peak (?:traffic|hours)|high traffic|many (?:concurrent )?(?:requests|connections|users)|concurrency|stress test|black friday)\b/i,
    label: 'failures under load',
  },
  {
    tag: 'after-upgrade',
    pattern: /\b(?:after (?:an? |the )?(?:upgrade|updat(?:e|ing)|migrat(?:ion|ing))|upgraded|since (?:upgrading|updating)|new version of)\b/i,
    label: 'failures since an upgrade',
  },
  {
    tag: 'direct-works',
    pattern:
      /\b(?:(?:curl|wget|request|it|backend|app|api|service)\s+(?:directly\s+)?works(?: fine)? (?:directly|when i (?:curl|call|hit))|works (?:fine )?(?:directly|when (?:i )?bypass(?:ing)?)|directly (?:it )?works|bypassing the proxy works|port-forward works)\b/i,
    label: 'the backend answers when called directly',
  },
  {
    tag: 'host-works',
    pattern:
      /\b(?:works (?:fine |ok )?(?:on|from) (?:the |my )?(?:host|laptop|machine|browser)|works locally|works outside (?:the )?(?:docker|container)|localhost:\d+ works)\b/i,
    label: 'it works from the host but not from the proxy',
  },
  {
    tag: 'works-inside',
    pattern:
      /\b(?:(?:inside|within|from) (?:the |its own |the same )?(?:\w+[- ])?(?:container|pod)\b.{0,60}\b(?:works|responds|answers|returns 200)|(?:curl|wget)\s+(?:http:\/\/)?(?:localhost|127\.0\.0\.1)[:\d/\w]*\s+(?:works|responds|answers)\s+(?:inside|within|from)\s+(?:the |its )?(?:\w+[- ])?(?:container|pod)|(?:listening|listens|bound|running|serving|started|ready)(?: at| on)?:?\s+(?:https?:\/\/)?(?:localhost|127\.0\.0\.1|\[::1\])(?=[:/\s]|$)|\bLocal:\s+https?:\/\/(?:localhost|127\.0\.0\.1))/i,
    label: 'the app answers on localhost inside its own container or listens on 127.0.0.1',
  },
  {
    tag: 'long-requests',
    pattern:
      /\b(?:long[- ]running|slow (?:requests|endpoint|queries|reports?)|large (?:uploads?|downloads?|files?)|exports?|reports? take|takes? (?:more than )?\d+\s?(?:s|sec|seconds|min|minutes))\b/i,
    label: 'long-running requests',
  },
  {
    tag: 'websocket',
    pattern: /\b(?:websockets?|wss?:\/\/|socket\.io|server-sent events|sse|long[- ]poll(?:ing)?)\b/i,
    label: 'WebSockets / long-lived connections',
  },
  {
    tag: 'protocol-hint',
    pattern:
      /\b(?:port (?:is )?named|named (?:port|tcp|http)|appProtocol|protocol (?:selection|detection|sniffing)|speaks? (?:plain )?(?:http|http\/2|h2c?|grpc|tcp)|http2 (?:to|on)|h2c|http\/1\.[01] (?:backend|server|only))\b/i,
    label: "how the port's protocol is declared",
  },
  { tag: 'grpc', pattern: /\bgrpc\b/i, label: 'gRPC' },
  { tag: 'tls', pattern: /\b(?:https|tls|ssl|certificate|cert|x509)\b/i, label: 'TLS to the backend' },
  { tag: 'selinux', pattern: /\b(?:selinux|httpd_can_network_connect|centos|rhel|rocky linux|almalinux|fedora)\b/i, label: 'SELinux' },
  { tag: 'firewall', pattern: /\b(?:firewall|iptables|nftables|ufw|firewalld|security groups?|network ?polic(?:y|ies)|nsg)\b/i, label: 'firewall rules' },
  { tag: 'health-check', pattern: /\b(?:health ?checks?|readiness|liveness|probes?)\b/i, label: 'health checks' },
  { tag: 'php', pattern: /\b(?:php-?fpm|php|fastcgi|laravel|wordpress)\b/i, label: 'PHP-FPM' },
  { tag: 'ipv6', pattern: /\b(?:ipv6|::1)\b/i, label: 'IPv6' },
  { tag: 'node-backend', pattern: /\b(?:node(?:\.js)?|express|nestjs|next\.js|nuxt|vite|npm run)\b/i, label: 'a Node.js backend' },
];

/** `--platform` values people type, mapped to environments. */
export const PLATFORM_ALIASES: Readonly<Record<string, Environment>> = {
  vm: 'vm',
  linux: 'vm',
  host: 'vm',
  baremetal: 'vm',
  'bare-metal': 'vm',
  systemd: 'vm',
  traditional: 'vm',
  docker: 'docker',
  podman: 'docker',
  compose: 'compose',
  'docker-compose': 'compose',
  kubernetes: 'kubernetes',
  k8s: 'kubernetes',
  openshift: 'kubernetes',
  eks: 'kubernetes',
  gke: 'kubernetes',
  aks: 'kubernetes',
  istio: 'istio',
  mesh: 'istio',
  aws: 'aws',
  alb: 'aws',
  elb: 'aws',
  nlb: 'aws',
  gcp: 'gcp',
  google: 'gcp',
  'cloud-run': 'gcp',
  azure: 'azure',
  cloudflare: 'cloudflare',
};
