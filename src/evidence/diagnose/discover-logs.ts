import { type Dirent, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SKIPPED_DIRECTORIES } from '../../inputs/config/discover.js';
import { displayPath } from '../../inputs/config/read-config-file.js';

/**
 * Which files in a project directory are logs: `*.log`, rotated `*.log.N`, gzip'd logs (`*.gz`), and every file
 * under a `logs/` or `log/` directory (Compose `docker compose logs > logs/proxy.txt`, Kubernetes dumps). Walked
 * sorted and bounded, skipping the dependency and VCS directories the config discovery skips.
 */

const LOG_NAME = /\.(?:log(?:\.\d{1,4})?(?:\.gz)?|gz)$/i;
const LOG_DIRECTORY = /^(?:logs?|var-log)$/i;
/** Documentation and notes beside logs are not logs. */
const NOT_LOG = /^(?:readme|changelog|license)(?:\.|$)|\.(?:md|rst|html?|pdf|png|jpe?g|svg)$/i;

const MAX_DEPTH = 16;
const MAX_LOG_FILES = 2000;

export interface DiscoveredLogs {
  /** Display paths (relative to `cwd` when under it), sorted. */
  files: string[];
  notes: string[];
}

export function isLogFileName(name: string, insideLogDirectory: boolean): boolean {
  if (NOT_LOG.test(name) || name.startsWith('.')) return false;
  return LOG_NAME.test(name) || insideLogDirectory;
}

export function discoverLogFiles(directory: string, cwd: string): DiscoveredLogs {
  const found: DiscoveredLogs = { files: [], notes: [] };
  const visited = new Set<string>();
  const walk = (absolute: string, depth: number, insideLogDirectory: boolean) => {
    let real: string;
    try {
      real = realpathSync(absolute);
    } catch {
      return;
    }
    if (visited.has(real) || depth > MAX_DEPTH) return;
    visited.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(absolute, { withFileTypes: true });
    } catch {
      // The config discovery reports unreadable directories; logs are looked for where they can be read.
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = join(absolute, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const stat = statSync(path);
          isDirectory = stat.isDirectory();
          isFile = stat.isFile();
        } catch {
          continue;
        }
      }
      if (isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path, depth + 1, insideLogDirectory || LOG_DIRECTORY.test(entry.name));
      } else if (isFile && isLogFileName(entry.name, insideLogDirectory)) {
        if (found.files.length >= MAX_LOG_FILES) {
          if (found.notes.length === 0) found.notes.push(`more than ${MAX_LOG_FILES} log files in ${displayPath(directory, cwd)}: the rest were not read`);
          return;
        }
        found.files.push(displayPath(path, cwd));
      }
    }
  };
  walk(resolve(cwd, directory), 0, false);
  return found;
}
