/**
 * Processes from /proc: who holds a socket (its inode appears as the `socket:[INODE]` target of one of the
 * process's /proc/PID/fd links), its name, command line, open files and `Max open files` limit.
 * Every read tolerates the process exiting meanwhile (ENOENT/ESRCH) and other users' entries (EACCES).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import type { ProcessRef } from './model.js';
import { TimeSlice } from './time-slice.js';

const COMMAND_LINE_BYTES = 256;
/** Upper bound on fd links read per scan: a box with 100 processes × 10,000 fds stays under a second. */
const MAX_FD_LINKS = 1_000_000;

function readSmall(path: string, maxBytes = 4096): string | null {
  try {
    const text = readFileSync(path, 'latin1');
    return text.length > maxBytes ? text.slice(0, maxBytes) : text;
  } catch {
    return null;
  }
}

/** Soft `Max open files` from /proc/PID/limits text; undefined for `unlimited` or when absent. */
export function parseMaxOpenFiles(limits: string): number | undefined {
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(limits);
  if (!m || !/^\d+$/.test(m[1])) return undefined;
  return Number(m[1]);
}

const PF_KTHREAD = 0x00200000;

/**
 * The fields of a /proc/PID/stat line from field 3 (`state`) on: `comm` (field 2) may contain spaces and parentheses,
 * so the fields after the last ')' are the reliable ones. Field N of proc(5) is at index N - 3.
 */
export function statFieldsAfterComm(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Kernel threads live in the initial namespace but are nobody's container; flags are field 9 of /proc/PID/stat. */
export function isKernelThread(pid: number): boolean {
  const stat = readSmall(`/proc/${pid}/stat`);
  if (stat === null) return false;
  const flags = Number(statFieldsAfterComm(stat)[6]);
  return Number.isFinite(flags) && (flags & PF_KTHREAD) !== 0;
}

/** Describes a process; null when it is gone. */
export async function describeProcess(pid: number): Promise<ProcessRef | null> {
  const comm = readSmall(`/proc/${pid}/comm`);
  if (comm === null) return null;
  const ref: ProcessRef = { pid, name: comm.trim() };
  const cmdline = readSmall(`/proc/${pid}/cmdline`, COMMAND_LINE_BYTES);
  if (cmdline) ref.commandLine = cmdline.replace(/\0+$/, '').replace(/\0/g, ' ');
  try {
    // Off the event loop: a server may hold tens of thousands of descriptors.
    ref.openFiles = (await readdir(`/proc/${pid}/fd`)).length;
  } catch {
    // Another user's process: fd count needs root.
  }
  const limits = readSmall(`/proc/${pid}/limits`);
  const max = limits ? parseMaxOpenFiles(limits) : undefined;
  if (max !== undefined) ref.maxOpenFiles = max;
  return ref;
}

export interface OwnerScan {
  /** Socket inode → the lowest pid holding it (forked workers share their parent's listeners). */
  owners: Map<number, number>;
  /** Processes whose fd table was unreadable (EACCES). */
  denied: number;
  /** The scan stopped early (deadline or MAX_FD_LINKS) before finding every inode. */
  incomplete: boolean;
}

/**
 * Which process holds which socket, in one namespace, learnt lazily: processes are read in ascending pid order
 * only as far as needed to find the inodes asked for, and everything read is remembered for the next question
 * (the probe engine asks about many ports in a row). The first — lowest — pid seen holding a socket owns it.
 * The fd links are read in time slices that yield to the event loop; questions are answered one at a time.
 */
export class SocketOwnerIndex {
  private readonly owners = new Map<number, number>();
  private scanned = 0;
  private links = 0;
  private denied = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly pids: readonly number[]) {}

  find(inodes: ReadonlySet<number>, deadline: number): Promise<OwnerScan> {
    const answer = this.queue.then(() => this.scan(inodes, deadline));
    this.queue = answer.catch(() => undefined);
    return answer;
  }

  private async scan(inodes: ReadonlySet<number>, deadline: number): Promise<OwnerScan> {
    const missing = () => [...inodes].some((inode) => !this.owners.has(inode));
    let incomplete = false;
    const slice = new TimeSlice();
    while (this.scanned < this.pids.length && missing()) {
      if (this.links > MAX_FD_LINKS || Date.now() > deadline) {
        incomplete = true;
        break;
      }
      await this.readProcess(this.pids[this.scanned++], slice);
    }
    const owners = new Map<number, number>();
    for (const inode of inodes) {
      const pid = this.owners.get(inode);
      if (pid !== undefined) owners.set(inode, pid);
    }
    return { owners, denied: this.denied, incomplete };
  }

  private async readProcess(pid: number, slice: TimeSlice): Promise<void> {
    if (slice.over()) await slice.yield();
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EACCES') this.denied++;
      return;
    }
    for (const fd of fds) {
      if ((this.links & 63) === 0 && slice.over()) await slice.yield();
      this.links++;
      let target: string;
      try {
        target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (!target.startsWith('socket:[')) continue;
      const inode = Number(target.slice(8, -1));
      if (!this.owners.has(inode)) this.owners.set(inode, pid);
    }
  }
}
