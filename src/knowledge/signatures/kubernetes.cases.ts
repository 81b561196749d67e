import type { SignatureCases } from '../../core/signature-cases.js';

/** The Events table of `kubectl describe pod`, with one extra event line. */
function describeEvents(line: string): string {
  return `Events:\n  Type     Reason     Age                 From               Message\n  ----     ------     ----                ----               -------\n  Normal   Scheduled  6m                  default-scheduler  Successfully assigned shop/api-7d9c8b6f5-x2k4p to worker-2\n  Normal   Pulled     6m                  kubelet            Container image "registry.example.com/shop/api:1.4.2" already present on machine\n  Normal   Created    6m                  kubelet            Created container api\n  Normal   Started    6m                  kubelet            Started container api\n  ${line}`;
}

export default {
  'kubernetes/probe-connection-refused': {
    match: [
      {
        text: describeEvents(
          'Warning  Unhealthy  3m (x12 over 5m)    kubelet            Readiness probe failed: Get "http://10.244.1.7:8080/healthz": dial tcp 10.244.1.7:8080: connect: connection refused',
        ),
        fields: { host: '10.244.1.7', port: '8080', upstream: 'http://10.244.1.7:8080/healthz', code: 'ECONNREFUSED' },
      },
      {
        text: 'LAST SEEN   TYPE      REASON      OBJECT                        MESSAGE\n2m10s       Warning   Unhealthy   pod/postgres-0                Liveness probe failed: dial tcp 10.244.2.15:5432: connect: connection refused',
        fields: { host: '10.244.2.15', port: '5432' },
      },
      {
        text: 'Startup probe failed: Get http://10.42.0.9:3000/ready: dial tcp 10.42.0.9:3000: connect: connection refused',
        fields: { host: '10.42.0.9', port: '3000', upstream: 'http://10.42.0.9:3000/ready' },
      },
    ],
    nearMiss: [
      describeEvents(
        'Warning  Unhealthy  3m (x12 over 5m)    kubelet            Readiness probe failed: Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      ),
      'Warning  Unhealthy  1m  kubelet  Readiness probe failed: HTTP probe failed with statuscode: 503',
      'Warning  FailedCreatePodSandBox  2m  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: dial tcp 10.96.0.1:443: connect: connection refused',
    ],
  },
  'kubernetes/probe-connect-timeout': {
    match: [
      {
        text: describeEvents('Warning  Unhealthy  48s (x6 over 2m)    kubelet            Liveness probe failed: dial tcp 10.244.3.21:6379: i/o timeout'),
        fields: { host: '10.244.3.21', port: '6379', detail: 'i/o timeout' },
      },
      {
        text: 'Warning  Unhealthy  20s (x3 over 40s)  kubelet  Readiness probe failed: Get "http://10.244.1.7:8080/healthz": dial tcp 10.244.1.7:8080: connect: no route to host',
        fields: { host: '10.244.1.7', port: '8080', detail: 'connect: no route to host' },
      },
      {
        text: 'Warning  Unhealthy  20s (x3 over 40s)  kubelet  Readiness probe failed: Get "http://10.244.1.7:8080/healthz": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
        fields: { upstream: 'http://10.244.1.7:8080/healthz' },
      },
    ],
    nearMiss: [
      'Warning  Unhealthy  20s (x3 over 40s)  kubelet  Readiness probe failed: Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
      'Warning  Unhealthy  20s (x3 over 40s)  kubelet  Liveness probe failed: dial tcp 10.244.3.21:6379: connect: connection refused',
    ],
  },
  'kubernetes/probe-response-timeout': {
    match: [
      {
        text: describeEvents(
          'Warning  Unhealthy  2m (x9 over 4m)     kubelet            Liveness probe failed: Get "http://10.244.1.7:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
        ),
        fields: { upstream: 'http://10.244.1.7:8080/healthz', host: '10.244.1.7', port: '8080' },
      },
      {
        text: 'Readiness probe failed: Get http://10.44.0.12:9090/-/ready: net/http: request canceled (Client.Timeout exceeded while awaiting headers)',
        fields: { upstream: 'http://10.44.0.12:9090/-/ready' },
      },
    ],
    nearMiss: [
      'Warning  Unhealthy  20s (x3 over 40s)  kubelet  Readiness probe failed: Get "http://10.244.1.7:8080/healthz": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)',
      'E0501 10:00:00.123456       1 reflector.go:147] k8s.io/client-go/informers/factory.go:150: Failed to watch *v1.Pod: Get "https://10.96.0.1:443/api/v1/pods": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    ],
  },
  'kubernetes/readiness-probe-http-status': {
    match: [
      {
        text: describeEvents('Warning  Unhealthy  15s (x8 over 2m)    kubelet            Readiness probe failed: HTTP probe failed with statuscode: 404'),
        fields: { detail: '404' },
      },
      {
        text: '  Warning  Unhealthy  2m (x31 over 6m)  kubelet  readiness probe failed: HTTP probe failed with statuscode: 503',
        fields: { detail: '503' },
      },
    ],
    nearMiss: [
      'LAST SEEN   TYPE      REASON      OBJECT                      MESSAGE\n45s         Warning   Unhealthy   pod/api-7d9c8b6f5-x2k4p     Liveness probe failed: HTTP probe failed with statuscode: 503',
      'Warning  Unhealthy  1m  kubelet  Readiness probe failed: Get "http://10.244.1.7:8080/healthz": dial tcp 10.244.1.7:8080: connect: connection refused',
    ],
  },
  'kubernetes/probe-http-status': {
    match: [
      {
        text: describeEvents('Warning  Unhealthy  15s (x8 over 2m)    kubelet            Startup probe failed: HTTP probe failed with statuscode: 404'),
        fields: { detail: '404' },
      },
      {
        text: 'LAST SEEN   TYPE      REASON      OBJECT                      MESSAGE\n45s         Warning   Unhealthy   pod/api-7d9c8b6f5-x2k4p     Liveness probe failed: HTTP probe failed with statuscode: 503',
        fields: { detail: '503' },
      },
    ],
    nearMiss: [
      'Warning  Unhealthy  1m  kubelet  Readiness probe failed: Get "http://10.244.1.7:8080/healthz": dial tcp 10.244.1.7:8080: connect: connection refused',
      'Normal   Killing    1m  kubelet  Container api failed liveness probe, will be restarted',
      'Warning  Unhealthy  15s (x8 over 2m)  kubelet  Readiness probe failed: HTTP probe failed with statuscode: 404',
    ],
  },
  'kubernetes/container-oom-killed': {
    match: [
      {
        text: '    State:          Running\n      Started:      Mon, 22 Jul 2024 19:02:39 +0000\n    Last State:     Terminated\n      Reason:       OOMKilled\n      Exit Code:    137\n    Restart Count:  6',
        fields: { detail: '137' },
      },
      { text: 'NAME                      READY   STATUS      RESTARTS      AGE\nworker-6c7d9f5b8-q2w4e   0/1     OOMKilled   3 (20s ago)   5m' },
    ],
    nearMiss: [
      '    Last State:     Terminated\n      Reason:       Error\n      Exit Code:    1',
      '    Last State:     Terminated\n      Reason:       Completed\n      Exit Code:    0',
    ],
  },
  'kubernetes/pod-failed-scheduling': {
    match: [
      {
        text: describeEvents(
          'Warning  FailedScheduling  2m  default-scheduler  0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
        ),
        fields: { detail: ' 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.' },
      },
      { text: '0/5 nodes are available: 2 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient memory.' },
    ],
    nearMiss: [
      'Normal   Scheduled  6m  default-scheduler  Successfully assigned shop/api-7d9c8b6f5-x2k4p to worker-2',
      'NAME     STATUS   ROLES    AGE   VERSION\nnode-1   Ready    <none>   12d   v1.30.2',
    ],
  },
  'kubernetes/service-no-endpoints': {
    match: [
      {
        text: 'Name:                     api\nNamespace:                shop\nLabels:                   app=api\nAnnotations:              <none>\nSelector:                 app=api,tier=backend\nType:                     ClusterIP\nIP Family Policy:         SingleStack\nIP Families:              IPv4\nIP:                       10.96.45.12\nIPs:                      10.96.45.12\nPort:                     http  80/TCP\nTargetPort:               8080/TCP\nEndpoints:                <none>\nSession Affinity:         None\nEvents:                   <none>',
        fields: { backend: 'api', port: '8080' },
      },
      {
        text: '$ kubectl get endpoints api -n shop\nNAME   ENDPOINTS   AGE\napi    <none>      14m',
        fields: { backend: 'api' },
      },
      {
        text: '-A KUBE-SERVICES -d 10.96.45.12/32 -p tcp -m comment --comment "shop/api:http has no endpoints" -m tcp --dport 80 -j REJECT --reject-with icmp-port-unreachable',
        fields: { backend: 'shop/api:http', host: '10.96.45.12', port: '80' },
      },
    ],
    nearMiss: [
      'Name:                     api\nNamespace:                shop\nSelector:                 app=api\nType:                     ClusterIP\nIP:                       10.96.45.12\nPort:                     http  80/TCP\nTargetPort:               8080/TCP\nEndpoints:                10.244.1.7:8080,10.244.2.9:8080\nSession Affinity:         None\nEvents:                   <none>',
      'NAME   ENDPOINTS                         AGE\napi    10.244.1.7:8080,10.244.2.9:8080   14m',
      'NAME   TYPE        CLUSTER-IP    EXTERNAL-IP   PORT(S)   AGE\napi    ClusterIP   10.96.45.12   <none>        80/TCP    14m',
    ],
  },
  'kubernetes/ingress-backend-service-not-found': {
    match: [
      {
        text: 'Rules:\n  Host              Path  Backends\n  ----              ----  --------\n  shop.example.com\n                    /api   api-svc:80 (<error: endpoints "api-svc" not found>)',
        fields: { backend: 'api-svc', port: '80' },
      },
      {
        text: 'Default backend:  default-http-backend:80 (<error: endpoints "default-http-backend" not found>)',
        fields: { backend: 'default-http-backend', port: '80' },
      },
    ],
    nearMiss: [
      'Rules:\n  Host              Path  Backends\n  ----              ----  --------\n  shop.example.com\n                    /api   api-svc:80 (10.244.1.7:8080,10.244.2.9:8080)',
      'Error from server (NotFound): services "api-svc" not found',
    ],
  },
} satisfies SignatureCases;
