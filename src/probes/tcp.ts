import { connect, type Socket } from 'node:net';

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

/** Connects to one IP literal. Never throws; a failure comes back as `{ ok: false, code }`. */
export function connectTcp(address: string, port: number, options: ConnectOptions): Promise<ConnectOutcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const host = options.zone ? `${address}%${options.zone}` : address;
    let socket: Socket;
    try {
      socket = connect({ host, port, autoSelectFamily: false, noDelay: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EINVAL';
      resolve({ ok: false, ms: performance.now() - started, code, meaning: connectMeaning(code) });
      return;
    }
    const finish = (outcome: ConnectOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(slowTimer);
      socket.removeListener('error', onError);
      resolve(outcome);
    };
    const onError = (error: NodeJS.ErrnoException) => {
      const code = error.code ?? 'ERROR';
      socket.destroy();
      finish({ ok: false, ms: performance.now() - started, code, meaning: connectMeaning(code) });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish({ ok: false, ms: performance.now() - started, code: 'ETIMEDOUT', meaning: connectMeaning('ETIMEDOUT') });
    }, options.timeoutMs);
    // A busy event loop can run this timer before the connect's own (already arrived) result: look
    // again after the poll phase (setImmediate) and only call it slow if it is still pending then.
    const onSlow = options.onSlow;
    const slowTimer = onSlow
      ? setTimeout(
          () =>
            setImmediate(() => {
              if (!settled) onSlow();
            }),
          options.slowAfterMs ?? 50,
        )
      : undefined;
    socket.once('error', onError);
    socket.once('connect', () => {
      // Errors after the connect belong to the next step; keep one listener so none is unhandled.
      socket.on('error', () => {});
      finish({
        ok: true,
        ms: performance.now() - started,
        meaning: connectMeaning(undefined),
        socket,
        localAddress: socket.localAddress,
        localPort: socket.localPort,
      });
    });
  });
}
