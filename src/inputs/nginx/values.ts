import type { SourcePosition } from '../../core/position.js';
import type { NginxAddress, NginxArg } from './model.js';

const VARIABLE = /\$(?:\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g;

/** Names of the variables used in a value (`$backend`, `${port}`). */
export function variablesIn(value: string): string[] {
  const names: string[] = [];
  for (const m of value.matchAll(VARIABLE)) names.push(m[1] ?? m[2]);
  return names;
}

/** envsubst placeholders of Docker's nginx templates: `${UPPER_CASE}` (nginx variables are lower case by convention). */
export function hasEnvPlaceholder(value: string): boolean {
  return /\$\{[A-Z][A-Z0-9_]*\}/.test(value);
}

/**
 * Position of `length` characters starting at `index` of an argument's value, when the value maps 1:1 onto
 * the source (no escapes, one line); undefined otherwise (then no fix points inside the argument).
 */
export function positionInArg(arg: NginxArg, index: number, length: number): SourcePosition | undefined {
  const inner = arg.quote ? arg.raw.slice(1, -1) : arg.raw;
  if (inner !== arg.value || arg.at.endLine !== arg.at.line || index < 0) return undefined;
  const column = arg.at.column + (arg.quote ? 1 : 0) + index;
  return { file: arg.at.file, line: arg.at.line, column, endLine: arg.at.line, endColumn: column + length };
}

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, M: 2592000, y: 31536000 };

/** nginx time syntax (`60`, `5s`, `1m30s`, `"1h 30m"`, `500ms`) in seconds; undefined when it is not one. */
export function parseDuration(value: string): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let matched = '';
  for (const m of text.matchAll(/(\d+)\s*(ms|s|m|h|d|w|M|y)\s*/g)) {
    total += Number(m[1]) * UNITS[m[2]];
    matched += m[0];
  }
  return matched.length === text.length ? total : undefined;
}

/** HAProxy and nginx sizes/numbers: a plain non-negative integer or undefined. */
export function parseCount(value: string): number | undefined {
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

export interface ParsedAddress extends NginxAddress {
  /** The host text might be a name, an IPv4/IPv6 literal or contain variables. */
  hostHasVariables?: boolean;
  rest?: string;
}

/**
 * Splits `host[:port][/rest]`, `[v6]:port`, `unix:/path[:/rest]` found at `offset` of the argument's value.
 * Positions are filled when the argument maps 1:1 onto its source.
 */
export function parseHostPort(arg: NginxArg, value: string, offset: number, options: { unixUri?: boolean } = {}): ParsedAddress {
  if (/^unix:/i.test(value)) {
    const body = value.slice(5);
    // proxy_pass http://unix:/tmp/app.sock:/uri — the socket path ends at the next ':'.
    const colon = options.unixUri ? body.indexOf(':') : -1;
    const socket = colon >= 0 ? body.slice(0, colon) : body;
    const rest = colon >= 0 ? body.slice(colon + 1) : undefined;
    return { unixSocket: socket, ...(rest ? { rest } : {}) };
  }
  let hostEnd: number;
  let hostStart = 0;
  let host: string;
  if (value.startsWith('[')) {
    const close = value.indexOf(']');
    hostEnd = close < 0 ? value.length : close + 1;
    hostStart = 1;
    host = value.slice(1, close < 0 ? value.length : close);
  } else {
    const m = /^[^:/?]*/.exec(value);
    hostEnd = m ? m[0].length : 0;
    host = value.slice(0, hostEnd);
  }
  const result: ParsedAddress = {};
  if (host !== '') {
    result.host = host;
    const at = positionInArg(arg, offset + hostStart, host.length);
    if (at) result.hostAt = at;
    if (variablesIn(host).length > 0) result.hostHasVariables = true;
  }
  let i = hostEnd;
  if (value[i] === ':') {
    const m = /^[^/?]*/.exec(value.slice(i + 1));
    const portText = m ? m[0] : '';
    if (/^\d+$/.test(portText)) {
      result.port = Number(portText);
      const at = positionInArg(arg, offset + i + 1, portText.length);
      if (at) result.portAt = at;
    }
    i += 1 + portText.length;
  }
  if (i < value.length) result.rest = value.slice(i);
  return result;
}

export function isIpLiteral(host: string): boolean {
  return /^\d{1,3}(?:\.\d{1,3}){3}$/.test(host) || host.includes(':');
}
