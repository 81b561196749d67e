import {
  type AccessField,
  type AccessFields,
  FIELD_INDEX,
  isDash,
  isGatewayError,
  listHasGatewayError,
  listItems,
  secondsToMs,
  spanOf,
  statusAt,
} from '../access-fields.js';
import { INGRESS_NGINX_FORMAT, NGINX_COMBINED, compileNginxFormat } from '../nginx-log-format.js';
import { type Template, TemplateLocator } from '../template.js';
import type { AccessFailure, AccessLayout, FailedAttempt } from '../types.js';

/**
 * `key=value` upstream fields appended to the combined format, in the usual spellings
 * (`ua="…" us="…" uct=… urt=… rt=…` or the full variable names). Used when no format string is given.
 */
const KEY_VALUE_FIELDS: readonly [string, AccessField][] = [
  ['ua', 'peers'],
  ['upstream_addr', 'peers'],
  ['us', 'peerStatus'],
  ['upstream_status', 'peerStatus'],
  ['uct', 'connectTime'],
  ['upstream_connect_time', 'connectTime'],
  ['uht', 'headerTime'],
  ['upstream_header_time', 'headerTime'],
  ['urt', 'responseTime'],
  ['upstream_response_time', 'responseTime'],
  ['rt', 'requestTime'],
  ['request_time', 'requestTime'],
];

class KeyValueLocator {
  private readonly needles = KEY_VALUE_FIELDS.map(([key]) => Buffer.from(` ${key}=`));
  private readonly next = new Float64Array(KEY_VALUE_FIELDS.length);
  private buf: Buffer | null = null;
  private blockEnd = 0;

  begin(buf: Buffer, blockEnd: number): void {
    this.buf = buf;
    this.blockEnd = blockEnd;
    this.next.fill(-1);
  }

  locate(buf: Buffer, from: number, end: number, spans: Int32Array): void {
    for (let slot = 0; slot < this.needles.length; slot++) {
      const i = FIELD_INDEX[KEY_VALUE_FIELDS[slot][1]] * 2;
      if (spans[i] >= 0) continue;
      let p = this.next[slot];
      if (p < from) {
        p = (this.buf as Buffer).indexOf(this.needles[slot], from);
        if (p < 0 || p >= this.blockEnd) p = Number.POSITIVE_INFINITY;
        this.next[slot] = p;
      }
      if (p >= end) continue;
      let v = p + this.needles[slot].length;
      let valueEnd: number;
      if (buf[v] === 34) {
        v++;
        valueEnd = buf.indexOf(34, v);
        if (valueEnd < 0 || valueEnd > end) valueEnd = end;
      } else {
        valueEnd = v;
        // Unquoted lists keep their ", " and " : " separators.
        while (valueEnd < end) {
          const b = buf[valueEnd];
          if (b === 32 && buf[valueEnd - 1] !== 44 && !(buf[valueEnd + 1] === 58 && buf[valueEnd + 2] === 32) && buf[valueEnd - 1] !== 58) break;
          if (b === 10 || b === 13) break;
          valueEnd++;
        }
      }
      spans[i] = v;
      spans[i + 1] = valueEnd;
    }
  }
}

/**
 * nginx access logs (combined or any `log_format`), ingress-nginx and Kong. Failures are attempts with
 * `$upstream_status` 502/503/504, or a 502/503/504 with no upstream status (no peer was tried).
 */
export class NginxAccessLayout implements AccessLayout {
  private readonly locator: TemplateLocator;
  private readonly keyValues: KeyValueLocator | null;

  constructor(
    template: Template,
    options: { keyValues?: boolean; ingress?: boolean } = {},
  ) {
    this.locator = new TemplateLocator(template);
    this.keyValues = options.keyValues ? new KeyValueLocator() : null;
    this.ingress = options.ingress ?? false;
  }

  private readonly ingress: boolean;

  begin(buf: Buffer, blockEnd: number): void {
    this.locator.begin(buf, blockEnd);
    this.keyValues?.begin(buf, blockEnd);
  }

  locate(buf: Buffer, start: number, end: number, spans: Int32Array): boolean {
    if (!this.locator.locate(buf, start, end, spans)) return false;
    this.keyValues?.locate(buf, start, end, spans);
    return true;
  }

  mayFail(buf: Buffer, spans: Int32Array): boolean {
    const upstream = spanOf(spans, 'peerStatus');
    if (upstream && !isDash(buf, upstream[0], upstream[1]) && listHasGatewayError(buf, upstream[0], upstream[1])) return true;
    const status = spanOf(spans, 'status');
    return status !== null && isGatewayError(statusAt(buf, status[0], status[1]));
  }

  failure(fields: AccessFields): AccessFailure | null {
    const peers = listItems(fields.peers);
    const statuses = listItems(fields.peerStatus);
    const connects = listItems(fields.connectTime);
    const headers = listItems(fields.headerTime);
    const responses = listItems(fields.responseTime);
    const status = Number.parseInt(fields.status ?? '', 10);
    const pool = fields.pool && fields.pool !== '-' ? fields.pool : undefined;
    const attempts: FailedAttempt[] = [];
    statuses.forEach((s, i) => {
      const code = Number.parseInt(s, 10);
      if (!isGatewayError(code)) return;
      attempts.push({ peer: peerOrNull(peers[i]), status: code, connectMs: secondsToMs(connects[i]), elapsedMs: secondsToMs(responses[i]) });
    });
    if (attempts.length === 0) {
      if (!isGatewayError(status) || statuses.some((s) => /^\d/.test(s))) return null;
      attempts.push({ peer: peerOrNull(peers[0]), status: null, elapsedMs: secondsToMs(fields.requestTime) });
    }
    const first = statuses.findIndex((s) => isGatewayError(Number.parseInt(s, 10)));
    return { status: Number.isNaN(status) ? null : status, attempts, pool, fallback: this.fallback(attempts[0], connects[first], headers[first], fields) };
  }

  private fallback(attempt: FailedAttempt, connect: string | undefined, header: string | undefined, fields: AccessFields): AccessFailure['fallback'] {
    if (this.ingress && attempt.peer === null && fields.status === '503') return { catalog: 'ING-02' };
    if (fields.peerStatus === undefined) return {};
    if (connect === '-') return { signature: 'nginx/access-log-upstream-never-connected', catalog: 'NGX-36' };
    if (connect !== undefined && header === '-') return { signature: 'nginx/access-log-upstream-no-header', catalog: 'NGX-36' };
    return { signature: 'nginx/access-log-upstream-error', catalog: 'NGX-36' };
  }
}

function peerOrNull(peer: string | undefined): string | null {
  return peer === undefined || peer === '-' || peer === '' ? null : peer;
}

export const nginxCombinedLayout = (): AccessLayout => new NginxAccessLayout(compileNginxFormat(NGINX_COMBINED), { keyValues: true });
export const ingressNginxLayout = (): AccessLayout => new NginxAccessLayout(compileNginxFormat(INGRESS_NGINX_FORMAT), { ingress: true });
export const nginxFormatLayout = (format: string): AccessLayout => new NginxAccessLayout(compileNginxFormat(format), { keyValues: false });
