import type { ReasoningStep, VerdictStatus } from '../../diagnosis/diagnose/report.js';
import type { Evidence } from '../../evidence/diagnose/model.js';

/** Presentation helpers shared by the diagnose reports (plain strings, not yet escaped). */

export function statusLabel(status: VerdictStatus): string {
  return status === 'problem' ? 'Problem found' : status === 'no-problem' ? 'No problem found' : 'Not enough evidence';
}

export function answerMark(answer: ReasoningStep['answer']): string {
  return answer === 'yes' ? '✓' : answer === 'no' ? '✗' : answer === 'partly' ? '~' : '?';
}

/** Where an observation was made, as a reader would look it up. */
export function evidenceWhere(e: Evidence): string {
  return e.source.step && e.source.kind === 'lint' ? `${e.source.where} (${e.source.step})` : e.source.where;
}

/**
 * Splits text on backtick pairs: `code` spans (names, directives, addresses written in configs) and prose, so
 * each format can show them as code. An unpaired backtick stays in the prose.
 */
export function codeSegments(text: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  const re = /`([^`\n]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ code: false, text: text.slice(last, m.index) });
    out.push({ code: true, text: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ code: false, text: text.slice(last) });
  return out;
}
