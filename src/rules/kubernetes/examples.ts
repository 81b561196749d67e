/** Manifests shared by the Problem/Fixed examples of several Kubernetes (and Istio) rules. */

/**
 * Deployment and Service `web` in namespace `shop` (container port `http` 8080 behind Service port 80) and the
 * nginx Ingress for shop.example.com that routes to it; `backendPort` is the Ingress backend's port line
 * (`name: http` or `number: 80`).
 */
export const shopWebBehindIngress = (backendPort: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1.8.0
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  namespace: shop
spec:
  ingressClassName: nginx
  rules:
    - host: shop.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  ${backendPort}
`;
