import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { SourcePosition } from '../../../core/position.js';
import type { ResolvedPath } from '../../../evidence/topology/model.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import type { Container, Ingress, KubernetesFacts, Service, ServicePort, Workload } from '../../../inputs/kubernetes/model.js';
import { ingressClassOf } from '../../../inputs/kubernetes/proxy-locations.js';
import { once } from '../../../inputs/kubernetes/queries.js';
import { servicePortFor } from '../../../inputs/kubernetes/service-ports.js';
import { ingressProxyId } from '../../../inputs/kubernetes/topology.js';
import { addSiblingFix, replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { ingress } from '../examples.js';

const ANNOTATION = 'nginx.ingress.kubernetes.io/backend-protocol';

const manifests = (annotations: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: argocd-server
  namespace: argocd
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: argocd-server
  template:
    metadata:
      labels:
        app.kubernetes.io/name: argocd-server
    spec:
      containers:
        - name: argocd-server
          image: quay.io/argoproj/argocd:v2.12.3
          args: ["/usr/local/bin/argocd-server"]
          ports:
            - name: server
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz?full=true
              port: 8080
              scheme: HTTPS
---
apiVersion: v1
kind: Service
metadata:
  name: argocd-server
  namespace: argocd
spec:
  selector:
    app.kubernetes.io/name: argocd-server
  ports:
    - name: https
      port: 443
      targetPort: 8080
---
${ingress({ name: 'argocd', namespace: 'argocd', annotations, host: 'argocd.example.com', service: 'argocd-server', port: 'name: https' })}`;

export default defineRule({
  id: 'kubernetes/ingress-backend-protocol-mismatch',
  domain: 'kubernetes',
  cause: 'tls-mismatch',
  severity: 'error',
  title: 'ingress-nginx speaks HTTP to a TLS backend, or TLS to a plain-HTTP one',
  catalog: ['X2', 'X13'],
  docs: {
    why: 'ingress-nginx connects to backends in plain HTTP unless the Ingress says `nginx.ingress.kubernetes.io/backend-protocol: "HTTPS"`. A backend that serves TLS on that port (Argo CD, the Kubernetes dashboard, Keycloak on 8443, anything whose probes use `scheme: HTTPS`) answers `400 The plain HTTP request was sent to HTTPS port` or resets, and users see 400/502. The reverse — the annotation set while the pod serves plain HTTP — fails the TLS handshake (`SSL_do_handshake() failed … wrong version number`, 502). The probes, port names and `appProtocol` tell which one the pod speaks.',
    problem: {
      description: 'Argo CD serves TLS on 8080 (its probe uses `scheme: HTTPS`); the Ingress does not tell ingress-nginx.',
      files: { 'argocd/ingress.yaml': manifests('nginx.ingress.kubernetes.io/force-ssl-redirect: "true"\n') },
    },
    fixed: {
      files: {
        'argocd/ingress.yaml': manifests('nginx.ingress.kubernetes.io/force-ssl-redirect: "true"\nnginx.ingress.kubernetes.io/backend-protocol: "HTTPS"\n'),
      },
    },
    remediation:
      'Set `nginx.ingress.kubernetes.io/backend-protocol: "HTTPS"` on the Ingress when the pod serves TLS (or run the app in plain HTTP behind the controller, e.g. `argocd-server --insecure`); remove it (or set `HTTP`) when the pod serves plain HTTP.',
    references: [
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#backend-protocol',
      'https://argo-cd.readthedocs.io/en/stable/operator-manual/ingress/#kubernetesingress-nginx',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const first = once();
    let byProxyId: Map<string, Ingress> | undefined;
    for (const path of ctx.facts.topology.paths) {
      if (path.proxy.product !== 'kubernetes-ingress' || path.status !== 'resolved' || !path.listen) continue;
      // Reversed so that, as with a linear search, the first Ingress of a duplicated name wins.
      byProxyId ??= new Map(k.ingresses.map((i) => [ingressProxyId(i), i] as const).reverse());
      const ingress = byProxyId.get(path.proxy.id);
      if (!ingress || !servedByIngressNginx(k, ingress)) continue;
      const annotations = ingress.object.annotations;
      if (annotations['nginx.ingress.kubernetes.io/ssl-passthrough'] === 'true') continue;
      const written = annotations[ANNOTATION]?.toUpperCase();
      const sendsTls = written === 'HTTPS' || written === 'GRPCS';
      if (written !== undefined && !['HTTP', 'HTTPS'].includes(written)) continue;
      const workload = path.backend ? k.index.workloadById(path.backend.id) : undefined;
      if (!workload) continue;
      const evidence = backendSpeaks(k, path, workload);
      if (!evidence || evidence.tls === sendsTls) continue;
      if (!first(`${ingress.object.file}:${ingress.object.at.line}|${path.listen.port}`)) continue;
      const fix = annotationFix(ingress, evidence.tls ? 'HTTPS' : undefined);
      ctx.report({
        message: evidence.tls
          ? `${describe(ingress.object)} → ${path.target.text}: ingress-nginx speaks plain HTTP to port ${path.listen.port} of ${describe(workload.object)}, which serves TLS (${evidence.why}): requests fail with 400 "plain HTTP request was sent to HTTPS port" or 502; set \`${ANNOTATION}: "HTTPS"\``
          : `${describe(ingress.object)} → ${path.target.text}: \`${ANNOTATION}: "${annotations[ANNOTATION]}"\` makes ingress-nginx speak TLS to port ${path.listen.port} of ${describe(workload.object)}, which serves plain HTTP (${evidence.why}): the handshake fails and requests get 502`,
        at: evidence.tls ? ingress.object.at : (ingress.object.pos(['metadata', 'annotations', ANNOTATION]) ?? ingress.object.at),
        path: path.steps,
        ...(fix ? { fix } : {}),
        related: evidence.at ? [{ at: evidence.at, message: evidence.why }] : [],
      });
    }
  },
});

