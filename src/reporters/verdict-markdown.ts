import type { RankedCause } from '../diagnosis/rank-causes.js';
import type { Fix, NextCheck } from '../diagnosis/next-steps.js';
import { escapeMarkdown } from '../inputs/text/sanitize.js';
import { percent } from './style.js';
import { checkMarkdown } from './next-check.js';

export interface Verdict {
  environment: { id: string };
  causes: readonly (RankedCause & { title: string })[];
  checks: readonly NextCheck[];
  fixes: readonly Fix[];
}

/** The causes / next checks / fix sections every command's Markdown report ends with. */
export function verdictMarkdown(verdict: Verdict): string[] {
  const out = ['', `### Likely root causes (${verdict.environment.id})`, ''];
  verdict.causes.slice(0, 5).forEach((c, i) => {
    out.push(`${i + 1}. **${c.id}** (${percent(c.score)}) — ${escapeMarkdown(c.title)}: ${escapeMarkdown(c.why)}`);
  });
  if (verdict.checks.length) {
    out.push('', '### Next checks', '');
    for (const c of verdict.checks) out.push(`- ${checkMarkdown(c, 300)} — ${escapeMarkdown(c.expect)}`);
  }
  if (verdict.fixes.length) {
    out.push('', '### Fix', '');
    for (const f of verdict.fixes) out.push(`- **${f.cause}**: ${escapeMarkdown(f.fix)}`);
  }
  out.push('');
  return out;
}
