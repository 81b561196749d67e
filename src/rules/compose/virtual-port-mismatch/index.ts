import { defineRule } from '../../../core/define-rule.js';
import { listenModel } from '../../../inputs/compose/listens.js';
import { discoversBackends } from '../../../inputs/compose/nginx-proxy.js';
import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { replaceInside } from '../yaml-edits.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  description: '`VIRTUAL_PORT` names the published host port, not the container port.',
  files: {
    'docker-compose.yml': `services:
  nginx-proxy:
    image: nginxproxy/nginx-proxy:1.6
    ports:
      - "80:80"
    volumes:
      - /var/run/docker.sock:/tmp/docker.sock:ro
  blog:
    image: ghost:5
    environment:
      VIRTUAL_HOST: blog.example.com
      VIRTUAL_PORT: "8080"
    ports:
      - "8080:2368"
`,
  },
};

export default defineRule({
  id: 'compose/virtual-port-mismatch',
  domain: 'compose',
  cause: 'port-mismatch',
  severity: 'error',
  title: "nginx-proxy's VIRTUAL_PORT is not the port the container listens on",
  catalog: ['X2'],
  docs: {
    why: "nginx-proxy connects to each `VIRTUAL_HOST` container on its network address and `VIRTUAL_PORT` (without it: the container's only exposed port, else 80). That is the container port: a host port from `ports:` (`8080:3000` → 8080) or a guessed 80 reaches nothing, and every request to the virtual host gets 502 with `connect() failed (111: Connection refused) while connecting to upstream`.",
    problem,
    fixed: withEdits(problem, [{ file: 'docker-compose.yml', replace: 'VIRTUAL_PORT: "8080"', with: 'VIRTUAL_PORT: "2368"' }]),
    remediation:
      'Set `VIRTUAL_PORT` to the port the process listens on inside its container (the right side of `HOST:CONTAINER` in `ports`), or expose exactly that one port.',
    references: ['https://github.com/nginx-proxy/nginx-proxy/tree/main/docs#multiple-ports'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const { path, info } of composePaths(ctx)) {
      if (!discoversBackends(path.proxy)) continue;
      if (info.kind !== 'published-port' && info.kind !== 'port-not-listened') continue;
      const backend = info.backend.service;
      const written = path.target.port !== undefined;
      const declared = [
        ...new Set(
          listenModel(backend)
            .specs.filter((s) => !s.source.startsWith('image default'))
            .map((s) => s.port),
        ),
      ];
      const right = info.kind === 'published-port' ? info.containerPort : declared.length === 1 ? declared[0] : undefined;
      const fix =
        written && right !== undefined ? replaceInside(ctx.facts, path.target.at, /\d{1,5}(?=\D*$)/, String(right), `set VIRTUAL_PORT to ${right}`) : undefined;
      const what = written
        ? `\`VIRTUAL_PORT\` ${path.target.port}`
        : `port ${path.target.defaultPort} (no \`VIRTUAL_PORT\`${declared.length > 1 ? ', several ports exposed' : ''})`;
      report({
        message: `${describeRoute(path)}: nginx-proxy connects to ${what}, but ${path.problem?.reason ?? 'nothing listens there'}.${written ? '' : ' Set `VIRTUAL_PORT`.'}`,
        at: path.target.at,
        ...(fix ? { fix } : {}),
        path: path.steps,
      });
    }
  },
});
