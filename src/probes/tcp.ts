import { connect, type Socket } from 'node:net';
import { type Deadline, deadlines } from './deadlines.js';

/**
 * The TCP step: one connect per resolved address, never a multi-address connect (Node 20's
 * `autoSelectFamily` would fold several failures into one AggregateError and hide which address failed),
 * with our own timer so a dropped SYN is reported at the configured timeout and not the kernel's ~2 min.
 */

export interface ConnectOutcome {
  ok: boolean;
  ms: number;
  /** errno name: ECONNREFUSED, ETIMEDOUT (our timer), EHOSTUNREACH, ENETUNREACH, ECONNRESET, … */
  code?: string;
  /** What the result means for a backend, in one sentence. */
  meaning: string;
  /** The connected socket, handed on to TLS/HTTP; the caller destroys it. */
  socket?: Socket;
  localAddress?: string;
  localPort?: number;
  /** When the SYN went out and when the outcome was decided (performance.now()); the engine's clock, not reported. */
  startedAt?: number;
  endedAt?: number;
}

export const CONNECT_MEANINGS: Record<string, string> = {
  ok: 'the three-way handshake completed: something accepts connections on this address and port',
  ECONNREFUSED:
    'refused: the host is reachable and answered with a TCP reset, so nothing listens on this address:port (not running, another port, or bound to another address such as 127.0.0.1 only), or a firewall rejects with tcp-reset',
  ETIMEDOUT:
    'no answer to the SYN in time: a firewall, security group or network policy drops the packets, the address belongs to no live host, or the listen backlog is full',
  EHOSTUNREACH:
    'no route to host: nobody answers ARP/neighbour discovery for this address on the local network (host or pod gone), or a router/firewall sent ICMP host-unreachable / admin-prohibited',
  ENETUNREACH: 'network unreachable: this machine has no route to that network (wrong subnet, missing route, or IPv6 without IPv6 connectivity)',
  ECONNRESET: 'reset while connecting: a middlebox or the host tore the connection down during the handshake',
  EADDRNOTAVAIL:
    'cannot assign the local address: out of ephemeral ports (too many connections in TIME_WAIT) or the address is unusable from here (wrong IPv6 zone)',
  EPERM: 'the connect was blocked on this machine: a local firewall rule (nft/iptables OUTPUT) or a sandbox forbids it',
  EACCES: 'the connect was blocked on this machine: a local firewall rule or a security policy forbids it',
  EINVAL: 'the address is not usable for a connect from here (for example a link-local IPv6 address with a missing or wrong zone)',
  EMFILE: 'updoc itself ran out of file descriptors (lower --concurrency or raise ulimit -n)',
  ENFILE: 'the system ran out of file descriptors',
  ENOBUFS: 'the kernel ran out of buffer space (too many connections)',
};

export function connectMeaning(code: string | undefined): string {
  return CONNECT_MEANINGS[code ?? 'ok'] ?? `the connect failed (${code})`;
}

export interface ConnectOptions {
  timeoutMs: number;
  /** IPv6 zone for link-local literals. */
  zone?: string;
  /** Called when the connect has not finished after `slowAfterMs`, so inspection can start in parallel. */
  onSlow?: () => void;
  slowAfterMs?: number;
}

/**
 * Connects to one IP literal. Never throws; a failure comes back as `{ ok: false, code }`.
 *
 * The clock starts when the SYN has gone out: Node sends it from a `process.nextTick` queued inside
 * `connect()`, and the tick queued right after it here runs next. `ms` and the timeout both count from there,
 * so a blackholed target is given exactly `timeoutMs`, however long the tick that started it ran on.
 */
