import type { LogsReport } from '../../diagnosis/logs.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { percent, type Style, wrapText } from '../style.js';
import { bytes, clock, count, duration, elapsedOf, findings, plural, ratio, shortPath, sparkline, time, timelineByCause, timelineCauses } from './view.js';
import { checkTextLine } from '../next-check.js';

const WIDTH = 100;
const SPARK_WIDTH = 60;
const TOP_UPSTREAMS = 10;
const TOP_SIGNATURES = 8;
const TOP_CAUSES = 5;

/** Human-readable `updoc logs` output. Everything read from the logs goes through displayLine(). */
export function renderLogsText(report: LogsReport, style: Style): string {
  const s = report.summary;
  const out: string[] = [];
  const span = Number.isFinite(s.first) ? ` between ${time(s.first)} and ${time(s.last)} UTC (${duration(Math.max(0, s.last - s.first))})` : '';
  out.push(
    style.bold(`updoc logs: ${plural(s.totals.failures, 'upstream failure')} in ${plural(s.files.length, 'input')}`) +
      style.dim(`  ${bytes(s.totals.bytes)}, ${plural(s.totals.lines, 'line')}${span}`),
  );
  out.push('');
  out.push(...filesSection(report, style));
  if (s.totals.failures === 0) {
    out.push('', style.green('No upstream failures found.'), '');
    return out.join('\n');
  }
  out.push('', ...timelineSection(report, style));
  out.push('', ...upstreamSection(report, style));
  out.push('', ...signatureSection(report, style));
  const facts = findings(report);
  if (facts.length) {
    out.push('', style.bold('Patterns'));
    for (const f of facts) out.push(wrapText(displayLine(f, 1000), WIDTH - 4, '    ').replace(/^ {4}/, '  • '));
  }
  out.push('', ...causeSection(report, style));
  out.push('');
  return out.join('\n');
}

function filesSection(report: LogsReport, style: Style): string[] {
  const out = [style.bold('Inputs')];
  const width = Math.min(40, Math.max(...report.summary.files.map((f) => shortPath(f.path, 40).length)));
  for (const f of report.summary.files) {
    const name = shortPath(f.path, 40).padEnd(width);
    const errors = f.problems.filter((p) => p.severity === 'error');
    if (f.format === 'none') {
      // Not read: missing or unreadable (an error), or skipped on purpose (a symlink loop: a note).
      const message = displayLine(errors[0]?.message ?? f.problems[0]?.message ?? 'not read', 200);
      out.push(errors.length ? `  ${style.red('✗')} ${name}  ${style.red(message)}` : `  ${style.yellow('–')} ${name}  ${style.yellow(message)}`);
      continue;
    }
    const gz = f.gzip ? ', gzip' : '';
    const requests = f.requests ? `, ${plural(f.requests, 'request')}` : '';
    out.push(
      `  ${errors.length ? style.red('✗') : style.green('✓')} ${name}  ${f.formatLabel}${gz}  ${style.dim(`${plural(f.lines, 'line')}${requests}, ${plural(f.matched, 'match', 'matches')}`)}`,
    );
    for (const p of f.problems) out.push(`      ${p.severity === 'error' ? style.red('error:') : style.yellow('note:')} ${displayLine(p.message, 300)}`);
  }
  for (const p of report.summary.problems) out.push(`  ${style.yellow('note:')} ${shortPath(p.path, 60)}: ${displayLine(p.message, 300)}`);
  return out;
}

function timelineSection(report: LogsReport, style: Style): string[] {
  const series = timelineByCause(report, SPARK_WIDTH);
  if (series.buckets.length === 0) return [style.bold('Timeline'), style.dim('  no timestamps could be read')];
  const first = series.buckets[0].start;
  const end = series.start + series.buckets.length * series.bucketMs;
  const max = Math.max(...series.buckets.map((b) => b.total));
  const out = [
    style.bold('Timeline') +
      style.dim(`  (${clock(first, end - first)} → ${clock(end, end - first)} UTC, one column = ${duration(series.bucketMs)}, tallest = ${count(max)})`),
  ];
  const label = (text: string) => text.slice(0, 22).padEnd(22);
  out.push(
    `  ${label('all failures')} ${style.red(
      sparkline(
        series.buckets.map((b) => b.total),
        max,
      ),
    )}`,
  );
  for (const cause of timelineCauses(series, 4)) {
    out.push(
      `  ${label(cause)} ${sparkline(
        series.buckets.map((b) => b.counts.get(cause) ?? 0),
        max,
      )}`,
    );
  }
  const events = report.summary.events.filter((e) => e.time >= first && e.time < end);
  if (events.length) {
    const marks = new Array<string>(series.buckets.length).fill(' ');
    for (const e of events) marks[Math.min(marks.length - 1, Math.floor((e.time - first) / series.bucketMs))] = '▲';
    out.push(`  ${label('restarts / deploys')} ${style.yellow(marks.join(''))}`);
  }
  if (report.summary.timeline.untimed) out.push(style.dim(`  ${plural(report.summary.timeline.untimed, 'failure')} without a readable timestamp not shown`));
  return out;
}

