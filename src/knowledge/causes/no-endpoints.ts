import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'no-endpoints',
  title: CAUSE_TITLES['no-endpoints'],
  explanation:
    'The name resolves, but the set of backends behind it is empty: the Kubernetes Service selector matches no pod labels, every matching pod is NotReady, the deployment is scaled to zero, the target group has no registered targets, or an Istio subset selects no pods. ' +
    'With nothing to route to, proxies answer 503 without connecting (ingress-nginx "Service … does not have any active Endpoint", Envoy "no healthy upstream", ALB 503); a plain client calling the ClusterIP usually gets "Connection refused" from kube-proxy, or a timeout in some modes. ' +
    'It differs from no-healthy-upstream in that the list is empty rather than full of failing members: check EndpointSlices or the target list first.',
  symptoms: [
    'ingress-nginx: Service "ns/backend" does not have any active Endpoint (503)',
    'Envoy/Istio 503 UH "no healthy upstream" with an empty endpoint list; Istio NC/UH after routing to a subset',
    'AWS ALB 503 with target "-" (no registered targets); GCP failed_to_pick_backend',
    'Connection refused or timeout to a ClusterIP right after a deploy, a selector change or scaling to zero',
  ],
  confirm: {
    vm: [
      {
        command: "sudo nginx -T 2>/dev/null | grep -n -A6 'upstream '",
        expect: 'An upstream block without server lines, or a pool fed by discovery (Consul, DNS SRV) that currently returns nothing, confirms.',
      },
      {
        command: "echo 'show servers state {backend}' | sudo socat stdio <haproxy-admin-socket>",
        expect: 'HAProxy: no server rows (or only servers in maintenance) for the backend confirms an empty pool.',
      },
    ],
    compose: [
      {
        command: 'docker compose ps -a {service}',
        expect: 'No running container for the service (stopped, scaled to 0, never started) confirms.',
      },
      {
        command: "docker compose exec {proxy} sh -c 'getent hosts {service} || nslookup {service}'",
        expect: 'No address: Docker DNS only returns running containers of a service, so an empty answer fits a service with no running replicas.',
      },
    ],
    kubernetes: [
      {
        command: 'kubectl get endpointslices -n {namespace} -l kubernetes.io/service-name={service}',
        expect: 'ENDPOINTS "<unset>" or no slice at all confirms the Service has no ready pods.',
      },
      {
        command: 'kubectl get svc {service} -n {namespace} -o wide',
        expect:
          'The SELECTOR column lists the labels the Service looks for (e.g. app=backend,version=v1); every key must be on the pods. "<none>" means a selector-less Service whose endpoints are managed by hand.',
      },
      {
        command: 'kubectl get pods -n {namespace} -l <selector-from-previous-check> -o wide',
        expect:
          '"No resources found" = selector matches no pod labels (compare `kubectl get pods -n {namespace} --show-labels`); pods listed but READY 0/1 = they are not Ready (see no-healthy-upstream).',
      },
      {
        command: 'kubectl get deploy -n {namespace}',
        expect: 'READY 0/0 means the backend deployment is scaled to zero.',
      },
    ],
    istio: [
      {
        command: 'istioctl proxy-config endpoints deploy/{proxy} -n {namespace} --cluster "outbound|{port}||{service}.{namespace}.svc.cluster.local"',
        expect: "An empty table confirms the caller's sidecar knows no endpoint for the Service.",
      },
      {
        command: 'kubectl get endpointslices -n {namespace} -l kubernetes.io/service-name={service}',
        expect: 'ENDPOINTS "<unset>" confirms the problem is in Kubernetes (selector or readiness), not in Istio.',
      },
      {
        command: "kubectl get destinationrule -n {namespace} -o yaml | grep -n -A4 'subsets:'",
        expect: 'If a VirtualService routes to a subset, its labels (e.g. version: v2) must match running pods; otherwise 503 UH/NC.',
      },
    ],
    aws: [
      {
        command: 'aws elbv2 describe-target-health --target-group-arn {targetGroup}',
        expect: 'An empty TargetHealthDescriptions list confirms there are no registered targets (ALB answers 503).',
      },
      {
        command: "aws ecs describe-services --cluster <ecs-cluster> --services <ecs-service> --query 'services[].[desiredCount,runningCount,loadBalancers]'",
        expect: 'runningCount 0, or a loadBalancers entry pointing to another target group, explains the empty target group.',
      },
    ],
    gcp: [
      {
        command: 'gcloud compute backend-services get-health <backend-service> --global',
        expect: 'No backends listed, or instance groups / NEGs without instances, confirms (failed_to_pick_backend).',
      },
      {
        command: 'gcloud compute network-endpoint-groups list-network-endpoints <neg> --zone <zone>',
        expect: 'An empty list for a NEG confirms it has no endpoints (for GKE, check the Service has ready pods).',
      },
    ],
    azure: [
      {
        command: 'az network application-gateway address-pool list -g <resource-group> --gateway-name <gateway> -o json',
        expect: 'A backend pool without backendAddresses/backendIPConfigurations confirms an empty pool.',
      },
      {
        command: 'az network application-gateway show-backend-health -g <resource-group> -n <gateway>',
        expect: 'A backend pool with no servers listed confirms; servers listed as Unhealthy point to no-healthy-upstream instead.',
      },
    ],
  },
  fix: {
    vm: 'Add backend servers to the upstream/pool (or fix the discovery source feeding it) and reload the proxy.',
    compose: 'Start the backend service (`docker compose up -d {service}`) and keep the proxy depending on it.',
    kubernetes:
      'Make the Service selector match the pod template labels exactly (all keys), scale the deployment above zero, and make readiness pass; the Service then gets endpoints within seconds.',
    istio:
      'Fix the Kubernetes selector/readiness first; for subsets, make the DestinationRule subset labels match existing pod labels (or stop routing to that subset).',
    aws: 'Register targets in the target group (or fix the ECS service / Auto Scaling group attachment so tasks register), and make sure the listener rule forwards to that target group.',
    gcp: 'Add instances or endpoints to the backend (instance group size, NEG membership, GKE Service with ready pods).',
    azure: 'Add the backend VMs, IPs or FQDNs to the Application Gateway backend pool and associate it with the routing rule.',
  },
  references: [
    'https://kubernetes.io/docs/tasks/debug/debug-application/debug-service/',
    'https://kubernetes.io/docs/concepts/services-networking/endpoint-slices/',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html',
  ],
});
