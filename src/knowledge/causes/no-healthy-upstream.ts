import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'no-healthy-upstream',
  title: CAUSE_TITLES['no-healthy-upstream'],
  explanation:
    'The pool has members, but health checking (active probes, Kubernetes readiness, or nginx passive `max_fails` accounting) has marked all of them down, so the proxy refuses to pick any and answers 502/503 without connecting. ' +
    "Often the app is fine and the health check is wrong: a path that returns 301/401/404, the wrong port or Host header, a probe timeout shorter than the endpoint's latency, or a firewall that blocks the checker's source ranges. " +
    "It differs from no-endpoints (the list is empty) and from outlier-ejection (only some hosts ejected after real request errors). Note that AWS ALB and NLB fail open: when all targets are unhealthy they route to all of them, so there you see the targets' own errors instead of a 503.",
  symptoms: [
    'no live upstreams while connecting to upstream (nginx 502)',
    'no healthy upstream (Envoy/Istio 503 UH); HAProxy 503 "No server is available to handle this request" / "backend has no server available!"',
    'GCP failed_to_pick_backend; Azure Application Gateway 502 with all backends Unhealthy; Cloudflare 1033',
    'Starts when a health check, probe or firewall changes; persists while the app looks healthy from inside',
  ],
  confirm: {
    vm: [
      {
        command: 'curl -sv --max-time 5 {scheme}://{host}:{port}<health-check-path>',
        expect: 'The health endpoint must answer 2xx (or what the checker expects) quickly; a 3xx/4xx/5xx or slow answer explains the failing checks.',
      },
      {
        command: "sudo grep -hE 'no live upstreams|upstream server temporarily disabled' /var/log/nginx/error.log | tail -20",
        expect: 'nginx marks servers down after max_fails errors within fail_timeout; a burst of these lines confirms every server is marked down.',
      },
      {
        command: "echo 'show stat' | sudo socat stdio <haproxy-admin-socket> | cut -d, -f1,2,18,37,38",
        expect: 'HAProxy: status DOWN on every server of the backend, with check_status (L4CON, L7STS, L4TOUT…) naming why.',
      },
      {
        command: "curl -s http://127.0.0.1:<envoy-admin-port>/clusters | grep '^{cluster}::.*health_flags'",
        expect: 'Envoy: every host with /failed_active_hc or /failed_eds_health confirms.',
      },
    ],
    compose: [
      {
        command: 'docker compose ps',
        expect: 'STATUS "(unhealthy)" for the backend confirms its own healthcheck fails.',
      },
      {
        command: "docker inspect -f '{{json .State.Health}}' $(docker compose ps -q {service})",
        expect: 'The last probe outputs and exit codes show why the healthcheck fails (wrong port, missing curl in the image, slow start).',
      },
      {
        command: "docker compose logs --tail=100 {proxy} | grep -E 'no live upstreams|no healthy upstream|no server available'",
        expect: 'These lines from the proxy confirm it considers every backend down.',
      },
    ],
    kubernetes: [
      {
        command: 'kubectl get pods -n {namespace} -l <selector> -o wide',
        expect: 'Running but READY 0/1 on every pod confirms: readiness fails, so the Service has only not-ready endpoints.',
      },
      {
        command: 'kubectl describe pod {pod} -n {namespace}',
        expect: 'Events "Readiness probe failed: HTTP probe failed with statuscode: 404" (or connection refused / timeout) name the failing probe.',
      },
      {
        command: "kubectl get endpointslices -n {namespace} -l kubernetes.io/service-name={service} -o yaml | grep -n -A3 'conditions:'",
        expect: '"ready: false" on every endpoint confirms.',
      },
    ],
    istio: [
      {
        command: 'istioctl proxy-config endpoints deploy/{proxy} -n {namespace} --cluster "outbound|{port}||{service}.{namespace}.svc.cluster.local"',
        expect: 'STATUS UNHEALTHY on every endpoint confirms (OUTLIER CHECK FAILED instead points to outlier-ejection).',
      },
      {
        command: 'kubectl get pods -n {namespace} -l <selector> -o wide',
        expect: 'READY 1/2 means the app container (or the sidecar) is not ready, so Istio marks the endpoint unhealthy.',
      },
      {
        command: "kubectl exec -n {namespace} deploy/{proxy} -c istio-proxy -- pilot-agent request GET clusters | grep '{service}' | grep health_flags",
        expect: 'Every host flagged /failed_eds_health, /failed_active_hc or /failed_outlier_check tells which mechanism marked it down.',
      },
    ],
    aws: [
      {
        command: 'aws elbv2 describe-target-health --target-group-arn {targetGroup}',
        expect:
          'State "unhealthy" on all targets with Reason: Target.ResponseCodeMismatch (wrong path/port or app returns 3xx/4xx), Target.Timeout (security group or slow endpoint), Target.FailedHealthChecks (connection failed).',
      },
      {
        command:
          "aws elbv2 describe-target-groups --target-group-arns {targetGroup} --query 'TargetGroups[].[HealthCheckProtocol,HealthCheckPort,HealthCheckPath,Matcher.HttpCode,HealthCheckTimeoutSeconds,UnhealthyThresholdCount]'",
        expect: 'Compare path, port, expected codes and timeout with what the app actually serves.',
      },
    ],
    gcp: [
      {
        command: 'gcloud compute backend-services get-health <backend-service> --global',
        expect: 'healthState UNHEALTHY on every instance/endpoint confirms.',
      },
      {
        command: 'gcloud compute health-checks describe <health-check>',
        expect:
          'port/portName, requestPath and timeoutSec must match the app; checks come from 130.211.0.0/22 and 35.191.0.0/16, which the firewall must allow.',
      },
    ],
    azure: [
      {
        command: 'az network application-gateway show-backend-health -g <resource-group> -n <gateway>',
        expect: 'health "Unhealthy" on every server, with the probe log message naming the reason (status code, timeout, certificate, NSG).',
      },
      {
        command: 'az network application-gateway probe list -g <resource-group> --gateway-name <gateway> -o table',
        expect: 'Check the probe host, path, interval, timeout and match conditions against the app.',
      },
    ],
    cloudflare: [
      {
        command: 'cloudflared tunnel info <tunnel-name>',
        expect: 'No active connectors confirms error 1033 (no healthy cloudflared for the tunnel).',
      },
      {
        command: 'curl -s -H "Authorization: Bearer <api-token>" https://api.cloudflare.com/client/v4/accounts/<account-id>/load_balancers/pools',
        expect: 'With Cloudflare Load Balancing: pools with "healthy":false (every origin failing its monitor) confirm.',
      },
    ],
  },
  fix: {
    vm: 'Fix whatever fails the check (or the check itself): point it at a cheap endpoint that returns 200 on the serving port; for nginx passive checks, tune `max_fails`/`fail_timeout` on the `server` lines; reload the proxy.',
    compose: 'Fix the `healthcheck:` test (right port, a tool that exists in the image, `start_period` long enough) or the app endpoint it calls.',
    kubernetes:
      'Fix the readiness probe (path, port, timeoutSeconds, initialDelaySeconds or a startupProbe) or the dependency that makes the app report unready; do not point readiness at checks of downstream systems you do not own.',
    istio:
      'Make the app container Ready (readiness probe and app), then verify endpoints turn HEALTHY in `istioctl proxy-config endpoints`; if outlier detection ejected them, see outlier-ejection.',
    aws: 'Point the target group health check at a path and port that return the matcher code (e.g. 200) within the timeout, and allow the load balancer security group on the health-check port.',
    gcp: 'Fix the health check (port, request path, timeout) and allow 130.211.0.0/22 and 35.191.0.0/16 to the backends on the health-check port.',
    azure: 'Fix the custom probe (host, path, match codes, timeout) or the backend answer it gets; make sure NSGs allow the probe traffic.',
    cloudflare: 'Run at least one healthy `cloudflared` connector for the tunnel (`cloudflared tunnel run <tunnel-name>`), ideally two for redundancy.',
  },
  references: [
    'https://nginx.org/en/docs/http/ngx_http_upstream_module.html#server',
    'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/health_checking',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  ],
});
