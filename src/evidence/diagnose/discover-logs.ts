import { resolve } from 'node:path';
import { SKIPPED_DIRECTORIES } from '../../inputs/config/discover.js';
import { displayPath, NODE_FILE_SYSTEM } from '../../inputs/config/read-config-file.js';
import { walkDirectory } from '../../inputs/config/walk-directory.js';

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
  // Unreadable directories are the config discovery's to report; logs are looked for where they can be read.
  walkDirectory(resolve(cwd, directory), false, NODE_FILE_SYSTEM, MAX_DEPTH, {
    directory: (entry, insideLogDirectory) => (SKIPPED_DIRECTORIES.has(entry.name) ? undefined : insideLogDirectory || LOG_DIRECTORY.test(entry.name)),
    file(entry, insideLogDirectory) {
      if (entry.kind !== 'file' || !isLogFileName(entry.name, insideLogDirectory)) return;
      if (found.files.length >= MAX_LOG_FILES) {
        found.notes.push(`more than ${MAX_LOG_FILES} log files in ${displayPath(directory, cwd)}: the rest were not read`);
        return false;
      }
      found.files.push(displayPath(entry.path, cwd));
    },
  });
  found.files.sort();
  return found;
}
