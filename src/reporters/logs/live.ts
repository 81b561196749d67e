import type { LogsReport } from '../../diagnosis/logs.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { percent, type Style } from '../style.js';
import { clock, count, duration, plural, ratio, shortPath, sparkline, time, timelineByCause, timelineCauses } from './view.js';

export interface LiveView {
  /** Columns and rows available; lines are cut to fit, sections dropped from the bottom. */
  width: number;
  height: number;
  startedAt: number;
  now: number;
  /** Say how to stop (on a terminal). */
  hint: boolean;
}

const MAX_FILES = 6;
const MAX_UPSTREAMS = 5;
const MAX_SIGNATURES = 5;
const MAX_CAUSES = 4;
const LABEL = 22;

/**
 * The compact summary `updoc logs --follow` redraws on a terminal (and prints as a block per interval
 * when piped): header, inputs, a sparkline per cause, top upstreams, top signatures, leading causes.
 * At most `view.height` lines, none longer than `view.width` columns, everything from the logs
 * through displayLine().
 */
export function renderLogsLive(report: LogsReport, style: Style, view: LiveView): string[] {
  const s = report.summary;
  const width = Math.max(20, view.width);
  const lines: { text: string; paint?: (t: string) => string }[] = [];
  const add = (text: string, paint?: (t: string) => string) => lines.push({ text, paint });

  const since = `since ${clock(view.startedAt, 0)} UTC, ${duration(Math.max(0, view.now - view.startedAt))}`;
  add(
    `updoc logs --follow: ${plural(s.totals.failures, 'upstream failure')} in ${plural(s.totals.lines, 'line')} read (${since})${view.hint ? ' · Ctrl-C: full report' : ''}`,
    style.bold,
  );
  for (const f of s.files.slice(0, MAX_FILES)) {
    const errors = f.problems.filter((p) => p.severity === 'error');
    const notes = f.problems.map((p) => displayLine(p.message, 120)).join('; ');
    const counts = f.format === 'none' ? '' : `${f.formatLabel}  ${plural(f.lines, 'line')}, ${plural(f.matched, 'match', 'matches')}`;
    add(`  ${errors.length ? '✗' : '✓'} ${shortPath(f.path, 60)}  ${counts}${notes ? `  (${notes})` : ''}`, errors.length ? style.red : undefined);
  }
  if (s.files.length > MAX_FILES) add(`  … and ${plural(s.files.length - MAX_FILES, 'more file')}`, style.dim);

  if (s.totals.failures === 0) {
    add('  no upstream failures so far', style.green);
    return fitToScreen(lines, width, view.height);
  }

  const columns = Math.max(10, Math.min(60, width - LABEL - 4));
  const series = timelineByCause(report, columns);
  if (series.buckets.length) {
    const max = Math.max(...series.buckets.map((b) => b.total));
    add(
      `Failures over time (one column = ${duration(series.bucketMs)}, up to ${time(series.start + series.buckets.length * series.bucketMs)} UTC)`,
      style.bold,
    );
    for (const cause of timelineCauses(series, MAX_CAUSES))
      add(
        `  ${cause.slice(0, LABEL).padEnd(LABEL)} ${sparkline(
          series.buckets.map((b) => b.counts.get(cause) ?? 0),
          max,
        )}`,
      );
  }

  add('Upstreams', style.bold);
  for (const u of report.byUpstream.slice(0, MAX_UPSTREAMS)) {
    const share = u.errorRatio !== null ? `${ratio(u.errorRatio)} of ${count(u.requests)}` : '';
    const causes = Object.entries(u.byCause)
      .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
      .slice(0, 2)
      .map(([c, n]) => `${c} ${count(n ?? 0)}`)
      .join(' · ');
    add(`  ${displayLine(u.upstream, 32).padEnd(32)} ${count(u.count).padStart(8)}  ${share.padEnd(14)} ${causes}`);
  }

  add('Signatures', style.bold);
  for (const b of report.bySignature.slice(0, MAX_SIGNATURES)) add(`  ${count(b.count).padStart(8)}  ${b.signature.id}  (${b.signature.phase} · ${b.cause})`);

  const latest = s.groups.reduce<(typeof s.groups)[number] | null>((best, g) => (Number.isFinite(g.last) && (!best || g.last > best.last) ? g : best), null);
  if (latest) add(`Latest: ${time(latest.last)} UTC ${latest.signature.id} on ${displayLine(latest.upstream, 40)}`, style.dim);
  if (report.causes.length)
    add(
      `Likely: ${report.causes
        .slice(0, 3)
        .map((c) => `${c.id} ${percent(c.score)}`)
        .join(' · ')}`,
      style.bold,
    );
  return fitToScreen(lines, width, view.height);
}

/** Cuts lines to the width (before colouring, so escape codes never count) and the list to the height. */
function fitToScreen(lines: { text: string; paint?: (t: string) => string }[], width: number, height: number): string[] {
  const kept =
    lines.length > height
      ? [...lines.slice(0, Math.max(1, height - 1)), { text: `  … (${lines.length - height + 1} more lines: enlarge the terminal)` }]
      : lines;
  return kept.map(({ text, paint }) => {
    const cut = [...text].length > width ? `${[...text].slice(0, width - 1).join('')}…` : text;
    return paint ? paint(cut) : cut;
  });
}
