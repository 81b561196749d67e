import { defineRule } from '../../../core/define-rule.js';
import type { SourcePosition } from '../../../core/position.js';
import type { ComposeProject } from '../../../inputs/compose/model.js';
import { reporter } from '../compose-paths.js';
import { withEdits } from '../../example-edits.js';

interface Edge {
  to: string;
  at: SourcePosition;
  via: string;
}

/** What Compose orders services by: depends_on, links and `network_mode: service:x`. */
function edgesOf(project: ComposeProject): Map<string, Edge[]> {
  const edges = new Map<string, Edge[]>();
  for (const s of project.services) {
    const list: Edge[] = s.dependsOn.map((d) => ({ to: d.service, at: d.at, via: 'depends_on' }));
    for (const l of s.links) list.push({ to: l.service, at: l.at, via: 'links' });
    if (s.networkMode?.value.kind === 'service') list.push({ to: s.networkMode.value.target!, at: s.networkMode.at, via: 'network_mode' });
    edges.set(s.name, list);
  }
  return edges;
}

const problem = {
  files: {
    'docker-compose.yml': `services:
  proxy:
    image: nginx:1.27
    depends_on:
      - api
  api:
    image: example/api:1.4
    depends_on:
      - proxy
`,
  },
};

export default defineRule({
  id: 'compose/dependency-cycle',
  domain: 'compose',
  cause: 'config-error',
  severity: 'error',
  title: 'Services depend on each other in a cycle',
  catalog: ['F2'],
  docs: {
    why: 'Compose starts services in dependency order (`depends_on`, `links`, `network_mode: service:x`). A cycle has no order: `docker compose up` stops with `dependency cycle detected: proxy -> api -> proxy` and starts nothing.',
    problem,
    fixed: withEdits(problem, [
      {
        file: 'docker-compose.yml',
        replace: `    image: example/api:1.4
    depends_on:
      - proxy`,
        with: '    image: example/api:1.4',
      },
    ]),
    remediation:
      'Remove the dependency that points back (usually the backend depending on its proxy, or two services reaching each other); services can still call each other without `depends_on`.',
    references: ['https://docs.docker.com/compose/how-tos/startup-order/'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const project of ctx.facts.compose.projects) {
      const edges = edgesOf(project);
      const state = new Map<string, 'visiting' | 'done'>();
      const stack: { name: string; edge?: Edge }[] = [];
      const visit = (name: string, edge?: Edge) => {
        if (state.get(name) === 'done' || !edges.has(name)) return;
        if (state.get(name) === 'visiting') {
          const start = stack.findIndex((s) => s.name === name);
          const cycle = [...stack.slice(start), { name, edge }];
          const closing = edge!;
          report(
            {
              message: `Dependency cycle: ${cycle.map((c) => `\`${c.name}\``).join(' → ')}; \`docker compose up\` stops with "dependency cycle detected".`,
              at: closing.at,
              related: cycle.slice(1, -1).flatMap((c) => (c.edge ? [{ at: c.edge.at, message: `${c.edge.via} of the previous service` }] : [])),
            },
            `${project.id}:${[...cycle.slice(0, -1).map((c) => c.name)].sort().join(',')}`,
          );
          return;
        }
        state.set(name, 'visiting');
        stack.push(edge ? { name, edge } : { name });
        for (const e of edges.get(name) ?? []) visit(e.to, e);
        stack.pop();
        state.set(name, 'done');
      };
      for (const s of project.services) visit(s.name);
    }
  },
});
