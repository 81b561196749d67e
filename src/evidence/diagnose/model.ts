import type { CauseId } from '../../core/ids.js';
import type { FailureKind } from '../setup-facts.js';

/**
 * The evidence model of `updoc diagnose`: every observation the other commands make — a signature match in a
 * pasted message, a counted log pattern, a lint finding, a followed topology path, a probe step — becomes one
 * `Evidence` with where it was seen, how strong it is, and the causes it supports or rules out. The diagnosis
 * (src/diagnosis/diagnose/) combines them into ranked hypotheses over the taxonomy.
 */

/**
 * The field guide's decision tree, in order: is the backend running → does it answer directly from the
 * proxy's network → does its name resolve there → is the proxy configured to reach it → what do the logs
 * say over time. `symptom` is what the failure looks like (a message, a log line), before any of those.
 */
export const DECISION_STAGES = ['symptom', 'running', 'reachable', 'resolves', 'configured', 'over-time'] as const;
export type DecisionStage = (typeof DECISION_STAGES)[number];

export type EvidenceKind = 'message' | 'log' | 'log-pattern' | 'lint' | 'config' | 'topology' | 'probe' | 'context';

export interface EvidenceSource {
  kind: EvidenceKind;
  /** For people: `nginx/nginx.conf:14`, `logs/error.log:7`, `probe http://api:3000/ step tcp 172.18.0.3:3000`, `--message`. */
  where: string;
  file?: string;
  line?: number;
  /** The probe step (`dns`, `tcp`, `http`, …) or the lint rule id. */
  step?: string;
}

export interface Evidence {
  /** `e1`, `e2`, … in the order the observations were made; stable within one report. */
  id: string;
  stage: DecisionStage;
  source: EvidenceSource;
  /**
   * How far this observation alone moves the verdict, 0..1: 1 settles what it supports (a listener on 127.0.0.1
   * only), 0.2 merely hints (an info-level lint note). Calibrated per source in the `from-*.ts` modules.
   */
  strength: number;
  /** Causes this observation makes more likely, most supported first. */
  supports: CauseId[];
  /** Causes it makes (nearly) impossible: a backend seen listening is not `not-listening`. */
  rulesOut: CauseId[];
  /** One sentence: what was seen. Untrusted text inside (log lines, names) is kept raw; reporters escape it. */
  summary: string;
  /** The line itself, when the observation is a line of a log or message (bounded; reporters escape it). */
  quote?: string;
  /** Relative weights over `supports` (a signature's cause weights, a probe step's reading). */
  weights: Partial<Record<CauseId, number>>;
  /**
   * Observations of one phenomenon share a group (the failure groups of the same logs, the facets of one probe
   * target); groups are combined as independent witnesses, items within one group are not counted twice.
   */
  group: string;
  /** The upstream it concerns, when known (`127.0.0.1:3000`, `api:3000`), to relate logs, configs and probes. */
  upstream?: string;
  /** For config evidence: the id of the topology target (path) it is about. */
  target?: string;
  /** The answer it gives to its stage's question, when it gives one. */
  answer?: 'yes' | 'no';
  /** For observations of the failure: how the connection failed (refused, timed out, reset, not resolved, …). */
  failure?: FailureKind;
}

/** What one source of evidence concluded as a whole: its own pipeline's ranking (logs, explain, probe). */
export interface GroupVerdict {
  group: string;
  /** Probability-like scores from that pipeline (they sum to at most 1). */
  scores: Partial<Record<CauseId, number>>;
  /** How much the group counts against the others, 0..1. */
  strength: number;
  label: string;
}

/** An input `diagnose` tried to use. */
export interface InputRecord {
  kind: 'config' | 'log' | 'message' | 'target' | 'probe' | 'directory';
  /** Path, URL or `--message`. */
  name: string;
  /** What was read: `nginx error log, 53 lines`, `Compose file`, `probed from netns:lab-proxy`. */
  detail?: string;
}

export interface UnreadInput {
  kind: InputRecord['kind'];
  name: string;
  /** Why: `no such file or directory`, `binary data, not a text log`, `YAML parse error at line 3`. */
  reason: string;
}

/** The evidence gathered for one diagnosis, before it is combined. */
export interface EvidenceSet {
  evidence: Evidence[];
  groups: GroupVerdict[];
  read: InputRecord[];
  unread: UnreadInput[];
}

/** Appends evidence with sequential ids. */
export class EvidenceCollector implements EvidenceSet {
  readonly evidence: Evidence[] = [];
  readonly groups: GroupVerdict[] = [];
  readonly read: InputRecord[] = [];
  readonly unread: UnreadInput[] = [];

  add(item: Omit<Evidence, 'id' | 'supports' | 'rulesOut'> & { supports?: CauseId[]; rulesOut?: CauseId[] }): Evidence {
    const supports =
      item.supports ??
      (Object.entries(item.weights) as [CauseId, number][])
        .filter(([, w]) => w > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([id]) => id);
    const evidence: Evidence = {
      ...item,
      id: `e${this.evidence.length + 1}`,
      strength: clamp01(item.strength),
      supports,
      rulesOut: item.rulesOut ?? [],
    };
    this.evidence.push(evidence);
    return evidence;
  }

  addGroup(verdict: GroupVerdict): void {
    this.groups.push({ ...verdict, strength: clamp01(verdict.strength) });
  }
}

function clamp01(x: number): number {
  return Math.round(Math.min(1, Math.max(0, x)) * 1000) / 1000;
}
