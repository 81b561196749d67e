import * as nodeFs from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { ConfigFile } from './config-input.js';

/** Configuration files are kilobytes; anything past this is refused unread (`maxFileSize` in .updoc.yaml raises it). */
export const DEFAULT_MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Bytes inspected for NUL bytes when deciding that a file is binary (git's heuristic uses the first 8000). */
const BINARY_SNIFF_BYTES = 8000;

/** One decoder for every file (decoding a whole buffer keeps no state between calls). */
const UTF8 = new TextDecoder('utf-8', { fatal: false });

/** The file-system calls discovery and reading make; tests inject failures (permission denied as root …). */
export interface ConfigFileSystem {
  statSync(path: string): nodeFs.Stats;
  lstatSync(path: string): nodeFs.Stats;
  readdirSync(path: string, options: { withFileTypes: true }): nodeFs.Dirent[];
  readFileSync(path: string): Buffer;
  realpathSync(path: string): string;
  readlinkSync(path: string): string;
}

export const NODE_FILE_SYSTEM: ConfigFileSystem = {
  statSync: (p) => nodeFs.statSync(p),
  lstatSync: (p) => nodeFs.lstatSync(p),
  readdirSync: (p, o) => nodeFs.readdirSync(p, o),
  readFileSync: (p) => nodeFs.readFileSync(p),
  realpathSync: (p) => nodeFs.realpathSync(p),
  readlinkSync: (p) => nodeFs.readlinkSync(p),
};

export type FileReadOutcome = { ok: true; file: ConfigFile } | { ok: false; kind: 'unreadable' | 'too-large'; message: string; path: string };

export interface ReadOptions {
  cwd: string;
  maxFileBytes: number;
  fs: ConfigFileSystem;
}

/** Display form of a path: relative to the working directory when under it, always `/`-separated. */
export function displayPath(absolutePath: string, cwd: string): string {
  const rel = relative(cwd, absolutePath);
  const shown = rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? absolutePath : rel;
  return shown.split(sep).join('/');
}

/**
 * Reads one file within bounds: regular files only, size checked before reading, binary refused (NUL bytes,
 * UTF-16), invalid UTF-8 decoded with replacement characters rather than refused.
 */
export function readConfigFile(absolutePath: string, options: ReadOptions, explicit = false): FileReadOutcome {
  const path = displayPath(absolutePath, options.cwd);
  const fail = (kind: 'unreadable' | 'too-large', message: string): FileReadOutcome => ({ ok: false, kind, message, path });
  let stat: nodeFs.Stats;
  try {
    stat = options.fs.statSync(absolutePath);
  } catch (error) {
    return fail('unreadable', describeFsError(error, path, options.fs, absolutePath));
  }
  if (stat.isDirectory()) return fail('unreadable', `${path} is a directory, not a configuration file`);
  // FIFOs, sockets and devices could block a read forever or never end.
  if (!stat.isFile()) return fail('unreadable', `${path} is not a regular file (a FIFO, socket or device); it was not read`);
  if (stat.size > options.maxFileBytes) {
    return fail(
      'too-large',
      `${path} is ${formatBytes(stat.size)}, over the ${formatBytes(options.maxFileBytes)} limit for one configuration file; it was not read (raise \`maxFileSize\` in .updoc.yaml if it really is configuration)`,
    );
  }
  let bytes: Buffer;
  try {
    bytes = options.fs.readFileSync(absolutePath);
  } catch (error) {
    return fail('unreadable', describeFsError(error, path, options.fs, absolutePath));
  }
  return decodeConfigBytes(bytes, { path, absolutePath, explicit, maxFileBytes: options.maxFileBytes });
}

/** The checks after reading, shared with standard input: size (the file may have grown since `stat`), binary, UTF-8. */
export function decodeConfigBytes(
  bytes: Uint8Array,
  options: { path: string; absolutePath: string; explicit: boolean; maxFileBytes: number },
): FileReadOutcome {
  const { path } = options;
  if (bytes.length > options.maxFileBytes) {
    return {
      ok: false,
      kind: 'too-large',
      path,
      message: `${path} is over the ${formatBytes(options.maxFileBytes)} limit for one configuration file; it was not read`,
    };
  }
  const binary = binaryReason(bytes);
  if (binary) return { ok: false, kind: 'unreadable', path, message: `${path} ${binary}; it was not analysed` };
  const text = UTF8.decode(bytes);
  const file: ConfigFile = { path, absolutePath: options.absolutePath, text };
  if (options.explicit) file.explicit = true;
  return { ok: true, file };
}

/** Why the bytes are not text a proxy or orchestrator would read, or undefined when they are text. */
export function binaryReason(bytes: Uint8Array): string | undefined {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    // PowerShell's `>` writes UTF-16: nginx, HAProxy and Compose all expect UTF-8 and fail on it.
    return 'is UTF-16 encoded (save it as UTF-8: nginx, HAProxy, Compose and kubectl read UTF-8)';
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0) !== -1) return 'contains binary data (NUL bytes), not configuration text';
  return undefined;
}

function describeFsError(error: unknown, path: string, fs: ConfigFileSystem, absolutePath: string): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `${path} cannot be read: permission denied`;
    case 'ELOOP':
      return `${path} is a symbolic link loop (it resolves back to itself)`;
    case 'ENOENT': {
      let target: string | undefined;
      try {
        target = fs.readlinkSync(absolutePath);
      } catch {}
      return target !== undefined ? `${path} is a dangling symbolic link (its target ${target} does not exist)` : `${path} does not exist`;
    }
    case 'EISDIR':
      return `${path} is a directory, not a configuration file`;
    default:
      return `${path} cannot be read: ${code ?? (error as Error).message}`;
  }
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(bytes % 1024 === 0 ? 0 : 1)} KiB`;
  return `${bytes} bytes`;
}
