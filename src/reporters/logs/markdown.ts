import type { LogsReport } from '../../diagnosis/logs.js';
import { verdictMarkdown } from '../verdict-markdown.js';
import { displayLine, escapeMarkdown } from '../../inputs/text/sanitize.js';
import { bytes, count, duration, findings, ratio, sparkline, time, timelineByCause, timelineCauses } from './view.js';

const TOP_UPSTREAMS = 15;
const TOP_SIGNATURES = 15;

/** Markdown for a ticket or chat. Log text is escaped; samples go in fenced blocks without backticks. */
export function renderLogsMarkdown(report: LogsReport): string {
  const s = report.summary;
  const out: string[] = ['## updoc logs', ''];
  const span = Number.isFinite(s.first) ? ` between ${time(s.first)} and ${time(s.last)} UTC (${duration(Math.max(0, s.last - s.first))})` : '';
  out.push(
    `**${count(s.totals.failures)} upstream failures** in ${count(s.files.length)} inputs (${bytes(s.totals.bytes)}, ${count(s.totals.lines)} lines)${span}.`,
    '',
  );

  out.push('| input | format | lines | matched | notes |', '|---|---|---:|---:|---|');
  for (const f of s.files) {
    const notes = f.problems.map((p) => `${p.severity === 'error' ? '**error**' : 'note'}: ${escapeMarkdown(p.message)}`).join('<br>');
    out.push(`| ${escapeMarkdown(f.path)} | ${escapeMarkdown(f.formatLabel)}${f.gzip ? ' (gzip)' : ''} | ${count(f.lines)} | ${count(f.matched)} | ${notes} |`);
  }
  if (s.totals.failures === 0) {
    out.push('', 'No upstream failures found.', '');
    return out.join('\n');
  }

  const series = timelineByCause(report, 60);
  if (series.buckets.length) {
    const max = Math.max(...series.buckets.map((b) => b.total));
    out.push('', `### Timeline (one column = ${duration(series.bucketMs)}, from ${time(series.start)} UTC)`, '', '```text');
    out.push(
      `${'all failures'.padEnd(22)} ${sparkline(
        series.buckets.map((b) => b.total),
        max,
      )}`,
    );
    for (const cause of timelineCauses(series, 4))
      out.push(
        `${cause.padEnd(22)} ${sparkline(
          series.buckets.map((b) => b.counts.get(cause) ?? 0),
          max,
        )}`,
      );
    out.push('```');
  }

  out.push('', '### Upstreams', '', '| upstream | failures | error ratio | causes |', '|---|---:|---:|---|');
  for (const u of report.byUpstream.slice(0, TOP_UPSTREAMS)) {
    const causes = Object.entries(u.byCause)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
      .map(([c, n]) => `${c} ${count(n ?? 0)}`)
      .join(', ');
    out.push(
      `| ${escapeMarkdown(u.upstream)} | ${count(u.count)} | ${u.errorRatio === null ? '—' : `${ratio(u.errorRatio)} of ${count(u.requests)}`} | ${causes} |`,
    );
  }
  if (report.byUpstream.length > TOP_UPSTREAMS) out.push('', `… and ${count(report.byUpstream.length - TOP_UPSTREAMS)} more upstreams (see \`--json\`).`);

  out.push('', '### Signatures', '', '| count | signature | phase | cause | example |', '|---:|---|---|---|---|');
  for (const b of report.bySignature.slice(0, TOP_SIGNATURES)) {
    const sample = report.summary.groups.find((g) => g.signature === b.signature)?.samples[0];
    const example = sample ? `${escapeMarkdown(sample.file)}:${sample.line}: ${escapeMarkdown(displayLine(sample.text, 200))}` : '';
    out.push(`| ${count(b.count)} | \`${b.signature.id}\` | ${b.signature.phase} | ${b.cause} | ${example} |`);
  }

  const facts = findings(report);
  if (facts.length) {
    out.push('', '### Patterns', '');
    for (const f of facts) out.push(`- ${escapeMarkdown(f)}`);
  }

  out.push(...verdictMarkdown(report));
  return out.join('\n');
}
