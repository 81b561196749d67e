import { resolve } from 'node:path';
import type { ConfigFile, InputProblem } from './config-input.js';
import { type ConfigFileSystem, displayPath, readConfigFile } from './read-config-file.js';
import { walkDirectory } from './walk-directory.js';

/** Directories that hold dependencies, caches or VCS data, never the project's own configuration (nor its logs). */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'bower_components',
  'vendor',
  '.terraform',
  '.cache',
  '__pycache__',
  '.venv',
  'venv',
  '.tox',
  '.idea',
  '.vscode',
  '.gradle',
  '.next',
  '.nuxt',
  '.pytest_cache',
  '.mypy_cache',
]);

/** Well-known files with a config-like extension that are never proxy, runtime or application configuration. */
const SKIPPED_FILES = new Set([
  'package.json',
  'package-lock.json',
  'npm-shrinkwrap.json',
  'pnpm-lock.yaml',
  'composer.json',
  'composer.lock',
  'jsconfig.json',
  'biome.json',
  'renovate.json',
  '.eslintrc.json',
  '.prettierrc.json',
  'Cargo.toml',
  'pyproject.toml',
  'setup.cfg',
  'tox.ini',
  '.updoc.yaml',
  '.updoc.yml',
]);

/**
 * File names discovery picks. Generous on purpose (`default.conf` mounted into an nginx container, a
 * `backend.cfg` for HAProxy): parsers recognise their files by content.
 */
const CONFIG_NAME =
  /^(?:.*\.(?:conf|conf\.template|nginx|cfg|ya?ml|json|toml|tf|caddyfile)|\.env|Caddyfile(?:\..+)?|(?:application|bootstrap)(?:-[^.]*)?\.properties)$/i;

/** nginx's Debian layout includes `sites-enabled/*`: every file there (`example.com`, `default`) is configuration. */
const INCLUDE_ALL_DIRECTORY = /^(?:sites|streams)-[a-z]+$/;
/** Editor and package-manager leftovers beside them are not. */
const BACKUP_FILE = /(?:~|\.(?:bak|orig|old|swp|save|dpkg-[a-z]+|rpm[a-z]+|md|txt))$/i;

/** Safety nets: a repository with more configuration files than this is cut, with a note. */
const MAX_FILES = 200_000;
const MAX_DEPTH = 64;

export interface DiscoveryOptions {
  cwd: string;
  maxFileBytes: number;
  fs: ConfigFileSystem;
  /** Absolute paths (files or directories) that are not read at all (.updoc.yaml `exclude`). */
  exclude?: (absolutePath: string) => boolean;
}

export interface Discovery {
  files: ConfigFile[];
  problems: InputProblem[];
  /** Things skipped on purpose, worth one line on stderr (Helm templates, directory cycles). */
  notes: string[];
}

/** A path named on the command line does not exist: a usage error (exit 2), unlike problems found while walking. */
export class MissingInputError extends Error {}

export function isConfigFileName(name: string, parentName: string): boolean {
  if (SKIPPED_FILES.has(name) || /^tsconfig.*\.json$/.test(name) || name.endsWith('.lock')) return false;
  if (CONFIG_NAME.test(name)) return true;
  return INCLUDE_ALL_DIRECTORY.test(parentName) && !name.startsWith('.') && !BACKUP_FILE.test(name);
}

/**
 * Finds configuration files under the given paths. Files named explicitly are always read; directories are
 * walked recursively (sorted, so output is stable), skipping dependency and VCS directories, unrendered Helm
 * templates and directory cycles made of symbolic links. Nothing here throws on bad input except a missing
 * command-line path.
 */
export function discoverConfigFiles(paths: readonly string[], options: DiscoveryOptions): Discovery {
  const discovery: Discovery = { files: [], problems: [], notes: [] };
  const seenFiles = new Set<string>();
  const readOptions = { cwd: options.cwd, maxFileBytes: options.maxFileBytes, fs: options.fs };
  let capped = false;

  const addFile = (absolutePath: string, explicit: boolean) => {
    if (seenFiles.has(absolutePath)) return;
    if (seenFiles.size >= MAX_FILES) {
      if (!capped) discovery.notes.push(`more than ${MAX_FILES} configuration files: the rest were not read`);
      capped = true;
      return;
    }
    seenFiles.add(absolutePath);
    const outcome = readConfigFile(absolutePath, readOptions, explicit);
    if (outcome.ok) discovery.files.push(outcome.file);
    else discovery.problems.push({ kind: outcome.kind, at: { file: outcome.path, line: 1, column: 1 }, message: outcome.message });
  };

  for (const given of paths) {
    const absolute = resolve(options.cwd, given);
    let isDirectory: boolean;
    try {
      isDirectory = options.fs.statSync(absolute).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new MissingInputError(`${given}: no such file or directory`);
      // Permission denied, symlink loop …: reported as a finding by readConfigFile.
      addFile(absolute, true);
      continue;
    }
    if (isDirectory) walk(absolute, options, discovery, addFile);
    else addFile(absolute, true);
  }
  discovery.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return discovery;
}

function walk(root: string, options: DiscoveryOptions, discovery: Discovery, addFile: (absolutePath: string, explicit: boolean) => void): void {
  walkDirectory(root, null, options.fs, MAX_DEPTH, {
    directory(entry) {
      if (options.exclude?.(entry.path) || SKIPPED_DIRECTORIES.has(entry.name) || isBuildOutput(entry.name, entry.siblings)) return undefined;
      if (entry.name === 'templates' && (entry.siblings.has('Chart.yaml') || entry.siblings.has('Chart.yml'))) {
        discovery.notes.push(`${displayPath(entry.path, options.cwd)}: Helm chart templates are not rendered; lint the output of \`helm template\` instead`);
        return undefined;
      }
      return null;
    },
    file(entry) {
      // A dangling or looping symlink with a configuration name is worth a finding: nginx would fail on it too.
      if (options.exclude?.(entry.path) || (entry.kind !== 'file' && entry.kind !== 'broken')) return;
      if (isConfigFileName(entry.name, entry.parentName)) addFile(entry.path, false);
    },
    revisited(dir, real) {
      discovery.notes.push(`${displayPath(dir, options.cwd)}: symbolic link to a directory already read (${displayPath(real, options.cwd)}); not read twice`);
    },
    tooDeep(dir) {
      discovery.notes.push(`${displayPath(dir, options.cwd)}: deeper than ${MAX_DEPTH} directories; not read`);
    },
    unlistable(dir, error) {
      const code = error.code;
      discovery.problems.push({
        kind: 'unreadable',
        at: { file: displayPath(dir, options.cwd), line: 1, column: 1 },
        message: `directory ${displayPath(dir, options.cwd)} cannot be listed: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'error')}`,
      });
    },
  });
}

/** Maven `target/` and Gradle `build/` hold copies of `application.properties`: linting them doubles every finding. */
function isBuildOutput(name: string, siblings: ReadonlySet<string>): boolean {
  if (name === 'target') return siblings.has('pom.xml');
  if (name === 'build') return siblings.has('build.gradle') || siblings.has('build.gradle.kts');
  return false;
}
