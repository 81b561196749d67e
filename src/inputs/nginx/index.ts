import { basename, dirname, posix, relative, sep } from 'node:path';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ConfigFile, ConfigInput } from '../config/config-input.js';
import type { ConfigPlatform } from '../config/platform.js';
import { type NginxDump, splitNginxDump } from './dump.js';
import { embeddedPosition, shiftDirectives } from './embedded.js';
import { extractNginxFacts } from './extract.js';
import type { Mount } from './include-paths.js';
import { canonical, forgetRealPaths, type LoadedNginxConfig, loadNginxConfig } from './load-config.js';
import type { NginxConfig, NginxFacts } from './model.js';
import { type NginxDirective, parseNginxText, type SyntaxProblem } from './syntax.js';
import { nginxTopology } from './topology.js';

/** Extensions that are never nginx configs (other platforms read them). */
const NOT_NGINX = /\.(ya?ml|json|properties|tf|tfvars|toml|env|md|txt|cfg|lua|js|ts|py|sh)$/i;
/** Directories whose files are nginx snippets whatever their extension (Debian's sites-enabled/default has none). */
const NGINX_DIRS = /(^|[\\/])(sites-enabled|sites-available|conf\.d|http\.d|vhosts\.d|stream\.d|nginx)[\\/][^\\/]+$/;
/** Cheap pre-check before parsing: a block directive nginx knows at the start of a line. */
const NGINX_SHAPE = /^\uFEFF?[ \t]*(?:http|events|stream|server|upstream|location)\b[^;{}\n]*\{/m;

const MAIN_DIRECTIVES = new Set(['http', 'events', 'stream', 'worker_processes', 'worker_rlimit_nofile', 'pid', 'user', 'load_module']);
const HTTP_DIRECTIVES = new Set(['server', 'upstream', 'map', 'log_format', 'proxy_cache_path', 'limit_req_zone', 'geo', 'split_clients']);
const SERVER_DIRECTIVES = new Set(['location', 'listen', 'server_name', 'proxy_pass', 'fastcgi_pass', 'grpc_pass', 'uwsgi_pass', 'root']);

type Kind = { kind: 'main' } | { kind: 'snippet'; context: 'http' | 'server' | 'stream' };

interface Candidate {
  file: ConfigFile;
  directives: NginxDirective[];
  problems: SyntaxProblem[];
  kind: Kind;
}

export const nginxPlatform: ConfigPlatform<'nginx'> = {
  key: 'nginx',
  parse: (input, earlier) => parseNginxConfigs(input, earlier),
  topology: nginxTopology,
};

/**
 * Finds the nginx configurations among the discovered files: every full nginx.conf (with its
 * includes), then the conf.d / sites files no main config included, grouped per directory the way
 * `include conf.d/*.conf;` would read them.
 */
export function parseNginxConfigs(input: ConfigInput, earlier: Partial<LintFacts> = {}): NginxFacts {
  forgetRealPaths();
  const candidates: Candidate[] = [];
  const configs: NginxConfig[] = [];
  for (const file of input.files) {
    const dump =
      (file.explicit || /\.(conf|txt|log|nginx)$|nginx/i.test(basename(file.path))) && !/\.(ya?ml|json)$/i.test(file.path)
        ? splitNginxDump(file.text)
        : undefined;
    if (dump) {
      const config = dumpConfig(file, dump, input);
      if (config) configs.push(config);
      continue;
    }
    if (!looksLikeNginx(file) && !(file.explicit && NGINX_SHAPE.test(file.text) && !/\.(ya?ml|json|cfg)$/i.test(file.path))) continue;
    const parsed = parseNginxText(file.path, file.text);
    reportPassesWithoutAddress(parsed.directives, parsed.problems);
    const env = templateEnvironment(file, earlier);
    if (env) substituteEnvironment(parsed.directives, env);
    const kind = classify(file, parsed.directives);
    if (kind) candidates.push({ file, directives: parsed.directives, problems: parsed.problems, kind });
  }
  const reportedFiles = new Set<string>();
  const included = new Set<string>();
  // Snippets included by a main config were parsed while sniffing: the include reuses that tree.
  const parsedFiles = new Map(candidates.filter((c) => c.kind.kind === 'snippet').map((c) => [canonical(c.file.absolutePath), c]));
  const mains = candidates.filter((c) => c.kind.kind === 'main');
  for (const c of mains) {
    for (const p of c.problems) input.problem(p.at, p.message);
    reportedFiles.add(canonical(c.file.absolutePath));
    const loaded = loadNginxConfig(c.file, input, { preParsed: c.directives, reportedFiles, parsedFiles, ...mountsFor(c.file, earlier) });
    for (const path of loaded.absolutePaths) if (path !== canonical(c.file.absolutePath)) included.add(path);
    configs.push(toConfig([loaded], 'main', undefined));
  }
  const groups = new Map<string, { context: 'http' | 'server' | 'stream'; loaded: LoadedNginxConfig[] }>();
  // A directory a main config includes from is that config's business: files it leaves out (`x.conf.disabled`) stay out.
  const includedDirectories = new Set([...included].map((p) => dirname(p)));
  const snippets = candidates.filter(
    (c) => c.kind.kind === 'snippet' && !included.has(canonical(c.file.absolutePath)) && !includedDirectories.has(dirname(canonical(c.file.absolutePath))),
  );
  for (const c of snippets.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0))) {
    if (c.kind.kind !== 'snippet') continue;
    if (!reportedFiles.has(canonical(c.file.absolutePath))) for (const p of c.problems) input.problem(p.at, p.message);
    reportedFiles.add(canonical(c.file.absolutePath));
    const loaded = loadNginxConfig(c.file, input, { preParsed: c.directives, reportedFiles, ...mountsFor(c.file, earlier) });
    // Location-level snippets stand alone; server-level ones of one directory form one http context.
    const key = c.kind.context === 'server' ? `file:${c.file.absolutePath}` : `${c.kind.context}:${dirname(c.file.absolutePath)}`;
    const group = groups.get(key);
    if (group) group.loaded.push(loaded);
    else groups.set(key, { context: c.kind.context, loaded: [loaded] });
  }
  for (const group of groups.values()) {
    // A snippet another snippet of the project includes was read there already.
    const rest = group.loaded.filter((l) => !isIncludedElsewhere(l, groups));
    if (rest.length > 0) configs.push(toConfig(rest, 'snippet', group.context));
  }
  configs.push(...embeddedConfigs(input, earlier, new Set(candidates.map((c) => c.file.path))));
  return { configs };
}

