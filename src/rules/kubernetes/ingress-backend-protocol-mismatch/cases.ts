import type { CountedRuleCase } from '../rule-case.js';

/** An app on container port 8443 behind Service `app` (port 443) and an Ingress of `className`; the pieces vary per case. */
const project = (o: { probe?: string; portName?: string; appProtocol?: string; annotations?: string; className?: string }) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: app, namespace: web}
spec:
  selector: {matchLabels: {app: app}}
  template:
    metadata: {labels: {app: app}}
    spec:
      containers:
        - name: app
          image: ghcr.io/example/app:1
          ports:
            - containerPort: 8443${o.portName ? `\n              name: ${o.portName}` : ''}
${o.probe ?? ''}---
apiVersion: v1
kind: Service
metadata: {name: app, namespace: web}
spec:
  selector: {app: app}
  ports:
    - port: 443
      targetPort: 8443${o.appProtocol ? `\n      appProtocol: ${o.appProtocol}` : ''}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: app
  namespace: web
  annotations:
    nginx.ingress.kubernetes.io/proxy-body-size: 8m
${o.annotations ?? ''}spec:
  ingressClassName: ${o.className ?? 'nginx'}
  defaultBackend:
    service:
      name: app
      port: {number: 443}
`;

const HTTPS_PROBE = '          readinessProbe:\n            httpGet: {path: /ready, port: 8443, scheme: HTTPS}\n';
const HTTP_PROBE = '          readinessProbe:\n            httpGet: {path: /ready, port: 8443}\n';

export default [
  { name: 'a readiness probe with scheme HTTPS on the port', files: { 'k.yaml': project({ probe: HTTPS_PROBE }) }, findings: 1, at: ['k.yaml:29'] },
  { name: 'the Service port says appProtocol https', files: { 'k.yaml': project({ appProtocol: 'https' }) }, findings: 1 },
  { name: 'the container port is named https', files: { 'k.yaml': project({ portName: 'https' }) }, findings: 1 },
  {
    name: 'near miss: the annotation says HTTPS',
    files: { 'k.yaml': project({ probe: HTTPS_PROBE, annotations: '    nginx.ingress.kubernetes.io/backend-protocol: "HTTPS"\n' }) },
    findings: 0,
  },
  {
    name: 'the annotation says HTTPS while the probe uses plain HTTP on the port',
    files: { 'k.yaml': project({ probe: HTTP_PROBE, annotations: '    nginx.ingress.kubernetes.io/backend-protocol: "HTTPS"\n' }) },
    findings: 1,
    at: ['k.yaml:33'],
    message: 'serves plain HTTP',
  },
  { name: 'near miss: nothing tells what the port speaks (a number alone is no proof)', files: { 'k.yaml': project({}) }, findings: 0 },
  {
    name: 'near miss: contradicting hints (probe HTTP, port named https)',
    files: { 'k.yaml': project({ probe: HTTP_PROBE, portName: 'https' }) },
    findings: 0,
  },
  { name: 'near miss: another controller (Traefik)', files: { 'k.yaml': project({ probe: HTTPS_PROBE, className: 'traefik' }) }, findings: 0 },
  {
    name: 'near miss: SSL passthrough hands the TLS stream to the pod',
    files: { 'k.yaml': project({ probe: HTTPS_PROBE, annotations: '    nginx.ingress.kubernetes.io/ssl-passthrough: "true"\n' }) },
    findings: 0,
  },
] satisfies CountedRuleCase[];
