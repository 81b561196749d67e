import { type Located, located, type SourcePosition } from '../../core/position.js';
import type {
  Container,
  ContainerPort,
  ContainerRole,
  EnvVar,
  KubeObject,
  LabelSelector,
  LimitRange,
  MemoryQuantity,
  PodTemplate,
  PodVolume,
  Probe,
  Workload,
  YamlPath,
} from './model.js';
import { integer, isRecord, list, memoryBytes, type Plain, record, stringMap, text } from './values.js';

/** Kinds whose selector is a plain label map rather than a LabelSelector. */
const MAP_SELECTOR_KINDS = new Set(['ReplicationController', 'DeploymentConfig']);

/**
 * The pod template of a workload: every kind with `spec.template.spec.containers` (Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, Job, Argo Rollout, OpenKruise CloneSet and other CRDs shaped alike), CronJob's
 * `spec.jobTemplate.spec.template`, and Pods themselves.
 */
export function readWorkload(object: KubeObject): Workload | undefined {
  const spec = record(object.value.spec);
  let templatePath: YamlPath;
  if (object.kind === 'Pod') templatePath = [];
  else if (object.kind === 'CronJob') templatePath = ['spec', 'jobTemplate', 'spec', 'template'];
  else if (object.kind === 'PodTemplate') return undefined;
  else if (isRecord(spec.template) && Array.isArray(record(record(spec.template).spec).containers)) templatePath = ['spec', 'template'];
  else if (object.kind === 'Rollout' && isRecord(spec.workloadRef)) templatePath = ['spec', 'template'];
  else return undefined;
  const templateValue = templatePath.length === 0 ? object.value : valueAt(object.value, templatePath);
  const workload: Workload = { object, template: readPodTemplate(object, templatePath, record(templateValue)), templatePath };
  const replicas = integer(spec.replicas);
  if (replicas !== undefined) workload.replicas = replicas;
  if (spec.selector !== undefined && object.kind !== 'Pod' && object.kind !== 'CronJob') {
    workload.selector = MAP_SELECTOR_KINDS.has(object.kind)
      ? readMapSelector(object, ['spec', 'selector'], spec.selector)
      : readLabelSelector(object, ['spec', 'selector'], spec.selector);
  }
  if (object.kind === 'StatefulSet' && typeof spec.serviceName === 'string') workload.serviceName = spec.serviceName;
  return workload;
}

export function readPodTemplate(object: KubeObject, path: YamlPath, template: Plain): PodTemplate {
  const metadata = object.kind === 'Pod' ? record(object.value.metadata) : record(template.metadata);
  const spec = record(template.spec);
  const labels = stringMap(metadata.labels);
  const labelAt: Record<string, SourcePosition> = {};
  for (const key of Object.keys(labels)) labelAt[key] = object.pos([...path, 'metadata', 'labels', key]);
  const containers: Container[] = [];
  list(spec.containers).forEach((c, i) => {
    if (isRecord(c)) containers.push(readContainer(object, [...path, 'spec', 'containers', i], c, 'main'));
  });
  list(spec.initContainers).forEach((c, i) => {
    if (!isRecord(c)) return;
    // Native sidecars (Kubernetes 1.29+): init containers that keep running and serve like main containers.
    const role: ContainerRole = c.restartPolicy === 'Always' ? 'sidecar' : 'init';
    containers.push(readContainer(object, [...path, 'spec', 'initContainers', i], c, role));
  });
  const volumes: PodVolume[] = list(spec.volumes).flatMap((v) => {
    if (!isRecord(v) || typeof v.name !== 'string') return [];
    const configMaps: string[] = [];
    const cm = text(record(v.configMap).name);
    if (cm) configMaps.push(cm);
    for (const source of list(record(v.projected).sources)) {
      const name = text(record(record(source).configMap).name);
      if (name) configMaps.push(name);
    }
    return [{ name: v.name, configMaps }];
  });
  const podTemplate: PodTemplate = {
    labels,
    labelAt,
    labelsAt: object.pos(metadata.labels !== undefined ? [...path, 'metadata', 'labels'] : metadata !== undefined ? [...path, 'metadata'] : path),
    annotations: stringMap(metadata.annotations),
    containers,
    hostNetwork: spec.hostNetwork === true,
    volumes,
  };
  const uid = integer(record(spec.securityContext).runAsUser);
  if (uid !== undefined) podTemplate.runAsUser = located(uid, object.pos([...path, 'spec', 'securityContext', 'runAsUser']));
  return podTemplate;
}

