import type { Located, SourcePosition } from '../../core/position.js';
import type { ConfigFile } from '../config/config-input.js';
import { imageDefaults } from '../compose/image-defaults.js';
import type { ComposeLabel, ComposeProject, ComposeService } from '../compose/model.js';
import type { TraefikContainer, TraefikProtocol, TraefikRouter, TraefikService } from './model.js';
import { inner, serverFromUrl } from './read-dynamic.js';

const LABEL = /^traefik\.(http|tcp|udp)\.(routers|services)\.([^.]+)\.(.+)$/i;

/**
 * The Docker provider's view of one Compose service: `traefik.enable`, `traefik.docker.network`, and the
 * routers and services its `traefik.http|tcp|udp.*` labels declare. Undefined when it has no `traefik.*` label.
 */
export function readLabels(project: ComposeProject, service: ComposeService, runtimeId: string, files: readonly ConfigFile[]): TraefikContainer | undefined {
  const labels = service.labels.filter((l) => /^traefik\./i.test(l.key));
  if (labels.length === 0) return undefined;
  const lineCache = new Map<string, string[]>();
  const linesOf = (file: string) => {
    let lines = lineCache.get(file);
    if (!lines) {
      lines = (files.find((f) => f.path === file)?.text ?? '').split('\n');
      lineCache.set(file, lines);
    }
    return lines;
  };
  const first = labels[0]!;
  const firstLine = linesOf(first.at.file)[first.at.line - 1] ?? '';
  const container: TraefikContainer = {
    project: project.id,
    service: service.name,
    runtimeId,
    routers: [],
    services: [],
    labelsAt: lineStart(first.at, firstLine),
    labelsForm: /^\s*-\s/.test(firstLine) ? 'list' : 'map',
    exposedPorts: exposedPorts(service),
  };
  const routers = new Map<string, TraefikRouter>();
  const services = new Map<string, TraefikService>();
  for (const label of labels) {
    const valueAt = labelValueAt(label, linesOf(label.at.file));
    const key = label.key.toLowerCase();
    if (key === 'traefik.enable') {
      container.enable = { value: label.value.trim().toLowerCase() === 'true', at: valueAt };
      continue;
    }
    if (key === 'traefik.docker.network') {
      container.network = { value: label.value.trim(), at: valueAt };
      continue;
    }
    const m = LABEL.exec(label.key);
    if (!m) continue;
    const protocol = m[1]!.toLowerCase() as TraefikProtocol;
    const name = m[3]!;
    const option = m[4]!.toLowerCase();
    const value: Located<string> = { value: label.value.trim(), at: valueAt };
    if (m[2]!.toLowerCase() === 'routers') {
      const id = `${protocol}/${name.toLowerCase()}`;
      let router = routers.get(id);
      if (!router) {
        router = { name, protocol, provider: 'docker', nameAt: label.at, at: label.at };
        routers.set(id, router);
      }
      if (option === 'rule') router.rule = value;
      else if (option === 'service') router.service = value;
      continue;
    }
    const id = `${protocol}/${name.toLowerCase()}`;
    let svc = services.get(id);
    if (!svc) {
      svc = { name, protocol, provider: 'docker', nameAt: label.at, at: label.at, kind: 'loadBalancer', children: [], servers: [] };
      services.set(id, svc);
    }
    if (option === 'loadbalancer.server.port' && /^\d+$/.test(value.value)) svc.port = { value: Number(value.value), at: valueAt };
    else if (option === 'loadbalancer.server.scheme') svc.scheme = value;
    else if (option === 'loadbalancer.server.url') svc.servers.push(serverFromUrl(`${runtimeId}#${id}/url`, value.value, valueAt, linesOf(label.at.file)));
    else if (option === 'loadbalancer.healthcheck.path') {
      svc.healthCheck ??= { at: label.at };
      svc.healthCheck.path = value;
    } else if (option === 'loadbalancer.healthcheck.port' && /^\d+$/.test(value.value)) {
      svc.healthCheck ??= { at: label.at };
      svc.healthCheck.port = { value: Number(value.value), at: valueAt };
    }
  }
  container.routers = [...routers.values()];
  container.services = [...services.values()];
  return container;
}

/**
 * Where a label's value is written: the map value itself, or the part after `=` of a `- "key=value"` list item
 * (so fixes rewrite the value only).
 */
export function labelValueAt(label: ComposeLabel, lines: readonly string[]): SourcePosition {
  const line = lines[label.at.line - 1] ?? '';
  const from = label.at.column - 1;
  const written = line.slice(from);
  const quoted = /^["']/.test(written) ? 1 : 0;
  if (written.slice(quoted).toLowerCase().startsWith(`${label.key.toLowerCase()}=`)) {
    const valueStart = quoted + label.key.length + 1;
    const rest = written.slice(valueStart);
    const end = quoted ? rest.indexOf(written[0]!) : rest.search(/\s+#|\s*$/);
    return inner(label.at, valueStart, end < 0 ? rest.length : end);
  }
  return label.at;
}

function lineStart(at: SourcePosition, line: string): SourcePosition {
  const indent = line.length - line.trimStart().length;
  return { file: at.file, line: at.line, column: indent + 1 };
}

/** What Traefik's port detection sees: published and exposed container ports, Dockerfile EXPOSE, the image's own EXPOSE. */
function exposedPorts(service: ComposeService): number[] {
  const ports = new Set<number>();
  for (const p of service.ports) if (p.protocol === 'tcp') ports.add(p.target.start);
  for (const e of service.expose) if (e.protocol === 'tcp') ports.add(e.port.start);
  for (const h of service.listenHints) if (h.port !== undefined && h.source.startsWith('Dockerfile EXPOSE')) ports.add(h.port);
  if (ports.size === 0 && service.image) for (const p of imageDefaults(service.image.value)?.ports ?? []) ports.add(p);
  return [...ports].sort((a, b) => a - b);
}
