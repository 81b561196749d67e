import type { Signature } from '../core/define-signature.js';
import type { CauseId, Environment } from '../core/ids.js';
import type { FailureGroup, LogSummary } from '../evidence/log-summary/types.js';
import { broaderFacets } from '../evidence/facet-refinement.js';
import { matchRecords, type SignatureMatch } from '../evidence/match-signatures.js';
import { environmentSource, gatherSetupFacts, resolveEnvironment, type SetupFacts } from '../evidence/setup-facts.js';
import type { TextRecord } from '../inputs/text/records.js';
import { causeById } from '../knowledge/causes/index.js';
import type { SetupTag } from '../knowledge/context-hints.js';
import { LOG_INFERENCES } from './log-inferences.js';
import { checksFor, fixesFor, type Fix, type NextCheck, placeholdersFor, causesWorthChecking } from './next-steps.js';
import { type CauseEvidence, eventReading, type RankedCause, rankCauses } from './rank-causes.js';

export interface LogsOptions {
  environment?: Environment;
  context?: string;
}

export interface SignatureCount {
  signature: Signature;
  count: number;
  /** The ranked cause this signature's failures are attributed to. */
  cause: CauseId;
}

export interface UpstreamCount {
  upstream: string;
  count: number;
  requests: number;
  /** Failed share of this upstream's requests, when request logs counted them. */
  errorRatio: number | null;
  byCause: Partial<Record<CauseId, number>>;
  first: number;
  last: number;
}

export interface LogsReport {
  summary: LogSummary;
  causes: (RankedCause & { title: string })[];
  /** The cause each signature's failures are counted under. */
  causeOf: ReadonlyMap<string, CauseId>;
  bySignature: SignatureCount[];
  byCause: { cause: CauseId; title: string; count: number }[];
  byUpstream: UpstreamCount[];
  checks: NextCheck[];
  fixes: Fix[];
  environment: { id: Environment; from: string };
  setup: { tag: string; from: string }[];
}

// Evidence sizing: the largest groups only, each counted like 1 + log2(count) messages (capped) so that
// a flood of one message cannot silence a rarer, sharper one.
const MAX_EVIDENCE_GROUPS = 300;
const MAX_COPIES = 12;
const ATTRIBUTION_EPSILON = 0.01;

/** Ranks root causes for everything a log summary counted, with the same machinery as `explain`. */
export function diagnoseLogs(summary: LogSummary, options: LogsOptions = {}): LogsReport {
  const groups = summary.groups.slice(0, MAX_EVIDENCE_GROUPS);
  const facts = factsOf(summary, groups, options);
  const events = new Map<FailureGroup, CauseEvidence[]>();
  const evidence = evidenceOf(groups, summary, events);
  const ranked = summary.groups.length > 0 ? rankCauses(evidence, facts) : [];
  const scores = new Map(ranked.map((c) => [c.id, c.score]));

  const causeOf = new Map<string, CauseId>();
  const bySignature = new Map<string, SignatureCount>();
  for (const g of summary.groups) {
    const cause = causeOf.get(g.signature.id) ?? attribute(readingOf(g, events.get(g)), scores);
    causeOf.set(g.signature.id, cause);
    const entry = bySignature.get(g.signature.id) ?? { signature: g.signature, count: 0, cause };
    entry.count += g.count;
    bySignature.set(g.signature.id, entry);
  }

  const byCause = new Map<CauseId, number>();
  const perUpstream = new Map<string, Partial<Record<CauseId, number>>>();
  for (const g of summary.groups) {
    const cause = causeOf.get(g.signature.id) as CauseId;
    byCause.set(cause, (byCause.get(cause) ?? 0) + g.count);
    const u = perUpstream.get(g.upstream) ?? {};
    u[cause] = (u[cause] ?? 0) + g.count;
    perUpstream.set(g.upstream, u);
  }

  const env = resolveEnvironment(facts);
  const top = causesWorthChecking(ranked);
  const values = placeholdersFor(facts);
  return {
    summary,
    causes: ranked.map((c) => ({ ...c, title: causeById(c.id).title })),
    causeOf,
    bySignature: [...bySignature.values()].sort((a, b) => b.count - a.count),
    byCause: [...byCause].map(([cause, count]) => ({ cause, title: causeById(cause).title, count })).sort((a, b) => b.count - a.count),
    byUpstream: summary.upstreams.map((u) => ({
      upstream: u.upstream,
      count: u.failures,
      requests: u.requests,
      errorRatio: u.requests > 0 ? Math.min(1, u.requestFailures / u.requests) : null,
      byCause: perUpstream.get(u.upstream) ?? {},
      first: u.first,
      last: u.last,
    })),
    checks: ranked.length ? checksFor(top, env, values) : [],
    fixes: ranked.length ? fixesFor(top, env, values) : [],
    environment: { id: env, from: environmentSource(facts, env) },
    setup: [...facts.tags.values()].map((t) => ({ tag: t.tag, from: t.from })),
  };
}

/**
 * What a group's messages say: its signature's causes, or — when another facet of those messages refines the signature
 * (Envoy's flag or reset-reason line around the errno that says "refused") — the event's refined reading.
 */
function readingOf(g: FailureGroup, event: readonly CauseEvidence[] | undefined): Partial<Record<CauseId, number>> {
  return event?.[0]?.broader ? Object.fromEntries(eventReading(event)) : g.signature.causes;
}

