import { defineRule } from '../../../core/define-rule.js';
import type { NginxPass } from '../../../inputs/nginx/model.js';
import { nginxTargetIndex } from '../../../inputs/nginx/queries.js';
import { portSpeaks } from '../../port-speaks.js';
import { findingPath, pathsByTarget, replaceAt } from '../../proxy-paths.js';
import { describeNginxTarget } from '../describe-target.js';

const conf = (url: string) => `events {}

http {
  server {
    listen 443 ssl;
    server_name admin.example.com;
    ssl_certificate     /etc/nginx/tls/admin.crt;
    ssl_certificate_key /etc/nginx/tls/admin.key;

    location / {
      proxy_set_header Host $host;
      proxy_ssl_server_name on;
      proxy_pass ${url};
    }
  }
}
`;

/** Ports and port names that say what the backend speaks. */
const SWAP: Record<string, string> = { http: 'https', https: 'http', grpc: 'grpcs', grpcs: 'grpc' };

export default defineRule({
  id: 'nginx/tls-scheme-mismatch',
  domain: 'nginx',
  cause: 'tls-mismatch',
  severity: 'error',
  title: 'https:// to a plain-HTTP port, or http:// to a TLS port',
  docs: {
    why: 'The scheme of `proxy_pass` decides whether nginx speaks TLS to the backend. `https://` toward a port that speaks plain HTTP fails the handshake (`SSL_do_handshake() failed (SSL: error:0A00010B:SSL routines::wrong version number) while SSL handshaking to upstream`, 502); `http://` toward a TLS port gets `400 The plain HTTP request was sent to HTTPS port` or a reset, and users see 502 or that 400 page.',
    problem: {
      description: 'The admin app serves TLS itself on 8443; nginx talks plain HTTP to it.',
      files: { 'nginx/nginx.conf': conf('http://10.0.7.15:8443') },
    },
    fixed: { files: { 'nginx/nginx.conf': conf('https://10.0.7.15:8443') } },
    remediation: "Match the scheme to what the backend's port speaks: `https://` (or `grpcs://`) for TLS ports, `http://` for plain ones — or change the port.",
    references: [
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_pass',
      'https://nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_ssl_server_name',
    ],
  },
  check(ctx) {
    const index = nginxTargetIndex(ctx.facts.nginx);
    const reported = new Set<NginxPass>();
    for (const [id, path] of pathsByTarget(ctx.facts, 'nginx')) {
      const ref = index.get(id);
      const scheme = path.target.scheme;
      if (!ref || !scheme || !(scheme in SWAP)) continue;
      const speaks = portSpeaks(ctx.facts, path.target.port ?? path.target.defaultPort, path);
      if (!speaks) continue;
      const usesTls = scheme === 'https' || scheme === 'grpcs';
      if (usesTls === (speaks.expected === 'tls')) continue;
      // The scheme is written on the pass (for an upstream block, on the pass naming it).
      const pass = ref.kind === 'pass' ? ref.pass : ref.passes.find((p) => p.scheme === scheme);
      if (pass && ref.kind === 'upstream-server' && reported.has(pass)) continue;
      if (pass) reported.add(pass);
      const effect = usesTls
        ? 'the TLS handshake fails (wrong version number) and requests get 502'
        : 'the backend rejects plain HTTP (400 "plain HTTP request was sent to HTTPS port", or a reset)';
      ctx.report({
        message: `${describeNginxTarget(ref, path)} uses ${scheme}:// but ${speaks.evidence}: ${effect}.`,
        at: pass?.schemeAt ?? path.target.at,
        path: findingPath(path),
        ...(pass?.schemeAt ? { fix: replaceAt(pass.schemeAt, SWAP[scheme], `use ${SWAP[scheme]}://`) } : {}),
      });
    }
  },
});
