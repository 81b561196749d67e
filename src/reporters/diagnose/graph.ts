import type { EdgeStatus, Topology } from '../../evidence/topology/model.js';

/**
 * The topology as a small graph for reports: proxies → the targets their configs write → what each target
 * reaches (a backend with its port, or where following it stopped). Deterministic: the order follows the
 * topology's own (sorted discovery), so the same configs always give the same drawing.
 */

export type GraphNodeKind = 'proxy' | 'target' | 'backend' | 'stop';

export interface GraphNode {
  id: string;
  kind: GraphNodeKind;
  label: string;
  detail?: string;
  /** Column in the drawing: 0 proxies, 1 targets, 2 backends. */
  column: number;
}

export interface GraphEdge {
  from: string;
  to: string;
  status: EdgeStatus;
  /** What this edge is: the route, or why resolution stopped. */
  label?: string;
  /** On the path the verdict blames. */
  highlight: boolean;
}

export interface TopologyGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

const MAX_PATHS = 60;

export function topologyGraph(topology: Topology, brokenTargets: readonly string[]): TopologyGraph {
  const nodes = new Map<string, GraphNode>();
  const edges: GraphEdge[] = [];
  const blamed = new Set(brokenTargets);
  const add = (node: GraphNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
  };
  for (const p of topology.proxies) add({ id: p.id, kind: 'proxy', label: p.product, detail: p.runtime?.label ?? p.configFile ?? p.label, column: 0 });
  for (const path of topology.paths.slice(0, MAX_PATHS)) {
    const t = path.target;
    add({ id: t.id, kind: 'target', label: t.text, ...(t.route ? { detail: t.route } : {}), column: 1 });
    const highlight = blamed.has(t.id);
    edges.push({ from: path.proxy.id, to: t.id, status: 'resolved', ...(t.route ? { label: t.route } : {}), highlight });
    const last = path.steps[path.steps.length - 1];
    if (path.backend) {
      const listen = path.listen ? `${path.listen.address ? `${path.listen.address}:` : ''}${path.listen.port} (${path.listen.source})` : undefined;
      add({ id: path.backend.id, kind: 'backend', label: path.backend.label, ...(listen ? { detail: `listens on ${listen}` } : {}), column: 2 });
      edges.push({
        from: t.id,
        to: path.backend.id,
        status: path.status,
        ...(path.problem ? { label: path.problem.reason } : last ? { label: last.text } : {}),
        highlight,
      });
    } else {
      const id = `stop:${t.id}`;
      const reason = path.problem?.reason ?? last?.text ?? 'not followed';
      add({ id, kind: 'stop', label: path.status === 'broken' ? 'unreachable' : 'not known', detail: reason.replace(/^✗\s*/, ''), column: 2 });
      edges.push({ from: t.id, to: id, status: path.status, label: reason.replace(/^✗\s*/, ''), highlight });
    }
  }
  // Backends nobody routes to are still part of the picture (a service the proxy should have used).
  for (const b of topology.backends) {
    if (nodes.has(b.id) || topology.proxies.some((p) => p.runtime?.id === b.runtime.id)) continue;
    add({
      id: b.id,
      kind: 'backend',
      label: b.label,
      ...(b.listens[0] ? { detail: `listens on ${b.listens.map((l) => `${l.address ? `${l.address}:` : ''}${l.port}`).join(', ')}` } : {}),
      column: 2,
    });
  }
  return { nodes: [...nodes.values()], edges };
}
