import type { AccessField, AccessFields } from '../access-fields.js';
import { isGatewayError, numberOrUndefined, secondsToMs, slotOf, spanOf, statusAt } from '../access-fields.js';
import { SPAN_TEST } from '../../wasm-scanner.js';
import { JsonLocator } from '../json-locator.js';
import { compileTemplate, TemplateLocator } from '../template.js';
import type { AccessFailure, AccessLayout } from '../types.js';
import { LocatorLayout } from './locator-layout.js';

// Traefik's CLF access log: combined plus request count, router, server URL and duration.
const TRAEFIK_CLF = '$client - $user [$time] "$request" $status $size "$referer" "$user_agent" $count "$pool" "$peers" $duration';
const TRAEFIK_FIELDS: Readonly<Record<string, AccessField>> = { time: 'time', status: 'status', pool: 'pool', peers: 'peers', duration: 'durationMs' };

const TRAEFIK_CATALOG: Readonly<Record<number, string>> = { 502: 'TRF-502', 503: 'TRF-NOSRV', 504: 'TRF-504' };
const CADDY_CATALOG: Readonly<Record<number, string>> = { 502: 'CDY-502', 503: 'CDY-NOUP', 504: 'CDY-504' };

/** A 502/503/504 the Go proxy produced itself (the origin status, when logged, is 0 or absent). */
function gatewayFailure(fields: AccessFields, catalogs: Readonly<Record<number, string>>, elapsedMs: number | undefined): AccessFailure | null {
  const status = Number.parseInt(fields.status ?? '', 10);
  if (!isGatewayError(status)) return null;
  if (fields.targetStatus !== undefined && fields.targetStatus !== '0') return null;
  return {
    status,
    attempts: [{ peer: fields.peers && fields.peers !== '-' ? fields.peers : null, status: null, elapsedMs }],
    pool: fields.pool && fields.pool !== '-' ? fields.pool : undefined,
    fallback: { catalog: catalogs[status] },
  };
}

/** Traefik and Caddy log their own 502/503/504 like any response: the status alone gates a failure. */
abstract class StatusGatedLayout extends LocatorLayout {
  protected override readonly requireStatus = true;

  mayFail(buf: Buffer, spans: Int32Array): boolean {
    const status = spanOf(spans, 'status');
    return status !== null && isGatewayError(statusAt(buf, status[0], status[1]));
  }

  protected override mayFailTests() {
    return [{ test: SPAN_TEST.statusGatewayError, slot: slotOf('status') }];
  }
}

class TraefikClfLayout extends StatusGatedLayout {
  protected readonly locator = new TemplateLocator(compileTemplate(TRAEFIK_CLF, (name) => TRAEFIK_FIELDS[name]));

  failure(fields: AccessFields): AccessFailure | null {
    return gatewayFailure(fields, TRAEFIK_CATALOG, numberOrUndefined(fields.durationMs));
  }
}

class TraefikJsonLayout extends StatusGatedLayout {
  protected readonly locator = new JsonLocator({
    time: ['StartUTC', 'time'],
    status: ['DownstreamStatus'],
    targetStatus: ['OriginStatus'],
    peers: ['ServiceURL', 'ServiceAddr'],
    pool: ['RouterName', 'ServiceName'],
    durationMs: ['Duration'],
  });

  failure(fields: AccessFields): AccessFailure | null {
    // Traefik's JSON Duration is in nanoseconds.
    const ns = numberOrUndefined(fields.durationMs);
    return gatewayFailure(fields, TRAEFIK_CATALOG, ns === undefined ? undefined : ns / 1e6);
  }
}

class CaddyAccessLayout extends StatusGatedLayout {
  // Caddy's access records name the site, not the upstream: failures there count under "(unknown)".
  protected readonly locator = new JsonLocator({ time: ['ts'], status: ['status'], requestTime: ['duration'] }, Buffer.from('"logger":"http.log.access'));

  failure(fields: AccessFields): AccessFailure | null {
    return gatewayFailure(fields, CADDY_CATALOG, secondsToMs(fields.requestTime));
  }
}

export const traefikClfLayout = (): AccessLayout => new TraefikClfLayout();
export const traefikJsonLayout = (): AccessLayout => new TraefikJsonLayout();
export const caddyAccessLayout = (): AccessLayout => new CaddyAccessLayout();
