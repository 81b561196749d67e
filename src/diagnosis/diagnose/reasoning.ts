import type { DecisionStage, Evidence } from '../../evidence/diagnose/model.js';
import type { LogsReport } from '../logs.js';
import type { ReasoningStep } from './report.js';

/**
 * The decision tree as the report tells it: each question, its answer from the evidence that speaks to it
 * (`yes` healthy, `no` broken, `partly` both, `unknown` nothing said), and the observation that decided it.
 */

const QUESTIONS: Record<Exclude<DecisionStage, 'symptom'>, string> = {
  running: 'Is the backend running?',
  reachable: "Does it answer directly from the proxy's network?",
  resolves: 'Does its name resolve there?',
  configured: 'Is the proxy configured to reach it?',
  'over-time': 'What do the logs say over time?',
};

export function reasoningSteps(evidence: readonly Evidence[], relevance: (e: Evidence) => number, logs: LogsReport | undefined): ReasoningStep[] {
  const steps: ReasoningStep[] = [];
  for (const stage of Object.keys(QUESTIONS) as (keyof typeof QUESTIONS)[]) {
    if (stage === 'over-time') {
      steps.push(overTime(evidence, logs));
      continue;
    }
    const items = evidence
      .filter((e) => e.stage === stage && e.answer && relevance(e) >= 0.5)
      .sort((a, b) => b.strength * relevance(b) - a.strength * relevance(a));
    const no = items.filter((e) => e.answer === 'no');
    const yes = items.filter((e) => e.answer === 'yes');
    const answer = no.length && yes.length ? 'partly' : no.length ? 'no' : yes.length ? 'yes' : 'unknown';
    const decisive = answer === 'yes' ? yes : no.length ? no : yes;
    const because =
      answer === 'unknown'
        ? 'nothing read answers it'
        : `${decisive[0]?.summary ?? ''}${answer === 'partly' && yes[0] ? `; but ${yes[0].summary}` : ''}${items.length > 2 ? ` (+${items.length - 2} more)` : ''}`;
    steps.push({ stage, question: QUESTIONS[stage], answer, because, evidence: items.map((e) => e.id) });
  }
  return steps;
}

function overTime(evidence: readonly Evidence[], logs: LogsReport | undefined): ReasoningStep {
  const question = QUESTIONS['over-time'];
  const items = evidence.filter((e) => e.stage === 'over-time');
  const ids = items.map((e) => e.id);
  if (!logs || logs.summary.files.every((f) => f.lines === 0))
    return { stage: 'over-time', question, answer: 'unknown', because: 'no log was read', evidence: ids };
  const s = logs.summary;
  if (s.totals.failures === 0)
    return {
      stage: 'over-time',
      question,
      answer: 'yes',
      because: s.totals.requests ? `${s.totals.requests} requests, no upstream failure` : `${s.totals.lines} lines, no upstream failure`,
      evidence: ids,
    };
  const spread = s.patterns.spread;
  const span = Number.isFinite(s.first) && Number.isFinite(s.last) ? ` between ${iso(s.first)} and ${iso(s.last)}` : '';
  const described = items.map((e) => e.summary);
  const base = `${s.totals.failures} upstream failure${s.totals.failures === 1 ? '' : 's'}${span}`;
  const answer = spread.verdict === 'intermittent' || s.patterns.bursts.length > 0 ? 'partly' : 'no';
  return { stage: 'over-time', question, answer, because: described.length ? `${base}; ${described.join('; ')}` : base, evidence: ids };
}

function iso(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$|Z$/, '');
}
