import type { LogsReport } from '../../diagnosis/logs.js';
import { quantile } from '../../evidence/log-summary/duration-stats.js';
import { isoString } from '../../inputs/logs/timestamps.js';
import { timelineByCause } from './view.js';

const MAX_GROUPS = 500;
const TIMELINE_BUCKETS = 120;

/**
 * The `--json` contract (stable; scripts rely on it): `files[{path, format, lines, matched}]`,
 * `byUpstream[{upstream, count, byCause}]`, `bySignature[{signature, count}]`, `causes[{id, score, why}]`
 * best first. Extra fields may be added, never removed. Log text is included as read (not sanitised).
 */
export function logsJson(report: LogsReport): unknown {
  const s = report.summary;
  const series = timelineByCause(report, TIMELINE_BUCKETS);
  return {
    files: s.files.map((f) => ({
      path: f.path,
      format: f.format,
      formatLabel: f.formatLabel,
      lines: f.lines,
      matched: f.matched,
      bytes: f.bytes,
      gzip: f.gzip,
      requests: f.requests,
      longLines: f.longLines,
      problems: f.problems.map((p) => ({ severity: p.severity, message: p.message })),
    })),
    totals: s.totals,
    firstSeen: isoString(s.first),
    lastSeen: isoString(s.last),
    byUpstream: report.byUpstream.map((u) => ({
      upstream: u.upstream,
      count: u.count,
      requests: u.requests,
      errorRatio: u.errorRatio,
      byCause: u.byCause,
      firstSeen: isoString(u.first),
      lastSeen: isoString(u.last),
    })),
    foldedUpstreams: s.foldedUpstreams,
    bySignature: report.bySignature.map((b) => ({
      signature: b.signature.id,
      count: b.count,
      catalog: b.signature.catalog,
      platform: b.signature.platform,
      phase: b.signature.phase,
      cause: b.cause,
      title: b.signature.title,
    })),
    byCause: report.byCause,
    groups: s.groups.slice(0, MAX_GROUPS).map((g) => ({
      signature: g.signature.id,
      upstream: g.upstream,
      count: g.count,
      cause: report.causeOf.get(g.signature.id),
      phase: g.signature.phase,
      firstSeen: isoString(g.first),
      lastSeen: isoString(g.last),
      elapsedMs: g.elapsed.count ? { median: quantile(g.elapsed, 0.5), p95: quantile(g.elapsed, 0.95), max: g.elapsed.max } : null,
      connectMs: g.connect.count ? { median: quantile(g.connect, 0.5), max: g.connect.max } : null,
      samples: g.samples,
    })),
    timeline: {
      bucketSeconds: series.bucketMs / 1000,
      start: isoString(series.start),
      untimed: s.timeline.untimed,
      buckets: series.buckets.map((b) => ({ start: isoString(b.start), total: b.total, byCause: Object.fromEntries(b.counts) })),
    },
    events: s.events.map((e) => ({ time: isoString(e.time), kind: e.kind, label: e.label, source: e.source, file: e.file, line: e.line })),
    patterns: {
      ...s.patterns,
      bursts: s.patterns.bursts.map((b) => ({
        start: isoString(b.start),
        end: isoString(b.end),
        count: b.count,
        baseline: b.baseline,
        events: b.events.map((e) => ({ time: isoString(e.time), label: e.label, source: e.source })),
      })),
    },
    causes: report.causes.map((c) => ({ id: c.id, score: c.score, why: c.why, title: c.title, reasons: c.reasons })),
    checks: report.checks,
    fixes: report.fixes,
    environment: report.environment,
    setup: report.setup,
    problems: s.problems,
  };
}

export function renderLogsJson(report: LogsReport): string {
  return `${JSON.stringify(logsJson(report), null, 2)}\n`;
}