/** An `nginx -T` dump: the first file is nginx.conf, includes are the other files it shows; positions are lines of the dump. */
function dumpConfig(file: ConfigFile, dump: NginxDump, input: ConfigInput): NginxConfig | undefined {
  const parsed = parseNginxText(file.path, dump.main.text);
  const where = { file: file.path, line: dump.main.line, column: 1, exactLines: true, at: { file: file.path, line: dump.main.line, column: 1 } };
  shiftDirectives(parsed.directives, where);
  for (const p of parsed.problems) input.problem(embeddedPosition(p.at, where), p.message);
  const kind = classify(file, parsed.directives);
  if (!kind) return undefined;
  const main: ConfigFile = { path: file.path, absolutePath: file.absolutePath, text: dump.main.text };
  const loaded = loadNginxConfig(main, input, { preParsed: parsed.directives, dump });
  return toConfig([{ ...loaded, main: file }], kind.kind, kind.kind === 'snippet' ? kind.context : undefined);
}

/**
 * nginx configs written inside Kubernetes ConfigMaps (`data: { nginx.conf: | … }`): parsed in place, with
 * positions in the YAML file, so the Kubernetes contributor can tell which workload mounts them. Includes
 * point at paths inside the container and are not followed.
 */
function embeddedConfigs(input: ConfigInput, earlier: Partial<LintFacts>, alreadyRead: Set<string>): NginxConfig[] {
  const configs: NginxConfig[] = [];
  for (const configMap of earlier.kubernetes?.configMaps ?? []) {
    for (const entry of configMap.entries) {
      // A configMapGenerator source file is a discovered file already read above.
      if (entry.looksLike !== 'nginx' || (alreadyRead.has(entry.file) && entry.file !== configMap.object?.file)) continue;
      const parsed = parseNginxText(entry.file, entry.text);
      const where = { file: entry.file, line: entry.line, column: entry.column, exactLines: entry.exactLines, at: entry.at };
      shiftDirectives(parsed.directives, where);
      for (const p of parsed.problems) input.problem(embeddedPosition(p.at, where), p.message);
      const kind = classify({ path: entry.key, absolutePath: entry.key, text: entry.text }, parsed.directives);
      if (!kind) continue;
      const id = `nginx:${entry.file}#${configMap.namespace ? `${configMap.namespace}/` : ''}${configMap.name}/${entry.key}`;
      configs.push(
        extractNginxFacts({
          id,
          file: entry.file,
          absolutePath: entry.file,
          kind: kind.kind,
          ...(kind.kind === 'snippet' ? { snippetContext: kind.context } : {}),
          files: [entry.file],
          directives: parsed.directives,
          text: entry.text,
        }),
      );
    }
  }
  return configs;
}

