import { isAbsolute, resolve } from 'node:path';
import type { Node } from 'yaml';
import type { Located, SourcePosition } from '../../core/position.js';
import type { ConfigInput } from '../config/config-input.js';
import { composeBytes } from './byte-value.js';
import { parseDotenv } from './dotenv.js';
import { emptyDraft, KEY_FIELDS, type ServiceDraft } from './draft.js';
import { interpolate } from './interpolate.js';
import { shellWords } from './listen-hints.js';
import type {
  ComposeByteValue,
  ComposeCommand,
  ComposeDependency,
  ComposeEnvVar,
  ComposeHealthcheck,
  ComposeMount,
  ComposeVariableUse,
  DependencyCondition,
  HealthcheckTestForm,
  NetworkMode,
  ServiceNetwork,
} from './model.js';
import { parsePortRange, parseShortPort, splitProtocol } from './ports.js';
import type { MapEntry, YamlReader } from './yaml-reader.js';

/** Everything needed to read one Compose file of a project. */
export interface FileContext {
  input: ConfigInput;
  reader: YamlReader;
  /** Directory relative paths resolve against (the project directory). */
  directory: string;
  lookup(name: string): string | undefined;
  unset: ComposeVariableUse[];
}

export interface Text {
  value: string;
  at: SourcePosition;
  /** Contains a variable that is unset and has no default: the real value is unknown. */
  unknown: boolean;
}

/** A scalar, interpolated; unset variables recorded. Undefined for null, maps and sequences. */
export function readText(ctx: FileContext, node: unknown, fallback?: SourcePosition): Text | undefined {
  const raw = ctx.reader.scalar(node);
  if (raw === undefined) return undefined;
  const at = ctx.reader.pos(node, fallback);
  const result = interpolate(raw, ctx.lookup);
  let unknown = false;
  for (const u of result.unset) {
    const use: ComposeVariableUse = { name: u.name, at, defaulted: u.defaulted };
    if (u.required !== undefined) use.required = u.required;
    ctx.unset.push(use);
    if (!u.defaulted) unknown = true;
  }
  if (result.error) ctx.input.problem(at, result.error);
  return { value: result.value, at, unknown };
}

function located(t: Text): Located<string> {
  return { value: t.value, at: t.at };
}

/** Reads one service mapping into a draft; problems are reported and the rest of the service still read. */
export function readService(ctx: FileContext, entry: MapEntry): ServiceDraft {
  const { reader, input } = ctx;
  const draft = emptyDraft(entry.key, entry.keyAt);
  if (entry.value === undefined) return draft;
  if (!reader.isMap(entry.value)) {
    input.problem(entry.valueAt, `service \`${entry.key}\` must be a mapping`);
    return draft;
  }
  const entries = reader.entries(entry.value);
  const body = reader.firstKeyPos(entry.value);
  if (body && body.line > entry.keyAt.line) draft.body = body;
  for (const e of entries) {
    if (KEY_FIELDS[e.key]) {
      if (e.tag === '!reset') {
        draft.reset.add(e.key);
        continue;
      }
      if (e.tag === '!override') draft.replace.add(e.key);
      draft.written.add(e.key);
    }
    readKey(ctx, draft, e);
  }
  return draft;
}

