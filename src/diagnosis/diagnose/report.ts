import type { CauseId, Environment } from '../../core/ids.js';
import type { DecisionStage, Evidence, InputRecord, UnreadInput } from '../../evidence/diagnose/model.js';
import type { Topology } from '../../evidence/topology/model.js';
import type { LogsReport } from '../logs.js';
import type { CheckKind } from '../../core/check-kind.js';

/** What `updoc diagnose` concludes; reporters render it, `--json` prints `diagnoseJson(report)`. */
export interface DiagnoseReport {
  verdict: DiagnoseVerdict;
  /** Ranked hypotheses over the taxonomy, best first (only those with a score worth showing). */
  causes: RankedHypothesis[];
  ruledOut: RuledOut[];
  fixes: DiagnoseFix[];
  nextChecks: DiagnoseCheck[];
  /** The decision tree, question by question, with the evidence that answers each. */
  reasoning: ReasoningStep[];
  evidence: Evidence[];
  inputs: { read: InputRecord[]; unread: UnreadInput[]; notes: string[] };
  environment: { id: Environment; from: string };
  /** The configs' graph (for the HTML drawing); absent when no config was read. */
  topology?: Topology;
  /** The logs' own report (for the timeline chart); absent when no log was read. */
  logs?: LogsReport;
  /** The path the verdict is about, as drawn: the id of its target. */
  brokenTargets: string[];
  ms: number;
}

export type VerdictStatus = 'problem' | 'no-problem' | 'insufficient-evidence';

export interface DiagnoseVerdict {
  status: VerdictStatus;
  /** How sure the verdict is, 0..1: the leading cause's score for a problem, the coverage of the checks for no problem. */
  confidence: number;
  /** The leading cause when the status is `problem`. */
  cause?: CauseId;
  /** One or two sentences, the first line of every report. Raw text: reporters escape it. */
  headline: string;
}

export interface RankedHypothesis {
  id: CauseId;
  title: string;
  score: number;
  /** The strongest reasons, as one sentence. */
  why: string;
  /** Evidence ids, strongest first. */
  evidence: string[];
}

export interface RuledOut {
  id: CauseId;
  title: string;
  why: string;
  evidence: string[];
}

export interface DiagnoseFix {
  cause: CauseId;
  /** What to do, in words. */
  description: string;
  /** `lint` when a rule produced a concrete change, `knowledge` for the taxonomy's advice. */
  source: 'lint' | 'knowledge';
  rule?: string;
  file?: string;
  line?: number;
  column?: number;
  /** The written line before and after the change (lint fixes), trimmed. */
  before?: string;
  after?: string;
  replacement?: string;
}

export interface DiagnoseCheck {
  /** An exact command, or an instruction ("Paste the nginx error log") when no command fits. */
  command: string;
  /** Whether `command` is a command to paste or an instruction for a person (reporters print only commands behind `$`). */
  kind: CheckKind;
  /** What the result tells. */
  why: string;
  /** The decision-tree question it answers. */
  question?: DecisionStage;
  /** The cause it confirms, for knowledge-base checks. */
  cause?: CauseId;
  /** Expected information: how much of the remaining uncertainty its answer removes, in bits. */
  gain?: number;
}

export interface ReasoningStep {
  stage: DecisionStage;
  question: string;
  answer: 'yes' | 'no' | 'partly' | 'unknown';
  because: string;
  evidence: string[];
}
