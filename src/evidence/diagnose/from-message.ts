import type { CauseId } from '../../core/ids.js';
import type { ExplainReport } from '../../diagnosis/explain.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { signatureWithId } from '../../knowledge/signatures/index.js';
import { failureKindOf } from '../setup-facts.js';
import type { EvidenceCollector } from './model.js';

/**
 * A pasted message (`--message`): the `explain` pipeline recognises signatures in it and ranks causes with its
 * setup inferences; each recognised signature is an observation, the ranking the group's reading. A message in
 * which nothing is recognised is recorded as vague: a symptom with no evidence about its cause.
 */

export const MESSAGE_GROUP = 'message';

export interface MessageReading {
  /** Something was recognised (a signature, or at least a bare status such as 502). */
  recognised: boolean;
  /** Only a bare status: a failure, with little said about its cause. */
  statusOnly: boolean;
}

export function addMessageEvidence(collector: EvidenceCollector, report: ExplainReport, index: number, text: string): MessageReading {
  const name = index === 0 ? '--message' : `--message #${index + 1}`;
  collector.read.push({ kind: 'message', name, detail: displayLine(text, 120) });
  const group = `${MESSAGE_GROUP}:${index}`;
  for (const m of report.matches.slice(0, 8)) {
    const upstream = m.fields.host ? `${m.fields.host}${m.fields.port ? `:${m.fields.port}` : ''}` : undefined;
    const known = signatureWithId(m.signature);
    const failure = known ? failureKindOf({ signature: known, record: 0, incident: 0, line: m.line, text: m.text, fields: m.fields }) : null;
    collector.add({
      stage: 'symptom',
      ...(failure ? { failure } : {}),
      source: { kind: 'message', where: `${name} line ${m.line}`, line: m.line, step: m.signature },
      strength: 0.7,
      weights: known ? { ...known.causes } : topCauses(report),
      summary: `${m.platform}: ${m.title}${upstream ? ` on ${upstream}` : ''}`,
      quote: displayLine(m.text, 600),
      group,
      ...(upstream ? { upstream } : {}),
    });
  }
  if (report.statusOnly)
    collector.add({
      stage: 'symptom',
      source: { kind: 'message', where: name },
      strength: 0.2,
      weights: Object.fromEntries(report.causes.map((c) => [c.id, c.score])),
      summary: `a bare ${report.statusOnly.status} (${report.statusOnly.title}): ${report.statusOnly.meaning}`,
      group,
    });
  const recognised = report.matches.length > 0 || report.statusOnly !== undefined;
  if (!recognised) {
    collector.add({
      stage: 'symptom',
      source: { kind: 'message', where: name },
      strength: 0,
      weights: {},
      summary: `no known error message in "${displayLine(text, 160)}": it says something fails, not how`,
      group,
    });
    return { recognised, statusOnly: false };
  }
  const scores: Partial<Record<CauseId, number>> = {};
  for (const c of report.causes) scores[c.id] = c.score;
  collector.addGroup({
    group,
    scores,
    // A bare status says a request failed, hardly why.
    strength: report.matches.length > 0 ? 0.9 : 0.35,
    label: `the message (${report.matches.length ? report.matches.map((m) => m.signature).join(', ') : `a bare ${report.statusOnly?.status}`})`,
  });
  return { recognised, statusOnly: report.matches.length === 0 };
}

/** For a match of no known signature: the message's own top causes. */
function topCauses(report: ExplainReport): Partial<Record<CauseId, number>> {
  return Object.fromEntries(report.causes.slice(0, 5).map((c) => [c.id, c.score]));
}