function readKey(ctx: FileContext, draft: ServiceDraft, e: MapEntry): void {
  const { reader, input } = ctx;
  const value = e.value;
  switch (e.key) {
    case 'image':
    case 'container_name':
    case 'hostname': {
      const t = readText(ctx, value, e.valueAt);
      // A name built from an unset variable is unknown, not blank.
      if (!t || (t.unknown && e.key !== 'image')) return;
      if (e.key === 'image') draft.image = located(t);
      else if (e.key === 'container_name') draft.containerName = located(t);
      else draft.hostname = located(t);
      return;
    }
    case 'build':
      readBuild(ctx, draft, e);
      return;
    case 'extends': {
      const direct = readText(ctx, value, e.valueAt);
      if (direct) {
        draft.extends = { service: direct.value, at: direct.at };
        return;
      }
      const service = readText(ctx, reader.get(value, 'service')?.value);
      if (!service) {
        input.problem(e.valueAt, `\`extends\` of service \`${draft.name}\` needs a \`service\``);
        return;
      }
      draft.extends = { service: service.value, at: service.at };
      const file = readText(ctx, reader.get(value, 'file')?.value);
      if (file) draft.extends.file = file.value;
      return;
    }
    case 'ports':
      readPorts(ctx, draft, e);
      return;
    case 'expose':
      draft.exposeAt = e.keyAt;
      for (const item of reader.items(value)) {
        const t = readText(ctx, item);
        if (!t || t.unknown) continue;
        const proto = splitProtocol(t.value);
        const port = proto && parsePortRange(proto.rest);
        if (!proto || !port) input.problem(t.at, `invalid \`expose\` entry \`${t.value}\`: expected a port, a range or port/protocol`);
        else draft.expose.push({ port, protocol: proto.protocol, at: t.at });
      }
      return;
    case 'networks':
      readNetworks(ctx, draft, e);
      return;
    case 'network_mode': {
      const t = readText(ctx, value, e.valueAt);
      if (t && !t.unknown) draft.networkMode = { value: networkMode(t.value), at: t.at };
      return;
    }
    case 'depends_on':
      readDependsOn(ctx, draft, e);
      return;
    case 'healthcheck':
      draft.healthcheck = readHealthcheck(ctx, e);
      return;
    case 'environment':
      draft.environment = readEnvironment(ctx, e);
      return;
    case 'env_file':
      draft.envFile = readEnvFiles(ctx, e);
      return;
    case 'command':
    case 'entrypoint': {
      const command = readCommand(ctx, e, e.key);
      if (command) draft[e.key] = command;
      return;
    }
    case 'mem_limit': {
      const limit = readByteValue(ctx, value, e.valueAt, 'mem_limit');
      if (limit) draft.memLimit = limit;
      return;
    }
    case 'deploy': {
      // Each level must be a mapping (Compose refuses the file otherwise); the first that is not is the problem.
      let entry: MapEntry | undefined = e;
      let path = 'deploy';
      for (const key of ['resources', 'limits', 'memory']) {
        if (!entry || reader.isNull(entry.value)) return;
        if (!reader.isMap(entry.value)) {
          ctx.input.problem(entry.valueAt, `\`${path}\` must be a mapping`);
          return;
        }
        entry = reader.get(entry.value, key);
        path += `.${key}`;
      }
      const limit = entry && readByteValue(ctx, entry.value, entry.valueAt, path);
      if (limit) draft.deployMemoryLimit = limit;
      return;
    }
    case 'volumes':
      for (const item of reader.items(value)) {
        const mount = readMount(ctx, item);
        if (mount) draft.volumes.push(mount);
      }
      return;
    case 'labels':
      for (const pair of keyValues(ctx, value, '=')) draft.labels.push({ key: pair.key, value: pair.value ?? '', at: pair.at });
      return;
    case 'profiles':
      for (const item of reader.items(value)) {
        const t = readText(ctx, item);
        if (t) draft.profiles.push(located(t));
      }
      return;
    case 'links':
      for (const item of reader.items(value)) {
        const t = readText(ctx, item);
        if (!t || t.unknown) continue;
        const [service, alias] = t.value.split(':') as [string, string | undefined];
        draft.links.push({ service, alias: alias ?? service, at: t.at });
      }
      return;
    case 'configs':
      for (const item of reader.items(value)) {
        const direct = readText(ctx, item);
        const source = direct ?? readText(ctx, reader.get(item, 'source')?.value);
        if (!source) continue;
        const ref: ServiceDraft['configRefs'][number] = { source: source.value, at: direct?.at ?? reader.pos(item) };
        const target = direct ? undefined : readText(ctx, reader.get(item, 'target')?.value);
        if (target) ref.target = target.value;
        draft.configRefs.push(ref);
      }
      return;
    case 'extra_hosts':
      for (const pair of keyValues(ctx, value, /[=:]/)) {
        if (pair.value !== undefined) draft.extraHosts.push({ host: pair.key, address: pair.value, at: pair.at });
      }
      return;
  }
}

