import type { Fix } from '../../core/define-rule.js';
import type { SourcePosition } from '../../core/position.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ComposeService } from '../../inputs/compose/model.js';
import { composeIndex } from '../../inputs/compose/queries.js';
import type { Container, Probe, Workload } from '../../inputs/kubernetes/model.js';
import { probePortNumber, targetPortOf } from '../../inputs/kubernetes/service-ports.js';
import type { SpringApp } from '../../inputs/spring/model.js';

/** A port the runtime says traffic (or a check) goes to, and which setting says so. */
export interface DeclaredPort {
  port: number;
  source: string;
  at: SourcePosition;
}

export interface AppRuntime {
  compose?: ComposeService;
  workload?: Workload;
  container?: Container;
}

export function runtimeOf(facts: LintFacts, app: SpringApp): AppRuntime {
  const runtime = app.runtime;
  if (!runtime) return {};
  if (runtime.platform === 'compose') {
    const ref = composeIndex(facts.compose).byRuntimeId.get(runtime.runtimeId);
    return ref ? { compose: ref.service } : {};
  }
  const workload = facts.kubernetes.index.workloadById(runtime.runtimeId);
  if (!workload) return {};
  const container = workload.template.containers.find((c) => c.name === runtime.container);
  return container ? { workload, container } : { workload };
}

/**
 * Ports the runtime sends traffic to: Compose `ports` (container side) and `expose`; the container's
 * `containerPort`s and the numeric `targetPort`s of Services selecting the workload; and the ports proxies reach it on.
 */
export function declaredPorts(facts: LintFacts, app: SpringApp): DeclaredPort[] {
  const out: DeclaredPort[] = [];
  const { compose, workload, container } = runtimeOf(facts, app);
  if (compose) {
    for (const p of compose.ports)
      if (p.protocol === 'tcp' && p.target.start === p.target.end)
        out.push({ port: p.target.start, source: `Compose ports \`${p.text}\``, at: p.targetAt ?? p.at });
    for (const e of compose.expose)
      if (e.protocol === 'tcp' && e.port.start === e.port.end) out.push({ port: e.port.start, source: 'Compose expose', at: e.at });
  }
  if (workload && container) {
    for (const p of container.ports)
      if (p.containerPort && p.protocol === 'TCP')
        out.push({ port: p.containerPort.value, source: `containerPort of \`${container.name}\``, at: p.containerPort.at });
    // Ports another container of the pod declares (a proxy sidecar in front of the app) are not the app's.
    const others = new Set(workload.template.containers.filter((c) => c !== container).flatMap((c) => c.ports.flatMap((p) => p.containerPort?.value ?? [])));
    for (const service of facts.kubernetes.index.servicesSelecting(workload)) {
      for (const sp of service.ports) {
        const target = targetPortOf(sp);
        if (typeof target === 'number' && sp.targetPort && !others.has(target))
          out.push({ port: target, source: `targetPort of Service \`${service.object.name}\``, at: sp.targetPort.at });
      }
    }
  }
  for (const path of facts.topology.paths) {
    if (path.backend?.runtime.id !== app.runtime?.runtimeId || !path.listen?.port) continue;
    if (container && /container `/.test(path.listen.source) && !path.listen.source.includes(`container \`${container.name}\``)) continue;
    out.push({ port: path.listen.port, source: `${path.proxy.label} → ${path.target.text}`, at: path.target.at });
  }
  return out;
}

export interface RuntimeProbe {
  kind: string;
  port: number;
  path?: string;
  /** Where the port is written (what a fix changes). */
  portAt: SourcePosition;
  /** The port as written is a literal number (a fix can replace it). */
  numeric: boolean;
  /** Sent from outside the container (kubelet, a load balancer), not from inside it like a Compose healthcheck. */
  external: boolean;
}

/** HTTP probes of the runtime: Kubernetes readiness/liveness/startup probes and the Compose healthcheck URL. */
export function runtimeProbes(facts: LintFacts, app: SpringApp): RuntimeProbe[] {
  const out: RuntimeProbe[] = [];
  const { compose, container } = runtimeOf(facts, app);
  if (container) {
    for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
      if (probe?.handler !== 'http' || !probe.port) continue;
      const port = probePortNumber(container, probe.port.value);
      if (port === undefined) continue;
      out.push({
        kind: probeKind(probe),
        port,
        ...(probe.path ? { path: probe.path } : {}),
        portAt: probe.port.at,
        numeric: typeof probe.port.value === 'number',
        external: true,
      });
    }
  }
  const check = compose?.healthcheck;
  if (check?.test && !check.disabled) {
    const url = /https?:\/\/([^\s/'":]+)(?::(\d+))?(\/[^\s'"?]*)?/.exec(check.test.args.join(' '));
    if (url) {
      const port = url[2] ? Number(url[2]) : 80;
      out.push({ kind: 'Compose healthcheck', port, path: url[3] ?? '/', portAt: check.probe?.at ?? check.test.at, numeric: false, external: false });
    }
  }
  return out;
}

function probeKind(probe: Probe): string {
  return `${probe.type}Probe`;
}

/** Replaces a properties/YAML value (the setting's value range). */
export function replaceSetting(at: SourcePosition, replacement: string, description: string): Fix | undefined {
  if (at.endLine === undefined || at.endColumn === undefined) return undefined;
  return { description, file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, replacement };
}

/**
 * Adds a setting to the app's main file: `key=value` before the first key of a .properties file, or a nested
 * block (`server:\n  port: 8080`) before the first top-level key of a YAML file whose first document lacks that root.
 */
export function addSetting(facts: LintFacts, app: SpringApp, key: string, value: string, description: string): Fix | undefined {
  const main = app.files.find((f) => !f.profile && !f.embedded);
  const doc = main?.documents[0];
  const at = doc?.firstKeyAt;
  if (!main || !doc || !at) return undefined;
  const insert = (replacement: string): Fix => ({ description, file: at.file, line: at.line, column: 1, endLine: at.line, endColumn: 1, replacement });
  if (main.format === 'properties') return insert(`${key}=${value}\n`);
  const [root, ...rest] = key.split('.');
  if (doc.properties.some((p) => p.key.split('.')[0] === root)) return undefined;
  const lines = [`${root}:`, ...rest.map((part, i) => `${'  '.repeat(i + 1)}${part}:${i === rest.length - 1 ? ` ${value}` : ''}`)];
  const text = facts.files.find((f) => f.path === at.file)?.text;
  if (text === undefined) return undefined;
  return insert(`${lines.join('\n')}\n`);
}
