import type { AccessField, AccessFields } from '../access-fields.js';
import { isDash, numberOrUndefined, slotOf, spanOf } from '../access-fields.js';
import { SPAN_TEST } from '../../wasm-scanner.js';
import { JsonLocator } from '../json-locator.js';
import { compileTemplate, TemplateLocator } from '../template.js';
import type { AccessFailure, AccessLayout } from '../types.js';
import { LocatorLayout } from './locator-layout.js';

/**
 * Response flags that mean the proxy failed to get an answer from upstream, most telling first.
 * NR (no route), DC (client went away), RL/UAEX/FI/DI (policy) are not upstream failures.
 */
const UPSTREAM_FLAGS = ['UF', 'UH', 'NC', 'UO', 'UT', 'UC', 'UR', 'LR', 'UPE', 'DF', 'LH', 'UMSDR', 'SI', 'DO', 'URX'] as const;
const UPSTREAM_FLAG_SET: ReadonlySet<string> = new Set(UPSTREAM_FLAGS);

// Envoy's default format, and Istio's (Istio ≥ 1.9 adds details, termination details and the transport failure).
const ENVOY_DEFAULT = '[$time] "$request" $status $flags $bytes_in $bytes_out $duration $upstream_time "$xff" "$ua" "$request_id" "$authority" "$peers"';
const ISTIO_DEFAULT =
  '[$time] "$request" $status $flags $details $termination_details "$transport_failure" $bytes_in $bytes_out $duration $upstream_time "$xff" "$ua" "$request_id" "$authority" "$peers" $cluster $rest';

const TEXT_FIELDS: Readonly<Record<string, AccessField>> = {
  time: 'time',
  status: 'status',
  flags: 'flags',
  duration: 'durationMs',
  peers: 'peers',
  cluster: 'pool',
  authority: 'pool',
  details: 'details',
  transport_failure: 'transportFailure',
};

/**
 * NR on a connection rather than a request: a TCP line (response code 0, request "- - -") or
 * `filter_chain_not_found` means the listener had no filter chain or TCP route for the connection
 * (undeclared port, plaintext to an mTLS-only inbound), so nothing reached any backend. An HTTP 404
 * NR is a request for an unknown host/path and stays out, as do the other policy flags.
 */
function connectionNotRouted(flags: readonly string[], status: number, details: string | undefined): boolean {
  return flags.includes('NR') && (status === 0 || details === 'filter_chain_not_found');
}

/** The upstream failure an Envoy record shows, from its response flags. */
export function envoyFailure(fields: AccessFields): AccessFailure | null {
  const raw = fields.flags ?? '';
  const flags = raw.includes(',') ? raw.split(',').map((f) => f.trim()) : [raw.trim()];
  const status = Number.parseInt(fields.status ?? '', 10);
  // One flag (most lines): it is the upstream flag or there is none.
  const upstream =
    (flags.length === 1 ? (UPSTREAM_FLAG_SET.has(flags[0]) ? flags[0] : undefined) : UPSTREAM_FLAGS.find((f) => flags.includes(f))) ??
    (connectionNotRouted(flags, status, fields.details) ? 'NR' : undefined);
  if (!upstream) return null;
  const peer = fields.peers && fields.peers !== '-' ? fields.peers : null;
  return {
    status: Number.isNaN(status) ? null : status,
    attempts: [{ peer, status: null, elapsedMs: numberOrUndefined(fields.durationMs) }],
    pool: fields.pool && fields.pool !== '-' ? fields.pool : undefined,
    fallback: { catalog: `ENV-${upstream}` },
  };
}

class EnvoyTextLayout extends LocatorLayout {
  protected readonly locator: TemplateLocator;
  /** Whether the format logs %RESPONSE_CODE_DETAILS% (then any NR may be `filter_chain_not_found`). */
  private readonly hasDetails: boolean;

  constructor(format: string) {
    super();
    this.locator = new TemplateLocator(compileTemplate(format, (name) => TEXT_FIELDS[name]));
    this.hasDetails = format.includes('$details');
  }

  mayFail(buf: Buffer, spans: Int32Array): boolean {
    const flags = spanOf(spans, 'flags');
    return flags !== null && !isDash(buf, flags[0], flags[1]);
  }

  /**
   * What `envoyFailure` accepts, read from the spans: an upstream flag, or an NR that may be a connection
   * not routed (status 0, or any status when the details may say filter_chain_not_found). Policy flags and
   * HTTP NRs (a 404 for an unknown route) stay in the engine: they are common and never failures.
   */
  protected override mayFailTests() {
    const flags = slotOf('flags');
    const notRouted = { test: SPAN_TEST.listToken, slot: flags, tokens: ['NR'] };
    return [
      { test: SPAN_TEST.listToken, slot: flags, tokens: UPSTREAM_FLAGS },
      this.hasDetails ? notRouted : { ...notRouted, andNext: true },
      ...(this.hasDetails ? [] : [{ test: SPAN_TEST.numberEquals, slot: slotOf('status'), value: 0 }]),
    ];
  }

  failure(fields: AccessFields): AccessFailure | null {
    return envoyFailure(fields);
  }
}

/** Envoy/Istio JSON access logs with the usual operator names as keys. */
class EnvoyJsonLayout extends LocatorLayout {
  protected override readonly requireStatus = true;
  protected readonly locator = new JsonLocator({
    time: ['start_time', 'timestamp'],
    status: ['response_code'],
    flags: ['response_flags'],
    peers: ['upstream_host'],
    pool: ['upstream_cluster', 'authority'],
    durationMs: ['duration'],
    details: ['response_code_details'],
    transportFailure: ['upstream_transport_failure_reason'],
  });

  mayFail(buf: Buffer, spans: Int32Array): boolean {
    const flags = spanOf(spans, 'flags');
    return flags !== null && !isDash(buf, flags[0], flags[1]) && flags[1] > flags[0];
  }

  failure(fields: AccessFields): AccessFailure | null {
    return envoyFailure(fields);
  }
}

export const envoyTextLayout = (): AccessLayout => new EnvoyTextLayout(ENVOY_DEFAULT);
export const istioTextLayout = (): AccessLayout => new EnvoyTextLayout(ISTIO_DEFAULT);
export const envoyJsonLayout = (): AccessLayout => new EnvoyJsonLayout();
