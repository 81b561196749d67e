/**
 * Whether this namespace reaches a listener found in another one: a plain TCP connect to an IP literal (no
 * lookup), closed as soon as it is made, bounded by `timeoutMs`. Used only for a refused loopback target in a
 * container-like namespace, to tell the backend it meant from a same-numbered one on a network it is not on.
 */
import { connect } from 'node:net';

export function connects(address: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port, autoSelectFamily: false });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    // An on-link address nobody holds waits for ARP (seconds): no answer in time is "not from here".
    const timer = setTimeout(() => done(false), Math.max(1, timeoutMs));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