/** A group's failures count under the cause its reading supports most, given the overall ranking. */
function attribute(reading: Partial<Record<CauseId, number>>, scores: ReadonlyMap<CauseId, number>): CauseId {
  let best: CauseId = 'other';
  let bestValue = -1;
  for (const [cause, weight] of Object.entries(reading) as [CauseId, number][]) {
    const value = weight * ((scores.get(cause) ?? 0) + ATTRIBUTION_EPSILON);
    if (value > bestValue) {
      best = cause;
      bestValue = value;
    }
  }
  return best;
}

/**
 * One evidence group per signature × upstream, repeated by a log of its count; plus pattern evidence. `events` gets
 * each group's facets (one copy: the signature first).
 */
function evidenceOf(groups: readonly FailureGroup[], summary: LogSummary, events: Map<FailureGroup, CauseEvidence[]>): CauseEvidence[] {
  const evidence: CauseEvidence[] = [];
  let id = 0;
  // nginx writes a failed request twice: the error log says what failed, the access log records the 502. Where the
  // error log's own message for that upstream is among the logs, the access-log record counts once, not by volume.
  const described = new Set(groups.filter((g) => !g.signature.restatesErrorLog).map((g) => g.upstream));
  for (const g of groups) {
    const restated = g.signature.restatesErrorLog && described.has(g.upstream);
    const copies = restated ? 1 : Math.min(MAX_COPIES, 1 + Math.floor(Math.log2(Math.max(1, g.count))));
    const where = g.upstream.startsWith('(') ? '' : ` on ${g.upstream}`;
    const label = `${g.signature.platform}: ${g.signature.title}${where} (${g.count}×)`;
    const facets = [g.signature, ...g.facets];
    const broader = broaderOnSample(facets, g.samples[0]?.text);
    const event = facets.map((f, i) => ({ weights: f.causes, label, group: id, broader: broader[i] }));
    events.set(g, event);
    for (let c = 0; c < copies; c++, id++) for (const e of event) evidence.push({ ...e, group: id });
  }
  for (const inference of LOG_INFERENCES) {
    const label = inference.applies(summary.patterns);
    if (!label) continue;
    for (let c = 0; c < inference.strength; c++, id++) evidence.push({ weights: inference.weights, label, group: id });
  }
  return evidence;
}

/** Which of a group's signatures another one refines on the group's sample line (see `broaderFacets`). */
function broaderOnSample(signatures: readonly Signature[], sample: string | undefined): boolean[] {
  if (signatures.length < 2 || !sample) return signatures.map(() => false);
  const record: TextRecord = { line: 1, variants: [sample], hints: [], incident: 0, logLike: true };
  const texts = new Map(matchRecords([record], signatures).map((m) => [m.signature, m.text]));
  // A facet seen on another occurrence than the sample has no text here: it stays a peer.
  const onSample = signatures.filter((s) => texts.has(s));
  const flags = broaderFacets(onSample.map((signature) => ({ signature, text: texts.get(signature) ?? '' })));
  return signatures.map((s) => flags[onSample.indexOf(s)] ?? false);
}

/** Setup facts from the groups' samples and fields, plus what the failure pattern says about the setup. */
function factsOf(summary: LogSummary, all: readonly FailureGroup[], options: LogsOptions): SetupFacts {
  // The error log's own messages first: a target is kept once per host and port, and the access-log record that
  // restates a failure knows less about it (no scheme: `http://` to a TLS port only shows in the error log).
  const groups = [...all.filter((g) => !g.signature.restatesErrorLog), ...all.filter((g) => g.signature.restatesErrorLog)];
  const records: TextRecord[] = groups.map((g, i) => ({
    line: g.samples[0]?.line ?? 1,
    variants: [g.samples[0]?.text ?? ''],
    hints: [],
    incident: i,
    logLike: true,
  }));
  const matches: SignatureMatch[] = groups.map((g, i) => ({
    signature: g.signature,
    record: i,
    incident: i,
    line: g.samples[0]?.line ?? 1,
    text: g.samples[0]?.text ?? '',
    fields: g.fields,
  }));
  const facts = gatherSetupFacts(records, matches, { environment: options.environment, context: options.context });
  const tag = (name: SetupTag, from: string, label: string) => {
    if (!facts.tags.has(name)) facts.tags.set(name, { tag: name, from, label });
  };
  const { spread, outlier, afterEvents, localhostSplit } = summary.patterns;
  const share = (x: number) => `${Math.round(x * 1000) / 10}%`;
  if (spread.verdict === 'all') tag('always', `the request logs: ${share(spread.ratio ?? 1)} of ${spread.requests} requests failed`, 'every request fails');
  // One broken instance among healthy ones is not "intermittent" in the race-condition sense; nor is one loopback
  // address that always refuses while the other serves.
  if (spread.verdict === 'intermittent' && !outlier && !localhostSplit)
    tag('intermittent', `the request logs: ${share(spread.ratio ?? 0)} of ${spread.requests} requests failed`, 'intermittent failures');
  if (afterEvents && afterEvents.share >= 0.5)
    tag(
      'after-deploy',
      `the logs: ${share(afterEvents.share)} of the failures came within 5 minutes of a restart, reload or deploy`,
      'failures around restarts',
    );
  return facts;
}
