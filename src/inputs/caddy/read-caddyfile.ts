import { basename, dirname, join, resolve } from 'node:path';
import { readdirSync } from 'node:fs';
import type { Located } from '../../core/position.js';
import type { ConfigFile, ConfigInput } from '../config/config-input.js';
import type { CaddyDirective, CaddyToken } from './caddyfile-syntax.js';
import { parseCaddyfile } from './caddyfile-syntax.js';
import type { CaddyConfig, CaddyProxy } from './model.js';
import { parseGoDuration, parseUpstream } from './upstreams.js';

const MAX_IMPORT_DEPTH = 10;
const MAX_GLOB_FILES = 200;
const PROXY_DIRECTIVES = new Set(['reverse_proxy', 'php_fastcgi']);

/** A Caddyfile (with its imports and snippets expanded) → the proxy handlers of each site. */
export function readCaddyfile(input: ConfigInput, file: ConfigFile): CaddyConfig | undefined {
  const parsed = parseCaddyfile(file.path, file.text);
  for (const p of parsed.problems) input.problem(p.at, p.message);
  const files = new Set([file.path]);
  const snippets = new Map<string, CaddyDirective[]>();
  collectSnippets(parsed.directives, snippets);
  const top = expand(input, parsed.directives, snippets, file.absolutePath, files, 0);
  const config: CaddyConfig = {
    id: `caddy:${file.path}`,
    file: file.path,
    files: [],
    format: 'caddyfile',
    at: { file: file.path, line: 1, column: 1 },
    proxies: [],
  };
  const sites = siteBlocks(top);
  if (sites.length === 0) return undefined;
  config.at = sites[0]!.at;
  for (const site of sites) {
    const matchers = namedMatchers(site.body);
    walk(config, site.body, `site ${site.addresses.join(', ') || '(all)'}`, matchers);
  }
  config.files = [...files];
  return config;
}

interface Site {
  addresses: string[];
  body: CaddyDirective[];
  at: CaddyToken['at'];
}

/** Server blocks (`a.example.com, b.example.com { … }`); a file without braces is one site (first line = addresses). */
function siteBlocks(directives: readonly CaddyDirective[]): Site[] {
  const blocks = directives.filter((d) => !isGlobalOrSnippet(d));
  const withBody = blocks.filter((d) => d.block);
  if (withBody.length > 0) {
    return withBody.map((d) => ({ addresses: [d.name, ...d.args].map((t) => t.text.replace(/,$/, '')).filter((a) => a !== ''), body: d.block!, at: d.at }));
  }
  if (blocks.length === 0) return [];
  const [first, ...rest] = blocks;
  // Without braces, the first line is the site address only when it does not look like a directive of its own.
  if (PROXY_DIRECTIVES.has(first!.name.text)) return [{ addresses: [], body: blocks, at: first!.at }];
  return [{ addresses: [first!.name, ...first!.args].map((t) => t.text.replace(/,$/, '')), body: rest, at: first!.at }];
}

function isGlobalOrSnippet(d: CaddyDirective): boolean {
  return (d.name.text === '{' && !d.name.quoted) || /^&?\(.+\)$/.test(d.name.text);
}

function collectSnippets(directives: readonly CaddyDirective[], snippets: Map<string, CaddyDirective[]>): void {
  for (const d of directives) {
    const m = /^\((.+)\)$/.exec(d.name.text);
    if (m && d.block) snippets.set(m[1]!, d.block);
  }
}