/** The Ingress is served by ingress-nginx (the community controller reads the `nginx.ingress.kubernetes.io/*` annotations). */
function servedByIngressNginx(k: KubernetesFacts, ingress: Ingress): boolean {
  const { name, ingressClass } = ingressClassOf(k, ingress);
  if (ingressClass?.controller) return /^k8s\.io\/ingress-nginx/.test(ingressClass.controller);
  // NGINX Inc's controller also uses class `nginx`, with `nginx.org/*` annotations.
  if (Object.keys(ingress.object.annotations).some((a) => a.startsWith('nginx.org/'))) return false;
  return name !== undefined && /nginx/.test(name);
}

interface Evidence {
  tls: boolean;
  why: string;
  at?: SourcePosition;
}

/** What the pod serves on the port the Ingress reaches: its probes' scheme, port names, `appProtocol`. */
function backendSpeaks(k: KubernetesFacts, path: ResolvedPath, workload: Workload): Evidence | undefined {
  const port = path.listen!.port;
  const tls: Evidence[] = [];
  const plain: Evidence[] = [];
  const container = workload.template.containers.find((c) => c.ports.some((p) => p.containerPort?.value === port));
  if (container) {
    for (const type of ['readinessProbe', 'livenessProbe', 'startupProbe'] as const) {
      const probe = container[type];
      if (probe?.handler !== 'http' || !probe.port) continue;
      const probePort =
        typeof probe.port.value === 'number' ? probe.port.value : container.ports.find((p) => p.name?.value === probe.port!.value)?.containerPort?.value;
      if (probePort !== port) continue;
      const scheme = String(rawAt(workload, container, [type, 'httpGet', 'scheme']) ?? 'HTTP').toUpperCase();
      (scheme === 'HTTPS' ? tls : plain).push({ tls: scheme === 'HTTPS', why: `its ${type} uses scheme ${scheme} on that port`, at: probe.at });
    }
    const named = container.ports.find((p) => p.containerPort?.value === port)?.name;
    if (named && /^https(?:-|$)/i.test(named.value)) tls.push({ tls: true, why: `the container port is named \`${named.value}\``, at: named.at });
    else if (named && /^(?:http|h2c)(?:-|$)/i.test(named.value))
      plain.push({ tls: false, why: `the container port is named \`${named.value}\``, at: named.at });
  }
  const servicePort = serviceAndPort(k, path);
  const app = servicePort?.appProtocol?.toLowerCase();
  if (app === 'https' || app === 'tls') tls.push({ tls: true, why: `the Service port's appProtocol is ${app}`, at: servicePort!.at });
  else if (app === 'http' || app === 'kubernetes.io/h2c') plain.push({ tls: false, why: `the Service port's appProtocol is ${app}`, at: servicePort!.at });
  if (tls.length > 0 && plain.length === 0) return tls[0];
  if (plain.length > 0 && tls.length === 0) return plain[0];
  return undefined;
}

function serviceAndPort(k: KubernetesFacts, path: ResolvedPath): ServicePort | undefined {
  const service: Service | undefined = k.index.services(path.target.host ?? '', path.target.namespace)[0];
  if (!service) return undefined;
  if (path.target.port !== undefined) return servicePortFor(service, path.target.port);
  const name = /:([A-Za-z][\w-]*)$/.exec(path.target.text)?.[1];
  return name ? servicePortFor(service, name) : service.ports.length === 1 ? service.ports[0] : undefined;
}

/** A field of the container as written (for settings the model does not keep, such as a probe's scheme). */
function rawAt(workload: Workload, container: Container, path: string[]): unknown {
  let value: unknown = workload.object.value;
  for (const key of [...container.path, ...path]) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[key as string];
  }
  return value;
}

/** Adds (or rewrites) the backend-protocol annotation; removes nothing when plain HTTP is meant (the fix is then a rewrite to HTTP). */
function annotationFix(ingress: Ingress, protocol: 'HTTPS' | undefined): Fix | undefined {
  const object = ingress.object;
  const current = object.annotations[ANNOTATION];
  if (current !== undefined)
    return replaceFix(object.pos(['metadata', 'annotations', ANNOTATION]), `"${protocol ?? 'HTTP'}"`, `speak ${protocol ?? 'HTTP'} to the backend`);
  const keys = Object.keys(object.annotations);
  const last = keys.at(-1);
  if (!last || !protocol) return undefined;
  return addSiblingFix(object, ['metadata', 'annotations', last], `${ANNOTATION}: "${protocol}"`, `speak ${protocol} to the backend`);
}
