import { defineRule } from '../../../core/define-rule.js';
import { composePaths, describeRoute, reporter } from '../compose-paths.js';
import { insertServiceKey } from '../yaml-edits.js';
import { withEdits } from '../../example-edits.js';

const problem = {
  files: {
    'docker-compose.yml': `services:
  proxy:
    image: nginx:1.27
    ports:
      - "80:80"
    volumes:
      - ./nginx.conf:/etc/nginx/conf.d/default.conf:ro
  web:
    image: example/web:2.3
`,
    'nginx.conf': `server {
    listen 80;
    location / {
        proxy_pass http://web:3000;
    }
}
`,
  },
};

export default defineRule({
  id: 'compose/proxied-port-not-declared',
  domain: 'compose',
  cause: 'port-mismatch',
  severity: 'info',
  title: 'Nothing in Compose says the backend listens on the port the proxy uses',
  catalog: ['X2'],
  docs: {
    why: "Containers on a shared network reach each other on any port, so `expose` is optional — but when neither `ports`, `expose`, a port setting (`PORT`, `--port`) nor the Dockerfile's `EXPOSE` names the port the proxy targets, nothing records which port the backend really listens on, and a mismatch (the app moved to 8080, the proxy still says 3000) shows only as 502 `Connection refused` at run time. Declaring it lets updoc and readers check the path.",
    problem,
    fixed: withEdits(problem, [
      {
        file: 'docker-compose.yml',
        replace: '    image: example/web:2.3',
        with: `    image: example/web:2.3
    expose:
      - "3000"`,
      },
    ]),
    remediation:
      'Declare the port the backend listens on: `expose: ["3000"]` (or set it explicitly, e.g. `PORT=3000`), and check it is the port the proxy targets.',
    references: ['https://docs.docker.com/reference/compose-file/services/#expose'],
  },
  check(ctx) {
    const report = reporter(ctx);
    for (const { path, info } of composePaths(ctx)) {
      if (info.kind !== 'port-undeclared' || info.imageDefault || info.backend.project !== info.proxy.project) continue;
      const backend = info.backend.service;
      const port = path.target.port ?? path.target.defaultPort;
      if (port === undefined) continue;
      const fix = insertServiceKey(ctx.facts, backend, `declare port ${port} of \`${backend.name}\``, (u) => ['expose:', `${u}- "${port}"`]);
      report(
        {
          message: `${describeRoute(path)}, but nothing in Compose says \`${backend.name}\` listens on ${port} (no \`ports\`, \`expose\`, port setting or Dockerfile \`EXPOSE\`).`,
          at: backend.at,
          ...(fix ? { fix } : {}),
          path: path.steps,
          related: [{ at: path.target.at, message: `${path.proxy.label} targets \`${path.target.text}\` here` }],
        },
        `${info.backend.project.id}/${backend.name}:${port}`,
      );
    }
  },
});
