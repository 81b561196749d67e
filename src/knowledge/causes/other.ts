import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'other',
  title: CAUSE_TITLES.other,
  explanation:
    'The evidence does not point to one of the known causes, or points to a rarer one: rate limiting (429), fault injection, maintenance mode, a WAF or authentication step in front of the backend, HTTP/2 connection limits (GOAWAY, ALB response code 000), or a client that cancelled. ' +
    'Work through the checks in the usual order: is the backend running, can you reach it directly bypassing the proxy, does the name resolve from where the proxy runs, do host and port in the proxy config match, and what do proxy and backend logs say at the same timestamp. ' +
    'Errors that come instantly point to refusals or policy, errors after a fixed delay point to timeouts, and intermittent errors point to keep-alive, resets or a single bad instance.',
  symptoms: [
    'An error message updoc does not recognise, or one with several equally likely causes',
    '429, 403 or other statuses produced by the proxy itself (rate limit, auth, WAF) rather than by the backend',
    'Envoy flags such as RL, FI, DI, UAEX or DO; ALB 463/561/000; nginx 499',
  ],
  confirm: {
    vm: [
      {
        command: 'systemctl status <backend-unit> --no-pager',
        expect: '"active (running)" with no recent restarts means the backend is up; anything else, start there.',
      },
      {
        command: 'curl -sv --max-time 5 {url}',
        expect:
          'Run from the proxy host, bypassing the proxy: if this works but the proxy fails, the problem is in the proxy configuration or its network path.',
      },
      {
        command: 'getent ahosts {host}',
        expect: 'The name must resolve, from the proxy host, to where the backend really runs.',
      },
      {
        command: 'sudo tail -n 50 /var/log/nginx/error.log',
        expect: 'Paste the exact proxy error lines (and the backend log at the same second) into `updoc explain` for a more precise diagnosis.',
      },
    ],
    compose: [
      {
        command: 'docker compose ps -a',
        expect: 'Every service should be "running" (and "healthy" where a healthcheck exists).',
      },
      {
        command:
          "docker compose exec {proxy} sh -c 'getent hosts {service}; wget -qO- -T 3 http://{service}:{port}/ || curl -sv --max-time 3 http://{service}:{port}/'",
        expect:
          'Resolves and answers from inside the proxy container: the backend is reachable, so look at the proxy config; otherwise the output names the failing step.',
      },
      {
        command: 'docker compose logs --since 10m --timestamps {proxy} {service}',
        expect: 'Correlate proxy errors with what the backend logged at the same moment.',
      },
    ],
    kubernetes: [
      {
        command: 'kubectl get pods,svc,endpointslices -n {namespace} -o wide',
        expect: 'Pods Running and Ready, the Service present, and EndpointSlices with addresses: each missing piece is a lead.',
      },
      {
        command: 'kubectl run -n {namespace} tmp-debug --rm -it --image=busybox:1.36 --restart=Never -- wget -qO- -T 3 http://{service}:{port}/',
        expect: 'Works from a plain pod: the Service is fine, look at the proxy; fails: the output names the step (bad address = DNS, refused, timed out).',
      },
      {
        command: 'kubectl get events -n {namespace} --sort-by=.lastTimestamp | tail -30',
        expect: 'Recent failures (probes, scheduling, OOM, image pulls) around the time of the errors.',
      },
    ],
    istio: [
      {
        command: "kubectl logs -n {namespace} deploy/{proxy} -c istio-proxy --tail=200 | grep -E '\" [45][0-9][0-9] '",
        expect:
          'The response flags after the status (UF, UH, UO, UC, UT, NR, RL, …) name the failure; paste those lines into `updoc explain`. No output at all may mean access logging is off (meshConfig.accessLogFile).',
      },
      {
        command: 'istioctl proxy-status',
        expect: 'Every proxy should be SYNCED; STALE means outdated configuration.',
      },
      {
        command: 'istioctl analyze -n {namespace}',
        expect: 'Configuration problems in the namespace, if any.',
      },
    ],
  },
  fix: {
    vm: 'Follow the first failing check: start the backend, fix name resolution, align host and port, or fix the proxy config. Then collect the exact proxy and backend log lines around one failure and run `updoc explain` on them.',
    compose:
      'Follow the first failing check (service down, name not resolving, wrong port, proxy config) and re-run `updoc explain` with the proxy and backend log lines of one failure.',
    kubernetes:
      'Follow the first failing check (pod not Ready, no endpoints, DNS, port) and re-run `updoc explain` with the proxy and backend log lines of one failure.',
    istio: 'Read the response flags in the sidecar access log and re-run `updoc explain --platform istio` with those lines.',
  },
  references: [
    'https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/',
    'https://istio.io/latest/docs/ops/common-problems/network-issues/',
    'https://nginx.org/en/docs/debugging_log.html',
  ],
});
