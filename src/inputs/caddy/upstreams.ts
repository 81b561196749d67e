import type { SourcePosition } from '../../core/position.js';
import type { CaddyUpstream } from './model.js';

const MAX_RANGE = 100;

/**
 * Caddy upstream addresses: `api:3000`, `http://api:3000`, `https://api`, `h2c://grpc:50051`, `:8080`
 * (this machine), `[::1]:8080`, `unix//run/app.sock`, port ranges `api:8001-8003` (one upstream each), and
 * placeholders (`{http.request.host}`: dynamic; `{$BACKEND:api:3000}`: its default). `at` is the written token,
 * `offset` the columns before its text (1 for a quoted token).
 */
export function parseUpstream(idBase: string, written: string, at: SourcePosition, offset: number, transportScheme: string): CaddyUpstream[] {
  let text = written.trim();
  let exact = true;
  const env = /^\{\$[A-Za-z_][A-Za-z0-9_]*(?::([^}]*))?\}$/.exec(text);
  if (env) {
    if (env[1] === undefined) return [{ id: idBase, text: { value: written, at }, scheme: transportScheme, dynamic: true }];
    text = env[1];
    exact = false;
  }
  if (/\{[^}]*\}/.test(text)) return [{ id: idBase, text: { value: written, at }, scheme: transportScheme, dynamic: true }];
  const part = (start: number, length: number): SourcePosition | undefined =>
    exact && (at.endLine === undefined || at.endLine === at.line)
      ? { file: at.file, line: at.line, column: at.column + offset + start, endLine: at.line, endColumn: at.column + offset + start + length }
      : undefined;
  if (/^unix\//.test(text)) return [{ id: idBase, text: { value: written, at }, scheme: transportScheme, unixSocket: text.slice('unix/'.length) }];
  const m = /^(?:([a-z][a-z0-9+.-]*):\/\/)?(\[[^\]]*\]|[^:/]*)(?::(\d+)(?:-(\d+))?)?(\/.*)?$/i.exec(text);
  if (!m) return [{ id: idBase, text: { value: written, at }, scheme: transportScheme }];
  const scheme = m[1]?.toLowerCase();
  const hostText = m[2] ?? '';
  const hostStart = scheme ? scheme.length + 3 : 0;
  const effective =
    scheme === 'https' || scheme === 'h2c' || scheme === 'http'
      ? scheme === 'http' && transportScheme !== 'http'
        ? transportScheme
        : scheme
      : transportScheme;
  const base: CaddyUpstream = { id: idBase, text: { value: written, at }, scheme: effective };
  if (scheme) {
    const schemeAt = part(0, scheme.length);
    if (schemeAt) base.schemeAt = schemeAt;
  }
  // `:8080` dials the machine Caddy runs on.
  base.host = hostText === '' ? 'localhost' : hostText.replace(/^\[|\]$/g, '');
  const hostAt = hostText === '' ? undefined : part(hostStart, hostText.length);
  if (hostAt) base.hostAt = hostAt;
  if (m[3] === undefined) {
    if (effective === 'https') base.defaultPort = 443;
    else if (effective !== 'fastcgi') base.defaultPort = 80;
    return [base];
  }
  const first = Number(m[3]);
  const last = m[4] === undefined ? first : Number(m[4]);
  const portStart = hostStart + hostText.length + 1;
  const out: CaddyUpstream[] = [];
  for (let port = first; port <= last && port - first < MAX_RANGE; port++) {
    const u: CaddyUpstream = { ...base, id: last === first ? idBase : `${idBase}:${port}`, port };
    const portAt = last === first ? part(portStart, m[3].length) : undefined;
    if (portAt) u.portAt = portAt;
    out.push(u);
  }
  return out;
}

/** Go durations as Caddy reads them (`5s`, `1m30s`, `500ms`, `2d`); a bare number is nanoseconds. */
export function parseGoDuration(text: string): number | undefined {
  const t = text.trim();
  if (/^\d+$/.test(t)) return Number(t) / 1e9;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d))+$/.test(t)) return undefined;
  const factor: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };
  let seconds = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)) seconds += Number(m[1]) * factor[m[2]!]!;
  return seconds;
}
