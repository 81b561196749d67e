import { dirname, relative, resolve, sep } from 'node:path';
import { globToRegExp } from '../logs/glob.js';
import { loadYaml } from '../yaml/load-yaml.js';
import { type ConfigFileSystem, DEFAULT_MAX_FILE_BYTES, displayPath, readConfigFile } from './read-config-file.js';

/** Names looked for (in this order) when no `--config` is given. */
export const UPDOC_CONFIG_NAMES = ['.updoc.yaml', '.updoc.yml'] as const;

/** One `ignore` entry: findings of `rules` (all when absent) in files matching `paths` (all when absent). */
export interface IgnoreEntry {
  rules?: readonly string[];
  paths?: readonly string[];
  reason?: string;
}

/** `.updoc.yaml`, after validation. Paths are relative to the directory of the file. */
export interface UpdocConfig {
  /** Display path of the file, undefined when there is none. */
  path?: string;
  baseDirectory: string;
  disable: readonly string[];
  ignore: readonly IgnoreEntry[];
  exclude: readonly string[];
  maxFileBytes: number;
}

/** `.updoc.yaml` is malformed: a usage/input error (exit 2), with the position. */
export class UpdocConfigError extends Error {}

const KNOWN_KEYS = ['disable', 'ignore', 'exclude', 'maxFileSize'] as const;
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib)?$/i;
const SIZE_UNITS: Record<string, number> = {
  b: 1,
  byte: 1,
  bytes: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

export function defaultUpdocConfig(baseDirectory: string): UpdocConfig {
  return { baseDirectory, disable: [], ignore: [], exclude: [], maxFileBytes: DEFAULT_MAX_FILE_BYTES };
}

/**
 * Finds and reads `.updoc.yaml`: the `--config` file when given (it must exist), else the first
 * `.updoc.yaml`/`.updoc.yml` in the working directory or in the first directory given to lint.
 */
export function loadUpdocConfig(options: {
  cwd: string;
  explicitPath?: string;
  searchDirectories: readonly string[];
  fs: ConfigFileSystem;
  isKnownRule: (pattern: string) => boolean;
}): UpdocConfig {
  const { cwd, fs } = options;
  let absolutePath: string | undefined;
  if (options.explicitPath !== undefined) absolutePath = resolve(cwd, options.explicitPath);
  else {
    search: for (const dir of [cwd, ...options.searchDirectories.map((d) => resolve(cwd, d))]) {
      for (const name of UPDOC_CONFIG_NAMES) {
        const candidate = resolve(dir, name);
        try {
          if (fs.statSync(candidate).isFile()) {
            absolutePath = candidate;
            break search;
          }
        } catch {}
      }
    }
  }
  if (absolutePath === undefined) return defaultUpdocConfig(cwd);
  const read = readConfigFile(absolutePath, { cwd, fs, maxFileBytes: 1024 * 1024 });
  if (!read.ok) throw new UpdocConfigError(read.message);
  return parseUpdocConfig(read.file.path, read.file.text, dirname(absolutePath), options.isKnownRule);
}

export function parseUpdocConfig(path: string, text: string, baseDirectory: string, isKnownRule: (pattern: string) => boolean): UpdocConfig {
  const yaml = loadYaml(path, text);
  const fail = (at: { line: number; column: number }, message: string): never => {
    throw new UpdocConfigError(`${path}:${at.line}:${at.column}: ${message}`);
  };
  if (yaml.problems.length > 0) fail(yaml.problems[0]!.at, yaml.problems[0]!.message);
  const doc = yaml.docs[0];
  const config: UpdocConfig = { ...defaultUpdocConfig(baseDirectory), path };
  if (!doc || doc.value === undefined || doc.value === null) return config;
  const root = doc.value;
  if (typeof root !== 'object' || Array.isArray(root)) return fail(doc.pos([]), 'expected a mapping with keys disable, ignore, exclude, maxFileSize');
  const values = root as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (!(KNOWN_KEYS as readonly string[]).includes(key)) fail(doc.keyPos([key]), `unknown key \`${key}\` (known: ${KNOWN_KEYS.join(', ')})`);
  }
  const ruleList = (value: unknown, path: (string | number)[]): string[] => {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) return fail(doc.pos(path), 'expected a rule id or a list of rule ids');
    list.forEach((rule, i) => {
      if (!isKnownRule(rule)) fail(doc.pos(typeof value === 'string' ? path : [...path, i]), `unknown rule \`${rule}\` (see \`updoc rules\`)`);
    });
    return list;
  };
  const stringList = (value: unknown, path: (string | number)[], what: string): string[] => {
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || !list.every((r) => typeof r === 'string')) return fail(doc.pos(path), `expected ${what} or a list of them`);
    return list;
  };
  if (values.disable !== undefined && values.disable !== null) config.disable = ruleList(values.disable, ['disable']);
  if (values.exclude !== undefined && values.exclude !== null) config.exclude = stringList(values.exclude, ['exclude'], 'a path glob');
  if (values.ignore !== undefined && values.ignore !== null) {
    if (!Array.isArray(values.ignore)) fail(doc.pos(['ignore']), 'expected a list of {rule, path, reason} entries');
    config.ignore = (values.ignore as unknown[]).map((entry, i) => {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return fail(doc.pos(['ignore', i]), 'expected {rule, path, reason}');
      const e = entry as Record<string, unknown>;
      for (const key of Object.keys(e)) {
        if (!['rule', 'rules', 'path', 'paths', 'reason'].includes(key))
          fail(doc.keyPos(['ignore', i, key]), `unknown key \`${key}\` (known: rule, path, reason)`);
      }
      const rules = e.rule ?? e.rules;
      const paths = e.path ?? e.paths;
      if (rules === undefined && paths === undefined) fail(doc.pos(['ignore', i]), 'an ignore entry needs a rule, a path or both');
      const out: IgnoreEntry = {};
      if (rules !== undefined) out.rules = ruleList(rules, ['ignore', i, e.rule !== undefined ? 'rule' : 'rules']);
      if (paths !== undefined) out.paths = stringList(paths, ['ignore', i, e.path !== undefined ? 'path' : 'paths'], 'a path glob');
      if (typeof e.reason === 'string') out.reason = e.reason;
      return out;
    });
  }
  if (values.maxFileSize !== undefined && values.maxFileSize !== null) {
    const m = SIZE.exec(String(values.maxFileSize).trim());
    const bytes = m ? Math.floor(Number(m[1]) * (SIZE_UNITS[(m[2] ?? 'b').toLowerCase()] ?? 1)) : Number.NaN;
    if (!Number.isFinite(bytes) || bytes < 1) fail(doc.pos(['maxFileSize']), 'expected a size such as 8MiB, 512KiB or 100000');
    config.maxFileBytes = bytes;
  }
  return config;
}

/** A path glob of .updoc.yaml against a file: relative to the config's directory, `/`-separated; `dir/` means everything below. */
export function pathMatcher(globs: readonly string[], baseDirectory: string): (absolutePath: string) => boolean {
  // `legacy` and `legacy/` both mean the directory and everything below it.
  const patterns = globs.flatMap((g) => {
    const glob = g.replace(/^\.\//, '').replace(/\/+$/, '');
    return [globToRegExp(glob), globToRegExp(`${glob}/**`)];
  });
  return (absolutePath) => {
    const rel = relative(baseDirectory, absolutePath).split(sep).join('/');
    return patterns.some((p) => p.test(rel));
  };
}

export { displayPath };