/** A byte value (`768m`, `1gb`, a number); undefined when blank or from an unset variable, a problem when Compose refuses it (a list or mapping included). */
function readByteValue(ctx: FileContext, node: Node | undefined, fallback: SourcePosition, key: string): ComposeByteValue | undefined {
  if (ctx.reader.isMap(node) || ctx.reader.isSeq(node)) {
    ctx.input.problem(
      ctx.reader.pos(node, fallback),
      `\`${key}\` must be a byte value (\`768m\`, \`1g\`, a number of bytes), not a ${ctx.reader.isMap(node) ? 'mapping' : 'list'}`,
    );
    return undefined;
  }
  const t = readText(ctx, node, fallback);
  if (!t || t.unknown || t.value.trim() === '') return undefined;
  const bytes = composeBytes(t.value);
  if (bytes === undefined) {
    ctx.input.problem(
      t.at,
      `invalid byte value \`${t.value}\` for \`${key}\`: Compose takes a number of bytes or an amount with b, k, m, g (kb, mb, gb, KiB, MiB, GiB …)`,
    );
    return undefined;
  }
  return { text: t.value, bytes, at: t.at };
}

function readBuild(ctx: FileContext, draft: ServiceDraft, e: MapEntry): void {
  const { reader } = ctx;
  const direct = readText(ctx, e.value, e.valueAt);
  const contextText = direct ?? readText(ctx, reader.get(e.value, 'context')?.value);
  const context = contextText ? located(contextText) : { value: '.', at: e.keyAt };
  const remote = /^(?:[a-z]+:\/\/|git@|github\.com\/)/i.test(context.value);
  const directory = remote ? context.value : resolve(ctx.directory, context.value);
  draft.build = { context, directory };
  if (!direct) {
    const dockerfile = readText(ctx, reader.get(e.value, 'dockerfile')?.value);
    if (dockerfile) draft.build.dockerfile = located(dockerfile);
    const target = readText(ctx, reader.get(e.value, 'target')?.value);
    if (target) draft.buildTarget = target.value;
  }
}

function readPorts(ctx: FileContext, draft: ServiceDraft, e: MapEntry): void {
  const { reader, input } = ctx;
  for (const item of reader.items(e.value)) {
    if (reader.isMap(item)) {
      const targetEntry = reader.get(item, 'target');
      const target = readText(ctx, targetEntry?.value);
      const targetRange = target && parsePortRange(target.value);
      if (!target || !targetRange) {
        if (!target?.unknown) input.problem(target?.at ?? reader.pos(item), 'a long-syntax port needs a numeric `target` (the container port)');
        continue;
      }
      const published = readText(ctx, reader.get(item, 'published')?.value);
      const protocol = readText(ctx, reader.get(item, 'protocol')?.value)?.value.toLowerCase() ?? 'tcp';
      const hostIp = readText(ctx, reader.get(item, 'host_ip')?.value);
      const port: ServiceDraft['ports'][number] = {
        target: targetRange,
        protocol: protocol === 'udp' || protocol === 'sctp' ? protocol : 'tcp',
        syntax: 'long',
        text: `${published ? `${published.value}:` : ''}${target.value}/${protocol}`,
        at: reader.pos(item),
        targetAt: target.at,
      };
      if (published && !published.unknown) {
        const range = parsePortRange(published.value, true);
        if (!range) input.problem(published.at, `invalid published port \`${published.value}\``);
        else if (range.start !== 0) {
          port.published = range;
          port.publishedAt = published.at;
        }
      }
      if (hostIp && hostIp.value !== '') port.hostIp = hostIp.value;
      draft.ports.push(port);
      continue;
    }
    const t = readText(ctx, item);
    if (!t) continue;
    if (t.unknown) continue;
    const parsed = parseShortPort(t.value);
    if (!parsed.ok) {
      input.problem(t.at, parsed.message);
      continue;
    }
    draft.ports.push({ ...parsed.value, syntax: 'short', text: t.value, at: t.at });
  }
}

