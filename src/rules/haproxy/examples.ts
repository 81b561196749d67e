/** Shared pieces of the HAProxy rules' example projects. */

export const haproxyCompose = (backends: string) => `services:
  lb:
    image: haproxy:3.0-alpine
    ports:
      - "80:8080"
    volumes:
      - ./haproxy/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro
${backends}`;

export const haproxyCfg = (backend: string, extraDefaults = '') => `global
    log stdout format raw local0

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client  30s
    timeout server  30s
${extraDefaults}
frontend www
    bind :8080
    default_backend app

backend app
    balance roundrobin
${backend}`;