/**
 * The official nginx image renders `/etc/nginx/templates/*.template` with envsubst at start-up, replacing the
 * `${VAR}` of variables defined in the container's environment. For a template a Compose service mounts there,
 * that environment is known: the values are substituted so the targets can be followed.
 */
function templateEnvironment(file: ConfigFile, earlier: Partial<LintFacts>): Map<string, string> | undefined {
  if (!/\.template$/.test(file.path) || !/\$\{[A-Za-z_]/.test(file.text)) return undefined;
  for (const project of earlier.compose?.projects ?? []) {
    for (const service of project.services) {
      const templateDir = service.environment.find((e) => e.name === 'NGINX_ENVSUBST_TEMPLATE_DIR')?.value ?? '/etc/nginx/templates';
      const mounted = service.volumes.some(
        (v) =>
          v.type === 'bind' &&
          v.hostPath !== undefined &&
          (file.absolutePath === v.hostPath || file.absolutePath.startsWith(`${v.hostPath}${sep}`)) &&
          (v.target.replace(/\/+$/, '') === templateDir || v.target.startsWith(`${templateDir}/`)),
      );
      if (!mounted) continue;
      const env = new Map<string, string>();
      for (const e of service.environment) if (e.value !== undefined) env.set(e.name, e.value);
      return env;
    }
  }
  return undefined;
}

/** envsubst on argument values (`raw` keeps the source text, so positions inside such arguments are not claimed). */
function substituteEnvironment(directives: readonly NginxDirective[], env: ReadonlyMap<string, string>): void {
  for (const d of directives) {
    for (const a of d.args) {
      if (!a.value.includes('${')) continue;
      a.value = a.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name: string) => env.get(name) ?? whole);
    }
    if (d.block) substituteEnvironment(d.block, env);
  }
}

/**
 * The bind mounts of the Compose service that mounts this file (directly or through its directory), so
 * includes resolve to what the container really sees (`./sites:/etc/nginx/conf.d`).
 */
function mountsFor(file: ConfigFile, earlier: Partial<LintFacts>): { mounts?: { mounts: Mount[]; containerMainDir: string } } {
  for (const project of earlier.compose?.projects ?? []) {
    for (const service of project.services) {
      const binds = service.volumes.filter((v) => v.type === 'bind' && v.hostPath).map((v) => ({ container: v.target.replace(/\/+$/, ''), host: v.hostPath! }));
      for (const m of binds) {
        const inside =
          file.absolutePath === m.host
            ? m.container
            : file.absolutePath.startsWith(`${m.host}${sep}`)
              ? posix.join(m.container, relative(m.host, file.absolutePath).split(sep).join('/'))
              : undefined;
        if (inside) return { mounts: { mounts: binds, containerMainDir: posix.dirname(inside) } };
      }
    }
  }
  return {};
}

