import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'vitest';
import { topologyOf } from '/work/main/test/inputs/kubernetes/helpers.js';

function walk(dir: string, out: Record<string, string>, root: string) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, out, root);
    else if (/\.(ya?ml|json)$/.test(n)) out[relative(root, p)] = readFileSync(p, 'utf8');
  }
}
test('show', () => {
  const dir = process.env.K8S_DIR!;
  const files: Record<string, string> = {};
  walk(dir, files, dir);
  const { topology, facts } = topologyOf(files);
  console.log('objects', facts.objects.length, 'workloads', facts.workloads.length, 'services', facts.services.length);
  for (const p of topology.paths) {
    console.log(p.proxy.label, '@', p.proxy.runtime?.label, '→', p.target.text, p.status, p.problem?.cause ?? '', p.problem?.reason ?? '');
    for (const s of p.steps) console.log('    ', s.kind, s.status, s.text, s.at ? `${s.at.file}:${s.at.line}` : '');
  }
});
