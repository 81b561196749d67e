/**
 * /proc/net/tcp and /proc/net/tcp6, as the kernel prints them (net/ipv4/tcp_ipv4.c, net/ipv6/tcp_ipv6.c):
 *
 *   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
 *    0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 123456 …
 *
 * Addresses are the raw in-memory words printed with %08X: an IPv4 address is one 32-bit word (so on a
 * little-endian machine 127.0.0.1 reads `0100007F`), an IPv6 address four of them. Ports are host-order hex.
 * For a listener, rx_queue is the accept queue's current length; its limit is not in this file.
 */
import { endianness } from 'node:os';
import { formatIp, type IpAddress } from './ip-address.js';

export const TCP_STATES: Record<number, string> = {
  1: 'ESTABLISHED',
  2: 'SYN_SENT',
  3: 'SYN_RECV',
  4: 'FIN_WAIT1',
  5: 'FIN_WAIT2',
  6: 'TIME_WAIT',
  7: 'CLOSE',
  8: 'CLOSE_WAIT',
  9: 'LAST_ACK',
  10: 'LISTEN',
  11: 'CLOSING',
  12: 'NEW_SYN_RECV',
};
export const TCP_LISTEN = 0x0a;

export interface ProcTcpRow {
  family: 4 | 6;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Kernel state number (0x0A = LISTEN) and its name. */
  state: number;
  stateName: string;
  txQueue: number;
  rxQueue: number;
  uid: number;
  inode: number;
}

const HEX_ADDRESS = '([0-9A-Fa-f]{8}|[0-9A-Fa-f]{32}):([0-9A-Fa-f]{4})';
const ROW = new RegExp(
  `^\\s*\\d+:\\s+${HEX_ADDRESS}\\s+${HEX_ADDRESS}\\s+([0-9A-Fa-f]{2})\\s+([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8})\\s+\\S+\\s+\\S+\\s+(\\d+)\\s+-?\\d+\\s+(\\d+)(?:\\s|$)`,
);

const HOST_LITTLE_ENDIAN = endianness() === 'LE';

/** Decodes the kernel's hex spelling of an address: 8 hex digits (IPv4) or 32 (IPv6, four words). */
export function decodeProcAddress(hex: string, littleEndian = HOST_LITTLE_ENDIAN): IpAddress {
  const words = hex.length / 8;
  const bytes = new Uint8Array(words * 4);
  for (let w = 0; w < words; w++) {
    for (let b = 0; b < 4; b++) {
      const value = Number.parseInt(hex.slice(w * 8 + b * 2, w * 8 + b * 2 + 2), 16);
      // %08X prints the word most-significant byte first; on little-endian the first memory byte is the least significant.
      bytes[w * 4 + (littleEndian ? 3 - b : b)] = value;
    }
  }
  return words === 1 ? { family: 4, bytes } : { family: 6, bytes };
}

/** One data line, or null for the header and anything that is not a socket row. */
export function parseProcTcpLine(line: string, littleEndian = HOST_LITTLE_ENDIAN): ProcTcpRow | null {
  const m = ROW.exec(line);
  if (!m) return null;
  const local = decodeProcAddress(m[1], littleEndian);
  const remote = decodeProcAddress(m[3], littleEndian);
  if (m[1].length !== m[3].length) return null;
  const state = Number.parseInt(m[5], 16);
  return {
    family: local.family,
    localAddress: formatIp(local),
    localPort: Number.parseInt(m[2], 16),
    remoteAddress: formatIp(remote),
    remotePort: Number.parseInt(m[4], 16),
    state,
    stateName: TCP_STATES[state] ?? `0x${m[5]}`,
    txQueue: Number.parseInt(m[6], 16),
    rxQueue: Number.parseInt(m[7], 16),
    uid: Number(m[8]),
    inode: Number(m[9]),
  };
}

/** Every row of one or more concatenated tcp/tcp6 files (each row says its own family by its width). */
export function parseProcTcp(text: string, littleEndian = HOST_LITTLE_ENDIAN): ProcTcpRow[] {
  const rows: ProcTcpRow[] = [];
  for (const line of text.split('\n')) {
    const row = parseProcTcpLine(line, littleEndian);
    if (row) rows.push(row);
  }
  return rows;
}

/** The state column of a data row (`   7: 0100007F:1F90 00000000:0000 0A …`); -1 for the header or anything else. */
const ROW_STATE = /^\s*\d+:\s+[0-9A-Fa-f]+:[0-9A-Fa-f]+\s+[0-9A-Fa-f]+:[0-9A-Fa-f]+\s+([0-9A-Fa-f]{2})\s/;
/** SYN_RECV: kernels before 4.4 listed a listener's pending requests right after it, inside the listening section. */
const TCP_SYN_RECV = 0x03;

