/**
 * Whether this process may enter other network namespaces (setns needs CAP_SYS_ADMIN) and read every
 * process's /proc entries. Read from /proc/self/status rather than guessed from the uid: containers run
 * as root without capabilities, and capability-granted binaries run as non-root with them.
 */
import { readFileSync } from 'node:fs';

const CAP_SYS_ADMIN = 21n;

function effectiveCapabilities(): bigint | null {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
    return hex ? BigInt(`0x${hex}`) : null;
  } catch {
    return null;
  }
}

function hasCapability(bit: bigint): boolean {
  const caps = effectiveCapabilities();
  if (caps === null) return process.getuid?.() === 0;
  return ((caps >> bit) & 1n) === 1n;
}

/** May call setns(CLONE_NEWNET): needed by nsenter and `ip netns exec`. */
export function canEnterNamespaces(): boolean {
  return hasCapability(CAP_SYS_ADMIN);
}
