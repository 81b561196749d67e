import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'config-error',
  title: CAUSE_TITLES['config-error'],
  explanation:
    "The failure comes from the proxy's own configuration rather than from the backend: a syntax error that made the last reload fail (so the old config still runs), a route or upstream pointing at the wrong name, a missing cluster or subset, a variable `proxy_pass` without a `resolver`, buffers too small for the backend's headers, an Ingress referencing a Service or port that does not exist, an AuthorizationPolicy that denies the call, or a load-balancer rule forwarding to the wrong target group. " +
    "These errors name a route, cluster, upstream or policy instead of a connection failure, appear right after a config change, and are reported by the proxy's validator. " +
    'Validate first (`nginx -t`, `haproxy -c`, `istioctl analyze`), then compare the running configuration with what you think is deployed.',
  symptoms: [
    'nginx: [emerg] … in /etc/nginx/conf.d/… ; no resolver defined to resolve backend; no port in upstream; upstream sent too big header',
    'Envoy NR (no route, 404), NC (no cluster, 503); Istio 503 after applying a VirtualService with an undefined subset; RBAC: access denied (403)',
    'ingress-nginx serving the default backend (404) or 503 for a Service/port that does not exist',
    'Errors begin right after a deploy, reload or config change, on every request to the affected route',
  ],
  confirm: {
    vm: [
      {
        command: 'sudo nginx -t',
        expect:
          '"test failed" with a file and line confirms a syntax error (and that the last reload did not apply). For HAProxy: sudo haproxy -c -f /etc/haproxy/haproxy.cfg; for Envoy: envoy --mode validate -c <envoy-config>.',
      },
      {
        command: "sudo nginx -T 2>/dev/null | grep -nE 'proxy_pass|upstream|server_name|resolver|location'",
        expect: 'Check that the location serving the failing path proxies to the intended upstream name and port; a variable in proxy_pass needs a resolver.',
      },
      {
        command: 'journalctl -u nginx --since "1 hour ago" --no-pager | grep -iE "emerg|reload|error"',
        expect: 'A failed reload means the running config differs from the file on disk.',
      },
    ],
    compose: [
      {
        command: 'docker compose exec {proxy} nginx -t',
        expect: '"test failed" confirms an invalid config inside the container (check that the mounted file is the one you edited).',
      },
      {
        command: 'docker compose config --quiet',
        expect: 'Any output is a Compose file error (undefined network, bad depends_on, invalid keys).',
      },
      {
        command: 'docker compose logs --tail=50 {proxy}',
        expect: '[emerg] lines at start-up or after reload name the broken directive.',
      },
    ],
    kubernetes: [
      {
        command: 'kubectl describe ingress -n {namespace}',
        expect: 'Backends shown as <error: endpoints "…" not found> or a Service port that does not exist confirm a broken Ingress reference.',
      },
      {
        command: "kubectl logs -n ingress-nginx deploy/ingress-nginx-controller --tail=200 | grep -iE 'error|warn|invalid'",
        expect: 'Rejected Ingress objects, invalid annotations or reload failures confirm (namespace and name depend on the install).',
      },
      {
        command: 'kubectl get events -n {namespace} --field-selector involvedObject.kind=Ingress',
        expect: 'Sync errors for the Ingress name the problem.',
      },
    ],
    istio: [
      {
        command: 'istioctl analyze -n {namespace}',
        expect:
          'IST0101 (referenced host/subset not found), IST0173/IST0174 (DestinationRule subset/host problems) and similar messages name the broken resource.',
      },
      {
        command: 'istioctl proxy-status',
        expect: 'A proxy STALE or NOT SENT means it runs with outdated configuration (istiod connectivity).',
      },
      {
        command:
          "kubectl logs -n {namespace} deploy/{proxy} -c istio-proxy --tail=300 | grep -E ' (NR|NC) |rbac_access_denied|cluster_not_found|route_not_found'",
        expect: 'NR/NC flags confirm a missing route or cluster; rbac_access_denied points to an AuthorizationPolicy (`kubectl get authorizationpolicy -A`).',
      },
    ],
    aws: [
      {
        command: 'aws elbv2 describe-rules --listener-arn <listener-arn>',
        expect: 'Check that the rule matching the failing host/path forwards to the intended target group ({targetGroup}).',
      },
      {
        command: 'aws elbv2 describe-target-groups --target-group-arns {targetGroup}',
        expect:
          'Port, protocol, VPC and target type (instance/ip) must fit the targets; an ip-type group with instance registrations (or the wrong VPC) never works.',
      },
    ],
    cloudflare: [
      {
        command: 'cloudflared tunnel ingress validate',
        expect: 'Errors here mean the tunnel ingress rules in the config file are invalid.',
      },
      {
        command: 'cloudflared tunnel ingress rule https://{host}',
        expect: 'Shows which ingress rule matches the hostname; the catch-all (http_status:404) or a wrong service URL confirms a routing mistake.',
      },
    ],
  },
  fix: {
    vm: 'Fix the reported directive, then `sudo nginx -t && sudo systemctl reload nginx` (or `haproxy -c` before reloading HAProxy) and verify the running config with `nginx -T`. For runtime name resolution add `resolver <dns-ip> valid=30s;`; for big backend headers raise `proxy_buffer_size`.',
    compose:
      'Fix the config file that is actually mounted into the proxy, validate with `docker compose exec {proxy} nginx -t`, then `docker compose exec {proxy} nginx -s reload` (or restart the service).',
    kubernetes:
      'Point the Ingress at an existing Service name and Service port in the same namespace, fix rejected annotations, and re-apply; check the controller logs for a successful reload.',
    istio:
      'Fix what `istioctl analyze` reports: define the subsets that VirtualServices use in a DestinationRule, reference existing hosts, and add an AuthorizationPolicy that allows the caller (and health probes) when using deny-by-default.',
    aws: 'Make the listener rule forward to the right target group, and use a target group whose type, port, protocol and VPC match the targets.',
    cloudflare: 'Correct the tunnel ingress rules (hostname → service URL, catch-all last) and restart cloudflared.',
  },
  references: [
    'https://nginx.org/en/docs/switches.html',
    'https://istio.io/latest/docs/ops/diagnostic-tools/istioctl-analyze/',
    'https://kubernetes.github.io/ingress-nginx/troubleshooting/',
  ],
});