export function connectTcp(address: string, port: number, options: ConnectOptions): Promise<ConnectOutcome> {
  return new Promise((resolve) => {
    let socket: Socket;
    try {
      socket = connect({ host: options.zone ? `${address}%${options.zone}` : address, port, autoSelectFamily: false, noDelay: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EINVAL';
      resolve({ ok: false, ms: 0, code, meaning: connectMeaning(code) });
      return;
    }
    new PendingConnect(socket, options, resolve);
  });
}

/** How close another deadline may be before a timed-out connect's clean-up waits for it (see PendingConnect.timedOut). */
const TIMEOUT_QUIET_MS = 3;

/** One connect in flight: its socket, its deadlines, and the outcome it resolves with. */
class PendingConnect {
  private started = performance.now();
  private settled = false;
  private timeout: Deadline | undefined;
  private slow: Deadline | undefined;
  private readonly onError = (error: NodeJS.ErrnoException) => this.failed(error);
  private readonly onConnect = () => this.connected();

  constructor(
    private readonly socket: Socket,
    private readonly options: ConnectOptions,
    private readonly resolve: (outcome: ConnectOutcome) => void,
  ) {
    socket.once('error', this.onError);
    socket.once('connect', this.onConnect);
    process.nextTick(startPending, this);
  }

  start(): void {
    if (this.settled) return;
    this.started = performance.now();
    this.timeout = deadlines.at(this.started + this.options.timeoutMs, (now) => this.timedOut(now));
    const onSlow = this.options.onSlow;
    if (onSlow) {
      // A busy event loop can see this deadline before the connect's own (already arrived) result: look
      // again after the poll phase (setImmediate) and only call it slow if it is still pending then.
      this.slow = deadlines.at(this.started + (this.options.slowAfterMs ?? 50), () =>
        setImmediate(() => {
          if (!this.settled) onSlow();
        }),
      );
    }
  }

  private finish(outcome: ConnectOutcome): void {
    this.settled = true;
    deadlines.cancel(this.timeout);
    deadlines.cancel(this.slow);
    this.socket.removeListener('error', this.onError);
    this.socket.removeListener('connect', this.onConnect);
    this.resolve(outcome);
  }

  /**
   * The timeout is decided at `now`, the instant the deadline fired. Closing the socket and handing the outcome
   * on wait while other connect deadlines fall due within a few milliseconds: a thousand blackholed targets time
   * out together, and the work for the first ones must not make the timers of the rest fire late.
   */
  private timedOut(now: number): void {
    if (this.settled) return;
    const socket = this.socket;
    // Whatever the socket reports from now on (a late answer, an ICMP error) no longer counts.
    socket.on('error', ignore);
    const outcome: ConnectOutcome = {
      ok: false,
      ms: now - this.started,
      code: 'ETIMEDOUT',
      meaning: connectMeaning('ETIMEDOUT'),
      startedAt: this.started,
      endedAt: now,
    };
    const close = () => {
      socket.destroy();
      this.finish(outcome);
    };
    this.settled = true;
    deadlines.cancel(this.slow);
    const quiet = deadlines.quiet(TIMEOUT_QUIET_MS);
    if (quiet) void quiet.then(close);
    else close();
  }

  private failed(error: NodeJS.ErrnoException): void {
    if (this.settled) return;
    const code = error.code ?? 'ERROR';
    const now = performance.now();
    this.socket.destroy();
    this.finish({ ok: false, ms: now - this.started, code, meaning: connectMeaning(code), startedAt: this.started, endedAt: now });
  }

  private connected(): void {
    if (this.settled) return;
    const socket = this.socket;
    // Errors after the connect belong to the next step; keep one listener so none is unhandled.
    socket.on('error', ignore);
    const now = performance.now();
    this.finish({
      ok: true,
      ms: now - this.started,
      startedAt: this.started,
      endedAt: now,
      meaning: CONNECT_MEANINGS.ok,
      socket,
      localAddress: socket.localAddress,
      localPort: socket.localPort,
    });
  }
}

function ignore(): void {}

/** The tick after `connect()`'s own (see connectTcp): a module-level function, so no closure per connect. */
function startPending(pending: PendingConnect): void {
  pending.start();
}
