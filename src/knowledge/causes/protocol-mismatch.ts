import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'protocol-mismatch',
  title: CAUSE_TITLES['protocol-mismatch'],
  explanation:
    'The connection (and TLS, if any) succeeds, but the bytes that come back are not what the proxy expects: HTTP/1.1 sent to an HTTP/2-only or gRPC backend (or gRPC to an HTTP/1.1 backend), HTTP sent to a non-HTTP port such as a database or Redis, the PROXY protocol header enabled on only one side, or a WebSocket upgrade that the proxy does not forward. ' +
    'The proxy then reports an invalid, garbled or missing response ("upstream sent no valid HTTP/1.0 header", Envoy "protocol error", HTTP/0.9) or the backend closes the connection on the unexpected input. ' +
    'In Istio the protocol is chosen from the Service port name prefix (http-, http2-, grpc-, tcp-, …) or appProtocol, so a misnamed port makes Envoy use the wrong codec; server-first protocols (MySQL, SMTP) on an auto-detected port stall instead.',
  symptoms: [
    'upstream sent no valid HTTP/1.0 header while reading response header from upstream; upstream sent invalid header',
    'Envoy/Istio 502/503 with flag UPE "protocol error" or UC right after connect; "upstream connect error … reset reason: protocol error"',
    'nginx grpc_pass: upstream rejected request with error 1/2 or "upstream sent frame for closed stream"',
    'ALB 464 (incoming protocol incompatible with the target group protocol version); curl (16)/(92) HTTP/2 errors; binary garbage in the response',
  ],
  confirm: {
    vm: [
      {
        command: 'curl -sv --max-time 5 {url}',
        expect: '"Received HTTP/0.9 when not allowed", "Empty reply from server" or binary output mean the port does not speak HTTP/1.1: confirmed.',
      },
      {
        command: 'curl -sv --max-time 5 --http2-prior-knowledge http://{host}:{port}/',
        expect: 'A valid HTTP/2 answer here while HTTP/1.1 fails means the backend is h2c/gRPC-only (use grpc_pass or an HTTP/2 upstream).',
      },
      {
        command: 'nc -w 3 {host} {port} </dev/null | head -c 200 | od -c | head',
        expect: 'Bytes sent before any request (a MySQL/SMTP/SSH banner) mean a server-first, non-HTTP protocol on that port.',
      },
    ],
    compose: [
      {
        command: "docker compose exec {proxy} sh -c 'curl -sv --max-time 5 http://{service}:{port}/ || wget -S -O- -T 5 http://{service}:{port}/'",
        expect: 'A garbled or empty reply, or HTTP/0.9, confirms the port does not speak the protocol the proxy uses.',
      },
      {
        command: "docker compose exec {proxy} sh -c 'nginx -T 2>/dev/null' | grep -nE 'proxy_pass|grpc_pass|proxy_http_version|proxy_protocol|Upgrade'",
        expect: 'proxy_pass to a gRPC backend, proxy_protocol on only one side, or missing Upgrade/Connection headers for WebSockets confirm.',
      },
    ],
    kubernetes: [
      {
        command: "kubectl get svc {service} -n {namespace} -o jsonpath='{.spec.ports}'",
        expect: 'Check the port name and appProtocol against what the app speaks (h2c, grpc, http, tcp).',
      },
      {
        command: "kubectl get ingress -n {namespace} -o yaml | grep -nE 'backend-protocol|proxy-http-version|websocket'",
        expect: 'For gRPC backends ingress-nginx needs nginx.ingress.kubernetes.io/backend-protocol: "GRPC" (or "GRPCS"); without it, HTTP/1.1 is sent.',
      },
      {
        command: 'kubectl run -n {namespace} tmp-debug --rm -i --image=nicolaka/netshoot --restart=Never -- curl -sv --max-time 5 http://{service}:{port}/',
        expect: 'HTTP/0.9, an empty reply or binary data confirm the backend port speaks another protocol.',
      },
    ],
    istio: [
      {
        command: "kubectl get svc {service} -n {namespace} -o jsonpath='{.spec.ports}'",
        expect:
          'The port name prefix (http-, http2-, grpc-, tcp-, mysql-, …) or appProtocol must match what the app really speaks; e.g. "grpc" on an HTTP/1.1 app or "http" on a database confirms.',
      },
      {
        command: 'istioctl analyze -n {namespace}',
        expect: 'IST0118 (port name does not follow the protocol naming convention) or other port warnings point to the culprit.',
      },
      {
        command: "kubectl logs -n {namespace} deploy/{proxy} -c istio-proxy --tail=300 | grep -E ' (UPE|UC|DPE) |protocol_error|protocol error'",
        expect: 'UPE/protocol error lines on the cluster outbound|{port}||{service}… confirm Envoy uses the wrong codec.',
      },
    ],
    aws: [
      {
        command: "aws elbv2 describe-target-groups --target-group-arns {targetGroup} --query 'TargetGroups[].[Protocol,ProtocolVersion,Port]'",
        expect: 'ProtocolVersion GRPC/HTTP2 for an HTTP/1.1 app (or HTTP1 for a gRPC app) confirms; 464 or 502 in the access log fit.',
      },
      {
        command: "aws elbv2 describe-listeners --load-balancer-arn {lb} --query 'Listeners[].[Port,Protocol]'",
        expect: 'GRPC and HTTP2 target groups only work behind HTTPS listeners; an HTTP listener in front of them confirms.',
      },
    ],
  },
  fix: {
    vm: 'Use the matching proxy mode: `grpc_pass grpc://{host}:{port};` for gRPC, `proxy_http_version 1.1;` plus `proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade";` for WebSockets, the `stream {}` module for non-HTTP TCP, and enable PROXY protocol on both sides or neither.',
    compose:
      "Point HTTP proxying only at HTTP ports (check the service's documented ports), use `grpc_pass` for gRPC services, and forward Upgrade headers for WebSockets.",
    kubernetes:
      'Set `appProtocol` on the Service port (e.g. `kubernetes.io/h2c`, `grpc`) and the ingress annotation `nginx.ingress.kubernetes.io/backend-protocol: "GRPC"` for gRPC backends.',
    istio:
      'Name Service ports by protocol (`http-web`, `grpc-api`, `tcp-db`) or set `appProtocol`; use `tcp-` for non-HTTP and server-first protocols so Envoy does not try to parse them.',
    aws: 'Create the target group with the protocol version the targets speak (HTTP1, HTTP2 or GRPC) and use a matching listener (gRPC/HTTP2 need an HTTPS listener).',
  },
  references: [
    'https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/',
    'https://nginx.org/en/docs/http/ngx_http_grpc_module.html',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html',
  ],
});