function upstreamSection(report: LogsReport, style: Style): string[] {
  const out = [style.bold('Upstreams') + style.dim('  (failures; error ratio where a request log counted the traffic)')];
  const rows = report.byUpstream.slice(0, TOP_UPSTREAMS);
  const width = Math.min(36, Math.max(8, ...rows.map((u) => displayLine(u.upstream, 36).length)));
  for (const u of rows) {
    const share = u.errorRatio !== null ? `${ratio(u.errorRatio).padStart(6)} of ${count(u.requests)}` : '';
    const causes = Object.entries(u.byCause)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
      .slice(0, 3)
      .map(([c, n]) => `${c} ${count(n ?? 0)}`)
      .join(' · ');
    out.push(`  ${displayLine(u.upstream, 36).padEnd(width)} ${count(u.count).padStart(10)}  ${share.padEnd(18)} ${style.dim(causes)}`);
  }
  const rest = report.byUpstream.length - rows.length;
  if (rest > 0) out.push(style.dim(`  … and ${plural(rest, 'more upstream')}`));
  if (report.summary.foldedUpstreams)
    out.push(style.dim(`  ${plural(report.summary.foldedUpstreams, 'rarely seen upstream')} counted together as (other) to bound memory`));
  return out;
}

function signatureSection(report: LogsReport, style: Style): string[] {
  const out = [style.bold('Signatures')];
  for (const b of report.bySignature.slice(0, TOP_SIGNATURES)) {
    out.push(`  ${count(b.count).padStart(10)}  ${style.bold(b.signature.id)}  ${style.dim(`${b.signature.phase} · ${b.cause}`)}`);
    out.push(style.dim(`              ${displayLine(b.signature.title, WIDTH - 14)}`));
    const group = report.summary.groups.find((g) => g.signature === b.signature);
    const sample = group?.samples[0];
    if (group && sample) {
      const elapsed = elapsedOf(group);
      out.push(`              ${style.dim(`${shortPath(sample.file, 40)}:${sample.line}${elapsed ? ` · ${elapsed}` : ''}`)}`);
      out.push(`              ${displayLine(sample.text, WIDTH - 14)}`);
    }
  }
  const rest = report.bySignature.length - TOP_SIGNATURES;
  if (rest > 0) out.push(style.dim(`  … and ${plural(rest, 'more signature')} (see --json)`));
  return out;
}

function causeSection(report: LogsReport, style: Style): string[] {
  const out = [style.bold('Likely root causes') + style.dim(`  (commands for: ${report.environment.id}, from ${displayLine(report.environment.from, 120)})`)];
  report.causes.slice(0, TOP_CAUSES).forEach((c, i) => {
    const colour = i === 0 ? style.red : i < 3 ? style.yellow : style.dim;
    out.push(`  ${i + 1}. ${colour(style.bold(c.id.padEnd(22)))} ${percent(c.score).padStart(4)}  ${c.title}`);
    out.push(wrapText(displayLine(c.why, 1000), WIDTH - 7, '       '));
  });
  if (report.checks.length) {
    out.push('', style.bold('Next checks'));
    for (const c of report.checks) {
      out.push(checkTextLine(c, style, 300));
      out.push(style.dim(wrapText(displayLine(c.expect, 1000), WIDTH - 6, '      ')));
    }
  }
  if (report.fixes.length) {
    out.push('', style.bold('Fix'));
    for (const f of report.fixes) {
      out.push(`  ${style.bold(f.cause)}:`);
      out.push(wrapText(displayLine(f.fix, 2000), WIDTH - 4, '    '));
    }
  }
  return out;
}
