import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { CAUSE_IDS, type CauseId } from '../../src/core/ids.js';
import { diagnoseProject } from '../../src/diagnosis/diagnose.js';
import type { DiagnoseReport } from '../../src/diagnosis/diagnose/report.js';

/**
 * Thread-style diagnose cases (`test/fixtures/diagnose-real`, `diagnose-heldout`): a directory of what a user posted
 * (configs, log excerpts, or the pasted error in `message.txt`, given as `--message`) and a README naming the known
 * cause (`Known cause: **`id`**`), or a calibration case (`Expected verdict: `insufficient-evidence``).
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface DiagnoseCase {
  name: string;
  cause: CauseId;
  /** A calibration case: the posted evidence does not settle it. */
  insufficient: boolean;
  message?: string;
}

export interface CaseResult {
  /** 1-based rank of the known cause; 0 when not ranked. */
  rank: number;
  report: DiagnoseReport;
}

/** Every case directory under `dir` (relative to the repository), sorted by name. */
export function readCases(dir: string): DiagnoseCase[] {
  const root = join(ROOT, dir);
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const readme = readFileSync(join(root, d.name, 'README.md'), 'utf8');
      const cause = /Known cause: \*\*`([a-z-]+)`\*\*/.exec(readme)?.[1];
      if (!cause || !(CAUSE_IDS as readonly string[]).includes(cause)) throw new Error(`${d.name}/README.md names no known cause id`);
      const messageFile = join(root, d.name, 'message.txt');
      return {
        name: d.name,
        cause: cause as CauseId,
        insufficient: /Expected verdict: `insufficient-evidence`/.test(readme),
        ...(existsSync(messageFile) ? { message: readFileSync(messageFile, 'utf8') } : {}),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every case cites its source thread (`Source: …` in its README), and every case a list names exists. */
export function expectSourcedCases(dir: string, cases: readonly DiagnoseCase[], named: Iterable<string>): void {
  for (const c of cases) expect(readFileSync(join(ROOT, dir, c.name, 'README.md'), 'utf8')).toMatch(/^Source: /m);
  for (const name of named)
    expect(
      cases.some((c) => c.name === name),
      name,
    ).toBe(true);
}

/** `updoc diagnose <case dir> [--message …]`, as a user would run it, and where the known cause ranked. */
export async function diagnoseCase(dir: string, c: DiagnoseCase): Promise<CaseResult> {
  const report = await diagnoseProject({ paths: [`${dir}/${c.name}`], cwd: ROOT, ...(c.message ? { messages: [c.message] } : {}) });
  return { rank: report.causes.findIndex((x) => x.id === c.cause) + 1, report };
}

/** For an assertion message: the verdict and the ranking. */
export function shown(report: DiagnoseReport): string {
  return `${report.verdict.status}: ${report.verdict.headline}\n${report.causes.map((x) => `${x.id} ${x.score}`).join(', ')}`;
}

/** The table and the figures: top-1 (cases with a settled cause), top-3, settled, settled wrong, calibration. */
export function caseFigures(title: string, cases: readonly DiagnoseCase[], results: ReadonlyMap<string, CaseResult>): string {
  const rows = cases.map((c) => {
    const r = results.get(c.name);
    const top = r?.report.causes.slice(0, 3).map((x) => `${x.id} ${Math.round(x.score * 100)}%`) ?? [];
    const unread = r?.report.inputs.unread.length ? ` (unread: ${r.report.inputs.unread.length})` : '';
    const mark = r?.rank === 1 ? '✓' : r && r.rank > 0 && r.rank <= 3 ? '3' : '✗';
    return `${mark} ${c.name.padEnd(34)} ${c.cause.padEnd(20)} ${(r?.report.verdict.status ?? '').padEnd(22)} ${top.join(', ')}${unread}`;
  });
  const scored = cases.filter((c) => !c.insufficient);
  const rankOf = (c: DiagnoseCase) => results.get(c.name)?.rank ?? 0;
  const top1 = scored.filter((c) => rankOf(c) === 1).length;
  const top3 = cases.filter((c) => rankOf(c) > 0 && rankOf(c) <= 3).length;
  const settled = scored.filter((c) => results.get(c.name)?.report.verdict.status === 'problem').length;
  const settledWrong = cases.filter((c) => {
    const v = results.get(c.name)?.report.verdict;
    return v?.status === 'problem' && (c.insufficient || v.cause !== c.cause);
  }).length;
  const calibrated = cases.filter((c) => c.insufficient && results.get(c.name)?.report.verdict.status === 'insufficient-evidence').length;
  return [
    title,
    ...rows,
    `top-1: ${top1}/${scored.length} (cases with a settled cause) · top-3: ${top3}/${cases.length} · settled as a problem (≥60%): ${settled}/${scored.length} · settled wrong: ${settledWrong} · calibration cases answered "not enough evidence": ${calibrated}/${cases.length - scored.length}`,
  ].join('\n');
}
