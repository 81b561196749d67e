import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'port-mismatch',
  title: CAUSE_TITLES['port-mismatch'],
  explanation:
    'The backend is up, but the port in the proxy, Service or load balancer configuration is not the one the process listens on. ' +
    'Typical mix-ups: the published host port instead of the container port in Compose (`8080:3000` means other containers must use 3000), Service `port` vs `targetPort` vs `containerPort` in Kubernetes, a target group or health-check port that differs from the app, an app that reads `PORT` and picked another value, or a TLS port used for plain HTTP. ' +
    'The wrong port is usually closed, so it looks exactly like not-listening ("Connection refused") — the difference is that `ss -ltn` on the backend shows it listening, just elsewhere; if the wrong port belongs to another service, you get protocol or TLS errors instead.',
  symptoms: [
    'connect() failed (111: Connection refused) to the right host, while the backend logs "listening on port 3000"',
    'Readiness/liveness probe failed: connection refused on a port the container does not use',
    'Kubernetes Service with endpoints on the wrong port; Envoy 503 UF; ALB targets unhealthy with Target.FailedHealthChecks',
    'GCP failed_to_connect_to_backend; "plain HTTP request was sent to HTTPS port" when the port belongs to the TLS listener',
  ],
  confirm: {
    vm: [
      {
        command: 'sudo ss -ltnp',
        expect: 'Find the backend process and the port it really listens on; if it is not {port}, confirmed.',
      },
      {
        command: "sudo nginx -T 2>/dev/null | grep -nE 'proxy_pass|upstream|server [^ ;]+:[0-9]+'",
        expect: 'The port in proxy_pass / upstream server lines must equal the listening port from the previous check.',
      },
      {
        command: 'nc -zv -w 3 {host} {port}',
        expect: '"Connection refused" on {port} while another port of the same host is open confirms.',
      },
    ],
    docker: [
      {
        command: 'docker port {service}',
        expect: 'Lines like "3000/tcp -> 0.0.0.0:8080": containers on the same network must use the left side (3000), the host uses the right side (8080).',
      },
      {
        command: "docker exec {service} sh -c 'ss -ltn 2>/dev/null || netstat -ltn'",
        expect: 'The port the process actually listens on inside the container; it must equal the port the proxy targets.',
      },
    ],
    compose: [
      {
        command: 'docker compose ps {service}',
        expect: 'PORTS "0.0.0.0:8080->3000/tcp": the proxy container must target {service}:3000 (the container port), not 8080.',
      },
      {
        command: "docker compose exec {service} sh -c 'ss -ltn 2>/dev/null || netstat -ltn'",
        expect: 'The real listening port inside the backend container; it must equal the port in the proxy config.',
      },
      {
        command: "docker compose config | grep -nE 'target:|published:|expose:|PORT'",
        expect:
          '`target:` is the container port other services use, `published:` the host port; compare both and any PORT variables with the port the proxy uses.',
      },
    ],
    kubernetes: [
      {
        command: "kubectl get svc {service} -n {namespace} -o jsonpath='{.spec.ports}'",
        expect: "port is what clients use; targetPort (number or name) must be the container's listening port.",
      },
      {
        command: 'kubectl get endpointslices -n {namespace} -l kubernetes.io/service-name={service}',
        expect:
          'PORTS shows where traffic really goes; a port the app does not listen on confirms. A named targetPort that matches no containerPort leaves no endpoints.',
      },
      {
        command: "kubectl get pods -n {namespace} -l <selector> -o jsonpath='{.items[0].spec.containers[*].ports}'",
        expect:
          'containerPort (and its name) must match the Service targetPort; then verify the process really listens there (kubectl debug … -- netstat -ltn).',
      },
    ],
    aws: [
      {
        command:
          "aws elbv2 describe-target-groups --target-group-arns {targetGroup} --query 'TargetGroups[].[Protocol,Port,HealthCheckProtocol,HealthCheckPort,HealthCheckPath,TargetType]'",
        expect:
          'Port and HealthCheckPort must be where the app listens ("traffic-port" reuses the target port); an HTTPS protocol on a plain port is tls-mismatch.',
      },
      {
        command: 'aws elbv2 describe-target-health --target-group-arn {targetGroup}',
        expect:
          'Each Target.Port must be the app port (ECS dynamic host ports included); unhealthy with Target.FailedHealthChecks on all targets fits a wrong port.',
      },
    ],
    gcp: [
      {
        command: 'gcloud compute backend-services describe <backend-service> --global --format="value(portName,protocol)"',
        expect: 'portName is the named port the backend service sends traffic to; it must exist on the instance group (next check) and map to the app port.',
      },
      {
        command: 'gcloud compute instance-groups get-named-ports <instance-group> --zone <zone>',
        expect:
          'The named port from the backend service must map to the port the app listens on; a missing or wrong mapping confirms (failed_to_connect_to_backend).',
      },
    ],
    azure: [
      {
        command:
          'az network application-gateway http-settings list -g <resource-group> --gateway-name <gateway> --query "[].{name:name,port:port,protocol:protocol}" -o table',
        expect: "The backend port and protocol must match the app's listener.",
      },
      {
        command: 'az network application-gateway show-backend-health -g <resource-group> -n <gateway>',
        expect: '"Check if application is running on correct port" in the health details confirms.',
      },
    ],
  },
  fix: {
    vm: "Point the proxy at the port the backend really listens on (`proxy_pass http://{host}:<listening-port>;`, then `sudo nginx -t && sudo systemctl reload nginx`), or change the app's port to match.",
    docker:
      'Between containers use the container port (`proxy_pass http://{service}:<container-port>;`); the published host port is only for clients outside Docker.',
    compose: 'Target the container port from `ports: ["8080:3000"]` (3000 here) as `http://{service}:3000`; published ports only matter for the host.',
    kubernetes:
      'Make the Service targetPort match the containerPort the app listens on (use a named port to keep them in sync) and point clients at the Service port; align readiness probe ports too.',
    aws: 'Register targets on the app port (or use dynamic port mapping with ECS), and set the health check port to `traffic-port` or the real health port.',
    gcp: "Set the instance group named port (`gcloud compute instance-groups set-named-ports …`) or NEG port to the app's listening port and reference that name in the backend service.",
    azure: "Set the backend setting's port/protocol to the app listener and keep the health probe on the same port.",
  },
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/service/',
    'https://docs.docker.com/engine/network/port-publishing/',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html',
  ],
});