/**
 * Finds where the listening sockets end in /proc/net/tcp{,6} as it is read. The kernel walks its listening
 * hash before its established hash (tcp_seq_start → listening_get_first, then established_get_first, in
 * net/ipv4/tcp_ipv4.c; tcp6 shares the iterator), so every LISTEN row comes before the first connection row
 * — the first row in any other state than LISTEN (or SYN_RECV: see above). A host with tens of thousands of
 * connections (TIME_WAIT included) has a few hundred listeners: reading stops there instead of having the
 * kernel format megabytes of rows nobody looks at. Feed it chunks as they are read; rows may be split.
 */
export class ListeningSectionScanner {
  private carry = '';
  private ended = false;
  private listening = 0;

  /**
   * `inUse`: the namespace's hashed TCP sockets of this family (`parseTcpInUse`), when known. Every listener is
   * among them, so once that many LISTEN rows have been read there is none left to find: a host with listeners
   * and no connection at all (no row to stop at) is spared the read that walks the connection table to the end.
   */
  constructor(private readonly inUse?: number) {}

  /** Takes the next chunk; true once a connection row has been seen (the rest of the file holds no listener). */
  push(chunk: string): boolean {
    if (this.ended) return true;
    const text = this.carry + chunk;
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      if (end < 0) break;
      const m = ROW_STATE.exec(text.slice(start, end));
      start = end + 1;
      if (!m) continue;
      const state = Number.parseInt(m[1], 16);
      if (state === TCP_LISTEN) this.listening++;
      else if (state !== TCP_SYN_RECV) return this.end();
    }
    this.carry = text.slice(start);
    if (this.inUse !== undefined && this.listening >= this.inUse) return this.end();
    return false;
  }

  private end(): true {
    this.ended = true;
    this.carry = '';
    return true;
  }
}

/**
 * How many TCP sockets of a family the namespace has hashed — listeners and connections, not TIME_WAIT — from
 * /proc/net/sockstat (`TCP: inuse 12 orphan 0 tw 3 …`) or sockstat6 (`TCP6: inuse 3`): the kernel counts a socket
 * when it enters its listening or established hash (`sock_prot_inuse_add` in `__inet_hash`), so 0 means no
 * listener of that family. Undefined when the line is missing.
 */
export function parseTcpInUse(text: string, family: 4 | 6): number | undefined {
  const m = (family === 4 ? /^TCP: inuse (\d+)(?:\s|$)/m : /^TCP6: inuse (\d+)(?:\s|$)/m).exec(text);
  return m ? Number(m[1]) : undefined;
}

/** The local port of a row, read without parsing the rest: `   7: 0100007F:1F90 …` → 0x1F90. */
const ROW_LOCAL_PORT = /^\s*\d+:\s+[0-9A-Fa-f]+:([0-9A-Fa-f]{4})\s/;

/**
 * The listening rows of a namespace by local port, each parsed only when its port is asked about. A probe run
 * asks about the ports of its targets; a host may have thousands of listeners whose addresses need not be
 * decoded for that.
 */
export class ListenerIndex {
  private readonly raw = new Map<number, string[]>();
  private readonly parsed = new Map<number, ProcTcpRow[]>();

  constructor(
    text: string,
    private readonly littleEndian = HOST_LITTLE_ENDIAN,
  ) {
    let start = 0;
    while (start < text.length) {
      let end = text.indexOf('\n', start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end);
      // Only a row whose state column reads ` 0A ` can be a listener (no other column can: the rest are hex
      // with colons or decimal numbers); get() parses the row and checks.
      if (line.includes(' 0A ')) {
        const m = ROW_LOCAL_PORT.exec(line);
        if (m) {
          const port = Number.parseInt(m[1], 16);
          const lines = this.raw.get(port);
          if (lines) lines.push(line);
          else this.raw.set(port, [line]);
        }
      }
      start = end + 1;
    }
  }

  /** The listeners on `port` (every address, both families); undefined when none. */
  get(port: number): ProcTcpRow[] | undefined {
    const done = this.parsed.get(port);
    if (done) return done.length ? done : undefined;
    const rows: ProcTcpRow[] = [];
    for (const line of this.raw.get(port) ?? []) {
      const row = parseProcTcpLine(line, this.littleEndian);
      if (row && row.state === TCP_LISTEN && row.localPort === port) rows.push(row);
    }
    this.parsed.set(port, rows);
    return rows.length ? rows : undefined;
  }

  /** Every port that has a listener. */
  ports(): number[] {
    return [...this.raw.keys()].filter((port) => this.get(port) !== undefined);
  }
}
