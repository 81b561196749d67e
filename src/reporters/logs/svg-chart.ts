import type { TimelineSeries } from '../../evidence/log-summary/timeline.js';
import type { LogEvent } from '../../evidence/log-summary/types.js';
import { escapeHtml } from '../../inputs/text/sanitize.js';
import { clock, count, duration, time } from './view.js';

const PALETTE = ['#d62728', '#ff7f0e', '#1f77b4', '#9467bd', '#2ca02c', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
/** Causes beyond the named ones share one grey series. */
export const OTHER_SERIES = 'other causes';
const OTHER_COLOUR = '#bbbbbb';
const WIDTH = 960;
const HEIGHT = 270;
const MARGIN = { top: 12, right: 16, bottom: 34, left: 56 };
const X_TICKS = 6;
const TICK_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);

export function colourOf(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/**
 * Stacked bars of failures per time bucket, one series (`<g class="series" data-cause>`) per cause
 * in the order given (the rest folded into one grey series), with restarts, reloads and deploys as
 * dashed lines. Self-contained SVG: no scripts, no external references; every label is escaped.
 * Bars carry `data-count` and a `<title>` so the numbers can be read (and checked) without hovering.
 */
export function failuresChart(series: TimelineSeries, causes: readonly string[], events: readonly LogEvent[]): string {
  const n = series.buckets.length;
  if (n === 0) return '<p>No timestamps could be read, so there is no timeline.</p>';
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const max = Math.max(1, ...series.buckets.map((b) => b.total));
  const barW = plotW / n;
  const y = (v: number) => MARGIN.top + plotH - (v / max) * plotH;
  const end = series.start + n * series.bucketMs;
  const xOf = (t: number) => MARGIN.left + ((t - series.start) / (end - series.start)) * plotW;
  const named = new Set(causes);
  const hasOther = series.buckets.some((b) => [...b.counts.keys()].some((k) => !named.has(k)));
  const stack = hasOther ? [...causes, OTHER_SERIES] : [...causes];
  const countIn = (b: TimelineSeries['buckets'][number], cause: string) =>
    cause === OTHER_SERIES ? [...b.counts].reduce((a, [k, v]) => (named.has(k) ? a : a + v), 0) : (b.counts.get(cause) ?? 0);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="upstream failures over time, stacked by cause">`,
  );
  parts.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${WIDTH - MARGIN.right}" y2="${MARGIN.top + plotH}" stroke="#999"/>`);
  for (const v of [...new Set([Math.round(max / 2), max])].filter((v) => v > 0)) {
    parts.push(`<line x1="${MARGIN.left}" y1="${y(v)}" x2="${WIDTH - MARGIN.right}" y2="${y(v)}" stroke="#eee"/>`);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#555">${count(v)}</text>`);
  }
  parts.push(
    `<text x="14" y="${MARGIN.top + plotH / 2}" font-size="11" fill="#555" text-anchor="middle" transform="rotate(-90 14 ${MARGIN.top + plotH / 2})">failures per ${escapeHtml(duration(series.bucketMs))}</text>`,
  );

  const base = new Array<number>(n).fill(0);
  stack.forEach((cause, index) => {
    const colour = cause === OTHER_SERIES ? OTHER_COLOUR : colourOf(index);
    const bars: string[] = [];
    series.buckets.forEach((b, i) => {
      const v = countIn(b, cause);
      if (v === 0) return;
      const top = y(base[i] + v);
      const h = y(base[i]) - top;
      base[i] += v;
      const label = `${time(b.start)} UTC (+${duration(series.bucketMs)}): ${count(v)} ${cause}`;
      bars.push(
        `<rect x="${(MARGIN.left + i * barW).toFixed(2)}" y="${top.toFixed(2)}" width="${Math.max(0.5, barW - 0.5).toFixed(2)}" height="${Math.max(0.5, h).toFixed(2)}" data-count="${v}"><title>${escapeHtml(label)}</title></rect>`,
      );
    });
    if (bars.length) parts.push(`<g class="series" data-cause="${escapeHtml(cause)}" fill="${colour}">${bars.join('')}</g>`);
  });

  const marks = events.filter((e) => e.time >= series.start && e.time < end);
  if (marks.length) {
    parts.push('<g class="events" stroke="#333" stroke-dasharray="4 3">');
    for (const e of marks) {
      const x = xOf(e.time).toFixed(2);
      const where = e.source === 'events-file' ? '--events' : `${e.file ?? ''}${e.line ? `:${e.line}` : ''}`;
      parts.push(
        `<line x1="${x}" y1="${MARGIN.top}" x2="${x}" y2="${MARGIN.top + plotH}"><title>${escapeHtml(`${time(e.time)} UTC: ${e.label} (${where})`)}</title></line>`,
      );
    }
    parts.push('</g>');
  }

  // Time ticks at round times (every 5 min, 1 h…), about X_TICKS of them.
  const span = end - series.start;
  const tickMs = TICK_MS.find((ms) => span / ms <= X_TICKS) ?? Math.ceil(span / X_TICKS / 86_400_000) * 86_400_000;
  for (let t = Math.ceil(series.start / tickMs) * tickMs; t <= end; t += tickMs) {
    const x = xOf(t);
    const anchor = x < MARGIN.left + 30 ? 'start' : x > WIDTH - MARGIN.right - 30 ? 'end' : 'middle';
    parts.push(`<line x1="${x.toFixed(2)}" y1="${MARGIN.top + plotH}" x2="${x.toFixed(2)}" y2="${MARGIN.top + plotH + 4}" stroke="#999"/>`);
    parts.push(`<text x="${x.toFixed(2)}" y="${HEIGHT - 14}" font-size="11" fill="#555" text-anchor="${anchor}">${escapeHtml(clock(t, span))}</text>`);
  }
  parts.push(`<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 1}" font-size="10" fill="#888" text-anchor="end">UTC</text>`);
  parts.push('</svg>');
  return parts.join('');
}
