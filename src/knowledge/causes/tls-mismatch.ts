import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'tls-mismatch',
  title: CAUSE_TITLES['tls-mismatch'],
  explanation:
    'The TCP connection opens, but the TLS layer fails: the proxy speaks TLS to a plaintext port ("wrong version number") or plain HTTP to a TLS port ("plain HTTP request was sent to HTTPS port", empty reply), the backend certificate is not trusted, expired or for another name (often no SNI sent), protocol versions or ciphers do not overlap, or a client certificate is missing. ' +
    'In Istio, a workload with PeerAuthentication STRICT resets plaintext connections from callers without a sidecar, and a DestinationRule with ISTIO_MUTUAL toward a non-mesh backend fails the handshake. ' +
    'It differs from connect errors because the failure comes after connect, within milliseconds, and mentions SSL/TLS, certificates, handshakes or a reset right after connecting.',
  symptoms: [
    'SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream (nginx 502)',
    'upstream SSL certificate verify error: (20:unable to get local issuer certificate); upstream SSL certificate does not match "backend"',
    'Envoy "TLS_error:…WRONG_VERSION_NUMBER" / "CERTIFICATE_VERIFY_FAILED"; Istio 503 "reset reason: connection termination" from plaintext callers to STRICT workloads',
    'Go "http: server gave HTTP response to HTTPS client"; curl (35)/(60); Java PKIX path building failed',
    'ALB 502 with TargetTLSNegotiationErrorCount; GCP backend_tls_handshake_failed; Cloudflare 525/526',
  ],
  confirm: {
    vm: [
      {
        command: 'openssl s_client -connect {host}:{port} -servername {host} -brief </dev/null',
        expect:
          '"wrong version number" or "no peer certificate available" = the port is plaintext; "Verification error: …" = trust, expiry or name problem; a clean "Verification: OK" rules out certificates.',
      },
      {
        command: 'curl -sv --max-time 5 https://{host}:{port}/ ; curl -sv --max-time 5 http://{host}:{port}/',
        expect: 'Whichever scheme answers tells what the port speaks; it must match the scheme in the proxy config (proxy_pass https:// vs http://).',
      },
      {
        command:
          'openssl s_client -connect {host}:{port} -servername {host} </dev/null 2>/dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName',
        expect:
          "The SAN list must contain the name the proxy verifies (proxy_ssl_name / SNI), notAfter must be in the future, and the issuer must be in the proxy's trusted CA file.",
      },
    ],
    compose: [
      {
        command: 'docker run --rm --network <compose-network> nicolaka/netshoot openssl s_client -connect {service}:{port} -servername {service} -brief',
        expect:
          'Same reading as on a host ("wrong version number" = plaintext port, "Verification error" = certificate); find the network with `docker network ls`.',
      },
      {
        command: "docker compose exec {proxy} sh -c 'nginx -T 2>/dev/null' | grep -nE 'proxy_pass|proxy_ssl_'",
        expect: 'proxy_pass https:// to a plaintext port (or http:// to a TLS port), or missing proxy_ssl_server_name/proxy_ssl_trusted_certificate, confirms.',
      },
    ],
    kubernetes: [
      {
        command:
          "kubectl run -n {namespace} tmp-debug --rm -i --image=nicolaka/netshoot --restart=Never -- sh -c 'openssl s_client -connect {service}:{port} -servername {service}.{namespace}.svc.cluster.local -brief </dev/null'",
        expect: '"wrong version number" = plaintext port; "Verification error" = certificate trust/name; a clean handshake means look at the proxy side.',
      },
      {
        command: "kubectl get ingress -n {namespace} -o yaml | grep -nE 'backend-protocol|proxy-ssl'",
        expect:
          'ingress-nginx talks plain HTTP to backends unless nginx.ingress.kubernetes.io/backend-protocol: "HTTPS" (or GRPCS) is set; a TLS-only backend without it confirms.',
      },
    ],
    istio: [
      {
        command: 'istioctl x describe pod {pod} -n {namespace}',
        expect:
          'Shows whether the pod has a sidecar and the effective PeerAuthentication mode and DestinationRule TLS settings; STRICT with a non-mesh caller confirms.',
      },
      {
        command: 'kubectl get peerauthentication -A',
        expect: 'A mesh-wide (istio-system), namespace or workload policy with mode STRICT rejects plaintext callers.',
      },
      {
        command:
          "kubectl get pods -n {namespace} -o custom-columns='NAME:.metadata.name,CONTAINERS:.spec.containers[*].name,INIT:.spec.initContainers[*].name'",
        expect: 'Callers or backends without istio-proxy have no sidecar: they cannot do Istio mTLS (use PERMISSIVE or inject them).',
      },
      {
        command: "kubectl get destinationrule -A -o yaml | grep -n -B2 -A2 'mode: '",
        expect: 'tls mode DISABLE toward a STRICT workload, or ISTIO_MUTUAL toward a non-mesh host, confirms.',
      },
    ],
    aws: [
      {
        command: "aws elbv2 describe-target-groups --target-group-arns {targetGroup} --query 'TargetGroups[].[Protocol,Port,HealthCheckProtocol]'",
        expect:
          'HTTPS on a port where the app speaks plain HTTP (or HTTP on a TLS port) confirms. ALB does not validate target certificates, so only protocol/cipher problems matter.',
      },
      {
        command:
          'aws cloudwatch get-metric-statistics --namespace AWS/ApplicationELB --metric-name TargetTLSNegotiationErrorCount --dimensions Name=LoadBalancer,Value=<app/name/id> --start-time <start-ISO8601> --end-time <end-ISO8601> --period 300 --statistics Sum',
        expect: 'Non-zero sums during the 502s confirm TLS failures between the load balancer and targets.',
      },
    ],
    gcp: [
      {
        command: 'gcloud compute backend-services describe <backend-service> --global --format="value(protocol,portName)"',
        expect: 'HTTPS/HTTP2 toward a plaintext port (or HTTP toward a TLS-only port) confirms.',
      },
      {
        command:
          'gcloud logging read \'resource.type="http_load_balancer" AND (jsonPayload.statusDetails:"tls" OR jsonPayload.statusDetails:"ssl")\' --limit 20 --freshness 1d',
        expect: 'statusDetails such as backend_tls_handshake_failed or ssl_certificate_*_verification_failed confirm.',
      },
    ],
    azure: [
      {
        command: 'az network application-gateway show-backend-health -g <resource-group> -n <gateway>',
        expect: 'Messages about the Common Name not matching, an untrusted root certificate or an expired backend certificate confirm.',
      },
      {
        command:
          'az network application-gateway http-settings list -g <resource-group> --gateway-name <gateway> --query "[].{name:name,port:port,protocol:protocol,hostName:hostName}" -o table',
        expect: 'Protocol Https toward a plaintext backend (or Http toward TLS), or a host name that is not on the certificate, confirms.',
      },
    ],
    cloudflare: [
      {
        command: 'curl -s -H "Authorization: Bearer <api-token>" https://api.cloudflare.com/client/v4/zones/<zone-id>/settings/ssl',
        expect:
          '"value":"full" or "strict" requires working TLS on the origin (525 if the handshake fails); "strict" also requires a valid, unexpired certificate for the hostname (526).',
      },
      {
        command: 'openssl s_client -connect <origin-ip>:443 -servername {host} -brief </dev/null',
        expect: 'No handshake confirms 525; "Verification error" under Full (strict) confirms 526.',
      },
    ],
  },
  fix: {
    vm: 'Match the scheme to the port (`proxy_pass https://…` only for TLS backends), and for TLS backends enable SNI and verification with the right CA: `proxy_ssl_server_name on; proxy_ssl_name <cert-name>; proxy_ssl_trusted_certificate /etc/ssl/certs/<ca>.pem; proxy_ssl_verify on;`. Renew expired certificates.',
    compose:
      'Use `http://{service}:{port}` for plaintext backends; for TLS backends mount the backend CA into the proxy and verify against the name on the certificate.',
    kubernetes:
      'Use the scheme the backend port speaks; for ingress-nginx to TLS backends set `nginx.ingress.kubernetes.io/backend-protocol: "HTTPS"` (and `proxy-ssl-*` annotations to verify).',
    istio:
      'During migration use PeerAuthentication `mtls.mode: PERMISSIVE`, inject sidecars into all callers, then switch to STRICT; remove DestinationRules that set `tls.mode: DISABLE` toward mesh workloads or ISTIO_MUTUAL toward non-mesh hosts.',
    aws: "Set the target group protocol to what the target listens with (HTTP for plaintext, HTTPS for TLS) and make the target accept a TLS version and cipher of the ALB's target security policy.",
    gcp: 'Set the backend service protocol to match the backend (HTTP/HTTPS/HTTP2) and give the backend a valid certificate if using HTTPS.',
    azure:
      'Use Https backend settings only for TLS backends, set the host name to a name on the certificate, and upload the trusted root certificate (v2) of the backend CA.',
    cloudflare:
      'Install a certificate on the origin that covers the hostname (a Cloudflare Origin CA certificate works with Full (strict)), or lower the SSL mode only as a temporary measure.',
  },
  references: [
    'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ssl_server_name',
    'https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/',
    'https://developers.cloudflare.com/ssl/origin-configuration/ssl-modes/',
  ],
});