function readNetworks(ctx: FileContext, draft: ServiceDraft, e: MapEntry): void {
  const { reader } = ctx;
  draft.networksAt = e.keyAt;
  draft.networksForm = reader.isFlow(e.value) ? 'flow' : reader.isSeq(e.value) ? 'list' : 'map';
  if (reader.isSeq(e.value)) {
    for (const item of reader.items(e.value)) {
      const t = readText(ctx, item);
      if (t?.unknown) draft.networksIncomplete = true;
      else if (t) draft.networks.push({ name: t.value, aliases: [], at: t.at, implicit: false });
    }
    return;
  }
  for (const n of reader.entries(e.value)) {
    const network: ServiceNetwork = { name: n.key, aliases: [], at: n.keyAt, implicit: false };
    for (const alias of reader.items(reader.get(n.value, 'aliases')?.value)) {
      const t = readText(ctx, alias);
      if (t && !t.unknown) network.aliases.push(located(t));
    }
    const v4 = readText(ctx, reader.get(n.value, 'ipv4_address')?.value);
    if (v4) network.ipv4Address = located(v4);
    const v6 = readText(ctx, reader.get(n.value, 'ipv6_address')?.value);
    if (v6) network.ipv6Address = located(v6);
    draft.networks.push(network);
  }
}

export function networkMode(text: string): NetworkMode {
  const [head, ...rest] = text.split(':');
  const target = rest.join(':');
  if (head === 'service' && target) return { kind: 'service', target, text };
  if (head === 'container' && target) return { kind: 'container', target, text };
  if (text === 'host' || text === 'none' || text === 'bridge') return { kind: text, text };
  return { kind: 'other', text };
}

const CONDITIONS = new Set<DependencyCondition>(['service_started', 'service_healthy', 'service_completed_successfully']);

function readDependsOn(ctx: FileContext, draft: ServiceDraft, e: MapEntry): void {
  const { reader, input } = ctx;
  draft.dependsOnAt = e.keyAt;
  draft.dependsOnValueAt = e.valueAt;
  const flow = reader.isFlow(e.value);
  if (reader.isSeq(e.value)) {
    draft.dependsOnForm = flow ? 'flow-list' : 'list';
    for (const item of reader.items(e.value)) {
      const t = readText(ctx, item);
      if (t && !t.unknown)
        draft.dependsOn.push({ service: t.value, condition: 'service_started', conditionWritten: false, restart: false, required: true, at: t.at });
    }
    return;
  }
  draft.dependsOnForm = flow ? 'flow-map' : 'map';
  for (const d of reader.entries(e.value)) {
    const dependency: ComposeDependency = {
      service: d.key,
      condition: 'service_started',
      conditionWritten: false,
      restart: false,
      required: true,
      at: d.keyAt,
    };
    const condition = readText(ctx, reader.get(d.value, 'condition')?.value);
    if (condition) {
      if (CONDITIONS.has(condition.value as DependencyCondition)) {
        dependency.condition = condition.value as DependencyCondition;
        dependency.conditionWritten = true;
        dependency.conditionAt = condition.at;
      } else
        input.problem(condition.at, `unknown depends_on condition \`${condition.value}\` (service_started, service_healthy or service_completed_successfully)`);
    }
    if (reader.boolean(reader.get(d.value, 'restart')?.value) === true) dependency.restart = true;
    if (reader.boolean(reader.get(d.value, 'required')?.value) === false) dependency.required = false;
    draft.dependsOn.push(dependency);
  }
}

