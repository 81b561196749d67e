import { escapeHtml } from '../../inputs/text/sanitize.js';
import type { GraphEdge, GraphNode, TopologyGraph } from './graph.js';

/**
 * The topology drawn as inline SVG: three columns (proxies, the targets their configs write, what each target
 * reaches), one row per node in the graph's own order, edges as curves coloured by status. The edge(s) of the
 * path the verdict blames are highlighted (`class="edge broken highlight"`, thick red; the page states the
 * reason under the drawing, each edge carries it as a tooltip). No scripts, no external references; every label escaped. The same graph always gives the same
 * drawing: positions depend only on the order of nodes and edges.
 */

const COLUMN_X = [16, 366, 716];
const NODE_W = 308;
const NODE_H = 50;
const ROW = 70;
const TOP = 30;
const WIDTH = COLUMN_X[2] + NODE_W + 16;
const CHARS = 44;

const FILL: Record<GraphNode['kind'], string> = { proxy: '#e8f0fe', target: '#f5f5f5', backend: '#e9f7ef', stop: '#fdecea' };
const STROKE: Record<GraphEdge['status'], string> = { resolved: '#5a8f5a', broken: '#c62828', unknown: '#9e9e9e' };
const HEADINGS = ['proxy', 'target in its config', 'reaches'];

function clip(text: string, max = CHARS): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function topologySvg(graph: TopologyGraph): string {
  if (graph.nodes.length === 0) return '<p class="muted">The configs hold no proxy → backend path to draw.</p>';
  const rows = [0, 0, 0];
  const at = new Map<string, { x: number; y: number }>();
  for (const node of graph.nodes) {
    const column = Math.min(2, Math.max(0, node.column));
    at.set(node.id, { x: COLUMN_X[column], y: TOP + rows[column] * ROW });
    rows[column]++;
  }
  const height = TOP + Math.max(...rows) * ROW + 10;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="topology" viewBox="0 0 ${WIDTH} ${height}" width="100%" role="img" aria-label="proxy to backend paths from the configs, the broken one highlighted">`,
  );
  parts.push(
    '<defs>',
    ...Object.entries(STROKE).map(
      ([status, colour]) =>
        `<marker id="arrow-${status}" viewBox="0 0 10 10" refX="9" refY="5" markerUnits="userSpaceOnUse" markerWidth="11" markerHeight="11" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="${colour}"/></marker>`,
    ),
    '</defs>',
  );
  HEADINGS.forEach((h, i) => {
    parts.push(`<text x="${COLUMN_X[i]}" y="16" font-size="12" fill="#666">${escapeHtml(h)}</text>`);
  });

  // Edges first, so nodes are drawn over their ends; highlighted ones last, on top of the others.
  const ordered = [...graph.edges.filter((e) => !e.highlight), ...graph.edges.filter((e) => e.highlight)];
  for (const edge of ordered) {
    const a = at.get(edge.from);
    const b = at.get(edge.to);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x - 2;
    const y2 = b.y + NODE_H / 2;
    const mid = (x1 + x2) / 2;
    const colour = edge.highlight ? '#d32f2f' : STROKE[edge.status];
    const width = edge.highlight ? 4 : 1.6;
    const dash = edge.status === 'unknown' ? ' stroke-dasharray="5 4"' : '';
    const cls = `edge ${edge.status}${edge.highlight ? ' highlight' : ''}`;
    const title = `${edge.status}${edge.label ? `: ${edge.label}` : ''}`;
    parts.push(
      `<g class="${cls}" data-from="${escapeHtml(edge.from)}" data-to="${escapeHtml(edge.to)}"><path d="M${x1.toFixed(1)},${y1.toFixed(1)} C${mid.toFixed(1)},${y1.toFixed(1)} ${mid.toFixed(1)},${y2.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}" fill="none" stroke="${colour}" stroke-width="${width}"${dash} marker-end="url(#arrow-${edge.highlight ? 'broken' : edge.status})"><title>${escapeHtml(title)}</title></path></g>`,
    );
  }
  for (const node of graph.nodes) {
    const p = at.get(node.id);
    if (!p) continue;
    const blamed = graph.edges.some((e) => e.highlight && (e.from === node.id || e.to === node.id));
    const stroke = blamed ? '#d32f2f' : node.kind === 'stop' ? '#c62828' : '#9aa5b1';
    parts.push(
      `<g class="node ${node.kind}${blamed ? ' blamed' : ''}" data-id="${escapeHtml(node.id)}"><title>${escapeHtml(`${node.label}${node.detail ? `\n${node.detail}` : ''}`)}</title>` +
        `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6" fill="${FILL[node.kind]}" stroke="${stroke}" stroke-width="${blamed ? 2.5 : 1}"/>` +
        `<text x="${p.x + 10}" y="${p.y + 20}" font-size="13" font-family="ui-monospace,Menlo,Consolas,monospace" fill="#111">${escapeHtml(clip(`${node.kind === 'stop' ? '✗ ' : ''}${node.label}`))}</text>` +
        (node.detail ? `<text x="${p.x + 10}" y="${p.y + 39}" font-size="11" fill="#555">${escapeHtml(clip(node.detail, CHARS + 6))}</text>` : '') +
        '</g>',
    );
  }
  parts.push('</svg>');
  return parts.join('');
}
