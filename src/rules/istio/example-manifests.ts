import { deployment, service } from '../kubernetes/examples.js';

/**
 * Manifests shared by the Istio rules' Problem/Fixed examples: a small bookstore in an injected namespace.
 * Each example adds the Istio objects it is about.
 */

export const BOOKSTORE_NAMESPACE = `apiVersion: v1
kind: Namespace
metadata:
  name: bookstore
  labels:
    istio-injection: enabled
`;

/** Deployment `reviews-<version>`: two replicas labelled `app: reviews` and `version: <version>`. */
const reviewsVersion = (version: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: reviews-${version}
  namespace: bookstore
spec:
  replicas: 2
  selector:
    matchLabels:
      app: reviews
      version: ${version}
  template:
    metadata:
      labels:
        app: reviews
        version: ${version}
    spec:
      containers:
        - name: reviews
          image: docker.io/istio/examples-bookinfo-reviews-${version}:1.20.2
          ports:
            - name: http
              containerPort: 9080
          readinessProbe:
            httpGet:
              path: /health
              port: http
`;

/** `reviews` v1 and v2 behind one Service (`http` 9080). */
export const REVIEWS = `${reviewsVersion('v1')}---
${reviewsVersion('v2')}---
${service({
  name: 'reviews',
  namespace: 'bookstore',
  ports: `- name: http
  port: 9080
  targetPort: http
`,
})}`;

/** A one-replica `ratings` Service with a gRPC port and an HTTP port. */
export const RATINGS = `${deployment({
  name: 'ratings',
  namespace: 'bookstore',
  replicas: 1,
  image: 'ghcr.io/example/ratings:2.1.0',
  container: `ports:
  - name: http
    containerPort: 9080
  - name: grpc
    containerPort: 9090
readinessProbe:
  httpGet:
    path: /health
    port: http
`,
})}---
${service({
  name: 'ratings',
  namespace: 'bookstore',
  ports: `- name: http
  port: 9080
  targetPort: http
- name: grpc
  port: 9090
  targetPort: grpc
`,
})}`;

/** The Istio ingress gateway as the istio/gateway chart renders it (trimmed). */
export const INGRESS_GATEWAY = `apiVersion: v1
kind: Namespace
metadata:
  name: istio-ingress
  labels:
    istio-injection: enabled
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: istio-ingressgateway
  namespace: istio-ingress
spec:
  selector:
    matchLabels:
      istio: ingressgateway
  template:
    metadata:
      annotations:
        inject.istio.io/templates: gateway
      labels:
        istio: ingressgateway
        sidecar.istio.io/inject: "true"
    spec:
      containers:
        - name: istio-proxy
          image: auto
          ports:
            - name: http2
              containerPort: 8080
            - name: https
              containerPort: 8443
---
apiVersion: v1
kind: Service
metadata:
  name: istio-ingressgateway
  namespace: istio-ingress
spec:
  type: LoadBalancer
  selector:
    istio: ingressgateway
  ports:
    - name: http2
      port: 80
      targetPort: 8080
    - name: https
      port: 443
      targetPort: 8443
`;

export function manifests(...docs: string[]): string {
  return docs.map((d) => d.trimEnd()).join('\n---\n') + '\n';
}