function readHealthcheck(ctx: FileContext, e: MapEntry): ComposeHealthcheck {
  const { reader, input } = ctx;
  const hc: ComposeHealthcheck = { at: e.keyAt, disabled: reader.boolean(reader.get(e.value, 'disable')?.value) === true };
  const testEntry = reader.get(e.value, 'test');
  if (testEntry) {
    const direct = readText(ctx, testEntry.value, testEntry.valueAt);
    let form: HealthcheckTestForm;
    let args: string[];
    if (direct) {
      form = 'string';
      args = [direct.value];
    } else {
      const words = reader.items(testEntry.value).map((n) => readText(ctx, n)?.value ?? '');
      const head = words[0];
      if (head === 'CMD' || head === 'CMD-SHELL' || head === 'NONE') {
        form = head;
        args = words.slice(1);
      } else {
        input.problem(testEntry.valueAt, 'healthcheck `test` must be a string or a list starting with "CMD", "CMD-SHELL" or "NONE"');
        form = 'CMD';
        args = words;
      }
    }
    hc.test = { form, args, at: testEntry.valueAt };
    if (form === 'NONE') hc.disabled = true;
    const probe = probedAddress(args.join(' '));
    if (probe) hc.probe = { ...probe, at: testEntry.valueAt };
  }
  for (const [key, field] of [
    ['interval', 'interval'],
    ['timeout', 'timeout'],
    ['retries', 'retries'],
    ['start_period', 'startPeriod'],
  ] as const) {
    const t = readText(ctx, reader.get(e.value, key)?.value);
    if (t) hc[field] = located(t);
  }
  return hc;
}

