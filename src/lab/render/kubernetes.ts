/**
 * Kubernetes manifests for a scenario: the proxy as a Deployment whose nginx.conf comes from a ConfigMap, each
 * backend as a Deployment (labels, container port named `http`, readiness probe, env), and the Services —
 * written next to the workload of the same name, as people keep them.
 */
import type { BackendSpec, KubernetesServiceSpec, NginxProxySpec, ScenarioSpec } from '../model.js';
import { CONTAINER_PORT_NAME } from '../runtime/kubernetes.js';
import { renderNginxConf, userNginxPaths } from './nginx.js';

const q = (value: string) => JSON.stringify(value);

function labelLines(labels: Record<string, string>, indent: string): string[] {
  return Object.entries(labels).map(([k, v]) => `${indent}${k}: ${q(v)}`);
}

function metadata(name: string, namespace: string, labels?: Record<string, string>): string[] {
  return ['metadata:', `  name: ${name}`, `  namespace: ${namespace}`, ...(labels ? ['  labels:', ...labelLines(labels, '    ')] : [])];
}

function serviceDoc(scenario: ScenarioSpec, service: KubernetesServiceSpec): string {
  const target = typeof service.targetPort === 'number' ? String(service.targetPort) : service.targetPort;
  return [
    'apiVersion: v1',
    'kind: Service',
    ...metadata(service.name, scenario.project),
    'spec:',
    '  selector:',
    ...labelLines(service.selector, '    '),
    '  ports:',
    '    - name: http',
    `      port: ${service.port}`,
    `      targetPort: ${target}`,
    '',
  ].join('\n');
}

function proxyDocs(scenario: ScenarioSpec, proxy: NginxProxySpec): string[] {
  const labels = proxy.labels ?? { app: proxy.service };
  const conf = renderNginxConf(proxy, userNginxPaths('kubernetes'));
  const configMap = [
    'apiVersion: v1',
    'kind: ConfigMap',
    ...metadata(`${proxy.service}-nginx`, scenario.project),
    'data:',
    '  nginx.conf: |',
    ...conf
      .trimEnd()
      .split('\n')
      .map((l) => (l === '' ? '' : `    ${l}`)),
    '',
  ].join('\n');
  const deployment = deploymentDoc(
    scenario,
    proxy.service,
    labels,
    [
      '        - name: nginx',
      `          image: ${proxy.image}`,
      '          ports:',
      `            - name: ${CONTAINER_PORT_NAME}`,
      `              containerPort: ${proxy.port}`,
      '          volumeMounts:',
      '            - name: nginx-conf',
      '              mountPath: /etc/nginx/nginx.conf',
      '              subPath: nginx.conf',
    ],
    ['      volumes:', '        - name: nginx-conf', '          configMap:', `            name: ${proxy.service}-nginx`],
  );
  return [configMap, deployment];
}

/** A one-replica Deployment whose pods carry `labels`; `containers` are the lines under `containers:`. */
function deploymentDoc(scenario: ScenarioSpec, name: string, labels: Record<string, string>, containers: string[], podExtra: string[] = []): string {
  return [
    'apiVersion: apps/v1',
    'kind: Deployment',
    ...metadata(name, scenario.project, labels),
    'spec:',
    '  replicas: 1',
    '  selector:',
    '    matchLabels:',
    ...labelLines(labels, '      '),
    '  template:',
    '    metadata:',
    '      labels:',
    ...labelLines(labels, '        '),
    '    spec:',
    '      containers:',
    ...containers,
    ...podExtra,
    '',
  ].join('\n');
}

function backendDoc(scenario: ScenarioSpec, backend: BackendSpec): string {
  const b = backend.behaviour;
  return deploymentDoc(scenario, backend.service, backend.labels ?? { app: backend.service }, [
    `        - name: ${backend.service}`,
    `          image: ${backend.image}`,
    `          command: [${backend.command.map(q).join(', ')}]`,
    '          env:',
    ...Object.entries(backend.environment).flatMap(([k, v]) => [`            - name: ${k}`, `              value: ${q(v)}`]),
    '          ports:',
    `            - name: ${CONTAINER_PORT_NAME}`,
    `              containerPort: ${b.port}`,
    ...(backend.healthcheck
      ? [
          '          readinessProbe:',
          '            httpGet:',
          `              path: ${backend.healthcheck}`,
          `              port: ${CONTAINER_PORT_NAME}`,
          ...(b.tls ? ['              scheme: HTTPS'] : []),
          '            periodSeconds: 5',
        ]
      : []),
  ]);
}

/** `k8s/<workload>.yaml` → manifests (documents joined by ---). */
export function renderKubernetes(scenario: ScenarioSpec): Record<string, string> {
  const files: Record<string, string> = {};
  const services = scenario.services ?? [];
  const placed = new Set<string>();
  const withServices = (name: string, docs: string[]) => {
    for (const s of services) {
      if (s.name !== name) continue;
      docs.push(serviceDoc(scenario, s));
      placed.add(s.name);
    }
    return [`# ${scenario.description}`, docs.join('---\n')].join('\n');
  };
  if (scenario.proxy.kind === 'nginx') files[`k8s/${scenario.proxy.service}.yaml`] = withServices(scenario.proxy.service, proxyDocs(scenario, scenario.proxy));
  for (const backend of scenario.backends) files[`k8s/${backend.service}.yaml`] = withServices(backend.service, [backendDoc(scenario, backend)]);
  const rest = services.filter((s) => !placed.has(s.name));
  if (rest.length > 0) files['k8s/services.yaml'] = rest.map((s) => serviceDoc(scenario, s)).join('---\n');
  return files;
}
