import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { globBase, globToRegExp, isGlob } from './glob.js';

/** One thing to read: a file (plain or gzip, decided by its magic bytes) or stdin. */
export interface LogSource {
  /** As shown to the user: the path as given or found while walking, or `-` for stdin. */
  path: string;
  kind: 'file' | 'stdin';
  /** Size in bytes when known (files), for the progress bar. */
  size?: number;
}

/** A problem with an input that is reported per path; `error` means the input could not be read. */
export interface InputProblem {
  path: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface ExpandedInputs {
  sources: LogSource[];
  problems: InputProblem[];
}

// Bounds for directory walks: deep enough for any log tree, small enough to stop a runaway walk.
const MAX_DEPTH = 32;
const MAX_FILES = 100_000;

/**
 * Turns the command line's `FILE | DIR | GLOB | -` arguments into sources. Directories are walked
 * recursively (symlinked directories followed once; a link back into a directory being walked is
 * reported as a loop and skipped), globs are matched while walking from their static prefix.
 */
export function expandInputs(args: readonly string[]): ExpandedInputs {
  const sources: LogSource[] = [];
  const problems: InputProblem[] = [];
  const seenFiles = new Set<string>();
  const addFile = (path: string, size: number, real: string) => {
    if (seenFiles.has(real) || sources.length >= MAX_FILES) return;
    seenFiles.add(real);
    sources.push({ path, kind: 'file', size });
  };

  for (const arg of args) {
    if (arg === '-') {
      sources.push({ path: '-', kind: 'stdin' });
      continue;
    }
    if (isGlob(arg) && !exists(arg)) {
      const before = sources.length;
      const pattern = arg.replace(/\\/g, '/');
      const matcher = globToRegExp(pattern);
      const base = globBase(pattern);
      // Without "**" a glob cannot match below its last segment: do not walk deeper than that.
      const depth = pattern.includes('**') ? MAX_DEPTH : pattern.slice(base === '.' ? 0 : base.length + 1).split('/').length - 1;
      walk(base, 0, new Set(), { sources, problems, addFile, filter: (p) => matcher.test(p), maxDepth: depth });
      if (sources.length === before) problems.push({ path: arg, severity: 'error', message: 'no file matches this pattern' });
      continue;
    }
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(arg);
    } catch (error) {
      problems.push({ path: arg, severity: 'error', message: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) {
      const before = sources.length;
      walk(arg, 0, new Set(), { sources, problems, addFile, filter: () => true, maxDepth: MAX_DEPTH });
      if (sources.length === before) problems.push({ path: arg, severity: 'warning', message: 'the directory contains no files' });
    } else addFile(arg, stat.size, realOrSelf(arg));
  }
  return { sources, problems };
}

interface WalkContext {
  sources: LogSource[];
  problems: InputProblem[];
  addFile(path: string, size: number, real: string): void;
  filter(path: string): boolean;
  maxDepth: number;
}

function walk(dir: string, depth: number, ancestors: Set<string>, ctx: WalkContext): void {
  const real = realOrSelf(dir);
  if (ancestors.has(real)) {
    ctx.problems.push({ path: dir, severity: 'warning', message: `symlink loop: it leads back to ${real}, which is already being read; skipped` });
    return;
  }
  if (depth > MAX_DEPTH) {
    ctx.problems.push({ path: dir, severity: 'warning', message: `deeper than ${MAX_DEPTH} directories; skipped` });
    return;
  }
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    ctx.problems.push({ path: dir, severity: 'error', message: describeFsError(error) });
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const inside = new Set(ancestors).add(real);
  for (const entry of entries) {
    const path = dir === '.' ? entry.name : `${dir.replace(/[\\/]$/, '')}/${entry.name}`;
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // A link to itself or in a cycle of links: ELOOP. A dangling link: ENOENT. Neither is a log file.
      if (code === 'ELOOP') ctx.problems.push({ path, severity: 'warning', message: 'symlink loop: the link never reaches a file; skipped' });
      else if (entry.isSymbolicLink() && code === 'ENOENT') ctx.problems.push({ path, severity: 'warning', message: 'dangling symlink; skipped' });
      else ctx.problems.push({ path, severity: 'error', message: describeFsError(error) });
      continue;
    }
    if (stat.isDirectory()) {
      if (depth < ctx.maxDepth) walk(path, depth + 1, inside, ctx);
    } else if (stat.isFile() && ctx.filter(path.replace(/\\/g, '/'))) ctx.addFile(path, stat.size, realOrSelf(path));
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The path with symlinks resolved, or as given when it cannot be resolved. */
export function realOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Whether a file's first bytes are the gzip magic number. */
export function hasGzipMagic(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export function describeFsError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symlink loop';
    case 'EISDIR':
      return 'is a directory';
    default:
      return e.message ?? String(error);
  }
}