/** The address a healthcheck command probes: an URL, `host:port`, `nc -z host port` or bash `/dev/tcp/host/port`. */
export function probedAddress(command: string): { host: string; port: number } | undefined {
  const url = /\b(https?):\/\/(\[[^\]]+\]|[^/:\s"'$]+)(:[^/\s"']*)?/i.exec(command);
  if (url) {
    // `http://localhost:$PORT/` (a variable of the container): the port is not known here.
    if (url[3] !== undefined && !/^:\d{1,5}$/.test(url[3])) return undefined;
    return { host: url[2]!.replace(/^\[|\]$/g, ''), port: url[3] ? Number(url[3].slice(1)) : url[1]!.toLowerCase() === 'https' ? 443 : 80 };
  }
  const hostPort = /(?:^|[\s"'])(localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]):(\d{1,5})\b/.exec(command);
  if (hostPort) return { host: hostPort[1]!.replace(/^\[|\]$/g, ''), port: Number(hostPort[2]) };
  const nc = /\bnc\b(?:\s+-[a-zA-Z]+)*\s+([\w.-]+)\s+(\d{1,5})\b/.exec(command);
  if (nc) return { host: nc[1]!, port: Number(nc[2]) };
  const devTcp = /\/dev\/tcp\/([\w.-]+)\/(\d{1,5})\b/.exec(command);
  if (devTcp) return { host: devTcp[1]!, port: Number(devTcp[2]) };
  return undefined;
}

interface KeyValue {
  key: string;
  value?: string;
  at: SourcePosition;
}

/** A list of `KEY=value` strings or a mapping (environment, labels, extra_hosts). */
function keyValues(ctx: FileContext, node: Node | undefined, separator: string | RegExp): KeyValue[] {
  const { reader } = ctx;
  const out: KeyValue[] = [];
  if (reader.isSeq(node)) {
    for (const item of reader.items(node)) {
      const t = readText(ctx, item);
      if (!t) continue;
      const index = typeof separator === 'string' ? t.value.indexOf(separator) : t.value.search(separator);
      if (index <= 0) out.push({ key: t.value.trim(), at: t.at });
      else out.push({ key: t.value.slice(0, index).trim(), value: t.value.slice(index + 1), at: t.at });
    }
    return out;
  }
  for (const e of reader.entries(node)) {
    const t = readText(ctx, e.value, e.valueAt);
    const kv: KeyValue = { key: e.key, at: t?.at ?? e.keyAt };
    if (t) kv.value = t.value;
    out.push(kv);
  }
  return out;
}

function readEnvironment(ctx: FileContext, e: MapEntry): ComposeEnvVar[] {
  return keyValues(ctx, e.value, '=').map((kv) => {
    const v: ComposeEnvVar = { name: kv.key, at: kv.at, source: 'environment' };
    if (kv.value !== undefined) v.value = kv.value;
    return v;
  });
}

function readEnvFiles(ctx: FileContext, e: MapEntry): ComposeEnvVar[] {
  const { reader, input } = ctx;
  const paths: { path: Text; required: boolean }[] = [];
  const direct = readText(ctx, e.value, e.valueAt);
  if (direct) paths.push({ path: direct, required: true });
  for (const item of reader.items(e.value)) {
    const t = readText(ctx, item) ?? readText(ctx, reader.get(item, 'path')?.value);
    if (t) paths.push({ path: t, required: reader.boolean(reader.get(item, 'required')?.value) !== false });
  }
  const vars: ComposeEnvVar[] = [];
  for (const { path } of paths) {
    if (path.unknown) continue;
    const absolute = isAbsolute(path.value) ? path.value : resolve(ctx.directory, path.value);
    const read = input.read(absolute);
    // A missing env_file is common in shared examples (secrets kept out of git): nothing to learn, nothing to report.
    if (!read.ok) continue;
    for (const entry of parseDotenv(read.file.text)) {
      vars.push({ name: entry.name, value: entry.value, at: { file: read.file.path, line: entry.line, column: entry.column }, source: 'env_file' });
    }
  }
  return vars;
}

function readCommand(ctx: FileContext, e: MapEntry, key: 'command' | 'entrypoint'): ComposeCommand | undefined {
  const { reader } = ctx;
  const direct = readText(ctx, e.value, e.valueAt);
  if (direct) return { words: shellWords(direct.value), form: 'string', at: direct.at, source: key, text: direct.value };
  if (!reader.isSeq(e.value)) return undefined;
  const items = reader.items(e.value);
  const words = items.map((n) => readText(ctx, n)?.value ?? '');
  return { words, form: 'list', at: e.valueAt, source: key, wordsAt: items.map((n) => reader.pos(n)) };
}

function readMount(ctx: FileContext, node: Node): ComposeMount | undefined {
  const { reader } = ctx;
  if (reader.isMap(node)) {
    const target = readText(ctx, reader.get(node, 'target')?.value);
    if (!target) return undefined;
    const type = readText(ctx, reader.get(node, 'type')?.value)?.value ?? 'volume';
    const source = readText(ctx, reader.get(node, 'source')?.value);
    const mount: ComposeMount = {
      type: type === 'bind' || type === 'volume' || type === 'tmpfs' ? type : 'other',
      target: target.value,
      readOnly: reader.boolean(reader.get(node, 'read_only')?.value) === true,
      at: reader.pos(node),
    };
    if (source) {
      mount.source = source.value;
      if (mount.type === 'bind' && !source.unknown) {
        const host = hostPath(ctx, source.value);
        if (host) mount.hostPath = host;
      }
    }
    return mount;
  }
  const t = readText(ctx, node);
  if (!t) return undefined;
  // `C:\data:/data` keeps its drive letter.
  const drive = /^[A-Za-z]:[\\/]/.test(t.value) ? 2 : 0;
  const parts = t.value.slice(drive).split(':');
  if (drive) parts[0] = t.value.slice(0, drive) + parts[0];
  if (parts.length === 1) return { type: 'volume', target: parts[0]!, readOnly: false, at: t.at };
  const [source, target, mode] = parts as [string, string, string | undefined];
  const bind = /^[./~]/.test(source) || source.includes('/') || drive > 0;
  const mount: ComposeMount = {
    type: bind ? 'bind' : 'volume',
    source,
    target,
    readOnly: (mode ?? '').split(',').includes('ro'),
    at: t.at,
  };
  if (bind && !t.unknown) {
    const host = hostPath(ctx, source);
    if (host) mount.hostPath = host;
  }
  return mount;
}

function hostPath(ctx: FileContext, source: string): string | undefined {
  if (source.startsWith('~')) return undefined;
  return isAbsolute(source) ? resolve(source) : resolve(ctx.directory, source);
}
