import type { Dirent } from 'node:fs';
import { basename, join } from 'node:path';
import type { ConfigFileSystem } from './read-config-file.js';

/**
 * The one directory walk of discovery (configs for `lint`, logs for `diagnose`): sorted, depth-first, bounded in
 * depth, entering each real directory once (a symbolic link back to an ancestor or to a directory already walked is
 * a cycle, not a second copy), and walking linked directories last so files show under their real path when both
 * are inside. What to enter and what to take is the visitor's.
 */

export interface WalkEntry {
  path: string;
  name: string;
  /** What the entry is, following a symbolic link; `broken` for a dangling or looping link. */
  kind: 'file' | 'directory' | 'other' | 'broken';
  isLink: boolean;
  /** The name of the directory it is in, and the names beside it. */
  parentName: string;
  siblings: ReadonlySet<string>;
}

export interface WalkVisitor<C> {
  /** The context to walk a subdirectory with, or undefined to skip it. */
  directory(entry: WalkEntry, context: C): C | undefined;
  /** A file (or a broken link); returning false stops the whole walk. */
  file(entry: WalkEntry, context: C): boolean | undefined;
  /** A directory entered before under its real path (reported only when reached through a link). */
  revisited?(dir: string, real: string): void;
  tooDeep?(dir: string): void;
  unlistable?(dir: string, error: NodeJS.ErrnoException): void;
}

export function walkDirectory<C>(root: string, context: C, fs: ConfigFileSystem, maxDepth: number, visitor: WalkVisitor<C>): void {
  const visited = new Set<string>();
  const stack: { dir: string; depth: number; context: C }[] = [{ dir: root, depth: 0, context }];
  const linked: { dir: string; depth: number; context: C }[] = [];
  while (stack.length > 0 || linked.length > 0) {
    const { dir, depth, context: here } = stack.length > 0 ? stack.pop()! : linked.shift()!;
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      real = dir;
    }
    if (visited.has(real)) {
      if (dir !== real) visitor.revisited?.(dir, real);
      continue;
    }
    visited.add(real);
    if (depth > maxDepth) {
      visitor.tooDeep?.(dir);
      continue;
    }
    let entries: Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      visitor.unlistable?.(dir, error as NodeJS.ErrnoException);
      continue;
    }
    const siblings = new Set(entries.map((e) => e.name));
    const parentName = basename(dir);
    const subdirectories: { dir: string; depth: number; context: C }[] = [];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const dirent of entries) {
      const path = join(dir, dirent.name);
      const isLink = dirent.isSymbolicLink();
      let kind: WalkEntry['kind'];
      if (isLink) {
        try {
          const stat = fs.statSync(path);
          kind = stat.isDirectory() ? 'directory' : stat.isFile() ? 'file' : 'other';
        } catch {
          kind = 'broken';
        }
      } else kind = dirent.isDirectory() ? 'directory' : dirent.isFile() ? 'file' : 'other';
      const entry: WalkEntry = { path, name: dirent.name, kind, isLink, parentName, siblings };
      if (kind === 'directory') {
        const inner = visitor.directory(entry, here);
        if (inner === undefined) continue;
        (isLink ? linked : subdirectories).push({ dir: path, depth: depth + 1, context: inner });
      } else if (visitor.file(entry, here) === false) return;
    }
    for (let i = subdirectories.length - 1; i >= 0; i--) stack.push(subdirectories[i]!);
  }
}
