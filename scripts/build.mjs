// Bundles the CLI into dist/ with one chunk per lazily-loaded command, so start-up only parses what
// the command needs. Type-checking is separate (`npm run typecheck`). Builds into a fresh directory and
// swaps it in, so a CLI already running from dist/ never sees half a build.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const staging = `dist.build-${process.pid}`;
try {
  await build({
    // The logs worker is an entry of its own: worker threads load a script (see parallel-scan.ts).
    entryPoints: { bin: 'src/cli/bin.ts', 'logs-scan-worker': 'src/evidence/log-summary/scan-worker.ts' },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    chunkNames: 'chunks/[name]-[hash]',
    define: { UPDOC_VERSION: JSON.stringify(pkg.version) },
    // CommonJS dependencies (yaml's node build calls require('process')) need a real `require` inside ESM chunks.
    banner: { js: "import { createRequire as __updocCreateRequire } from 'node:module'; const require = __updocCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // Two renames, then the old tree goes: dist/ is missing only between the renames, not while a tree is deleted.
  const old = `dist.old-${process.pid}`;
  if (existsSync('dist')) renameSync('dist', old);
  renameSync(staging, 'dist');
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}
