import type { TimelineSeries } from '../../evidence/log-summary/timeline.js';
import type { LogEvent } from '../../evidence/log-summary/types.js';
import { escapeHtml } from '../../inputs/text/sanitize.js';
import { clock, count, duration, time } from './view.js';

const PALETTE = ['#d62728', '#ff7f0e', '#1f77b4', '#9467bd', '#2ca02c', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#7f7f7f'];
const WIDTH = 960;
const HEIGHT = 260;
const MARGIN = { top: 12, right: 12, bottom: 28, left: 56 };

export function colourOf(index: number): string {
  return PALETTE[index % PALETTE.length];
}

/**
 * Stacked bars of failures per bucket, one colour per cause, with restart/deploy events as dashed
 * lines. Self-contained SVG: no scripts, no external references; every label is escaped.
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
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" role="img" aria-label="failures over time by cause">`);
  parts.push(`<line x1="${MARGIN.left}" y1="${MARGIN.top + plotH}" x2="${WIDTH - MARGIN.right}" y2="${MARGIN.top + plotH}" stroke="#999"/>`);
  for (const frac of [0.5, 1]) {
    const v = Math.round(max * frac);
    parts.push(`<text x="${MARGIN.left - 6}" y="${y(v) + 4}" text-anchor="end" font-size="11" fill="#555">${count(v)}</text>`);
    parts.push(`<line x1="${MARGIN.left}" y1="${y(v)}" x2="${WIDTH - MARGIN.right}" y2="${y(v)}" stroke="#eee"/>`);
  }
  series.buckets.forEach((b, i) => {
    let base = 0;
    const x = MARGIN.left + i * barW;
    const stack = [...causes, ...[...b.counts.keys()].filter((k) => !causes.includes(k))];
    stack.forEach((cause) => {
      const v = b.counts.get(cause) ?? 0;
      if (v === 0) return;
      const top = y(base + v);
      const h = y(base) - top;
      const colour = causes.includes(cause) ? colourOf(causes.indexOf(cause)) : '#bbb';
      parts.push(
        `<rect x="${x.toFixed(2)}" y="${top.toFixed(2)}" width="${Math.max(0.5, barW - 0.5).toFixed(2)}" height="${Math.max(0.5, h).toFixed(2)}" fill="${colour}"><title>${escapeHtml(`${time(b.start)} UTC (+${duration(series.bucketMs)}): ${count(v)} ${cause}`)}</title></rect>`,
      );
      base += v;
    });
  });
  for (const e of events) {
    if (!(e.time >= series.start && e.time < end)) continue;
    const x = MARGIN.left + ((e.time - series.start) / (end - series.start)) * plotW;
    parts.push(
      `<line x1="${x.toFixed(2)}" y1="${MARGIN.top}" x2="${x.toFixed(2)}" y2="${MARGIN.top + plotH}" stroke="#333" stroke-dasharray="4 3"><title>${escapeHtml(`${time(e.time)} UTC: ${e.label}${e.file ? ` (${e.file}${e.line ? `:${e.line}` : ''})` : ''}`)}</title></line>`,
    );
  }
  parts.push(`<text x="${MARGIN.left}" y="${HEIGHT - 8}" font-size="11" fill="#555">${escapeHtml(clock(series.start, end - series.start))} UTC</text>`);
  parts.push(
    `<text x="${WIDTH - MARGIN.right}" y="${HEIGHT - 8}" font-size="11" fill="#555" text-anchor="end">${escapeHtml(clock(end, end - series.start))} UTC</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}