/** Replaces `import <snippet|file|glob> [args…]` with what it names; `{args[0]}` / `{args.0}` take the arguments. */
function expand(
  input: ConfigInput,
  directives: readonly CaddyDirective[],
  snippets: Map<string, CaddyDirective[]>,
  absolutePath: string,
  files: Set<string>,
  depth: number,
): CaddyDirective[] {
  const out: CaddyDirective[] = [];
  for (const d of directives) {
    if (d.name.text !== 'import' || d.args.length === 0) {
      out.push(d.block ? { ...d, block: expand(input, d.block, snippets, absolutePath, files, depth) } : d);
      continue;
    }
    if (depth >= MAX_IMPORT_DEPTH) {
      input.problem(d.at, `imports nested more than ${MAX_IMPORT_DEPTH} deep (a cycle?): not followed`);
      continue;
    }
    const [target, ...args] = d.args;
    const snippet = snippets.get(target!.text);
    if (snippet) {
      out.push(...expand(input, substitute(snippet, args), snippets, absolutePath, files, depth + 1));
      continue;
    }
    for (const path of importPaths(resolve(dirname(absolutePath), target!.text))) {
      const read = input.read(path);
      if (!read.ok) {
        if (!/[*?]/.test(target!.text)) input.problem(target!.at, `import ${target!.text}: ${read.message}`);
        continue;
      }
      files.add(read.file.path);
      const parsed = parseCaddyfile(read.file.path, read.file.text);
      for (const p of parsed.problems) input.problem(p.at, p.message);
      collectSnippets(parsed.directives, snippets);
      out.push(
        ...expand(
          input,
          substitute(
            parsed.directives.filter((x) => !isGlobalOrSnippet(x)),
            args,
          ),
          snippets,
          path,
          files,
          depth + 1,
        ),
      );
    }
  }
  return out;
}

