import type { DiagnoseReport } from '../../diagnosis/diagnose/report.js';
import type { Evidence } from '../../evidence/diagnose/model.js';
import { stripControl } from '../../inputs/text/sanitize.js';
import { topologyGraph, type TopologyGraph } from './graph.js';

/** `updoc diagnose --json`: one object with stable field names (the lab and scripts read it). */
export interface DiagnoseJson {
  tool: 'updoc';
  command: 'diagnose';
  verdict: DiagnoseReport['verdict'];
  causes: (Omit<DiagnoseReport['causes'][number], 'evidence'> & { evidence: EvidenceJson[] })[];
  ruledOut: DiagnoseReport['ruledOut'];
  fixes: DiagnoseReport['fixes'];
  nextChecks: DiagnoseReport['nextChecks'];
  reasoning: DiagnoseReport['reasoning'];
  evidence: EvidenceJson[];
  inputs: DiagnoseReport['inputs'];
  environment: DiagnoseReport['environment'];
  topology: TopologyGraph | null;
  logs: { files: number; lines: number; failures: number; requests: number; first: string | null; last: string | null } | null;
  ms: number;
}

export type EvidenceJson = Omit<Evidence, 'weights' | 'group'> & { weights: Evidence['weights']; group: string };

export function diagnoseJson(report: DiagnoseReport): DiagnoseJson {
  const byId = new Map(report.evidence.map((e) => [e.id, e]));
  const s = report.logs?.summary;
  const iso = (ms: number | undefined) => (ms !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : null);
  return {
    tool: 'updoc',
    command: 'diagnose',
    verdict: report.verdict,
    causes: report.causes.map((c) => ({
      ...c,
      evidence: c.evidence
        .map((id) => byId.get(id))
        .filter((e): e is Evidence => Boolean(e))
        .map(evidenceJson),
    })),
    ruledOut: report.ruledOut,
    fixes: report.fixes,
    nextChecks: report.nextChecks,
    reasoning: report.reasoning,
    evidence: report.evidence.map(evidenceJson),
    inputs: report.inputs,
    environment: report.environment,
    topology: report.topology ? topologyGraph(report.topology, report.brokenTargets) : null,
    logs: s
      ? { files: s.files.length, lines: s.totals.lines, failures: s.totals.failures, requests: s.totals.requests, first: iso(s.first), last: iso(s.last) }
      : null,
    ms: report.ms,
  };
}

function evidenceJson(e: Evidence): EvidenceJson {
  return { ...e, summary: stripControl(e.summary) };
}

export function renderDiagnoseJson(report: DiagnoseReport): string {
  return `${JSON.stringify(diagnoseJson(report), null, 2)}\n`;
}
