import type { AccessField, AccessFields } from '../access-fields.js';
import { spanOf, startsWithBytes, statusAt } from '../access-fields.js';
import { compileTemplate, TemplateLocator } from '../template.js';
import type { AccessFailure, AccessLayout } from '../types.js';

// `option httplog` and `option tcplog` layouts (HAProxy configuration manual, 8.2.3 / 8.2.2). The
// backend/server pair is read as one peer ("be_app/srv1"); `<NOSRV>` means no server was chosen.
const HTTP_LOG = '$client [$time] $frontend $peers $timers $status $bytes $req_cookie $res_cookie $termination $conns $queues $rest';
const TCP_LOG = '$client [$time] $frontend $peers $timers $bytes $termination $conns $queues';

const FIELDS: Readonly<Record<string, AccessField>> = { time: 'time', peers: 'peers', timers: 'timers', status: 'status', termination: 'termination' };

const NOSRV = '<NOSRV>';
const NOSRV_BYTES = Buffer.from(NOSRV);

/** Termination states (first two characters) that mean the server side failed, and their catalog entries. */
const FAILED_STATES: Readonly<Record<string, string>> = {
  SC: 'HAP-SC',
  sC: 'HAP-sC',
  SH: 'HAP-SH',
  sH: 'HAP-sH',
  SD: 'HAP-SD',
  sD: 'HAP-sD',
  sQ: 'HAP-sQ',
  SQ: 'HAP-sQ',
  PC: 'HAP-PC',
  RC: 'HAP-RC',
  PH: 'HAP-PH',
  PD: 'HAP-PD',
};

class HaproxyLayout implements AccessLayout {
  private readonly http = new TemplateLocator(compileTemplate(HTTP_LOG, (name) => FIELDS[name]));
  private readonly tcp = new TemplateLocator(compileTemplate(TCP_LOG, (name) => FIELDS[name]));

  begin(buf: Buffer, blockEnd: number): void {
    this.http.begin(buf, blockEnd);
    this.tcp.begin(buf, blockEnd);
  }

  locate(buf: Buffer, start: number, end: number, spans: Int32Array): boolean {
    const from = afterSyslogPrefix(buf, start, end);
    if (this.http.locate(buf, from, end, spans)) return true;
    spans.fill(-1);
    return this.tcp.locate(buf, from, end, spans);
  }

  mayFail(buf: Buffer, spans: Int32Array): boolean {
    const term = spanOf(spans, 'termination');
    if (term && term[1] > term[0]) {
      const who = buf[term[0]];
      // S/s server, P proxy, R resource, D server went down.
      if (who === 83 || who === 115 || who === 80 || who === 82 || who === 68) return true;
    }
    const peers = spanOf(spans, 'peers');
    const status = spanOf(spans, 'status');
    return (
      peers !== null &&
      status !== null &&
      statusAt(buf, status[0], status[1]) === 503 &&
      startsWithBytes(buf, peers[1] - NOSRV_BYTES.length, peers[1], NOSRV_BYTES)
    );
  }

  failure(fields: AccessFields): AccessFailure | null {
    const term = fields.termination ?? '';
    const pair = fields.peers ?? '';
    const noServer = pair.endsWith(`/${NOSRV}`);
    const status = Number.parseInt(fields.status ?? '', 10);
    let catalog = FAILED_STATES[term.slice(0, 2)];
    if (!catalog && term.startsWith('D')) catalog = 'HAP-DOWN-KILL';
    if (noServer && status === 503) catalog = 'HAP-503-NOSRV';
    if (!catalog) return null;
    // HTTP timers are TR/Tw/Tc/Tr/Ta, TCP timers Tw/Tc/Tt; -1 means the step was never reached.
    const timers = (fields.timers ?? '').split('/').map((t) => Number.parseInt(t, 10));
    const connect = timers.length === 5 ? timers[2] : timers[1];
    const total = timers[timers.length - 1];
    return {
      status: Number.isNaN(status) ? null : status,
      attempts: [
        {
          peer: noServer ? null : pair || null,
          status: null,
          connectMs: connect !== undefined && connect >= 0 ? connect : undefined,
          elapsedMs: total !== undefined && total >= 0 ? total : undefined,
        },
      ],
      pool: pair.includes('/') ? pair.slice(0, pair.indexOf('/')) : undefined,
      fallback: { catalog },
    };
  }

  peerKey(raw: string): string | null {
    return raw.endsWith(`/${NOSRV}`) ? raw.slice(0, -NOSRV.length - 1) : raw;
  }
}

/** syslog puts `Mar 12 09:14:02 lb1 haproxy[123]: ` in front; the record starts after `]: `. */
function afterSyslogPrefix(buf: Buffer, start: number, end: number): number {
  const limit = Math.min(end, start + 160);
  for (let i = start; i + 2 < limit; i++) if (buf[i] === 93 && buf[i + 1] === 58 && buf[i + 2] === 32) return i + 3;
  return start;
}

export const haproxyLayout = (): AccessLayout => new HaproxyLayout();
