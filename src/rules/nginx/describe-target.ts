import type { NginxTargetRef } from '../../inputs/nginx/queries.js';
import type { ResolvedPath } from '../../evidence/topology/model.js';

/** "proxy_pass http://api:8080 (server shop.example.com, location /api/)" / "server api:8080 of upstream api (…)". */
export function describeNginxTarget(ref: NginxTargetRef, path: ResolvedPath): string {
  if (ref.kind === 'pass') return `${ref.pass.directive} ${path.target.text} (${path.target.route})`;
  return `server ${path.target.text} of ${path.target.route}`;
}
