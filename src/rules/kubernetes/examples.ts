/** Manifests shared by the Problem/Fixed examples of several Kubernetes (and Istio) rules. */

/** `text` with every non-empty line indented by `spaces`. */
function indent(text: string, spaces: number): string {
  return text.replace(/^(?=.)/gm, ' '.repeat(spaces));
}

/**
 * A Deployment whose pods are labelled `app: <name>` and run one container `<name>`; `container` is the rest of
 * that container (ports, env, probes) written from column 0, so an example shows only what it is about.
 */
export function deployment(d: { name: string; namespace: string; replicas?: number; image: string; container: string }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${d.name}
  namespace: ${d.namespace}
spec:
${d.replicas === undefined ? '' : `  replicas: ${d.replicas}\n`}  selector:
    matchLabels:
      app: ${d.name}
  template:
    metadata:
      labels:
        app: ${d.name}
    spec:
      containers:
        - name: ${d.name}
          image: ${d.image}
${indent(d.container, 10)}`;
}

/** A Service selecting `app: <app>` (default: its own name); `ports` is the list under `ports:`, written from column 0. */
export function service(s: { name: string; namespace: string; app?: string; type?: string; ports: string }): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${s.name}
  namespace: ${s.namespace}
spec:
${s.type === undefined ? '' : `  type: ${s.type}\n`}  selector:
    app: ${s.app ?? s.name}
  ports:
${indent(s.ports, 4)}`;
}

/**
 * An Ingress (class `nginx` unless given) sending `host` + `path` (Prefix, default `/`) to one Service port;
 * `port` is the backend's port line (`name: http` or `number: 80`), `annotations` its lines written from column 0.
 */
export function ingress(i: {
  name: string;
  namespace: string;
  className?: string;
  annotations?: string;
  host?: string;
  path?: string;
  service: string;
  port: string;
}): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${i.name}
  namespace: ${i.namespace}
${i.annotations === undefined ? '' : `  annotations:\n${indent(i.annotations, 4)}`}spec:
  ingressClassName: ${i.className ?? 'nginx'}
  rules:
    - ${i.host === undefined ? '' : `host: ${i.host}\n      `}http:
        paths:
          - path: ${i.path ?? '/'}
            pathType: Prefix
            backend:
              service:
                name: ${i.service}
                port:
                  ${i.port}
`;
}

/**
 * Deployment and Service `web` in namespace `shop` (container port `http` 8080 behind Service port 80) and the
 * nginx Ingress for shop.example.com that routes to it; `backendPort` is the Ingress backend's port line
 * (`name: http` or `number: 80`).
 */
export const shopWebBehindIngress = (backendPort: string) => `${deployment({
  name: 'web',
  namespace: 'shop',
  image: 'ghcr.io/example/web:1.8.0',
  container: `ports:
  - name: http
    containerPort: 8080
readinessProbe:
  httpGet:
    path: /healthz
    port: http
`,
})}---
${service({
  name: 'web',
  namespace: 'shop',
  ports: `- name: http
  port: 80
  targetPort: http
`,
})}---
${ingress({ name: 'web', namespace: 'shop', host: 'shop.example.com', service: 'web', port: backendPort })}`;
