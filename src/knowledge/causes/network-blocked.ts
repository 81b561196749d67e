import { defineCause } from '../../core/define-cause.js';
import { CAUSE_TITLES } from './titles.js';

export default defineCause({
  id: 'network-blocked',
  title: CAUSE_TITLES['network-blocked'],
  explanation:
    'Something between the proxy and the backend drops or rejects the packets: a host firewall (nftables/iptables/firewalld), SELinux, a cloud security group, network ACL or NSG, a Kubernetes NetworkPolicy, separate Docker networks, or a mesh egress policy. ' +
    'Dropped packets get no answer, so the connect waits for the full connect timeout and fails with "Connection timed out" (504); a REJECT rule answers with "No route to host" or a refusal instead, and SELinux shows as "Permission denied". ' +
    'It differs from not-listening (refused instantly by the backend itself) and from dns-failure (the name resolved); a hang until the connect timeout is the strongest clue.',
  symptoms: [
    'upstream timed out (110: Connection timed out) while connecting to upstream (nginx 504)',
    'connect() failed (113: No route to host); ETIMEDOUT / EHOSTUNREACH; dial tcp …: i/o timeout',
    'connect() to 10.0.0.5:8080 failed (13: Permission denied) while connecting to upstream (SELinux)',
    'Envoy "reset reason: connection timeout"; Istio BlackHoleCluster (502); ALB 504; Cloudflare 522',
    'Fails after exactly the connect timeout (defaults: nginx 60s, ALB 10s, Envoy 5s, Istio 10s), on every request',
  ],
  confirm: {
    vm: [
      {
        command: 'nc -zv -w 3 {host} {port}',
        expect: 'Run from the proxy host. A timeout confirms packets are dropped; "No route to host" means a REJECT rule; "succeeded"/"open" rules this out.',
      },
      {
        command: "sudo tcpdump -ni any -c 20 'tcp port {port}'",
        expect:
          'Run on the backend host while retrying: SYNs arriving without a SYN-ACK means the host firewall drops them; no SYNs at all means something in between (security group, router, ACL).',
      },
      {
        command: 'sudo nft list ruleset | grep -n {port}',
        expect:
          'A drop/reject rule for {port} (or a default drop policy without an accept for it) confirms; with iptables use `sudo iptables -S | grep -w {port}`.',
      },
      {
        command: 'getenforce && getsebool httpd_can_network_connect',
        expect: 'On RHEL/CentOS/Fedora: "Enforcing" plus "httpd_can_network_connect --> off" explains nginx/httpd "(13: Permission denied)" to upstreams.',
      },
    ],
    docker: [
      {
        command: "docker inspect -f '{{json .NetworkSettings.Networks}}' {proxy} {service}",
        expect: 'No network in common confirms: containers on different networks cannot reach each other.',
      },
      {
        command: "docker exec {proxy} sh -c 'nc -zv -w 3 {service} {port} || wget -qO- -T 3 http://{service}:{port}/'",
        expect: 'A timeout or "No route to host" confirms the path is blocked; "open" rules it out.',
      },
      {
        command: 'docker network ls',
        expect: 'Look for the network both containers should share; an `internal` network (docker network inspect <network>) also has no route out.',
      },
    ],
    compose: [
      {
        command: "docker inspect -f '{{json .NetworkSettings.Networks}}' $(docker compose ps -q {proxy}) $(docker compose ps -q {service})",
        expect: 'No network name in common confirms: the services sit on different Compose networks.',
      },
      {
        command: "docker compose exec {proxy} sh -c 'nc -zv -w 3 {service} {port} || wget -qO- -T 3 http://{service}:{port}/'",
        expect: 'A timeout or "No route to host" confirms; "open" rules it out.',
      },
    ],
    kubernetes: [
      {
        command: 'kubectl get networkpolicy -A',
        expect: "A policy selecting the backend pods (or a default-deny) without an ingress rule from the proxy's pods/namespace on the targetPort confirms.",
      },
      {
        command: 'kubectl run -n {namespace} tmp-debug --rm -it --image=busybox:1.36 --restart=Never -- nc -zv -w 3 {service} {port}',
        expect:
          "A timeout from a plain pod confirms traffic is dropped; if this works but the proxy fails, a policy treats the proxy's labels/namespace differently.",
      },
      {
        command: 'kubectl describe networkpolicy -n {namespace}',
        expect: 'Read "Allowing ingress traffic" for the backend pods: the proxy namespace (e.g. ingress-nginx) and port must be listed.',
      },
    ],
    istio: [
      {
        command: "kubectl logs -n {namespace} deploy/{proxy} -c istio-proxy --tail=300 | grep -E 'BlackHoleCluster|block_all|connection timeout'",
        expect:
          'BlackHoleCluster/block_all confirms outboundTrafficPolicy REGISTRY_ONLY without a ServiceEntry; "connection timeout" points to a NetworkPolicy or firewall.',
      },
      {
        command: 'kubectl get configmap istio -n istio-system -o yaml | grep -n -A2 outboundTrafficPolicy',
        expect: '"mode: REGISTRY_ONLY" means external hosts need a ServiceEntry.',
      },
      {
        command: 'kubectl get networkpolicy -A',
        expect: "Policies must also allow the sidecar's traffic (the same pod labels, and istiod on 15012 for configuration).",
      },
    ],
    aws: [
      {
        command: "aws elbv2 describe-load-balancers --load-balancer-arns {lb} --query 'LoadBalancers[].SecurityGroups'",
        expect: "Note the load balancer's security group ids.",
      },
      {
        command: "aws ec2 describe-security-groups --group-ids <target-security-group-id> --query 'SecurityGroups[].IpPermissions'",
        expect: "An inbound rule for the target port (and the health-check port) from the load balancer's security group must exist; none confirms.",
      },
      {
        command: 'aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=<target-subnet-id>',
        expect: 'Network ACLs are stateless: they must allow the target port inbound and ephemeral ports 1024-65535 outbound for the replies.',
      },
      {
        command: 'aws elbv2 describe-target-health --target-group-arn {targetGroup}',
        expect: '"Target.Timeout" / "Request timed out" on health checks points to a blocked path.',
      },
    ],
    gcp: [
      {
        command: 'gcloud compute firewall-rules list --filter="sourceRanges:(130.211.0.0/22 35.191.0.0/16)"',
        expect: "No ingress allow rule from the Google front-end and health-check ranges to the backends' port and network tags confirms.",
      },
      {
        command: 'gcloud compute backend-services get-health <backend-service> --global',
        expect: 'All backends UNHEALTHY while the app answers locally points to the firewall.',
      },
    ],
    azure: [
      {
        command: 'az network application-gateway show-backend-health -g <resource-group> -n <gateway>',
        expect: '"Cannot connect to backend server. Check whether any NSG/UDR/Firewall is blocking access to the server" confirms.',
      },
      {
        command: 'az network nic list-effective-nsg -g <resource-group> -n <backend-nic>',
        expect: 'Effective rules must allow the gateway subnet to reach the backend port.',
      },
      {
        command: 'az network nsg rule list -g <resource-group> --nsg-name <gateway-subnet-nsg> -o table',
        expect: 'Application Gateway v2 subnets must allow inbound 65200-65535 from GatewayManager, and must not deny outbound to the backends.',
      },
    ],
    cloudflare: [
      {
        command: "sudo tcpdump -ni any -c 20 'tcp port 443 or tcp port 80'",
        expect:
          'Run on the origin during a request: SYNs from Cloudflare ranges without replies mean the origin firewall drops them (522); no SYNs mean a wrong origin IP or an upstream firewall.',
      },
      {
        command: 'curl -s https://www.cloudflare.com/ips-v4',
        expect: 'The origin firewall and any cloud security group must allow all of these ranges (and ips-v6) on 80/443.',
      },
    ],
  },
  fix: {
    vm: "Allow the proxy's source address to the backend port on the backend host (e.g. `sudo firewall-cmd --permanent --add-rich-rule='rule family=ipv4 source address=<proxy-ip> port port={port} protocol=tcp accept'` then `--reload`). For SELinux: `sudo setsebool -P httpd_can_network_connect 1`.",
    docker: 'Attach both containers to one user-defined network (`docker network connect <network> {proxy}`), and target the backend by container name.',
    compose: 'Declare a shared network on both services (`networks: [app]` on each), or drop custom networks so both use the project default.',
    kubernetes:
      'Add a NetworkPolicy that allows ingress to the backend pods on the targetPort from the proxy pods (podSelector) and their namespace (namespaceSelector, e.g. `kubernetes.io/metadata.name: ingress-nginx`).',
    istio:
      "For external destinations under REGISTRY_ONLY, add a ServiceEntry; for in-mesh traffic, allow the client pods in NetworkPolicies and check the Sidecar resource's egress hosts include the destination.",
    aws: "Add an inbound rule on the targets' security group for the target port and health-check port with the load balancer's security group as source; make network ACLs allow return traffic on ephemeral ports.",
    gcp: "Create an ingress firewall rule allowing 130.211.0.0/22 and 35.191.0.0/16 (plus proxy-only subnets for regional LBs) to the backend port on the instances' network tags.",
    azure:
      'Allow the Application Gateway subnet to the backend port in the backend NSG (and any UDR/firewall), and keep GatewayManager 65200-65535 inbound open on the gateway subnet.',
    cloudflare:
      "Allow Cloudflare's published IP ranges to ports 80/443 on the origin firewall and security groups, and make sure the DNS record points to the right origin IP.",
  },
  references: [
    'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
    'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-troubleshooting.html',
    'https://cloud.google.com/load-balancing/docs/health-checks#firewall_rules',
  ],
});
