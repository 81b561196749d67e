import type { Environment, Fields, Phase } from '../core/ids.js';
import { broaderFacets, probeBudget } from '../evidence/facet-refinement.js';
import { matchRecords, type SignatureMatch } from '../evidence/match-signatures.js';
import { sharpness } from '../evidence/signature-sharpness.js';
import { environmentSource, failureKindOf, gatherSetupFacts, resolveEnvironment } from '../evidence/setup-facts.js';
import { splitRecords } from '../inputs/text/records.js';
import { BARE_STATUSES } from '../knowledge/bare-statuses.js';
import { causeById } from '../knowledge/causes/index.js';
import { SIGNATURES } from '../knowledge/signatures/index.js';
import { checkKind } from '../core/check-kind.js';
import { type NextCheck, checksFor, dedupe, fillPlaceholders, fixesFor, type Fix, placeholdersFor, causesWorthChecking } from './next-steps.js';
import { type CauseEvidence, type RankedCause, rankCauses } from './rank-causes.js';

export interface ExplainOptions {
  environment?: Environment;
  context?: string;
}

export interface MatchReport {
  signature: string;
  catalog: string;
  platform: string;
  title: string;
  phase: Phase;
  status: number | readonly number[] | null;
  meaning: string;
  fields: Fields;
  /** 1-based line of the input where the matched message starts. */
  line: number;
  text: string;
  source: string;
}

export interface ExplainReport {
  matches: MatchReport[];
  /** Set when no signature matched but a bare status code / error page did. */
  statusOnly?: { status: number; title: string; meaning: string };
  causes: (RankedCause & { title: string })[];
  checks: NextCheck[];
  fixes: Fix[];
  environment: { id: Environment; from: string };
  phase: Phase | null;
  setup: { tag: string; from: string }[];
}

export function explainText(text: string, options: ExplainOptions = {}): ExplainReport {
  const records = splitRecords(text);
  const matches = withoutRedundantGenerics(matchRecords(records, SIGNATURES));
  const facts = gatherSetupFacts(records, matches, { environment: options.environment, context: options.context });
  // "No healthy upstream"-style summaries are consequences; when the paste also shows why hosts failed
  // (a refused or timed-out connect), that reason is the better evidence of the root cause.
  const isSummary = (m: SignatureMatch) => m.signature.phase === 'health-check' && failureKindOf(m) === 'no-upstream';
  const explainsUnhealthy = matches.some((m) => !isSummary(m) && failureKindOf(m) !== null);
  const broader = broaderInRecords(matches);
  const refining = matches.filter((_, i) => !broader[i]);
  const evidence: CauseEvidence[] = matches
    .map((m, i) => ({ m, broader: broader[i] }))
    .filter(({ m, broader }) => !(broader && wrapsAnother(m, refining)))
    .map(({ m, broader }) => ({
      weights: m.signature.causes,
      label: describeMatch(m),
      group: m.incident,
      weight: explainsUnhealthy && isSummary(m) ? 0.4 : 1,
      broader,
    }));

  let statusOnly: ExplainReport['statusOnly'];
  if (matches.length === 0) {
    for (const bare of BARE_STATUSES) {
      if (records.some((r) => r.variants.some((v) => bare.pattern.test(v)))) {
        statusOnly = { status: bare.status, title: bare.title, meaning: bare.meaning };
        evidence.push({ weights: bare.causes, label: `a bare "${bare.title}" says little on its own`, group: -1 });
        facts.phases.add(bare.phase);
        if (bare.failure) facts.failures.add(bare.failure);
        break;
      }
    }
  }

  const ranked = rankCauses(evidence, facts);
  const env = resolveEnvironment(facts);
  const top = causesWorthChecking(ranked);
  const values = placeholdersFor(facts);
  // Signature checks are written for the host the proxy runs on; in containers the cause checks say where to run them.
  const signatureChecks: NextCheck[] = (env !== 'vm' ? [] : primaryMatches(matches)).slice(0, 2).flatMap((m) =>
    m.signature.checks.slice(0, 2).map((c) => ({
      command: fillPlaceholders(c, { ...values, ...placeholderFields(m.fields) }),
      kind: checkKind(c),
      expect: m.signature.title,
      signature: m.signature.id,
    })),
  );

  return {
    matches: matches.map(toReport),
    statusOnly,
    causes: ranked.map((c) => ({ ...c, title: causeById(c.id).title })),
    checks: ranked.length ? dedupe([...checksFor(top, env, values), ...signatureChecks]) : [],
    fixes: ranked.length ? fixesFor(top, env, values) : [],
    environment: { id: env, from: environmentSource(facts, env) },
    phase: dominantPhase(matches) ?? (statusOnly ? ([...facts.phases][0] ?? null) : null),
    setup: [...facts.tags.values()].map((t) => ({ tag: t.tag, from: t.from })),
  };
}

