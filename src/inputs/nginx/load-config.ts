import { realpathSync } from 'node:fs';
import type { SourcePosition } from '../../core/position.js';
import type { ConfigFile, ConfigInput, ReadResult } from '../config/config-input.js';
import { type NginxDump, resolveInDump } from './dump.js';
import { embeddedPosition, shiftDirectives } from './embedded.js';
import { includeBase, type Mount, resolveInclude } from './include-paths.js';
import { type NginxDirective, parseNginxText, type SyntaxProblem } from './syntax.js';

/** Well-known files outside a project that set only TLS details (Certbot's options): nothing the rules read. */
const SETTINGS_FREE_INCLUDES = /(?:^|\/)(?:options-ssl-nginx\.conf|ssl-dhparams\.conf)$/;

/** Bounds: nginx configs are small; these only stop pathological include trees. */
const MAX_INCLUDE_DEPTH = 16;
const MAX_FILES_PER_CONFIG = 512;

export interface LoadedNginxConfig {
  main: ConfigFile;
  directives: NginxDirective[];
  /** Every file read (display paths), the main file first. */
  files: string[];
  /** Absolute paths of every file read, so discovery does not lint an included snippet twice. */
  absolutePaths: Set<string>;
  /** Include patterns that point outside the project (not read). */
  outsideIncludes: { path: string; at: SourcePosition }[];
}

/**
 * Reads a main config (nginx.conf or a standalone snippet) and splices every `include` in place, the
 * way nginx reads them: relative to the conf prefix, globs sorted, cycles and missing files reported
 * through `input.problem` (the include is then skipped and the rest still read).
 */
