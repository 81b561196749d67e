import type { CauseId } from '../../core/ids.js';
import type { LogsReport } from '../../diagnosis/logs.js';
import { quantile } from '../../evidence/log-summary/duration-stats.js';
import type { TimelineSeries } from '../../evidence/log-summary/timeline.js';
import type { FailureGroup } from '../../evidence/log-summary/types.js';
import { displayLine } from '../../inputs/text/sanitize.js';

/** Presentation helpers shared by the text, Markdown and HTML reports (plain strings, not yet escaped). */

export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function bytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function time(ms: number): string {
  return Number.isFinite(ms)
    ? new Date(ms)
        .toISOString()
        .replace('T', ' ')
        .replace(/\.000Z$|Z$/, '')
    : '—';
}

export function clock(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  return spanMs >= 86_400_000 ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : spanMs >= 3_600_000 ? iso.slice(11, 16) : iso.slice(11, 19);
}

export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 120) return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
  const m = s / 60;
  if (m < 120) return `${Math.round(m)} min`;
  const h = m / 60;
  return h < 48 ? `${Math.round(h)} h` : `${Math.round(h / 24)} d`;
}

export function ratio(x: number | null): string {
  if (x === null) return '—';
  return x >= 0.1 || x === 0 ? `${Math.round(x * 100)}%` : `${(x * 100).toFixed(x >= 0.001 ? 1 : 2)}%`;
}

const BARS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One character per value: blank for zero, then eight heights relative to `max`. */
export function sparkline(values: readonly number[], max = Math.max(0, ...values)): string {
  return values.map((v) => (v <= 0 || max <= 0 ? ' ' : BARS[Math.min(BARS.length - 1, Math.floor((v / max) * (BARS.length - 1) + 0.5))])).join('');
}

/** Failures over time grouped by cause. */
export function timelineByCause(report: LogsReport, buckets: number): TimelineSeries {
  return report.summary.timeline.series(buckets, (signature) => report.causeOf.get(signature) ?? 'other');
}

/** Causes that appear in the timeline, most failures first. */
export function timelineCauses(series: TimelineSeries, max: number): CauseId[] {
  const totals = new Map<string, number>();
  for (const b of series.buckets) for (const [k, n] of b.counts) totals.set(k, (totals.get(k) ?? 0) + n);
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, max)
    .map(([k]) => k as CauseId);
}

export function elapsedOf(group: FailureGroup): string | null {
  const median = quantile(group.elapsed, 0.5);
  return median === null ? null : `failed after ~${duration(median)}`;
}

/** The patterns as sentences (they name upstreams and event labels from the logs: escape them). */
export function findings(report: LogsReport): string[] {
  const { patterns, totals } = report.summary;
  const out: string[] = [];
  const t = patterns.timing;
  const timed = t.immediate + t.delayed;
  if (timed > 0) {
    let s = `${ratio(t.immediate / timed)} of the failures were immediate (refused, reset, no upstream) and ${ratio(t.delayed / timed)} delayed (timeouts)`;
    if (t.elapsedMedianMs !== null)
      s += `; failed requests took ${duration(t.elapsedMedianMs)} (median), ${duration(t.elapsedP95Ms ?? t.elapsedMedianMs)} (p95)`;
    if (t.connectMedianMs !== null) s += `; connect time ${duration(t.connectMedianMs)} (median)`;
    out.push(`${s}.`);
  }
  if (t.commonTimeout)
    out.push(
      `${ratio(t.commonTimeout.share)} of the slow failures took ${t.commonTimeout.seconds} s: a configured timeout (nginx proxy_read_timeout and proxy_connect_timeout default to 60 s, Envoy's route timeout to 15 s).`,
    );
  const sp = patterns.spread;
  if (sp.verdict !== 'unknown') {
    const what = sp.verdict === 'all' ? 'every request fails' : sp.verdict === 'most' ? 'most requests fail' : 'failures are intermittent';
    out.push(`${ratio(sp.ratio)} of ${count(sp.requests)} upstream attempts in the request logs failed: ${what}.`);
  } else if (totals.failures > 0) out.push('No request log with upstream fields was given, so error ratios are unknown (add the access log).');
  if (patterns.outlier) {
    const o = patterns.outlier;
    out.push(
      `One bad upstream among healthy ones: ${o.upstream} failed ${ratio(o.ratio)} of its ${count(o.requests)} attempts, the ${o.others} others ${ratio(o.othersRatio)}.`,
    );
  }
  if (patterns.concentration) {
    const c = patterns.concentration;
    out.push(`${c.upstream} accounts for ${ratio(c.share)} of the failures among ${c.upstreams} failing upstreams.`);
  }
  for (const b of patterns.bursts) {
    let s = `Burst ${time(b.start)} – ${clock(b.end, b.end - b.start)}: ${count(b.count)} failures (typical: ${count(b.baseline)} per ${duration(patterns.bucketMs)})`;
    const e = b.events[0];
    if (e)
      s += `, ${e.time <= b.start ? `${duration(b.start - e.time)} after` : 'during'} "${e.label}" (${e.source === 'events-file' ? '--events' : `${e.file}:${e.line}`})`;
    out.push(`${s}.`);
  }
  if (patterns.afterEvents && patterns.afterEvents.share >= 0.2) {
    out.push(
      `${ratio(patterns.afterEvents.share)} of the timed failures came within 5 minutes after a restart, reload or deploy (${plural(patterns.afterEvents.events, 'such event')} in the logs and --events).`,
    );
  }
  return out;
}

/** A path for a narrow column: control characters removed, cut at the start (the file name is what tells inputs apart). */
export function shortPath(path: string, max: number): string {
  const clean = displayLine(path, 4096);
  return clean.length > max ? `…${clean.slice(clean.length - max + 1)}` : clean;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${count(n)} ${n === 1 ? word : many}`;
}
