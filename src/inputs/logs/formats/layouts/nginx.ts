import {
  type AccessField,
  type AccessFields,
  FIELD_INDEX,
  isDash,
  isGatewayError,
  listHasGatewayError,
  listItems,
  secondsToMs,
  slotOf,
  spanOf,
  startsWithBytes,
  statusAt,
} from '../access-fields.js';
import { type ScanProgram, SPAN_TEST } from '../../wasm-scanner.js';
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

/** Finds `key=value` pairs after the format's known part in one pass over the rest of the line. */
class KeyValueLocator {
  readonly keys = KEY_VALUE_FIELDS.map(([key, field]) => ({ key: Buffer.from(`${key}=`), slot: FIELD_INDEX[field] * 2 }));

  locate(buf: Buffer, from: number, end: number, spans: Int32Array): void {
    for (let p = from; p < end; p++) {
      if (buf[p] !== 32) continue;
      const keyStart = p + 1;
      const entry = this.keys.find((k) => startsWithBytes(buf, keyStart, end, k.key));
      if (!entry || spans[entry.slot] >= 0) continue;
      let v = keyStart + entry.key.length;
      let valueEnd: number;
      if (v < end && buf[v] === 34) {
        v++;
        valueEnd = v;
        while (valueEnd < end && buf[valueEnd] !== 34) valueEnd++;
      } else {
        valueEnd = v;
        // Unquoted lists keep their ", " and " : " separators.
        while (valueEnd < end) {
          const b = buf[valueEnd];
          if (b === 32 && buf[valueEnd - 1] !== 44 && buf[valueEnd - 1] !== 58 && !(valueEnd + 2 < end && buf[valueEnd + 1] === 58 && buf[valueEnd + 2] === 32))
            break;
          valueEnd++;
        }
      }
      spans[entry.slot] = v;
      spans[entry.slot + 1] = valueEnd;
      p = valueEnd - 1;
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

  constructor(template: Template, options: { keyValues?: boolean; ingress?: boolean } = {}) {
    this.locator = new TemplateLocator(template);
    this.keyValues = options.keyValues ? new KeyValueLocator() : null;
    this.ingress = options.ingress ?? false;
  }

  private readonly ingress: boolean;

  begin(buf: Buffer, blockEnd: number): void {
    this.locator.begin(buf, blockEnd);
  }

  locate(buf: Buffer, start: number, end: number, spans: Int32Array): boolean {
    const known = this.locator.locateEnd(buf, start, end, spans);
    if (known < 0) return false;
    this.keyValues?.locate(buf, known, end, spans);
    return true;
  }

  program(): ScanProgram {
    return {
      parts: this.locator.programParts(),
      keyValues: this.keyValues?.keys ?? [],
      requiredSlot: -1,
      clauses: [
        { test: SPAN_TEST.listGatewayError, slot: slotOf('peerStatus') },
        { test: SPAN_TEST.statusGatewayError, slot: slotOf('status') },
      ],
      peersSlot: slotOf('peers'),
      poolSlot: slotOf('pool'),
    };
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
