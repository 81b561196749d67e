import { defineRule } from '../../../core/define-rule.js';
import type { Located } from '../../../core/position.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { meshMembership, mtlsModeFor, servicesForIstioHost } from '../../../inputs/kubernetes/mesh.js';
import type { DestinationRule, KubernetesFacts, Service, ServicePort } from '../../../inputs/kubernetes/model.js';
import { containerPortFor, targetPortOf } from '../../../inputs/kubernetes/service-ports.js';
import { declaredProtocol } from '../../kubernetes/conflicting-port-protocols/index.js';
import { BOOKSTORE_NAMESPACE, manifests, REVIEWS } from '../example-manifests.js';

const PLAINTEXT = new Set(['http', 'http2', 'grpc', 'grpc-web', 'h2c', 'tcp']);

const strict = `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata:
  name: default
  namespace: bookstore
spec:
  mtls:
    mode: STRICT
`;

const rule = (mode: string) => `apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata:
  name: reviews
  namespace: bookstore
spec:
  host: reviews
  trafficPolicy:
    tls:
      mode: ${mode}
`;

export default defineRule({
  id: 'istio/destination-rule-tls-conflict',
  domain: 'istio',
  cause: 'tls-mismatch',
  severity: 'error',
  title: 'DestinationRule TLS mode contradicts what the server accepts',
  catalog: ['X9'],
  docs: {
    why: 'A DestinationRule\'s `tls.mode` overrides Istio\'s automatic mTLS. `DISABLE` toward workloads whose PeerAuthentication is STRICT sends plain text that their sidecars reset; `ISTIO_MUTUAL` toward pods without a sidecar sends TLS to an app that speaks plain HTTP; `SIMPLE`/`MUTUAL` toward a plain-text port wraps HTTP in TLS the app does not expect. All show up as 503 "upstream connect error or disconnect/reset before headers … connection termination" or "connection reset".',
    problem: {
      description: 'Someone disabled TLS for `reviews` while the namespace is STRICT.',
      files: { 'mesh/reviews.yaml': manifests(BOOKSTORE_NAMESPACE, strict, REVIEWS, rule('DISABLE')) },
    },
    fixed: { files: { 'mesh/reviews.yaml': manifests(BOOKSTORE_NAMESPACE, strict, REVIEWS, rule('ISTIO_MUTUAL')) } },
    remediation:
      'Leave `tls` out (automatic mTLS picks the right mode per endpoint) or set it to what the server accepts: `ISTIO_MUTUAL` for meshed STRICT servers, `DISABLE` for servers without a sidecar, `SIMPLE` only for ports that really serve TLS.',
    references: [
      'https://istio.io/latest/docs/ops/common-problems/network-issues/#503-errors-after-setting-destination-rule',
      'https://istio.io/latest/docs/reference/config/networking/destination-rule/#ClientTLSSettings-TLSmode',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    for (const dr of k.istio.destinationRules) {
      const services = servicesForIstioHost(k, dr.host.value, dr.object.namespace);
      if (services.length === 0) continue;
      for (const { mode, port } of modes(dr)) {
        for (const service of services) {
          const message = conflict(k, dr, service, mode.value, port);
          if (message) {
            ctx.report({ message, at: mode.at });
            break;
          }
        }
      }
    }
  },
});

function modes(dr: DestinationRule): { mode: Located<string>; port?: number }[] {
  const out: { mode: Located<string>; port?: number }[] = [];
  for (const policy of [dr.trafficPolicy, ...dr.subsets.map((s) => s.trafficPolicy)]) {
    if (!policy) continue;
    if (policy.tlsMode) out.push({ mode: policy.tlsMode });
    for (const p of policy.portLevel) if (p.tlsMode) out.push({ mode: p.tlsMode, port: p.port });
  }
  return out;
}

function conflict(k: KubernetesFacts, dr: DestinationRule, service: Service, mode: string, port: number | undefined): string | undefined {
  if (!service.selector) return undefined;
  const ports = service.ports.filter((p) => port === undefined || p.port === port);
  const workloads = k.index.workloadsSelectedBy(service.selector, service.object.namespace);
  if (workloads.length === 0) return undefined;
  const who = `${describe(dr.object)} sets \`tls.mode: ${mode}\` for ${describe(service.object)}${port !== undefined ? ` port ${port}` : ''}`;
  if (mode === 'DISABLE') {
    for (const w of workloads) {
      if (meshMembership(k, w).state !== 'sidecar') continue;
      for (const p of ports) {
        const strict = mtlsModeFor(k, w, podPort(w, p));
        if (strict.mode === 'STRICT')
          return `${who}, but PeerAuthentication \`${strict.policy?.object.name}\` makes ${describe(w.object)} accept only mTLS: plain-text requests are reset`;
      }
    }
    return undefined;
  }
  if (mode === 'ISTIO_MUTUAL') {
    if (workloads.every((w) => meshMembership(k, w).state === 'none')) {
      return `${who}, but ${workloads.map((w) => describe(w.object)).join(', ')} run without a sidecar (${meshMembership(k, workloads[0]!).reason}): the app receives TLS it cannot read`;
    }
    return undefined;
  }
  if (mode === 'SIMPLE' || mode === 'MUTUAL') {
    const plain = ports.find((p) => {
      const protocol = declaredProtocol(p);
      return protocol !== undefined && PLAINTEXT.has(protocol) && p.port !== 443;
    });
    if (plain) return `${who}, but port ${plain.port} is declared ${declaredProtocol(plain)} (plain text): the client originates TLS the app does not speak`;
  }
  return undefined;
}

function podPort(workload: Parameters<typeof containerPortFor>[0], port: ServicePort): number | undefined {
  const target = targetPortOf(port);
  if (target === undefined) return undefined;
  const match = containerPortFor(workload, target, port.protocol);
  return match && match !== 'undeclared' ? match.number : typeof target === 'number' ? target : undefined;
}
