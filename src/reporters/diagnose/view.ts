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
