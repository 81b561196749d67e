/** Shared pieces of the Spring rules' example projects. */

export const PROPERTIES = 'orders/src/main/resources/application.properties';
export const YAML = 'orders/src/main/resources/application.yml';

/** nginx in front of a Spring Boot service built from ./orders (Compose). */
export const springCompose = (ordersExtra = '') => `services:
  proxy:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./nginx/default.conf:/etc/nginx/conf.d/default.conf:ro
  orders:
    build: ./orders
    expose:
      - "8080"
${ordersExtra}`;

/** nginx keeping a pool of idle connections to the Spring service (`keepalive_timeout` line optional). */
export const nginxKeepAliveSite = (keepaliveTimeout = '') => `upstream orders {
    server orders:8080;
    keepalive 32;${keepaliveTimeout ? `\n    keepalive_timeout ${keepaliveTimeout};` : ''}
}

server {
    listen 80;
    location /orders/ {
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_pass http://orders;
    }
}
`;

export const nginxSite = (target = 'orders:8080') => `server {
    listen 80;
    location /orders/ {
        proxy_pass http://${target};
    }
}
`;

/** A Deployment + Service for `orders`, in the app's own directory (so the app is attached to it). */
export const ordersManifest = (containerSpec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders
  namespace: shop
spec:
  replicas: 2
  selector:
    matchLabels:
      app: orders
  template:
    metadata:
      labels:
        app: orders
    spec:
      containers:
        - name: orders
          image: ghcr.io/example/orders:3.4.1
${containerSpec}---
apiVersion: v1
kind: Service
metadata:
  name: orders
  namespace: shop
spec:
  selector:
    app: orders
  ports:
    - name: http
      port: 80
      targetPort: http
`;
