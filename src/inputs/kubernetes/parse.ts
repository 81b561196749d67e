import type { ConfigInput } from '../config/config-input.js';
import { describe, KubeIndex } from './index-objects.js';
import type { ConfigMap, KubernetesFacts, Workload } from './model.js';
import {
  looksLike,
  readConfigMap,
  readEndpoints,
  readGatewayApiGateway,
  readGatewayRoute,
  readIngress,
  readIngressClass,
  readNamespace,
  readNetworkPolicy,
  readReferenceGrant,
  readService,
} from './read-networking.js';
import { emptyIstioFacts, readIstioObject } from './read-istio.js';
import { type Kustomization, readObjects } from './read-objects.js';
import { readEvent, readLivePod } from './read-live.js';
import { readLimitRange, readWorkload } from './read-workloads.js';
import { record } from './values.js';

const GATEWAY_API = 'gateway.networking.k8s.io';
const ROUTE_KINDS = new Set(['HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'UDPRoute']);

/** Files → KubernetesFacts. Bad documents become `input.problem`s; everything else is still read. */
export function parseKubernetes(input: ConfigInput): KubernetesFacts {
  const { objects, kustomizations, incomplete } = readObjects(input);
  const facts: Omit<KubernetesFacts, 'index'> = {
    objects,
    workloads: [],
    services: [],
    endpoints: [],
    pods: [],
    events: [],
    ingresses: [],
    ingressClasses: [],
    namespaces: [],
    networkPolicies: [],
    configMaps: [],
    limitRanges: [],
    gatewayApi: { gateways: [], routes: [], referenceGrants: [] },
    istio: emptyIstioFacts(),
  };
  const rollouts: Workload[] = [];
  const textOf = new Map(input.files.map((f) => [f.path, f.text]));
  // Split only for ConfigMaps holding block literals (whose column is read from the file), once per file.
  const fileLines = new Map<string, string[]>();
  const linesOf = (file: string) => () => {
    let lines = fileLines.get(file);
    if (!lines) {
      lines = (textOf.get(file) ?? '').split('\n');
      fileLines.set(file, lines);
    }
    return lines;
  };
  for (const object of objects) {
    if (readIstioObject(object, facts.istio)) continue;
    switch (object.group === '' || object.group.endsWith('.k8s.io') || object.group === 'extensions' ? object.kind : `${object.kind}@${object.group}`) {
      case 'Service':
        facts.services.push(readService(object));
        continue;
      case 'Endpoints':
      case 'EndpointSlice': {
        const endpoints = readEndpoints(object);
        if (endpoints) facts.endpoints.push(endpoints);
        continue;
      }
      case 'Ingress':
        facts.ingresses.push(readIngress(object));
        continue;
      case 'IngressClass':
        facts.ingressClasses.push(readIngressClass(object));
        continue;
      case 'Namespace':
        facts.namespaces.push(readNamespace(object));
        continue;
      case 'NetworkPolicy':
        facts.networkPolicies.push(readNetworkPolicy(object));
        continue;
      case 'Event': {
        const event = readEvent(object);
        if (event) facts.events.push(event);
        continue;
      }
      case 'ConfigMap':
        facts.configMaps.push(readConfigMap(object, linesOf(object.file)));
        continue;
      case 'LimitRange':
        facts.limitRanges.push(
          readLimitRange(object, (memory) =>
            input.problem(
              memory.at,
              `${describe(object)}: the default memory limit \`${memory.value}\` is not a memory quantity (such as \`512Mi\` or \`1Gi\`); Kubernetes refuses it`,
            ),
          ),
        );
        continue;
    }
    if (object.group === GATEWAY_API) {
      if (object.kind === 'Gateway') facts.gatewayApi.gateways.push(readGatewayApiGateway(object));
      else if (ROUTE_KINDS.has(object.kind)) facts.gatewayApi.routes.push(readGatewayRoute(object));
      else if (object.kind === 'ReferenceGrant') facts.gatewayApi.referenceGrants.push(readReferenceGrant(object));
      continue;
    }
    const workload = readWorkload(object);
    if (workload) {
      facts.workloads.push(workload);
      for (const c of workload.template.containers)
        if (c.malformedMemoryLimit)
          input.problem(
            c.malformedMemoryLimit.at,
            `${describe(object)}, container \`${c.name}\`: the memory limit \`${c.malformedMemoryLimit.value}\` is not a memory quantity (such as \`512Mi\` or \`1Gi\`); Kubernetes refuses it, and the memory rules skip the container`,
          );
      const pod = readLivePod(workload);
      if (pod) facts.pods.push(pod);
      if (object.kind === 'Rollout' && workload.template.containers.length === 0) rollouts.push(workload);
    }
  }
  for (const rollout of rollouts) adoptReferencedTemplate(rollout, facts.workloads);
  facts.configMaps.push(...generatedConfigMaps(textOf, kustomizations));
  const index = new KubeIndex(objects, facts.workloads, facts.services, facts.namespaces, incomplete);
  return { ...facts, index };
}

/** Argo Rollouts with `workloadRef` run the referenced Deployment's pod template. */
function adoptReferencedTemplate(rollout: Workload, workloads: Workload[]): void {
  const ref = record(record(rollout.object.value.spec).workloadRef);
  const target = workloads.find(
    (w) => w.object.kind === (ref.kind ?? 'Deployment') && w.object.name === ref.name && w.object.namespace === rollout.object.namespace,
  );
  if (!target) return;
  rollout.template = target.template;
  rollout.templatePath = target.templatePath;
  if (!rollout.selector && target.selector) rollout.selector = target.selector;
}

/** kustomization.yaml `configMapGenerator` ConfigMaps, with their files' text when the files are part of the input. */
function generatedConfigMaps(textOf: ReadonlyMap<string, string>, kustomizations: readonly Kustomization[]): ConfigMap[] {
  const out: ConfigMap[] = [];
  for (const k of kustomizations) {
    for (const generator of k.configMapGenerators) {
      const configMap: ConfigMap = { name: generator.name, entries: [] };
      if (k.namespace) configMap.namespace = k.namespace;
      for (const { key, path } of generator.files) {
        const text = textOf.get(path);
        if (text === undefined) continue;
        configMap.entries.push({
          key,
          text,
          file: path,
          line: 1,
          column: 1,
          exactLines: true,
          at: { file: path, line: 1, column: 1 },
          looksLike: looksLike(key, text),
        });
      }
      out.push(configMap);
    }
  }
  return out;
}
