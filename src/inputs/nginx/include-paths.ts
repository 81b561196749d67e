import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, posix } from 'node:path';

/** Where nginx is usually installed: an absolute include under one of these means "beside nginx.conf". */
export const NGINX_PREFIXES = [
  '/etc/nginx/',
  '/usr/local/nginx/conf/',
  '/usr/local/etc/nginx/',
  '/opt/homebrew/etc/nginx/',
  '/etc/openresty/',
  '/usr/local/openresty/nginx/conf/',
  '/opt/bitnami/nginx/conf/',
] as const;

/** Directories that hold server snippets rather than nginx.conf itself. */
const SNIPPET_DIRS = new Set(['conf.d', 'sites-enabled', 'sites-available', 'http.d', 'vhosts.d', 'servers', 'templates', 'stream.d', 'default.d']);

/** Files every nginx package ships; when a project does not carry them, not finding them is expected. */
const DISTRIBUTION_FILES = new Set([
  'mime.types',
  'fastcgi_params',
  'fastcgi.conf',
  'scgi_params',
  'uwsgi_params',
  'koi-utf',
  'koi-win',
  'win-utf',
  'proxy_params',
  'snippets/fastcgi-php.conf',
  'snippets/snakeoil.conf',
]);

const MAX_GLOB_MATCHES = 512;

/** A bind mount of the container nginx runs in: container path → host path (from Compose). */
export interface Mount {
  container: string;
  host: string;
}

export interface IncludeBase {
  /** Directory of the main config (nginx's conf prefix). */
  mainDir: string;
  /** True when the main config itself sits under a standard prefix (linting a live system): absolute paths are taken as they are. */
  liveSystem: boolean;
  /** Bind mounts of the container running this config, and the container directory of the main file. */
  mounts?: readonly Mount[];
  containerMainDir?: string;
}

export function includeBase(mainAbsolutePath: string, mounts?: { mounts: readonly Mount[]; containerMainDir: string }): IncludeBase {
  const normalised = mainAbsolutePath.split('\\').join('/');
  return { mainDir: dirname(mainAbsolutePath), liveSystem: NGINX_PREFIXES.some((p) => normalised.startsWith(p)), ...(mounts ?? {}) };
}

/** The host path a container path is mounted from (the longest mount that contains it). */
function throughMounts(containerPath: string, mounts: readonly Mount[]): string | undefined {
  let best: Mount | undefined;
  for (const m of mounts) {
    const prefix = m.container.endsWith('/') ? m.container : `${m.container}/`;
    if ((containerPath === m.container || containerPath.startsWith(prefix)) && (!best || m.container.length > best.container.length)) best = m;
  }
  return best ? join(best.host, containerPath.slice(best.container.length)) : undefined;
}

export type IncludeResolution =
  | { kind: 'files'; files: string[] }
  /** A glob matching nothing: fine for nginx. */
  | { kind: 'empty' }
  | { kind: 'missing'; looked: string[]; expected: boolean }
  /** An absolute path outside the project (certbot's options-ssl-nginx.conf …): not read, not an error. */
  | { kind: 'outside'; path: string };

/**
 * Resolves an include argument like nginx: relative paths against the conf prefix (the directory of
 * nginx.conf; for a conf.d snippet, the directory above it), and the usual absolute install prefixes
 * mapped onto that directory when the project is not the live system.
 */
export function resolveInclude(pattern: string, base: IncludeBase): IncludeResolution {
  const candidates: string[] = [];
  let relative: string | undefined;
  // What the container really sees: Compose bind mounts tell where each container path comes from.
  if (base.mounts && base.mounts.length > 0) {
    const containerPath = isAbsolute(pattern) ? pattern : base.containerMainDir ? posix.join(base.containerMainDir, pattern) : undefined;
    const mounted = containerPath ? throughMounts(containerPath, base.mounts) : undefined;
    if (mounted) candidates.push(mounted);
  }
  if (isAbsolute(pattern)) {
    const prefix = base.liveSystem ? undefined : NGINX_PREFIXES.find((p) => pattern.startsWith(p));
    if (base.liveSystem) candidates.push(pattern);
    else if (prefix) relative = pattern.slice(prefix.length);
    else if (candidates.length === 0) return { kind: 'outside', path: pattern };
  } else relative = pattern;
  if (relative !== undefined) {
    for (const dir of rootCandidates(base.mainDir)) candidates.push(join(dir, relative));
  }
  const glob = hasGlob(pattern);
  for (const candidate of candidates) {
    if (glob) {
      const files = expandGlob(candidate);
      if (files.length > 0) return { kind: 'files', files };
    } else if (isFile(candidate)) return { kind: 'files', files: [candidate] };
  }
  if (glob) return { kind: 'empty' };
  const rel = relative ?? pattern;
  return { kind: 'missing', looked: candidates, expected: !DISTRIBUTION_FILES.has(posix.normalize(rel.split('\\').join('/'))) };
}

/** The conf prefix candidates: the main file's directory, and its parent when that directory is a snippet folder. */
function rootCandidates(mainDir: string): string[] {
  const dirs = [mainDir];
  if (SNIPPET_DIRS.has(basename(mainDir))) dirs.push(dirname(mainDir));
  return dirs;
}

export function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** glob(3) as nginx calls it: `*`, `?`, `[…]` per path segment, sorted, hidden files only when asked for. */
export function expandGlob(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split(/[\\/]+/).filter((s) => s !== '');
  let paths = [absolute ? '/' : ''];
  if (!absolute && /^[A-Za-z]:$/.test(segments[0] ?? '')) paths = [`${segments.shift()}/`];
  for (let i = 0; i < segments.length && paths.length > 0; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const next: string[] = [];
    if (!hasGlob(segment)) {
      for (const p of paths) {
        const candidate = p === '' ? segment : join(p, segment);
        if (last ? isFile(candidate) : existsSync(candidate)) next.push(candidate);
      }
    } else {
      const matcher = segmentMatcher(segment);
      for (const p of paths) {
        let entries: string[];
        try {
          entries = readdirSync(p === '' ? '.' : p).sort();
        } catch {
          continue;
        }
        for (const entry of entries) {
          if (!matcher.test(entry)) continue;
          const candidate = p === '' ? entry : join(p, entry);
          if (last ? isFile(candidate) : isDirectory(candidate)) next.push(candidate);
          if (next.length >= MAX_GLOB_MATCHES) break;
        }
      }
    }
    paths = next;
  }
  return paths;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function segmentMatcher(segment: string): RegExp {
  let out = segment.startsWith('.') ? '' : '(?!\\.)';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) out += '\\[';
      else {
        let body = segment.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        out += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