export function loadNginxConfig(
  main: ConfigFile,
  input: ConfigInput,
  options: {
    preParsed?: NginxDirective[];
    reportedFiles?: Set<string>;
    mounts?: { mounts: readonly Mount[]; containerMainDir: string };
    /** Files already parsed (discovered ones), by real path: taken (once) instead of parsing again. */
    parsedFiles?: Map<string, { directives: NginxDirective[]; problems: SyntaxProblem[] }>;
    /** `main` is an `nginx -T` dump: includes are the files it shows, positions are lines of the dump. */
    dump?: NginxDump;
  } = {},
): LoadedNginxConfig {
  // A snippet included from several places (or by several main configs) reports its syntax errors once.
  const reported = options.reportedFiles ?? new Set<string>();
  const base = includeBase(main.absolutePath, options.mounts);
  const loaded: LoadedNginxConfig = { main, directives: [], files: [main.path], absolutePaths: new Set([canonical(main.absolutePath)]), outsideIncludes: [] };
  let directives = options.preParsed;
  if (!directives) {
    const parsed = parseNginxText(main.path, main.text);
    if (!reported.has(canonical(main.absolutePath))) for (const p of parsed.problems) input.problem(p.at, p.message);
    directives = parsed.directives;
  }
  reported.add(canonical(main.absolutePath));
  const stack = [canonical(main.absolutePath)];
  const splice = (list: NginxDirective[], depth: number): NginxDirective[] => {
    const out: NginxDirective[] = [];
    for (const d of list) {
      if (d.block) d.block = splice(d.block, depth);
      out.push(d);
      if (d.name !== 'include' || d.args.length !== 1 || d.block) continue;
      const arg = d.args[0];
      const resolution = options.dump ? resolveInDump(arg.value, options.dump) : resolveInclude(arg.value, base);
      if (resolution.kind === 'outside') {
        loaded.outsideIncludes.push({ path: resolution.path, at: arg.at });
        if (!SETTINGS_FREE_INCLUDES.test(resolution.path)) d.unread = true;
        continue;
      }
      if (resolution.kind === 'empty') continue;
      if (resolution.kind === 'missing') {
        // A file every nginx package ships (mime.types, fastcgi_params …) sets nothing the rules read.
        if (resolution.expected) d.unread = true;
        if (resolution.expected) {
          const looked = resolution.looked.length > 0 ? ` (looked for ${resolution.looked.map((l) => relativeTo(main, l)).join(', ')})` : '';
          // Not a syntax error: a file the project does not contain (often generated in the image, as SWAG's).
          input.problem(arg.at, `include file "${arg.value}" not found${looked}; its directives were not checked`, 'unreadable');
        }
        continue;
      }
      for (const absolute of resolution.files) {
        const key = options.dump ? `${main.absolutePath}#${absolute}` : canonical(absolute);
        if (stack.includes(key)) {
          const chain = [...stack.slice(stack.indexOf(key)), key].map((k) => relativeTo(main, k)).join(' → ');
          input.problem(arg.at, `include cycle: ${chain}; the repeated include was skipped`);
          continue;
        }
        if (depth + 1 > MAX_INCLUDE_DEPTH) {
          input.problem(arg.at, `includes nested more than ${MAX_INCLUDE_DEPTH} levels deep; "${arg.value}" was skipped`);
          continue;
        }
        if (loaded.files.length >= MAX_FILES_PER_CONFIG) {
          input.problem(arg.at, `more than ${MAX_FILES_PER_CONFIG} files included; "${arg.value}" and later includes were skipped`);
          break;
        }
        const read = options.dump ? readFromDump(main, options.dump, absolute) : input.read(absolute);
        if (!read.ok) {
          input.problem(arg.at, `include "${arg.value}" could not be read: ${read.message}`);
          d.unread = true;
          continue;
        }
        // A discovered file was parsed already; its tree is used once (splicing changes it), then parsed anew.
        const parsed = options.parsedFiles?.get(key) ?? parseNginxText(read.file.path, read.file.text);
        options.parsedFiles?.delete(key);
        if (options.dump) {
          const segment = options.dump.segments.get(absolute)!;
          const where = { file: main.path, line: segment.line, column: 1, exactLines: true, at: { file: main.path, line: segment.line, column: 1 } };
          shiftDirectives(parsed.directives, where);
          for (const p of parsed.problems) p.at = embeddedPosition(p.at, where);
        }
        if (!reported.has(key)) for (const p of parsed.problems) input.problem(p.at, p.message);
        reported.add(key);
        if (!loaded.absolutePaths.has(key)) {
          if (!options.dump) loaded.files.push(read.file.path);
          loaded.absolutePaths.add(key);
        }
        stack.push(key);
        const included = splice(parsed.directives, depth + 1);
        stack.pop();
        markIncluded(included, d.at);
        out.push(...included);
      }
    }
    return out;
  };
  loaded.directives = splice(directives, 0);
  return loaded;
}

function readFromDump(main: ConfigFile, dump: NginxDump, path: string): ReadResult {
  const segment = dump.segments.get(path);
  if (!segment) return { ok: false, message: 'not in the dump' };
  // Parsed with the dump's name; positions are moved to the dump's lines afterwards.
  return { ok: true, file: { path: main.path, absolutePath: `${main.absolutePath}#${path}`, text: segment.text } };
}

function markIncluded(list: NginxDirective[], from: SourcePosition): void {
  for (const d of list) {
    d.includedFrom ??= from;
    if (d.block) markIncluded(d.block, from);
  }
}

const realPaths = new Map<string, string>();

/** Real path (symlinks resolved), memoised: a config tree asks for the same few paths many times. */
export function canonical(path: string): string {
  let real = realPaths.get(path);
  if (real === undefined) {
    try {
      real = realpathSync(path);
    } catch {
      real = path;
    }
    if (realPaths.size > 10_000) realPaths.clear();
    realPaths.set(path, real);
  }
  return real;
}

/** Files change between runs (tests, watch mode): forget what was resolved. */
export function forgetRealPaths(): void {
  realPaths.clear();
}

function relativeTo(main: ConfigFile, absolute: string): string {
  // Show paths the way the user named the main file: same prefix, relative remainder.
  const mainDir = main.absolutePath.slice(0, main.absolutePath.length - main.path.length);
  return mainDir && absolute.startsWith(mainDir) ? absolute.slice(mainDir.length) : absolute;
}
