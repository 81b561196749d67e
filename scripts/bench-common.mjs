// What the `bench:*` scripts share: the built CLI, the directory they generate their input in, medians and the
// figures `updoc … --stats` prints. Not a benchmark itself.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The benchmarks run the built CLI, as a user does: build it when dist/ is missing. */
export function ensureBuilt() {
  if (!existsSync('dist/bin.js')) execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
}

/**
 * Where a benchmark writes what it generates: BENCH_DIR when set (kept between runs, for iterating), otherwise a
 * temporary directory that `cleanup()` deletes — also on Ctrl-C (`kept` says which). `write(path, text)` creates the
 * parent directories.
 */
export function benchDir(name) {
  const keep = process.env.BENCH_DIR;
  if (keep) mkdirSync(keep, { recursive: true });
  const dir = keep ?? mkdtempSync(join(tmpdir(), `updoc-bench-${name}-`));
  const cleanup = () => {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  };
  process.on('SIGINT', () => {
    cleanup();
    process.exit(130);
  });
  const write = (path, text) => {
    const absolute = join(dir, path);
    mkdirSync(join(absolute, '..'), { recursive: true });
    writeFileSync(absolute, text);
  };
  return { dir, kept: Boolean(keep), write, cleanup };
}

/** The middle value (the upper one of an even count). */
export const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The `name=number` figures `updoc … --stats` prints on stderr. */
export const statsOf = (stderr) => Object.fromEntries([...stderr.matchAll(/(\w+)=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
