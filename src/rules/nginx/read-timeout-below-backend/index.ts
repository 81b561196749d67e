import { defineRule } from '../../../core/define-rule.js';
import { backendProcesses, backendRequestTimeout } from '../../backend-process.js';
import { insertLinesBefore, pathsByTarget, replaceAt } from '../../proxy-paths.js';

const compose = (command: string) => `services:
  nginx:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./deploy/nginx.conf:/etc/nginx/nginx.conf:ro
  reports:
    image: ghcr.io/example/reports:2.4
    # PDF exports take up to two minutes.
    command: ${command}
    expose:
      - "8000"
`;

const conf = (timeout: string) => `events {}

http {
  server {
    listen 80;

    location /reports/ {
      resolver 127.0.0.11 valid=10s ipv6=off;
      set $reports_upstream http://reports:8000;
${timeout}      proxy_pass $reports_upstream;
    }
  }
}
`;

export default defineRule({
  id: 'nginx/read-timeout-below-backend',
  domain: 'nginx',
  cause: 'timeout-misaligned',
  severity: 'warning',
  title: 'proxy_read_timeout is shorter than the time the backend is allowed per request',
  docs: {
    why: 'When the backend is configured to work on a request for longer than nginx waits for the response (`proxy_read_timeout`, 60 s by default), slow requests are cut by nginx with `upstream timed out (110: Connection timed out) while reading response header from upstream` and a 504, while the backend keeps working and may even finish the job.',
    problem: {
      description: 'gunicorn lets a worker run 180 s; nginx gives up after the default 60 s.',
      files: { 'docker-compose.yml': compose('gunicorn --timeout 180 --bind 0.0.0.0:8000 reports.wsgi'), 'deploy/nginx.conf': conf('') },
    },
    fixed: {
      files: {
        'docker-compose.yml': compose('gunicorn --timeout 180 --bind 0.0.0.0:8000 reports.wsgi'),
        'deploy/nginx.conf': conf('      proxy_read_timeout 190s;\n'),
      },
    },
    remediation:
      "Raise `proxy_read_timeout` for that location a little above the backend's own request timeout, or shorten the backend's (and make long jobs asynchronous).",
    references: ['https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout', 'https://docs.gunicorn.org/en/stable/settings.html#timeout'],
  },
  check(ctx) {
    const paths = pathsByTarget(ctx.facts, 'nginx');
    for (const config of ctx.facts.nginx.configs) {
      for (const pass of config.passes) {
        if (pass.context !== 'http') continue;
        const targets = pass.upstream ? config.upstreams.filter((u) => u.name.value === pass.upstream).flatMap((u) => u.servers.map((s) => s.id)) : [pass.id];
        for (const id of targets) {
          const path = paths.get(id);
          const known = backendRequestTimeout(backendProcesses(ctx.facts, path?.backend));
          const read = pass.settings.readTimeout;
          if (!known || read.value >= known.seconds || (!read.at && pass.settings.unreadInclude)) continue;
          const wanted = `${pass.directive.replace(/_pass$/, '')}_read_timeout ${known.seconds + 10}s;`;
          const fix =
            read.at && pass.blockAt && read.at.line > pass.blockAt.line && read.at.file === pass.at.file
              ? replaceAt(read.at, wanted, 'wait a little longer than the backend')
              : insertLinesBefore(ctx.facts, pass.at, [wanted], 'wait a little longer than the backend');
          ctx.report({
            message: `${pass.directive} ${pass.url.value} (${pass.route}) waits ${read.value} s for a response${read.at ? '' : ' (the default)'}, but ${path?.backend?.label ?? 'the backend'} may take up to ${known.seconds} s (${known.source}): slower requests end in 504 while the backend keeps working.`,
            at: read.at && read.at.file === pass.at.file ? read.at : pass.at,
            ...(fix ? { fix } : {}),
            ...(known.at ? { related: [{ at: known.at, message: known.source }] } : {}),
          });
          break;
        }
      }
    }
  },
});
