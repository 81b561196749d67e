import { describe, expect, it } from 'vitest';
import type { DiagnoseReport } from '../../src/diagnosis/diagnose/report.js';
import { diagnoseFiles } from '../helpers/diagnose-project.js';

/**
 * Configuration defects that only a cross-check of the configs shows, reaching diagnose's verdict: each case is a
 * small project (and what a user would paste or log), with a near miss where the defect is absent, so the test fails
 * if the evidence stops reaching the ranking.
 */

const diagnose = (files: Record<string, string>, message?: string): Promise<DiagnoseReport> => diagnoseFiles(files, message ? { messages: [message] } : {});

const rank = (report: DiagnoseReport, id: string) => report.causes.findIndex((c) => c.id === id) + 1;
const score = (report: DiagnoseReport, id: string) => report.causes.find((c) => c.id === id)?.score ?? 0;
const fromRule = (report: DiagnoseReport, rule: string) => report.evidence.filter((e) => e.source.kind === 'lint' && e.source.step === rule);

describe('a JVM heap above its container memory limit', () => {
  const deployment = (heap: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: billing, namespace: finance}
spec:
  selector: {matchLabels: {app: billing}}
  template:
    metadata: {labels: {app: billing}}
    spec:
      containers:
        - name: billing
          image: registry.example.com/finance/billing:7
          env: [{name: JAVA_OPTS, value: "${heap}"}]
          ports: [{containerPort: 8080}]
          resources: {limits: {memory: 1Gi}}
---
apiVersion: v1
kind: Service
metadata: {name: billing, namespace: finance}
spec:
  selector: {app: billing}
  ports: [{port: 80, targetPort: 8080}]
`;
  // What a user pastes: the proxy's errors during a burst and the pod's last state.
  const pasted = `2024/05/02 10:14:09 [error] 31#31: *88 upstream prematurely closed connection while reading response header from upstream, client: 10.0.0.4, server: pay.example.com, request: "POST /invoices HTTP/1.1", upstream: "http://10.244.2.31:8080/invoices", host: "pay.example.com"
2024/05/02 10:14:10 [error] 31#31: *91 connect() failed (111: Connection refused) while connecting to upstream, client: 10.0.0.4, server: pay.example.com, request: "POST /invoices HTTP/1.1", upstream: "http://10.244.2.31:8080/invoices", host: "pay.example.com"
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137`;

  it('ranks resource-exhaustion first with the finding in the evidence', async () => {
    const report = await diagnose({ 'k8s/billing.yaml': deployment('-Xmx1536m') }, pasted);
    expect(fromRule(report, 'kubernetes/jvm-heap-above-memory-limit')).toHaveLength(1);
    expect(rank(report, 'resource-exhaustion')).toBe(1);
  });

  it('near miss: a heap that fits leaves the pasted OOMKilled alone, and ranks it lower', async () => {
    const fits = await diagnose({ 'k8s/billing.yaml': deployment('-Xmx512m') }, pasted);
    const above = await diagnose({ 'k8s/billing.yaml': deployment('-Xmx1536m') }, pasted);
    expect(fromRule(fits, 'kubernetes/jvm-heap-above-memory-limit')).toHaveLength(0);
    expect(fromRule(fits, 'kubernetes/jvm-heap-without-headroom')).toHaveLength(0);
    expect(score(fits, 'resource-exhaustion')).toBeLessThan(score(above, 'resource-exhaustion') - 0.2);
  });
});

describe('a caller outside the mesh toward pods that accept only mTLS', () => {
  const project = (callerNamespaceLabels: string) => ({
    'k8s/inventory.yaml': `apiVersion: v1
kind: Namespace
metadata: {name: inventory, labels: {istio-injection: enabled}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: stock, namespace: inventory}
spec:
  selector: {matchLabels: {app: stock}}
  template:
    metadata: {labels: {app: stock}}
    spec:
      containers: [{name: stock, image: "registry.example.com/stock:2", ports: [{name: http, containerPort: 9000}]}]
---
apiVersion: v1
kind: Service
metadata: {name: stock, namespace: inventory}
spec:
  selector: {app: stock}
  ports: [{name: http, port: 80, targetPort: http}]
`,
    'k8s/mesh.yaml': `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: istio-system}
spec: {mtls: {mode: STRICT}}
`,
    'k8s/reports.yaml': `apiVersion: v1
kind: Namespace
metadata: {name: reports, labels: {${callerNamespaceLabels}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: stock-report, namespace: reports}
spec:
  selector: {matchLabels: {app: stock-report}}
  template:
    metadata: {labels: {app: stock-report}}
    spec:
      containers:
        - name: report
          image: registry.example.com/stock-report:1
          args: ["--stock-url", "http://stock.inventory/api/levels"]
`,
  });
  const pasted = `Error: read ECONNRESET
    at TCP.onStreamRead (node:internal/stream_base_commons:217:20) {
  errno: -104,
  code: 'ECONNRESET',
  syscall: 'read'
}`;

  it('ranks tls-mismatch first with the finding in the evidence', async () => {
    const report = await diagnose(project('owner: analytics'), pasted);
    expect(fromRule(report, 'istio/strict-mtls-caller-without-sidecar')).toHaveLength(1);
    expect(rank(report, 'tls-mismatch')).toBe(1);
  });

  it('near miss: the caller is in the mesh too, so nothing reads as a TLS mismatch', async () => {
    const report = await diagnose(project('istio-injection: enabled'), pasted);
    expect(fromRule(report, 'istio/strict-mtls-caller-without-sidecar')).toHaveLength(0);
    expect(rank(report, 'tls-mismatch')).not.toBe(1);
  });
});

describe('a Service whose workload is not in the input', () => {
  // The user posts their own app (with its Service) and the Service of a dependency it reads at start-up.
  const mailer = `apiVersion: apps/v1
kind: Deployment
metadata: {name: mailer, namespace: comms}
spec:
  selector: {matchLabels: {app: mailer}}
  template:
    metadata: {labels: {app: mailer}}
    spec:
      containers:
        - name: mailer
          image: registry.example.com/mailer:5
          env: [{name: SETTINGS_URL, value: "http://settings-api.comms.svc.cluster.local:7000"}]
          ports: [{containerPort: 8025}]
---
apiVersion: v1
kind: Service
metadata: {name: mailer, namespace: comms}
spec:
  selector: {app: mailer}
  ports: [{port: 80, targetPort: 8025}]
---
apiVersion: v1
kind: Service
metadata: {name: settings-api, namespace: comms}
spec:
  selector: {app: settings-api}
  ports: [{port: 7000, targetPort: 7000}]
`;
  const settingsDeployment = (label: string) => `---
apiVersion: apps/v1
kind: Deployment
metadata: {name: settings, namespace: comms}
spec:
  selector: {matchLabels: {app: ${label}}}
  template:
    metadata: {labels: {app: ${label}}}
    spec:
      containers: [{name: settings, image: "registry.example.com/settings:2", ports: [{containerPort: 7000}]}]
`;
  const pasted = `[boot] fetching settings from http://settings-api.comms.svc.cluster.local:7000/mailer
Error: connect ECONNREFUSED 10.96.12.40:7000
    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {
  errno: -111,
  code: 'ECONNREFUSED',
  syscall: 'connect',
  address: '10.96.12.40',
  port: 7000
}
2024-03-28T07:12:01.310551Z	warn	Envoy proxy is NOT ready: config not received from XDS server (is Istiod running?): cds updates: 0 successful, 0 rejected; lds updates: 0 successful, 0 rejected`;

  it("proves nothing about that Service's endpoints: the pasted evidence decides (startup-order)", async () => {
    const report = await diagnose({ 'k8s/mailer.yaml': mailer }, pasted);
    expect(fromRule(report, 'kubernetes/service-selector-matches-nothing')).toHaveLength(0);
    expect(rank(report, 'startup-order')).toBe(1);
  });

  it('near miss: the input holds the workload, labelled otherwise: the Service has no endpoints', async () => {
    const report = await diagnose({ 'k8s/mailer.yaml': `${mailer}${settingsDeployment('settings')}` }, pasted);
    expect(fromRule(report, 'kubernetes/service-selector-matches-nothing')).toHaveLength(1);
    expect(rank(report, 'no-endpoints')).toBe(1);
  });
});
