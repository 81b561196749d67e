import type { AccessField, AccessFields } from '../access-fields.js';
import { isDash, isGatewayError, secondsToMs, slotOf, spanOf, startsWithBytes, statusAt } from '../access-fields.js';
import { SPAN_TEST } from '../../wasm-scanner.js';
import { JsonLocator } from '../json-locator.js';
import { compileTemplate, TemplateLocator } from '../template.js';
import type { AccessFailure, AccessLayout } from '../types.js';
import { LocatorLayout } from './locator-layout.js';

// AWS ALB access log entry (docs: "Access log entries"); newer fields at the end are not needed.
const ALB_LOG =
  '$type $time $elb $client $peers $request_processing_time $target_time $response_processing_time $status $target_status $received_bytes $sent_bytes "$request" "$user_agent" $ssl_cipher $ssl_protocol $pool $rest';
const ALB_FIELDS: Readonly<Record<string, AccessField>> = {
  time: 'time',
  peers: 'peers',
  target_time: 'targetTime',
  status: 'status',
  target_status: 'targetStatus',
  pool: 'pool',
};

/**
 * ALB: the load balancer's own 502/503/504 have no target status ("-"); a 5xx with a target status
 * came from the target itself and is the application's answer, not a failure to reach it.
 */
class AlbLayout extends LocatorLayout {
  protected readonly locator = new TemplateLocator(compileTemplate(ALB_LOG, (name) => ALB_FIELDS[name]));

  mayFail(buf: Buffer, spans: Int32Array): boolean {
    const status = spanOf(spans, 'status');
    const target = spanOf(spans, 'targetStatus');
    return status !== null && target !== null && isGatewayError(statusAt(buf, status[0], status[1])) && isDash(buf, target[0], target[1]);
  }

  protected override mayFailTests() {
    return [{ test: SPAN_TEST.statusGatewayError, slot: slotOf('status') }];
  }

  failure(fields: AccessFields): AccessFailure | null {
    const status = Number.parseInt(fields.status ?? '', 10);
    if (!isGatewayError(status) || fields.targetStatus !== '-') return null;
    const targetSeconds = Number.parseFloat(fields.targetTime ?? '');
    const catalog = status === 503 ? 'AWS-ALB-503' : status === 502 ? 'AWS-ALB-502-CONN' : targetSeconds < 0 ? 'AWS-ALB-504-CONNECT' : 'AWS-ALB-504-IDLE';
    return {
      status,
      attempts: [
        { peer: fields.peers && fields.peers !== '-' ? fields.peers : null, status: null, elapsedMs: targetSeconds >= 0 ? targetSeconds * 1000 : undefined },
      ],
      pool: this.peerKey(fields.pool ?? '') ?? undefined,
      fallback: { catalog },
    };
  }

  /** `arn:aws:elasticloadbalancing:…:targetgroup/web-tg/6d0e…` → `web-tg`. */
  peerKey(raw: string): string | null {
    const m = /targetgroup\/([^/\s]+)/.exec(raw);
    return m ? m[1] : raw || null;
  }
}

// Classic ELB access log entry: the ALB layout without type, target group and the newer trailing fields.
const ELB_LOG =
  '$time $pool $client $peers $request_processing_time $target_time $response_processing_time $status $target_status $received_bytes $sent_bytes "$request" "$user_agent" $rest';

/**
 * Classic ELB: as ALB, a 502/503/504 the load balancer produced itself has no back-end status ("-";
 * some writers print 0). Requests are counted per back-end instance (`$peers`, `-` when none was chosen).
 */
class ElbLayout extends LocatorLayout {
  protected readonly locator = new TemplateLocator(compileTemplate(ELB_LOG, (name) => ALB_FIELDS[name]));

  mayFail(buf: Buffer, spans: Int32Array): boolean {
    const status = spanOf(spans, 'status');
    const target = spanOf(spans, 'targetStatus');
    return (
      status !== null &&
      target !== null &&
      isGatewayError(statusAt(buf, status[0], status[1])) &&
      (isDash(buf, target[0], target[1]) || (target[1] - target[0] === 1 && buf[target[0]] === 0x30))
    );
  }

  protected override mayFailTests() {
    return [{ test: SPAN_TEST.statusGatewayError, slot: slotOf('status') }];
  }

  failure(fields: AccessFields): AccessFailure | null {
    const status = Number.parseInt(fields.status ?? '', 10);
    if (!isGatewayError(status) || (fields.targetStatus !== '-' && fields.targetStatus !== '0')) return null;
    const targetSeconds = Number.parseFloat(fields.targetTime ?? '');
    return {
      status,
      attempts: [
        { peer: fields.peers && fields.peers !== '-' ? fields.peers : null, status: null, elapsedMs: targetSeconds >= 0 ? targetSeconds * 1000 : undefined },
      ],
      pool: fields.pool || undefined,
      fallback: { signature: 'aws/clb-access-log-backend-failed' },
    };
  }
}

/** GCP external Application Load Balancer request logs (`statusDetails` names the failure). */
const GCP_FAILURES: Readonly<Record<string, string>> = {
  failed_to_connect_to_backend: 'GCP-FAILCONN',
  failed_to_pick_backend: 'GCP-PICK',
  backend_timeout: 'GCP-TIMEOUT',
  backend_connection_closed_before_data_sent_to_client: 'GCP-CLOSED',
  backend_connection_closed_after_partial_response_sent: 'GCP-PARTIAL',
  backend_early_response_with_non_error_status: 'GCP-CORRUPT',
  backend_response_corrupted: 'GCP-CORRUPT',
  response_sent_by_backend_with_incomplete_response: 'GCP-PARTIAL',
  failed_to_negotiate_alpn: 'GCP-TLS',
  ssl_certificate_san_verification_failed: 'GCP-TLS',
  ssl_certificate_chain_verification_failed: 'GCP-TLS',
};

const SENT_BY_BACKEND = Buffer.from('response_sent_by_backend');

class GcpLayout extends LocatorLayout {
  protected readonly locator = new JsonLocator(
    { time: ['timestamp'], status: ['status'], details: ['statusDetails'], pool: ['backend_service_name', 'backendServiceName'], targetTime: ['latency'] },
    Buffer.from('"httpRequest"'),
  );

  mayFail(buf: Buffer, spans: Int32Array): boolean {
    const status = spanOf(spans, 'status');
    const details = spanOf(spans, 'details');
    return (
      (status !== null && statusAt(buf, status[0], status[1]) >= 500) || (details !== null && !startsWithBytes(buf, details[0], details[1], SENT_BY_BACKEND))
    );
  }

  failure(fields: AccessFields): AccessFailure | null {
    const catalog = GCP_FAILURES[fields.details ?? ''];
    if (!catalog) return null;
    const status = Number.parseInt(fields.status ?? '', 10);
    return {
      status: Number.isNaN(status) ? null : status,
      attempts: [{ peer: null, status: null, elapsedMs: secondsToMs(fields.targetTime?.replace(/s$/, '')) }],
      pool: fields.pool || undefined,
      fallback: { catalog },
    };
  }
}

export const albLayout = (): AccessLayout => new AlbLayout();
export const elbLayout = (): AccessLayout => new ElbLayout();
export const gcpLayout = (): AccessLayout => new GcpLayout();
