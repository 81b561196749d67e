import { defineRule } from '../../../core/define-rule.js';
import type { ResolvedPath } from '../../../evidence/topology/model.js';
import { nginxTargetIndex } from '../../../inputs/nginx/queries.js';
import { backendProcesses } from '../../backend-process.js';
import { findingPath, pathsByTarget, replaceAt } from '../../proxy-paths.js';
import { describeNginxTarget } from '../describe-target.js';

const COMPOSE = `services:
  nginx:
    image: nginx:1.27-alpine
    ports:
      - "80:80"
    volumes:
      - ./src/public:/var/www/html/public:ro
      - ./docker/nginx.conf:/etc/nginx/conf.d/default.conf:ro
  app:
    image: php:8.3-fpm
    volumes:
      - ./src:/var/www/html
`;

const site = (pass: string) => `server {
    listen 80;
    root /var/www/html/public;
    index index.php;

    location / {
        try_files $uri /index.php$is_args$args;
    }

    location ~ \\.php$ {
        resolver 127.0.0.11 valid=10s ipv6=off;
        include fastcgi_params;
        fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
        ${pass}
    }
}
`;

const HTTP_PORTS = new Set([80, 443, 3000, 5000, 8000, 8080, 8443]);

function isPhpFpm(facts: Parameters<typeof backendProcesses>[0], path: ResolvedPath | undefined): boolean {
  return backendProcesses(facts, path?.backend).some((p) => /fpm/i.test(p.image ?? '') || p.words.some((w) => /php-?fpm/i.test(w)));
}

/**
 * The backend runs the Apache variant of the php image or of an application image built on it (`php:8.3-apache`,
 * `wordpress:6.6`, `nextcloud:29`: Apache with mod_php on 80) with its own command: no PHP-FPM listens.
 */
function apacheVariant(facts: Parameters<typeof backendProcesses>[0], path: ResolvedPath): string | undefined {
  for (const p of backendProcesses(facts, path.backend)) {
    if (!p.image || p.words.length > 0) continue;
    const m = /^(?:[^/]+\/)*(php|wordpress|nextcloud|drupal|joomla|matomo|mediawiki)(?::([^@]+))?(?:@.*)?$/i.exec(p.image);
    if (!m) continue;
    const tag = (m[2] ?? 'latest').toLowerCase();
    const apache = m[1]!.toLowerCase() === 'php' ? tag.includes('apache') : !/fpm|cli/.test(tag);
    if (apache) return p.image;
  }
  return undefined;
}

/** The backend's image or command is a known HTTP server (not PHP-FPM): a FastCGI request cannot be understood there. */
function runsHttpServer(facts: Parameters<typeof backendProcesses>[0], path: ResolvedPath): boolean {
  return backendProcesses(facts, path.backend).some(
    (p) =>
      !/fpm/i.test(p.image ?? '') &&
      (/(^|\/)(nginx|httpd|caddy|traefik|node|python|tomcat|jetty|golang|php)(:|$)|apache/i.test(p.image ?? '') ||
        p.words.some((w) => /^(node|gunicorn|uvicorn|flask|rails|puma|java|npm)$/.test(w))),
  );
}

export default defineRule({
  id: 'nginx/fastcgi-protocol-mismatch',
  domain: 'nginx',
  cause: 'protocol-mismatch',
  severity: 'error',
  title: 'FastCGI sent to an HTTP server, or HTTP sent to PHP-FPM',
  docs: {
    why: 'PHP-FPM speaks FastCGI, not HTTP, and web servers speak HTTP, not FastCGI. `proxy_pass http://app:9000` toward PHP-FPM gets no valid HTTP response (`upstream prematurely closed connection` or `upstream sent no valid HTTP/1.0 header`), and `fastcgi_pass` toward an HTTP port gets `upstream sent unsupported FastCGI protocol version: 72` (the "H" of "HTTP/1.1"). Either way every PHP request ends in 502.',
    problem: {
      description: 'The `app` service runs php-fpm (FastCGI on 9000), proxied as HTTP.',
      files: { 'docker-compose.yml': COMPOSE, 'docker/nginx.conf': site('proxy_pass http://app:9000;') },
    },
    fixed: { files: { 'docker-compose.yml': COMPOSE, 'docker/nginx.conf': site('set $php_upstream app:9000;\n        fastcgi_pass $php_upstream;') } },
    remediation:
      'Use `fastcgi_pass host:9000;` with `include fastcgi_params;` and `SCRIPT_FILENAME` for PHP-FPM, and `proxy_pass http://…` for HTTP servers (Apache php images, Node, gunicorn).',
    references: ['https://nginx.org/en/docs/http/ngx_http_fastcgi_module.html#fastcgi_pass', 'https://www.php.net/manual/en/install.fpm.php'],
  },
  check(ctx) {
    const index = nginxTargetIndex(ctx.facts.nginx);
    for (const [id, path] of pathsByTarget(ctx.facts, 'nginx')) {
      const ref = index.get(id);
      if (!ref) continue;
      const passes = ref.kind === 'pass' ? [ref.pass] : ref.passes;
      const port = path.target.port ?? path.target.defaultPort;
      for (const pass of passes) {
        if (pass.directive === 'proxy_pass' && pass.context === 'http' && isPhpFpm(ctx.facts, path)) {
          const fix =
            ref.kind === 'pass' && pass.host && pass.port !== undefined && !pass.path && pass.variables.length === 0
              ? replaceAt(pass.at, `fastcgi_pass ${pass.host}:${pass.port};`, 'speak FastCGI to PHP-FPM')
              : undefined;
          ctx.report({
            message: `${describeNginxTarget(ref, path)} sends HTTP to ${path.backend?.label ?? 'the backend'}, which runs PHP-FPM (FastCGI): every request ends in 502; use fastcgi_pass.`,
            at: pass.at,
            path: findingPath(path),
            ...(fix ? { fix } : {}),
          });
        } else if (pass.directive === 'fastcgi_pass' && port !== undefined && !isPhpFpm(ctx.facts, path)) {
          const name = path.listen?.name;
          const http = (name !== undefined && /^http/i.test(name)) || port === 80 || port === 443 || (HTTP_PORTS.has(port) && runsHttpServer(ctx.facts, path));
          const apache = http ? undefined : apacheVariant(ctx.facts, path);
          if (apache) {
            ctx.report({
              message: `${describeNginxTarget(ref, path)} expects PHP-FPM on port ${port}, but ${path.backend?.label ?? 'the backend'} runs \`${apache}\`, the Apache variant (HTTP on port 80, no PHP-FPM): connections to ${port} are refused and PHP requests end in 502; use the image's \`-fpm\` variant, or proxy_pass http:// to port 80.`,
              at: pass.at,
              path: findingPath(path),
            });
            continue;
          }
          if (!http) continue;
          ctx.report({
            message: `${describeNginxTarget(ref, path)} speaks FastCGI to port ${port}, which serves HTTP: nginx gets "upstream sent unsupported FastCGI protocol version: 72" and answers 502; use proxy_pass http://.`,
            at: pass.at,
            path: findingPath(path),
            ...(ref.kind === 'pass' && pass.host && pass.port !== undefined
              ? { fix: replaceAt(pass.at, `proxy_pass http://${pass.host}:${pass.port};`, 'speak HTTP to the HTTP server') }
              : {}),
          });
        }
      }
    }
  },
});
