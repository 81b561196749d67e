import { sep } from 'node:path';
import type { SourcePosition } from '../../core/position.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ConfigFile, ConfigInput } from '../config/config-input.js';
import { proxyProductOfImage } from '../compose/image-defaults.js';
import type { ComposeService } from '../compose/model.js';
import { composeIndex, runtimeIdOf } from '../compose/queries.js';
import { type PositionedDoc, YamlCursor } from '../envoy/yaml-cursor.js';
import type { TraefikContainer, TraefikDynamicFile, TraefikFacts, TraefikIngressRoute, TraefikInstance } from './model.js';
import { readDynamicConfig } from './read-dynamic.js';
import { readLabels } from './read-labels.js';
import { parseToml } from './toml.js';

const MENTIONS = /routers|services|entryPoints|entrypoints|providers/;

interface StaticConfig {
  file: ConfigFile;
  root: YamlCursor;
}

/**
 * Traefik: dynamic configuration files (file provider, YAML and TOML), static configuration (`traefik.yml|toml`,
 * command-line flags, `TRAEFIK_*` environment), and the Docker provider's labels on Compose services. Runs after
 * Compose, whose parsed services (labels with positions, networks, ports) it reads.
 */
export function parseTraefik(input: ConfigInput, earlier: Partial<LintFacts> = {}): TraefikFacts {
  const files: TraefikDynamicFile[] = [];
  const statics: StaticConfig[] = [];
  for (const file of input.files) {
    const toml = /\.toml$/i.test(file.path);
    if ((!toml && !/\.ya?ml$/i.test(file.path)) || !MENTIONS.test(file.text)) continue;
    const docs: PositionedDoc[] = toml ? [readToml(input, file)] : input.yaml(file).docs;
    for (const doc of docs) {
      const root = YamlCursor.root(doc, undefined, true);
      if (!root.isMap() || root.get('apiVersion') || root.get('kind')) continue;
      const dynamic = readDynamicConfig(root, file.path, toml ? 'toml' : 'yaml', file.text);
      if (dynamic) files.push(dynamic);
      else if (root.get('entryPoints') || root.get('providers')) statics.push({ file, root });
    }
  }
  const instances = readInstances(earlier, statics, input.files);
  const containers: TraefikContainer[] = [];
  const compose = earlier.compose;
  if (compose) {
    for (const { project, service } of composeIndex(compose).refs) {
      if (project.variantOf) continue;
      const container = readLabels(project, service, runtimeIdOf(compose, service), input.files);
      if (!container) continue;
      const instance = instances.find((i) => i.project === project.id) ?? (instances.length === 1 ? instances[0] : undefined);
      if (instance) container.instance = instance.id;
      containers.push(container);
    }
  }
  return { instances, files, containers, ingressRoutes: readIngressRoutes(earlier) };
}

/** Traefik's Kubernetes CRDs (`traefik.io` and the older `traefik.containo.us`): the Services their routes name. */
function readIngressRoutes(earlier: Partial<LintFacts>): TraefikIngressRoute[] {
  const out: TraefikIngressRoute[] = [];
  for (const object of earlier.kubernetes?.objects ?? []) {
    if ((object.kind !== 'IngressRoute' && object.kind !== 'IngressRouteTCP') || !/^traefik\.(io|containo\.us)$/.test(object.group)) continue;
    const kind = object.kind;
    const id = `traefik:k8s:${object.namespace ?? '-'}/${kind}/${object.name}`;
    const route: TraefikIngressRoute = { id, kind, name: object.name, file: object.file, at: object.at, services: [] };
    if (object.namespace !== undefined) route.namespace = object.namespace;
    const routes = ((object.value.spec as Record<string, unknown> | undefined)?.routes ?? []) as unknown[];
    routes.forEach((r, i) => {
      if (r === null || typeof r !== 'object') return;
      const entry = r as Record<string, unknown>;
      ((entry.services ?? []) as unknown[]).forEach((svc, j) => {
        if (svc === null || typeof svc !== 'object') return;
        const service = svc as Record<string, unknown>;
        if (typeof service.name !== 'string' || (service.kind !== undefined && service.kind !== 'Service')) return;
        const path = ['spec', 'routes', i, 'services', j];
        const item: TraefikIngressRoute['services'][number] = {
          id: `${id}#${i}/${j}`,
          name: { value: service.name, at: object.pos([...path, 'name']) },
          at: object.pos(path),
        };
        if (typeof entry.match === 'string') item.match = entry.match;
        if (typeof service.namespace === 'string') item.namespace = service.namespace;
        if (typeof service.port === 'number' || typeof service.port === 'string') item.port = { value: service.port, at: object.pos([...path, 'port']) };
        route.services.push(item);
      });
    });
    out.push(route);
  }
  return out;
}

