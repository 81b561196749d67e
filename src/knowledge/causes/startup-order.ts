import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'startup-order',
  title: CAUSE_TITLES['startup-order'],
  explanation:
    'The proxy or client tried the backend while it was still starting, restarting or being replaced: Compose starts containers in parallel unless told otherwise, a Kubernetes pod receives traffic before the app listens when it has no readiness probe, a rolling update kills pods before they stop receiving traffic, or an Istio app makes calls before its sidecar has configuration. ' +
    'Early connects are refused (nothing listening yet) or fail DNS (Docker only resolves running containers; nginx then exits with "host not found in upstream"). ' +
    'The pattern gives it away: errors cluster in the first seconds after a start, restart or deploy and stop by themselves, unlike not-listening which persists.',
  symptoms: [
    'Connection refused / 502 / 503 for a few seconds after `docker compose up`, a restart or a rollout, then normal',
    'nginx: [emerg] host not found in upstream "backend:3000" at container start (nginx exits and restarts)',
    'Istio: app calls fail at pod start while istio-proxy logs "Envoy proxy is NOT ready"; 503 during rolling updates',
    'ALB targets in "initial" state / Elb.InitialHealthChecking; ECS tasks killed by health checks during slow boots',
  ],
  confirm: {
    vm: [
      {
        command:
          'journalctl -u <proxy-unit> -u <backend-unit> --since "1 hour ago" --no-pager -o short-precise | grep -iE "start|listen|refused|not found|ready"',
        expect: 'Proxy errors time-stamped before the backend\'s "listening"/"started" line confirm the ordering problem.',
      },
      {
        command: 'systemctl show <proxy-unit> -p After -p Wants -p Requires',
        expect: 'The backend unit missing from After=/Wants= means systemd may start the proxy first.',
      },
    ],
    docker: [
      {
        command: "docker inspect -f '{{.Name}} started {{.State.StartedAt}} restarts {{.RestartCount}}' {proxy} {service}",
        expect: 'A proxy started before (or a backend restarted after) the first errors confirms.',
      },
      {
        command: 'docker logs --timestamps --tail 50 {proxy}',
        expect: 'Errors only in the first seconds after start, or "host not found in upstream" right before an exit, confirm.',
      },
    ],
    compose: [
      {
        command: 'docker compose config | grep -n -A3 depends_on',
        expect: 'No depends_on, or depends_on without "condition: service_healthy", means the proxy does not wait for the backend to be ready.',
      },
      {
        command: 'docker compose ps',
        expect: 'A backend without "(healthy)" in STATUS has no healthcheck (or it fails), so service_healthy cannot gate anything.',
      },
      {
        command: 'docker compose logs --timestamps --tail=100 {proxy} {service}',
        expect: 'Proxy errors time-stamped before the backend\'s "listening" line, and none after, confirm.',
      },
    ],
    kubernetes: [
      {
        command: "kubectl get deploy -n {namespace} <backend-deployment> -o jsonpath='{.spec.template.spec.containers[*].readinessProbe}'",
        expect: 'Empty output means no readiness probe: pods get traffic as soon as the container starts, before the app listens.',
      },
      {
        command: 'kubectl get events -n {namespace} --sort-by=.lastTimestamp | tail -30',
        expect: 'Errors that line up with Scheduled/Started/Killing events of a rollout or restart confirm.',
      },
      {
        command:
          "kubectl get deploy -n {namespace} <backend-deployment> -o jsonpath='{.spec.template.spec.terminationGracePeriodSeconds} {.spec.template.spec.containers[*].lifecycle}'",
        expect: 'No preStop hook: pods may be killed while still in endpoints, which causes 502/503 during every rollout.',
      },
    ],
    istio: [
      {
        command: "kubectl logs -n {namespace} {pod} -c istio-proxy | grep -m5 -E 'Envoy proxy is NOT ready|cds updates: 0 successful'",
        expect: 'Present while the app already made calls confirms the app started before its sidecar was ready.',
      },
      {
        command: 'kubectl logs -n {namespace} {pod} -c {container} | head -50',
        expect: 'Connection refused / upstream errors only in the first seconds of the app log confirm.',
      },
      {
        command: "kubectl get pod {pod} -n {namespace} -o jsonpath='{.metadata.annotations.proxy\\.istio\\.io/config}'",
        expect: 'Without "holdApplicationUntilProxyStarts: true" (here or mesh-wide), the app may start before Envoy.',
      },
    ],
    aws: [
      {
        command: 'aws elbv2 describe-target-health --target-group-arn {targetGroup}',
        expect: 'Targets in "initial" (Elb.InitialHealthChecking) or "draining" during the errors confirm a deploy-time gap.',
      },
      {
        command:
          "aws ecs describe-services --cluster <ecs-cluster> --services <ecs-service> --query 'services[].[healthCheckGracePeriodSeconds,deploymentConfiguration]'",
        expect: "A grace period shorter than the app's boot time gets tasks killed before they are ready.",
      },
    ],
  },
  fix: {
    vm: 'Order the units: add `After=<backend-unit>` and `Wants=<backend-unit>` to the proxy unit, and make the proxy tolerate a late backend (nginx `proxy_next_upstream` with retries, or a `resolver` plus variable `proxy_pass`).',
    docker:
      "Start the backend first and wait for it (`docker run --health-cmd …` and poll `docker inspect -f '{{.State.Health.Status}}'`), or let the proxy retry; nginx with `resolver 127.0.0.11` and a variable `proxy_pass` no longer exits when the backend is late.",
    compose:
      'Give the backend a `healthcheck:` and make the proxy wait: `depends_on: { {service}: { condition: service_healthy } }`; add `restart: unless-stopped` so a proxy that exited early comes back.',
    kubernetes:
      'Add a readiness probe on the real serving port (and a startupProbe for slow boots), plus a short `preStop` sleep and graceful shutdown so pods leave the endpoints before they stop.',
    istio:
      'Set `holdApplicationUntilProxyStarts: true` (pod annotation `proxy.istio.io/config` or meshConfig.defaultConfig) so the app starts after Envoy is ready.',
    aws: 'Raise the ECS health check grace period above the boot time, use a readiness-style health check path, and keep deregistration delay long enough for in-flight requests.',
  },
  references: [
    'https://docs.docker.com/compose/how-tos/startup-order/',
    'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
    'https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/',
  ],
});
