import type { CauseId } from '../../core/ids.js';
import type { DiagnoseReport } from '../../diagnosis/diagnose/report.js';
import type { LogsReport } from '../../diagnosis/logs.js';
import { escapeHtml } from '../../inputs/text/sanitize.js';
import { embeddedJson } from '../logs/html.js';
import { colourOf, failuresChart, OTHER_SERIES } from '../logs/svg-chart.js';
import { duration, timelineByCause, timelineCauses } from '../logs/view.js';
import { percent } from '../style.js';
import { topologyGraph } from './graph.js';
import { diagnoseJson } from './json.js';
import { topologySvg } from './topology-svg.js';
import { answerMark, evidenceWhere, statusLabel } from './view.js';
import { checkHtml, codeSegments } from '../next-check.js';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd;padding-bottom:4px}
table{border-collapse:collapse;width:100%;margin:8px 0;table-layout:fixed}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top;overflow-wrap:anywhere}
code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}code{overflow-wrap:anywhere}
pre{background:#f6f6f6;padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:4px 0}
.verdict{padding:12px 16px;border-radius:6px;border-left:6px solid #999;background:#f7f7f7}
.verdict.problem{border-color:#c62828;background:#fdecea}.verdict.no-problem{border-color:#2e7d32;background:#e9f7ef}
.verdict.insufficient-evidence{border-color:#b58900;background:#fff8e1}
.del{color:#b00}.add{color:#1b5e20}.muted{color:#666}.err{color:#b00}.legend span{display:inline-block;margin-right:14px}
.sw{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:middle}
svg.chart,svg.topology{display:block;max-width:100%;height:auto}td.n{text-align:right;font-variant-numeric:tabular-nums}
.answer-no{color:#b00}.answer-yes{color:#1b5e20}.answer-partly{color:#8a6d00}.answer-unknown{color:#666}
`;

/**
 * A self-contained page to share: the verdict, the fix, the topology drawn with the broken path highlighted, the
 * log timeline (the logs report's own chart), the reasoning, causes and every piece of evidence. Inline CSS and
 * SVG only, a CSP that forbids scripts and fetches, every string from inputs through escapeHtml, and the JSON of
 * the report embedded in a non-executed script element.
 */
export function renderDiagnoseHtml(report: DiagnoseReport): string {
  const e = escapeHtml;
  const v = report.verdict;
  const out: string[] = [];
  out.push('<!doctype html><html lang="en"><head><meta charset="utf-8">');
  out.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  out.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>updoc diagnose: ${e(statusLabel(v.status))}</title><style>${STYLE}</style></head><body>`);
  out.push(`<h1>updoc diagnose: ${e(statusLabel(v.status))}</h1>`);
  out.push(
    `<div class="verdict ${v.status}" id="verdict"><b>${e(statusLabel(v.status))}</b> · confidence ${percent(v.confidence)}${v.cause ? ` · <code>${e(v.cause)}</code>` : ''}<p>${prose(v.headline)}</p></div>`,
  );
  if (report.inputs.unread.length)
    out.push(
      `<ul class="unread">${report.inputs.unread.map((u) => `<li class="err">could not read <code>${e(u.name)}</code>: ${e(u.reason)}</li>`).join('')}</ul>`,
    );

  if (report.fixes.length) {
    out.push('<h2>Fix</h2><ul class="fixes">');
    for (const f of report.fixes) {
      const where = f.file ? ` in <code>${e(f.file)}:${f.line}</code>` : '';
      const diff = f.before && f.after ? `<pre><span class="del">- ${e(f.before)}</span>\n<span class="add">+ ${e(f.after)}</span></pre>` : '';
      out.push(`<li><b>${e(f.cause)}</b>${where}: ${prose(f.description)}${diff}</li>`);
    }
    out.push('</ul>');
  }

  if (report.topology) {
    const graph = topologyGraph(report.topology, report.brokenTargets);
    out.push(
      '<h2>Topology</h2><p class="muted">From the configs: each proxy, the targets it is configured with, and what each reaches. The path the verdict blames is drawn thick and red.</p>',
    );
    out.push(topologySvg(graph));
    const blamed = graph.edges.filter((x) => x.highlight && x.status !== 'resolved' && x.label);
    if (blamed.length) out.push(`<ul class="blamed">${blamed.map((x) => `<li class="err">${prose(x.label ?? '')}</li>`).join('')}</ul>`);
  }

  const logs = report.logs ? withVerdictCauses(report.logs, report) : undefined;
  if (logs && logs.summary.totals.failures > 0) {
    const series = timelineByCause(logs, 120);
    const causes = timelineCauses(series, 10);
    out.push(
      `<h2>Failures over time</h2><p class="muted">From the logs. One bar = ${e(duration(series.bucketMs))}; dashed lines are restarts, reloads and deploys.</p>`,
    );
    out.push(failuresChart(series, causes, logs.summary.events));
    const others = series.buckets.some((b) => [...b.counts.keys()].some((k) => !causes.includes(k as never)));
    const legend = causes.map((c, i) => `<span><i class="sw" style="background:${colourOf(i)}"></i>${e(c)}</span>`);
    if (others) legend.push(`<span><i class="sw" style="background:#bbbbbb"></i>${e(OTHER_SERIES)}</span>`);
    out.push(`<p class="legend">${legend.join('')}</p>`);
  }

  if (report.nextChecks.length) {
    out.push(`<h2>${v.status === 'problem' ? 'To confirm' : 'Next checks (most informative first)'}</h2><ul class="checks">`);
    for (const c of report.nextChecks) out.push(`<li>${checkHtml(c)}<br><span class="muted">${e(c.why)}</span></li>`);
    out.push('</ul>');
  }

  out.push(
    '<h2>Reasoning</h2><table class="reasoning"><colgroup><col style="width:1.5em"><col style="width:24%"><col style="width:4.5em"><col><col style="width:5.5em"></colgroup><tr><th></th><th>question</th><th>answer</th><th>because</th><th>evidence</th></tr>',
  );
  for (const s of report.reasoning)
    out.push(
      `<tr><td>${answerMark(s.answer)}</td><td>${e(s.question)}</td><td class="answer-${s.answer}">${s.answer}</td><td>${prose(s.because)}</td><td>${links(s.evidence)}</td></tr>`,
    );
  out.push('</table>');

  if (report.causes.length) {
    out.push('<h2>Causes</h2><ol class="causes">');
    for (const c of report.causes)
      out.push(
        `<li><b>${e(c.id)}</b> ${percent(c.score)} — ${e(c.title)}<br><span class="muted">${prose(c.why)}</span><br>evidence: ${links(c.evidence)}</li>`,
      );
    out.push('</ol>');
  }
  if (report.ruledOut.length) {
    out.push('<h2>Ruled out</h2><ul class="ruled-out">');
    for (const r of report.ruledOut) out.push(`<li><b>${e(r.id)}</b>: ${prose(r.why)} ${links(r.evidence)}</li>`);
    out.push('</ul>');
  }

  if (report.evidence.length) {
    out.push(
      '<h2>Evidence</h2><table class="evidence"><colgroup><col style="width:3em"><col style="width:6.5em"><col style="width:20%"><col style="width:4.5em"><col style="width:14%"><col style="width:11%"><col></colgroup><tr><th>id</th><th>source</th><th>where</th><th>strength</th><th>supports</th><th>rules out</th><th>what was seen</th></tr>',
    );
    for (const x of report.evidence)
      out.push(
        `<tr id="${e(x.id)}"><td>${e(x.id)}</td><td>${e(x.source.kind)}</td><td><code>${e(evidenceWhere(x))}</code></td><td class="n">${x.strength}</td><td>${e(x.supports.slice(0, 3).join(', '))}</td><td>${e(x.rulesOut.join(', '))}</td><td>${prose(x.summary)}${x.quote ? `<pre>${e(x.quote)}</pre>` : ''}</td></tr>`,
      );
    out.push('</table>');
  }

  out.push(
    '<h2>Inputs</h2><table class="inputs"><colgroup><col style="width:6em"><col style="width:50%"><col></colgroup><tr><th>kind</th><th>input</th><th>read</th></tr>',
  );
  for (const r of report.inputs.read) out.push(`<tr><td>${e(r.kind)}</td><td><code>${e(r.name)}</code></td><td>${e(r.detail ?? 'yes')}</td></tr>`);
  for (const u of report.inputs.unread)
    out.push(`<tr><td>${e(u.kind)}</td><td><code>${e(u.name)}</code></td><td class="err">could not read: ${e(u.reason)}</td></tr>`);
  out.push('</table>');
  out.push(`<p class="muted">Environment: ${e(report.environment.id)} (${e(report.environment.from)}). ${report.ms} ms.</p>`);
  out.push(`<script type="application/json" id="updoc-data">${embeddedJson(diagnoseJson(report))}</script>`);
  out.push('</body></html>\n');
  return out.join('\n');
}

/**
 * The chart counts each failure under a cause. The logs alone attribute by their own ranking; here each signature's
 * failures go to the cause the whole diagnosis favours among those the signature allows, so chart and verdict agree.
 */
function withVerdictCauses(logs: LogsReport, report: DiagnoseReport): LogsReport {
  const scores = new Map(report.causes.map((c) => [c.id, c.score]));
  if (scores.size === 0) return logs;
  const causeOf = new Map(logs.causeOf);
  for (const g of logs.summary.groups) {
    let best: CauseId | undefined;
    let bestValue = 0;
    for (const [id, weight] of Object.entries(g.signature.causes) as [CauseId, number][]) {
      const value = weight * ((scores.get(id) ?? 0) + 0.01);
      if (value > bestValue) {
        best = id;
        bestValue = value;
      }
    }
    if (best) causeOf.set(g.signature.id, best);
  }
  return { ...logs, causeOf };
}

/** Escaped text with its backtick spans as <code>. */
function prose(text: string): string {
  return codeSegments(text)
    .map((s) => (s.code ? `<code>${escapeHtml(s.text)}</code>` : escapeHtml(s.text)))
    .join('');
}

function links(ids: readonly string[]): string {
  return ids
    .slice(0, 10)
    .map((id) => `<a href="#${escapeHtml(id)}">${escapeHtml(id)}</a>`)
    .join(', ');
}