function readToml(input: ConfigInput, file: ConfigFile): PositionedDoc {
  const { doc, problems } = parseToml(file.path, file.text);
  // A TOML file is only Traefik's business when it looks like Traefik's: other tools' TOML is left alone.
  const root = YamlCursor.root(doc, undefined, true);
  const ours = ['http', 'tcp', 'udp', 'entryPoints', 'providers'].some((k) => root.get(k));
  if (ours) for (const p of problems) input.problem(p.at, p.message);
  return doc;
}

/** Compose services running Traefik, with their Docker provider settings; static files no service mounts stand alone. */
function readInstances(earlier: Partial<LintFacts>, statics: readonly StaticConfig[], files: readonly ConfigFile[]): TraefikInstance[] {
  const instances: TraefikInstance[] = [];
  const mounted = new Set<StaticConfig>();
  const compose = earlier.compose;
  for (const { project, service } of compose ? composeIndex(compose).refs : []) {
    if (project.variantOf || !service.image || proxyProductOfImage(service.image.value) !== 'traefik') continue;
    const own = statics.find((s) =>
      service.volumes.some((m) => m.hostPath && (m.hostPath === s.file.absolutePath || s.file.absolutePath.startsWith(m.hostPath + sep))),
    );
    if (own) mounted.add(own);
    const runtimeId = runtimeIdOf(compose!, service);
    const instance: TraefikInstance = {
      id: `traefik:${runtimeId}`,
      label: `Traefik (Compose service \`${service.name}\`)`,
      runtimeId,
      project: project.id,
      docker: { configured: false, exposedByDefault: true },
      at: service.at,
    };
    if (own) {
      instance.staticFile = own.file.path;
      applyStatic(instance, own.root);
    }
    applyFlags(instance, service, files);
    // Nothing says how Traefik is configured (a config baked into the image): labels are read as if the Docker provider were on.
    if (!own && !instance.docker.configured) instance.docker.configured = true;
    instances.push(instance);
  }
  for (const s of statics) {
    if (mounted.has(s)) continue;
    const instance: TraefikInstance = {
      id: `traefik:static:${s.file.path}`,
      label: `Traefik (${s.file.path})`,
      staticFile: s.file.path,
      docker: { configured: false, exposedByDefault: true },
      at: s.root.pos(),
    };
    applyStatic(instance, s.root);
    instances.push(instance);
  }
  return instances;
}

function applyStatic(instance: TraefikInstance, root: YamlCursor): void {
  const docker = root.at('providers', 'docker');
  if (!docker) return;
  instance.docker.configured = true;
  const exposed = docker.get('exposedByDefault');
  if (exposed?.boolean() !== undefined) {
    instance.docker.exposedByDefault = exposed.boolean()!;
    instance.docker.exposedByDefaultAt = exposed.pos();
  }
  const network = docker.get('network')?.locatedString();
  if (network) instance.docker.network = network;
}

/** `--providers.docker.exposedbydefault=false`, `--providers.docker.network=web`, and their `TRAEFIK_PROVIDERS_DOCKER_*` variables. */
function applyFlags(instance: TraefikInstance, service: ComposeService, files: readonly ConfigFile[]): void {
  const settings: { key: string; value: string; at: SourcePosition }[] = [];
  for (const command of [service.entrypoint, service.command]) {
    if (!command) continue;
    const text = files.find((f) => f.path === command.at.file)?.text ?? '';
    for (const word of command.words) {
      const m = /^--([a-z0-9.]+)(?:=(.*))?$/i.exec(word);
      if (m) settings.push({ key: m[1]!.toLowerCase(), value: m[2] ?? 'true', at: wordAt(text, command.at, word) });
    }
  }
  for (const env of service.environment) {
    if (!/^TRAEFIK_/i.test(env.name) || env.value === undefined) continue;
    settings.push({ key: env.name.slice('TRAEFIK_'.length).toLowerCase().replace(/_/g, '.'), value: env.value, at: env.at });
  }
  for (const s of settings) {
    if (s.key === 'providers.docker' || s.key.startsWith('providers.docker.'))
      instance.docker.configured = s.value.toLowerCase() !== 'false' || s.key !== 'providers.docker';
    if (s.key === 'providers.docker.exposedbydefault') {
      instance.docker.exposedByDefault = s.value.trim().toLowerCase() !== 'false';
      instance.docker.exposedByDefaultAt = s.at;
    }
    if (s.key === 'providers.docker.network') instance.docker.network = { value: s.value.trim(), at: s.at };
  }
}

/** Where one word of a command is written inside the command's range (the whole command when it cannot be told). */
function wordAt(text: string, range: SourcePosition, word: string): SourcePosition {
  const lines = text.split('\n');
  for (let line = range.line; line <= (range.endLine ?? range.line); line++) {
    const content = lines[line - 1] ?? '';
    const index = content.indexOf(word, line === range.line ? range.column - 1 : 0);
    if (index >= 0) return { file: range.file, line, column: index + 1, endLine: line, endColumn: index + 1 + word.length };
  }
  return range;
}
