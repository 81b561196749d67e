import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { diagnoseLogs, type LogsReport } from '../../src/diagnosis/logs.js';
import { type SummariseOptions, summariseLogs } from '../../src/evidence/log-summary/summarise-logs.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));

export function fixture(name: string): string {
  return `${FIXTURES}${name}`;
}

/** Summarises inputs and ranks causes, the way the CLI does. */
export async function analyse(inputs: string[], options: Partial<SummariseOptions> = {}): Promise<LogsReport> {
  const summary = await summariseLogs({ inputs, stdin: Readable.from([]), now: Date.UTC(2024, 2, 12, 9, 20), ...options });
  return diagnoseLogs(summary);
}

/** `{ upstream: failures }` of a report. */
export function failuresByUpstream(report: LogsReport): Record<string, number> {
  return Object.fromEntries(report.byUpstream.filter((u) => u.count > 0).map((u) => [u.upstream, u.count]));
}

export function requestsByUpstream(report: LogsReport): Record<string, number> {
  return Object.fromEntries(report.byUpstream.filter((u) => u.requests > 0).map((u) => [u.upstream, u.requests]));
}

export function signatureIds(report: LogsReport): string[] {
  return report.bySignature.map((b) => b.signature.id);
}