function readContainer(object: KubeObject, path: YamlPath, value: Plain, role: ContainerRole): Container {
  const ports: ContainerPort[] = list(value.ports).flatMap((p, i) => {
    if (!isRecord(p)) return [];
    const at = object.pos([...path, 'ports', i]);
    const rawPort = located<unknown>(p.containerPort, object.pos([...path, 'ports', i, 'containerPort']));
    const port: ContainerPort = { rawPort, protocol: text(p.protocol)?.toUpperCase() ?? 'TCP', at };
    const number = integer(p.containerPort);
    if (number !== undefined) port.containerPort = located(number, rawPort.at);
    const name = text(p.name);
    if (name !== undefined) port.name = located(name, object.pos([...path, 'ports', i, 'name']));
    return [port];
  });
  const env: EnvVar[] = list(value.env).flatMap((e, i) => {
    if (!isRecord(e) || typeof e.name !== 'string') return [];
    const v: EnvVar = { name: e.name, at: object.pos([...path, 'env', i]) };
    const literal = text(e.value);
    if (literal !== undefined) v.value = located(literal, object.pos([...path, 'env', i, 'value']));
    return [v];
  });
  const strings = (key: string): Located<string>[] =>
    list(value[key]).flatMap((a, i) => {
      const s = text(a);
      return s === undefined ? [] : [located(s, object.pos([...path, key, i]))];
    });
  const container: Container = {
    name: text(value.name) ?? '',
    image: text(value.image) ?? '',
    role,
    ports,
    env,
    command: strings('command'),
    args: strings('args'),
    volumeMounts: list(value.volumeMounts).flatMap((m) => {
      if (!isRecord(m) || typeof m.name !== 'string') return [];
      const mount: Container['volumeMounts'][number] = { name: m.name, mountPath: text(m.mountPath) ?? '' };
      if (typeof m.subPath === 'string') mount.subPath = m.subPath;
      return [mount];
    }),
    at: object.pos(path),
    path,
  };
  for (const type of ['readiness', 'liveness', 'startup'] as const) {
    const key = `${type}Probe` as const;
    if (isRecord(value[key])) container[key] = readProbe(object, [...path, key], value[key] as Plain, type);
  }
  const uid = integer(record(value.securityContext).runAsUser);
  if (uid !== undefined) container.runAsUser = located(uid, object.pos([...path, 'securityContext', 'runAsUser']));
  const memoryPath = [...path, 'resources', 'limits', 'memory'];
  const memory = readMemoryQuantity(object, memoryPath, record(record(value.resources).limits).memory);
  if (memory && 'bytes' in memory) container.memoryLimit = memory;
  else if (memory) container.malformedMemoryLimit = memory;
  return container;
}

/**
 * A memory quantity field: its bytes, or what was written there when it is not a quantity (a list, a map, `1 GB`),
 * or undefined when the field is absent or null.
 */
function readMemoryQuantity(object: KubeObject, path: YamlPath, value: unknown): MemoryQuantity | Located<string> | undefined {
  if (value === undefined || value === null) return undefined;
  const at = object.pos(path);
  const quantity = typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  const bytes = quantity === undefined ? undefined : memoryBytes(quantity);
  if (quantity !== undefined && bytes !== undefined) return { bytes, quantity, at };
  return located(quantity ?? JSON.stringify(value), at);
}

function readProbe(object: KubeObject, path: YamlPath, value: Plain, type: Probe['type']): Probe {
  const at = object.pos(path);
  const handlers = [
    ['httpGet', 'http'],
    ['tcpSocket', 'tcp'],
    ['grpc', 'grpc'],
  ] as const;
  for (const [key, handler] of handlers) {
    if (!isRecord(value[key])) continue;
    const h = value[key] as Plain;
    const probe: Probe = { type, handler, at };
    const port = typeof h.port === 'number' || typeof h.port === 'string' ? h.port : undefined;
    if (port !== undefined) probe.port = located(port, object.pos([...path, key, 'port']));
    if (typeof h.path === 'string') probe.path = h.path;
    if (handler === 'http') probe.scheme = typeof h.scheme === 'string' && h.scheme.toUpperCase() === 'HTTPS' ? 'HTTPS' : 'HTTP';
    return probe;
  }
  return { type, handler: isRecord(value.exec) ? 'exec' : 'none', at };
}

/** `matchLabels` / `matchExpressions`. A bare label map (written by mistake or by old APIs) is read as matchLabels. */
export function readLabelSelector(object: KubeObject, path: YamlPath, value: unknown): LabelSelector {
  const v = record(value);
  if (v.matchLabels === undefined && v.matchExpressions === undefined && Object.keys(v).length > 0) return readMapSelector(object, path, value);
  const matchLabels = stringMap(v.matchLabels);
  const labelAt: Record<string, SourcePosition> = {};
  const keyAt: Record<string, SourcePosition> = {};
  for (const key of Object.keys(matchLabels)) {
    labelAt[key] = object.pos([...path, 'matchLabels', key]);
    keyAt[key] = object.keyPos([...path, 'matchLabels', key]);
  }
  return {
    matchLabels,
    matchExpressions: list(v.matchExpressions).flatMap((e) =>
      isRecord(e) && typeof e.key === 'string'
        ? [{ key: e.key, operator: text(e.operator) ?? 'In', values: list(e.values).flatMap((x) => (text(x) !== undefined ? [text(x)!] : [])) }]
        : [],
    ),
    at: object.pos(path),
    labelAt,
    keyAt,
  };
}

export function readMapSelector(object: KubeObject, path: YamlPath, value: unknown): LabelSelector {
  const matchLabels = stringMap(value);
  const labelAt: Record<string, SourcePosition> = {};
  const keyAt: Record<string, SourcePosition> = {};
  for (const key of Object.keys(matchLabels)) {
    labelAt[key] = object.pos([...path, key]);
    keyAt[key] = object.keyPos([...path, key]);
  }
  return { matchLabels, matchExpressions: [], at: object.pos(path), labelAt, keyAt };
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const step of path) v = isRecord(v) ? v[step as string] : Array.isArray(v) ? v[step as number] : undefined;
  return v;
}

/**
 * A LimitRange's default container memory limit: the `default.memory` of its first `type: Container` item (or item
 * with no type) that has one above 0 bytes. `malformed` gets each such value that is not a memory quantity.
 */
export function readLimitRange(object: KubeObject, malformed: (value: Located<string>) => void): LimitRange {
  const range: LimitRange = { object };
  for (const [i, item] of list(record(object.value.spec).limits).entries()) {
    if (!isRecord(item) || (item.type !== undefined && item.type !== 'Container')) continue;
    const memory = readMemoryQuantity(object, ['spec', 'limits', i, 'default', 'memory'], record(item.default).memory);
    if (memory && 'bytes' in memory) {
      if (memory.bytes > 0) range.defaultMemory ??= memory;
    } else if (memory) malformed(memory);
  }
  return range;
}
