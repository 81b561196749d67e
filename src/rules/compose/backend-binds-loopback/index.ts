import { defineRule, type Fix } from '../../../core/define-rule.js';
import type { LintFacts } from '../../../evidence/lint-facts.js';
import { listenModel } from '../../../inputs/compose/listens.js';
import type { ComposeService, ListenHint } from '../../../inputs/compose/model.js';
import { inRange } from '../../../inputs/compose/ports.js';
import { composeIndex } from '../../../inputs/compose/queries.js';
import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { insertAfterInside, replaceAt, replaceInside } from '../yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { isLoopbackHost } from '../../../core/loopback.js';

/** Where a tool's implied loopback default is overridden, for the fix: insert the flag after the word that starts it. */
const IMPLIED_FIXES: { tool: RegExp; after: RegExp; insert: string }[] = [
  { tool: /^flask run/, after: /\bflask\s+run\b/, insert: ' --host=0.0.0.0' },
  { tool: /^uvicorn/, after: /\buvicorn\b/, insert: ' --host 0.0.0.0' },
  { tool: /^manage\.py runserver/, after: /\brunserver\b/, insert: ' 0.0.0.0:8000' },
  { tool: /^artisan serve/, after: /\bartisan\s+serve\b/, insert: ' --host=0.0.0.0' },
  { tool: /^ng serve/, after: /\bng\s+serve\b/, insert: ' --host 0.0.0.0' },
];

function fixFor(facts: LintFacts, hint: ListenHint): Fix | undefined {
  if (hint.addressAt && hint.address) return replaceAt(hint.addressAt, hint.address === '::1' ? '::' : '0.0.0.0', 'listen on every interface');
  if (!facts.files.some((f) => f.path === hint.at.file)) return undefined;
  if (hint.implied) {
    const spec = IMPLIED_FIXES.find((f) => f.tool.test(hint.source));
    return spec && insertAfterInside(facts, hint.at, spec.after, spec.insert, `listen on every interface (${spec.insert.trim()})`);
  }
  if (!hint.address) return undefined;
  const literal = hint.address === '::1' ? /\[?::1\]?/ : hint.address;
  return replaceInside(facts, hint.at, literal, hint.address === '::1' ? '[::]' : '0.0.0.0', 'listen on every interface');
}

function bindText(hint: ListenHint): string {
  if (hint.implied) return `\`${hint.source.replace(/ default \(.*\)$/, '')}\` listens there unless told otherwise`;
  return /^(?:environment|env_file|Dockerfile ENV) /.test(hint.source) ? `${hint.source}=${hint.address}` : `${hint.source} ${hint.address}`;
}

const problem = {
  description: '`flask run` listens on 127.0.0.1:5000 unless told otherwise.',
  files: {
    'docker-compose.yml': `services:
  proxy:
    image: nginx:1.27
    ports:
      - "80:80"
    volumes:
      - ./proxy/nginx.conf:/etc/nginx/nginx.conf:ro
    depends_on:
      app:
        condition: service_healthy
  app:
    build: ./app
    command: flask run
    expose:
      - "5000"
    healthcheck:
      test: ["CMD", "curl", "-f", "http://localhost:5000/health"]
`,
    'proxy/nginx.conf': `events {}
http {
    server {
        listen 80;
        location / {
            proxy_pass http://app:5000;
        }
    }
}
`,
  },
};

export default defineRule({
  id: 'compose/backend-binds-loopback',
  domain: 'compose',
  cause: 'bind-loopback',
  severity: 'error',
  title: 'A proxied or published Compose service listens on 127.0.0.1 only',
  catalog: ['X4'],
  docs: {
    why: "Inside a container, 127.0.0.1 is that container alone. A server bound there (`HOST=127.0.0.1`, `--host 127.0.0.1`, `-b 127.0.0.1:8000`, or a development server's default: `flask run`, `uvicorn`, `manage.py runserver`) refuses every connection from the proxy's container (`connect() failed (111: Connection refused)`, 502) and resets connections arriving through a published port (`curl: (56) Recv failure: Connection reset by peer`), while its own healthcheck against localhost passes.",
    problem,
    fixed: withEdits(problem, [{ file: 'docker-compose.yml', replace: 'command: flask run', with: 'command: flask run --host=0.0.0.0' }]),
    remediation:
      "Bind the server to every interface inside the container: `0.0.0.0` (`HOST=0.0.0.0`, `--host 0.0.0.0`, `-b 0.0.0.0:8000`, `flask run --host=0.0.0.0`). The container's network is already private; restrict exposure with `ports:` (e.g. `127.0.0.1:8000:8000`) instead.",
    references: ['https://docs.docker.com/engine/network/#published-ports', 'https://flask.palletsprojects.com/en/stable/cli/#run-the-development-server'],
  },
  check(ctx) {
    const report = reporter(ctx);
    const reported = new Set<ComposeService>();
    for (const { path, info } of composePaths(ctx)) {
      if (info.kind !== 'bind-loopback' || !info.hint) continue;
      const hint = info.hint;
      const fix = fixFor(ctx.facts, hint);
      reported.add(info.backend.service);
      report(
        {
          message: `${describeRoute(path)}, but \`${info.backend.service.name}\` listens on ${hint.address} only (${bindText(hint)}): connections from \`${info.proxy.service.name}\`'s container are refused.`,
          at: hint.at,
          ...(fix ? { fix } : {}),
          path: path.steps,
          related: [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }],
        },
        `${info.backend.project.id}/${info.backend.service.name}`,
      );
    }
    // Published ports forward to the container's interface, not its loopback: the host gets "connection reset".
    for (const { project, service } of composeIndex(ctx.facts.compose).refs) {
      if (reported.has(service)) continue;
      const model = listenModel(service);
      const hint = model.bind;
      if (!hint || !isLoopbackHost(hint.address)) continue;
      const published = service.ports.find((p) => p.published && model.specs.some((s) => inRange(s.port, p.target) && isLoopbackHost(s.address)));
      if (!published) continue;
      const fix = fixFor(ctx.facts, hint);
      report(
        {
          message: `\`${service.name}\` publishes ${published.text} but listens on ${hint.address} only (${bindText(hint)}): connections through the published port are reset.`,
          at: hint.at,
          ...(fix ? { fix } : {}),
          related: [{ at: published.at, message: 'published here' }],
        },
        `${project.id}/${service.name}`,
      );
    }
  },
});