const PASSES = new Set(['proxy_pass', 'fastcgi_pass', 'grpc_pass', 'uwsgi_pass', 'scgi_pass', 'memcached_pass']);

/** `proxy_pass;` without an address: nginx refuses it ("invalid number of arguments"). */
function reportPassesWithoutAddress(directives: readonly NginxDirective[], problems: SyntaxProblem[]): void {
  for (const d of directives) {
    if (PASSES.has(d.name) && d.args.length === 0 && !d.block)
      problems.push({ at: d.at, message: `invalid number of arguments in "${d.name}": an address is needed` });
    if (d.block) reportPassesWithoutAddress(d.block, problems);
  }
}

function isIncludedElsewhere(loaded: LoadedNginxConfig, groups: Map<string, { loaded: LoadedNginxConfig[] }>): boolean {
  const self = canonical(loaded.main.absolutePath);
  for (const g of groups.values()) {
    for (const other of g.loaded) {
      if (other !== loaded && other.absolutePaths.has(self) && canonical(other.main.absolutePath) !== self) return true;
    }
  }
  return false;
}

function toConfig(loaded: LoadedNginxConfig[], kind: 'main' | 'snippet', context: 'http' | 'server' | 'stream' | undefined): NginxConfig {
  const main = loaded[0].main;
  return extractNginxFacts({
    id: `nginx:${main.path}`,
    file: main.path,
    absolutePath: main.absolutePath,
    kind,
    ...(context ? { snippetContext: context } : {}),
    files: [...new Set(loaded.flatMap((l) => l.files))],
    directives: loaded.flatMap((l) => l.directives),
    text: loaded.map((l) => l.main.text).join('\n'),
  });
}

function looksLikeNginx(file: ConfigFile): boolean {
  const name = basename(file.path);
  if (NOT_NGINX.test(name) && !/nginx/i.test(name)) return false;
  if (/\.(ya?ml|json)$/i.test(name)) return false;
  const nginxNamed = /nginx|\.conf$|\.conf\.template$|\.template$|\.vhost$/i.test(name) || NGINX_DIRS.test(file.path);
  return nginxNamed && NGINX_SHAPE.test(file.text);
}

function classify(file: ConfigFile, directives: readonly NginxDirective[]): Kind | undefined {
  const names = new Set(directives.map((d) => d.name));
  if ([...names].some((n) => MAIN_DIRECTIVES.has(n))) return { kind: 'main' };
  if (/(^|[\\/])(stream\.d|stream-conf\.d|streams?)[\\/]/.test(file.path))
    return names.has('server') || names.has('upstream') ? { kind: 'snippet', context: 'stream' } : undefined;
  if ([...names].some((n) => HTTP_DIRECTIVES.has(n))) {
    const blocks = directives.filter((d) => (d.name === 'server' || d.name === 'upstream') && d.block);
    if (blocks.length === 0) return { kind: 'snippet', context: 'http' };
    return { kind: 'snippet', context: looksLikeStream(directives) ? 'stream' : 'http' };
  }
  if ([...names].some((n) => SERVER_DIRECTIVES.has(n))) return { kind: 'snippet', context: 'server' };
  return undefined;
}

/** Stream servers have `proxy_pass host:port` directly in `server` and no `location`. */
function looksLikeStream(directives: readonly NginxDirective[]): boolean {
  const servers = directives.filter((d) => d.name === 'server' && d.block);
  if (servers.length === 0) return false;
  return servers.every((s) => {
    const block = s.block ?? [];
    const direct = block.find((d) => d.name === 'proxy_pass');
    return direct !== undefined && !block.some((d) => d.name === 'location') && !/^\w+:\/\//.test(direct.args[0]?.value ?? '');
  });
}
