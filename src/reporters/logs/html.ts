import type { CauseId } from '../../core/ids.js';
import type { LogsReport } from '../../diagnosis/logs.js';
import { escapeHtml } from '../../inputs/text/sanitize.js';
import { percent } from '../style.js';
import { logsJson } from './json.js';
import { colourOf, failuresChart, OTHER_SERIES } from './svg-chart.js';
import { bytes, count, duration, findings, ratio, time, timelineByCause, timelineCauses } from './view.js';
import { checkHtml } from '../next-check.js';

const TOP_UPSTREAMS = 50;
const TOP_GROUPS = 30;
const TOP_EVENTS = 30;

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px auto;max-width:1040px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:8px 0}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
pre{background:#f6f6f6;padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.err{color:#b00}.note{color:#8a6d00}.muted{color:#666}.legend span{display:inline-block;margin-right:14px}
.sw{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
code{overflow-wrap:anywhere}td code,h3 code{word-break:break-all}svg.chart{display:block;max-width:100%;height:auto}
`;

/**
 * A self-contained HTML report: inline CSS and SVG, no scripts (a CSP forbids them), no external
 * assets. Every string from the logs goes through escapeHtml(); the full data is embedded as JSON in
 * a non-executed script element with `<` escaped so it cannot close the element.
 */
export function renderLogsHtml(report: LogsReport): string {
  const s = report.summary;
  const e = escapeHtml;
  const series = timelineByCause(report, 120);
  const causes = timelineCauses(series, 10);
  const out: string[] = [];
  out.push('<!doctype html><html lang="en"><head><meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>updoc logs: ${count(s.totals.failures)} upstream failures</title><style>${STYLE}</style></head><body>`);
  const span = Number.isFinite(s.first) ? ` between ${time(s.first)} and ${time(s.last)} UTC (${duration(Math.max(0, s.last - s.first))})` : '';
  out.push(`<h1>updoc logs: ${count(s.totals.failures)} upstream failures</h1>`);
  out.push(`<p class="muted">${count(s.files.length)} inputs, ${e(bytes(s.totals.bytes))}, ${count(s.totals.lines)} lines${e(span)}.</p>`);

  out.push('<h2>Inputs</h2><table><tr><th>input</th><th>format</th><th class="n">lines</th><th class="n">matched</th><th>notes</th></tr>');
  for (const f of s.files) {
    const notes = f.problems.map((p) => `<div class="${p.severity === 'error' ? 'err' : 'note'}">${e(p.message)}</div>`).join('');
    out.push(
      `<tr><td><code>${e(f.path)}</code></td><td>${e(f.formatLabel)}${f.gzip ? ' (gzip)' : ''}</td><td class="n">${count(f.lines)}</td><td class="n">${count(f.matched)}</td><td>${notes}</td></tr>`,
    );
  }
  out.push('</table>');

  if (s.totals.failures > 0) {
    out.push(`<h2>Failures over time</h2><p class="muted">One bar = ${e(duration(series.bucketMs))}; dashed lines are restarts, reloads and deploys.</p>`);
    out.push(failuresChart(series, causes, s.events));
    const others = series.buckets.some((b) => [...b.counts.keys()].some((k) => !causes.includes(k as CauseId)));
    const legend = causes.map((c, i) => `<span><i class="sw" style="background:${colourOf(i)}"></i>${e(c)}</span>`);
    if (others) legend.push(`<span><i class="sw" style="background:#bbbbbb"></i>${e(OTHER_SERIES)}</span>`);
    out.push(`<p class="legend">${legend.join('')}</p>`);
    if (s.events.length) {
      out.push('<table class="events"><tr><th>time (UTC)</th><th>restart, reload or deploy</th><th>from</th></tr>');
      for (const ev of s.events.slice(0, TOP_EVENTS)) {
        const where = ev.source === 'events-file' ? '--events' : `${ev.file ?? ''}${ev.line ? `:${ev.line}` : ''}`;
        out.push(`<tr><td>${e(time(ev.time))}</td><td>${e(ev.label)}</td><td><code>${e(where)}</code></td></tr>`);
      }
      out.push('</table>');
      if (s.events.length > TOP_EVENTS) out.push(`<p class="muted">… and ${count(s.events.length - TOP_EVENTS)} more (see the embedded JSON).</p>`);
    }

    const facts = findings(report);
    if (facts.length) out.push(`<h2>Patterns</h2><ul>${facts.map((f) => `<li>${e(f)}</li>`).join('')}</ul>`);

    out.push('<h2>Likely root causes</h2><ol>');
    for (const c of report.causes.slice(0, 5))
      out.push(`<li><b>${e(c.id)}</b> ${percent(c.score)} — ${e(c.title)}<br><span class="muted">${e(c.why)}</span></li>`);
    out.push('</ol>');
    if (report.checks.length)
      out.push(`<h2>Next checks</h2><ul>${report.checks.map((c) => `<li>${checkHtml(c)}<br><span class="muted">${e(c.expect)}</span></li>`).join('')}</ul>`);
    if (report.fixes.length) out.push(`<h2>Fix</h2><ul>${report.fixes.map((f) => `<li><b>${e(f.cause)}</b>: ${e(f.fix)}</li>`).join('')}</ul>`);

    out.push(
      '<h2>Upstreams</h2><table><tr><th>upstream</th><th class="n">failures</th><th class="n">error ratio</th><th>causes</th><th>first / last seen (UTC)</th></tr>',
    );
    for (const u of report.byUpstream.slice(0, TOP_UPSTREAMS)) {
      const byCause = Object.entries(u.byCause)
        .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
        .map(([c, n]) => `${e(c)} ${count(n ?? 0)}`)
        .join(', ');
      out.push(
        `<tr><td><code>${e(u.upstream)}</code></td><td class="n">${count(u.count)}</td><td class="n">${u.errorRatio === null ? '—' : `${ratio(u.errorRatio)} of ${count(u.requests)}`}</td><td>${byCause}</td><td class="muted">${e(time(u.first))}<br>${e(time(u.last))}</td></tr>`,
      );
    }
    out.push('</table>');
    if (s.foldedUpstreams) out.push(`<p class="muted">${count(s.foldedUpstreams)} rarely seen upstreams are counted together as (other).</p>`);

    out.push('<h2>Signatures and samples</h2>');
    for (const g of s.groups.slice(0, TOP_GROUPS)) {
      out.push(`<h3><code>${e(g.signature.id)}</code> on <code>${e(g.upstream)}</code>: ${count(g.count)}</h3>`);
      out.push(
        `<p class="muted">${e(g.signature.title)} · ${e(g.signature.phase)} · ${e(report.causeOf.get(g.signature.id) ?? '')} · ${e(time(g.first))} – ${e(time(g.last))}</p>`,
      );
      for (const sample of g.samples) out.push(`<div class="muted">${e(sample.file)}:${sample.line}</div><pre>${e(sample.text)}</pre>`);
    }
  } else out.push('<p>No upstream failures found.</p>');

  out.push(`<script type="application/json" id="updoc-data">${embeddedJson(logsJson(report))}</script>`);
  out.push('</body></html>\n');
  return out.join('\n');
}

/** JSON that is safe inside a <script> element: no `<` (so no `</script>`), no U+2028/2029 surprises. */
export function embeddedJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
