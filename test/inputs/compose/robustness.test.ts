import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { listenModel } from '../../../src/inputs/compose/listens.js';
import { parseCompose } from '../../../src/inputs/compose/parse-compose.js';
import { composeRules } from '../../../src/rules/compose/index.js';
import { lintProject } from '../../helpers/lint-project.js';
import { memoryInput } from './compose-input.js';

/** Every Compose file the rule docs and the examples hold: realistic starting points for damaged variants. */
function corpus(): { name: string; files: Record<string, string> }[] {
  const out = composeRules.flatMap((r) => [
    { name: `${r.id} problem`, files: r.docs.problem.files },
    { name: `${r.id} fixed`, files: r.docs.fixed.files },
  ]);
  const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));
  for (const dir of readdirSync(examples).filter((d) => d.includes('compose'))) {
    const files: Record<string, string> = {};
    const walk = (rel: string) => {
      for (const name of readdirSync(join(examples, dir, rel))) {
        const path = rel ? `${rel}/${name}` : name;
        if (statSync(join(examples, dir, path)).isDirectory()) walk(path);
        else files[path] = readFileSync(join(examples, dir, path), 'utf8');
      }
    };
    walk('');
    out.push({ name: `examples/${dir}`, files });
  }
  return out;
}

/** Damaged copies of a file: every prefix cut at a line end and mid-line, every single line deleted or dedented. */
function damaged(text: string): string[] {
  const lines = text.split('\n');
  const out: string[] = [];
  for (let i = 1; i < lines.length; i++) {
    out.push(lines.slice(0, i).join('\n'));
    out.push(`${lines.slice(0, i).join('\n')}\n${lines[i]!.slice(0, Math.ceil(lines[i]!.length / 2))}`);
    out.push([...lines.slice(0, i), ...lines.slice(i + 1)].join('\n'));
    out.push([...lines.slice(0, i), lines[i]!.replace(/^ {2}/, ''), ...lines.slice(i + 1)].join('\n'));
  }
  return out;
}

describe('damaged Compose files never make the parser throw', () => {
  for (const { name, files } of corpus()) {
    it(name, () => {
      let variants = 0;
      for (const [path, text] of Object.entries(files)) {
        if (!/compose.*\.ya?ml$/.test(path)) continue;
        for (const variant of damaged(text)) {
          const facts = parseCompose(memoryInput({ ...files, [path]: variant }));
          for (const project of facts.projects) for (const service of project.services) listenModel(service);
          variants++;
        }
      }
      expect(variants).toBeGreaterThan(0);
    });
  }
});

describe('damaged Compose projects never make a rule or the topology fail', () => {
  it('a sample of damaged variants through the whole engine', async () => {
    const samples = corpus()
      .filter((c) => Object.keys(c.files).some((p) => /compose.*\.ya?ml$/.test(p)))
      .flatMap((c) => {
        const [path, text] = Object.entries(c.files).find(([p]) => /compose.*\.ya?ml$/.test(p))!;
        const variants = damaged(text);
        // Every 13th variant keeps the run short while covering every kind of damage at many places.
        return variants.filter((_, i) => i % 13 === 3).map((v) => ({ ...c.files, [path]: v }));
      });
    expect(samples.length).toBeGreaterThan(60);
    for (const files of samples) {
      const { findings } = await lintProject(files);
      expect(findings.filter((f) => f.rule === 'input/internal-error').map((f) => f.message)).toEqual([]);
    }
  }, 120_000);
});
