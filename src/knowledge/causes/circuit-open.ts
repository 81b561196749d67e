import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'circuit-open',
  title: CAUSE_TITLES['circuit-open'],
  explanation:
    'The proxy or client refuses to send the request because a configured limit tripped: Envoy/Istio connection-pool circuit breakers (max connections, max pending requests, max requests, max retries), an application circuit breaker (Resilience4j, Hystrix, Polly) in the OPEN state, or HAProxy/nginx `max_conns` queues. ' +
    'The request fails instantly with 503 and never reaches the backend, whose logs show nothing for it; Envoy marks it UO ("overflow") and sets x-envoy-overloaded. ' +
    'It differs from resource-exhaustion (a real resource ran out) and outlier-ejection (individual hosts removed); limits copied from tutorials (e.g. `maxConnections: 1`, `http1MaxPendingRequests: 1`) are a frequent culprit.',
  symptoms: [
    'upstream connect error or disconnect/reset before headers. reset reason: overflow (Envoy/Istio 503 UO)',
    "io.github.resilience4j.circuitbreaker.CallNotPermittedException: CircuitBreaker 'backend' is OPEN and does not permit further calls",
    'Hystrix "short-circuited and fallback failed"; Polly BrokenCircuitException',
    "Immediate 503s under bursts of concurrency while the backend is idle; recovery after the breaker's wait duration",
  ],
  confirm: {
    vm: [
      {
        command:
          "curl -s http://127.0.0.1:<envoy-admin-port>/stats | grep -E '{cluster}\\..*(_overflow|circuit_breakers\\.default\\.(cx|rq|rq_pending|rq_retry)_open)'",
        expect:
          'Envoy: non-zero upstream_rq_pending_overflow / upstream_cx_overflow / upstream_rq_retry_overflow, or a *_open gauge at 1, confirms a tripped circuit breaker.',
      },
      {
        command: 'curl -s http://127.0.0.1:<management-port>/actuator/circuitbreakers',
        expect:
          'Spring Boot with Resilience4j: a breaker in state "OPEN" (or "HALF_OPEN") for the failing dependency confirms; the failure-rate explains why it opened.',
      },
      {
        command: "echo 'show stat' | sudo socat stdio <haproxy-admin-socket> | cut -d, -f1-7",
        expect: 'HAProxy: qcur/qmax above 0 and scur at slim (the maxconn limit) means requests queue at the limit (503 after timeout queue).',
      },
    ],
    compose: [
      {
        command:
          "docker compose exec {proxy} sh -c 'curl -s http://127.0.0.1:<envoy-admin-port>/stats || wget -qO- http://127.0.0.1:<envoy-admin-port>/stats' | grep -E '_overflow|circuit_breakers\\..*_open'",
        expect: "Non-zero *_overflow counters or *_open gauges at 1 confirm the proxy's circuit breakers reject requests.",
      },
      {
        command: "docker compose logs --tail=500 {proxy} | grep -E 'CallNotPermittedException|is OPEN|short-circuited|overflow'",
        expect: 'Breaker messages from the calling service confirm.',
      },
    ],
    kubernetes: [
      {
        command: "kubectl logs -n {namespace} deploy/{proxy} --tail=500 | grep -E 'CallNotPermittedException|is OPEN|short-circuited|BrokenCircuit'",
        expect: "Application circuit-breaker messages in the caller's logs confirm.",
      },
      {
        command: 'kubectl exec -n {namespace} deploy/{proxy} -- wget -qO- http://127.0.0.1:<management-port>/actuator/circuitbreakers',
        expect: 'Spring Boot/Resilience4j: a breaker in state "OPEN" confirms (the image needs wget or curl).',
      },
    ],
    istio: [
      {
        command:
          "kubectl exec -n {namespace} deploy/{proxy} -c istio-proxy -- pilot-agent request GET stats | grep -E 'outbound\\|{port}\\|\\|{service}.*(_overflow|circuit_breakers\\.default\\.(cx|rq|rq_pending|rq_retry)_open)'",
        expect: 'Growing upstream_rq_pending_overflow / upstream_cx_overflow, or a *_open gauge at 1, confirms the DestinationRule limits are hit.',
      },
      {
        command: "kubectl get destinationrule -A -o yaml | grep -n -A10 'connectionPool:'",
        expect:
          'Small values for tcp.maxConnections, http.http1MaxPendingRequests, http.http2MaxRequests or maxRequestsPerConnection for {service} explain the overflow.',
      },
      {
        command: "kubectl logs -n {namespace} deploy/{proxy} -c istio-proxy --tail=500 | grep -E ' UO |overflow'",
        expect: 'Access-log lines with 503 UO confirm requests rejected by the circuit breaker.',
      },
    ],
  },
  fix: {
    vm: 'Size the limits for real concurrency (Envoy `circuit_breakers.thresholds` max_connections / max_pending_requests / max_requests; HAProxy `maxconn` per server), and tune application breakers (failure-rate threshold, minimum calls, wait duration) so a few errors do not open them; then fix the failures that opened the breaker.',
    compose:
      "Raise the proxy's circuit-breaker thresholds or the app breaker settings to match real concurrency, and fix the errors that made the breaker open.",
    kubernetes:
      "Tune the caller's circuit breaker (Resilience4j `failureRateThreshold`, `minimumNumberOfCalls`, `waitDurationInOpenState`) and fix the failing dependency behind it.",
    istio:
      'Raise or remove the DestinationRule `trafficPolicy.connectionPool` limits for {service} (e.g. `http.http1MaxPendingRequests`, `http.http2MaxRequests`, `tcp.maxConnections`) to fit peak concurrency, and scale the backend if it truly cannot take more.',
  },
  references: [
    'https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/circuit_breaking',
    'https://istio.io/latest/docs/tasks/traffic-management/circuit-breaking/',
    'https://resilience4j.readme.io/docs/circuitbreaker',
  ],
});