function importPaths(pattern: string): string[] {
  if (!/[*?]/.test(basename(pattern))) return [pattern];
  const dir = dirname(pattern);
  const re = new RegExp(
    `^${basename(pattern)
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  try {
    return readdirSync(dir)
      .filter((n) => re.test(n))
      .sort()
      .slice(0, MAX_GLOB_FILES)
      .map((n) => join(dir, n));
  } catch {
    return [];
  }
}

function substitute(directives: readonly CaddyDirective[], args: readonly CaddyToken[]): CaddyDirective[] {
  if (args.length === 0) return [...directives];
  const sub = (t: CaddyToken): CaddyToken => {
    const text = t.text.replace(/\{args(?:\[(\d+)\]|\.(\d+))\}/g, (_, a: string | undefined, b: string | undefined) => args[Number(a ?? b)]?.text ?? '');
    return text === t.text ? t : { ...t, text };
  };
  return directives.map((d) => {
    const out: CaddyDirective = { ...d, name: sub(d.name), args: d.args.map(sub) };
    if (d.block) out.block = substitute(d.block, args);
    return out;
  });
}

/** `@name <matcher…>` / `@name { … }` of a site: whether each tests for gRPC (`protocol grpc`, `Content-Type application/grpc`). */
function namedMatchers(body: readonly CaddyDirective[]): Map<string, { grpc: boolean }> {
  const out = new Map<string, { grpc: boolean }>();
  const visit = (list: readonly CaddyDirective[]) => {
    for (const d of list) {
      if (d.name.text.startsWith('@')) {
        const lines = [[d.args], ...(d.block ?? []).map((b) => [[b.name, ...b.args]])].flat();
        const grpc = lines.some((tokens) => {
          const words = tokens.map((t) => t.text.toLowerCase());
          return (words[0] === 'protocol' && words[1] === 'grpc') || (words[0] === 'header' && words.some((w) => w.includes('application/grpc')));
        });
        out.set(d.name.text, { grpc });
      }
      if (d.block) visit(d.block);
    }
  };
  visit(body);
  return out;
}

function walk(config: CaddyConfig, list: readonly CaddyDirective[], route: string, matchers: Map<string, { grpc: boolean }>): void {
  for (const d of list) {
    if (PROXY_DIRECTIVES.has(d.name.text)) {
      config.proxies.push(readProxy(config, d, route, matchers));
      continue;
    }
    if (d.block && !d.name.text.startsWith('@')) {
      const scope = ['handle', 'handle_path', 'route', 'handle_errors'].includes(d.name.text)
        ? `${route} › ${[d.name.text, ...d.args.map((a) => a.text)].join(' ')}`
        : route;
      walk(config, d.block, scope, matchers);
    }
  }
}

function readProxy(config: CaddyConfig, d: CaddyDirective, route: string, matchers: Map<string, { grpc: boolean }>): CaddyProxy {
  const directive = d.name.text as CaddyProxy['directive'];
  const proxy: CaddyProxy = {
    directive,
    route,
    at: d.at,
    upstreams: [],
    dynamicUpstreams: false,
    transport: { protocol: directive === 'php_fastcgi' ? 'fastcgi' : 'http' },
    health: {},
  };
  let args = d.args;
  const first = args[0];
  if (first && (first.text.startsWith('@') || first.text.startsWith('/') || first.text === '*')) {
    proxy.matcher = { text: first.text, at: first.at };
    if (matchers.get(first.text)?.grpc) proxy.matcher.grpc = true;
    args = args.slice(1);
  }
  const addresses: CaddyToken[] = [...args];
  for (const sub of d.block ?? []) {
    const name = sub.name.text;
    const values = sub.args;
    if (name === 'to') addresses.push(...values);
    else if (name === 'dynamic') proxy.dynamicUpstreams = true;
    else if (name === 'transport') readTransport(proxy, sub);
    else if (name === 'health_uri' || name === 'health_path') {
      if (values[0]) proxy.health.uri = { value: values[0].text, at: values[0].at };
      proxy.health.at ??= sub.at;
    } else if (name === 'health_port') {
      const port = Number(values[0]?.text);
      if (values[0] && Number.isInteger(port)) proxy.health.port = { value: port, at: values[0].at };
      proxy.health.at ??= sub.at;
    } else if (name === 'lb_try_duration' && values[0]) {
      const seconds = parseGoDuration(values[0].text);
      if (seconds !== undefined) proxy.lbTryDuration = { value: seconds, at: values[0].at };
    }
  }
  const transportScheme =
    proxy.transport.protocol === 'fastcgi' ? 'fastcgi' : proxy.transport.tls ? 'https' : proxy.transport.versions?.value.includes('h2c') ? 'h2c' : 'http';
  for (const token of addresses) {
    const id = `${config.id}#${config.proxies.length}/${proxy.upstreams.length}`;
    const upstreams = parseUpstream(id, token.text, token.at, token.quoted ? 1 : 0, transportScheme);
    proxy.upstreams.push(...upstreams);
    // An https:// upstream turns the transport to TLS.
    if (upstreams.some((u) => u.scheme === 'https') && !proxy.transport.tls) proxy.transport.tls = token.at;
  }
  return proxy;
}

function readTransport(proxy: CaddyProxy, d: CaddyDirective): void {
  proxy.transport.at = d.at;
  if (d.args[0]?.text === 'fastcgi') proxy.transport.protocol = 'fastcgi';
  for (const sub of d.block ?? []) {
    const name = sub.name.text;
    if (name === 'tls' || name.startsWith('tls_')) {
      if (name !== 'tls_insecure_skip_verify' || !proxy.transport.tls) proxy.transport.tls = sub.at;
    } else if (name === 'versions') {
      const first = sub.args[0];
      const last = sub.args[sub.args.length - 1];
      const at = first && last ? { ...first.at, endLine: last.at.endLine ?? last.at.line, endColumn: last.at.endColumn ?? last.at.column } : sub.at;
      const versions: Located<string[]> = { value: sub.args.map((a) => a.text), at };
      proxy.transport.versions = versions;
    } else if (name === 'keepalive' && sub.args[0]) {
      const value = sub.args[0].text === 'off' ? 0 : parseGoDuration(sub.args[0].text);
      if (value !== undefined) proxy.transport.keepalive = { value, at: sub.args[0].at };
    }
  }
}