/**
 * A proxy's generic error line (Caddy's `http.log.error` with the Go error as its message, Traefik's "502 Bad Gateway
 * caused by: <error>") wraps the transport error that says what happened: its `detail` is that error. When a refining
 * match (refined by none) reads that very error, the wrapper adds where and which status, not why: its cause profile
 * (written for whatever it may wrap) would only blur the specific reading, so it is left out of the ranking (it stays
 * in the matches shown). A broader facet with a frame of its own (Envoy's body around its reset reason) still
 * reweights; a specialisation whose `detail` is a fixed word (an Istio access-log line that needs
 * "{connection_termination}") is not broader, so it is kept.
 */
function wrapsAnother(m: SignatureMatch, refining: readonly SignatureMatch[]): boolean {
  const detail = m.fields.detail;
  return (
    detail !== undefined &&
    detail.length > 0 &&
    refining.some((o) => o !== m && o.record === m.record && o.signature.id !== m.signature.id && o.text.length > 0 && detail.includes(o.text))
  );
}

/** For each match, whether another match in its record refines it (see `broaderFacets`). */
function broaderInRecords(matches: readonly SignatureMatch[]): boolean[] {
  const out = matches.map(() => false);
  const byRecord = new Map<number, number[]>();
  for (const [i, m] of matches.entries()) {
    const indices = byRecord.get(m.record);
    if (indices) indices.push(i);
    else byRecord.set(m.record, [i]);
  }
  const budget = probeBudget();
  for (const indices of byRecord.values()) {
    if (indices.length < 2) continue;
    const flags = broaderFacets(
      indices.map((i) => matches[i]),
      budget,
    );
    for (const [k, i] of indices.entries()) out[i] = flags[k];
  }
  return out;
}

/**
 * The OS errno signatures are components of other platforms' messages ("111: Connection refused" inside
 * an nginx line). When a record has a platform-specific match, the generic one adds noise, not evidence.
 */
function withoutRedundantGenerics(matches: SignatureMatch[]): SignatureMatch[] {
  const specific = new Set(matches.filter((m) => m.signature.platform !== 'os').map((m) => m.record));
  return matches.filter((m) => m.signature.platform !== 'os' || !specific.has(m.record));
}

function placeholderFields(fields: Fields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v) out[k] = v;
  return out;
}

/** The most informative matches first: sharper cause distributions and specific platforms before errno fallbacks. */
function primaryMatches(matches: readonly SignatureMatch[]): SignatureMatch[] {
  return [...matches].sort((a, b) => sharpness(b.signature) - sharpness(a.signature));
}

function describeMatch(m: SignatureMatch): string {
  const where = m.fields.host ? ` on ${m.fields.host}${m.fields.port ? `:${m.fields.port}` : ''}` : m.fields.backend ? ` in ${m.fields.backend}` : '';
  return `${m.signature.platform}: ${m.signature.title}${where}`;
}

function dominantPhase(matches: readonly SignatureMatch[]): Phase | null {
  const primary = primaryMatches(matches)[0];
  return primary ? primary.signature.phase : null;
}

function toReport(m: SignatureMatch): MatchReport {
  const s = m.signature;
  return {
    signature: s.id,
    catalog: s.catalog,
    platform: s.platform,
    title: s.title,
    phase: s.phase,
    status: s.status,
    meaning: s.meaning,
    fields: m.fields,
    line: m.line,
    text: m.text,
    source: s.source,
  };
}
