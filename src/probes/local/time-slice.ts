import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Synchronous /proc reads in short slices. A census walks every process and a socket-owner scan every file
 * descriptor: thousands of tiny reads, each cheapest done synchronously, but done in one go they hold the
 * event loop and the probe's connect deadlines fire late. A slice ends after `maxMs`; the caller then yields
 * (`setImmediate`, after timers and I/O had their turn) before the next one.
 *
 *   const slice = new TimeSlice();
 *   for (const pid of pids) {
 *     if (slice.over()) await slice.yield();
 *     readSomething(pid);
 *   }
 */
export class TimeSlice {
  private started = performance.now();
  constructor(private readonly maxMs = 1) {}

  /** The current slice has run its time: yield before the next read. */
  over(): boolean {
    return performance.now() - this.started >= this.maxMs;
  }

  async yield(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.started = performance.now();
  }
}

/**
 * Reads a whole /proc file in time slices. The kernel hands /proc/net/tcp out one page per read(), so on a
 * host with thousands of sockets (TIME_WAIT included) it takes hundreds of reads: done asynchronously each is
 * a round trip through the thread pool and a busy event loop (seconds under load); done in one synchronous go
 * it holds the loop for tens of milliseconds. Here the reads are synchronous, with a yield between slices of
 * 4 ms (a few loop turns for the whole file, while a connect deadline waits 4 ms at most). Null when the file
 * cannot be read; at most `maxBytes` (the rest is cut).
 */
export async function readProcFile(
  path: string,
  maxBytes = 64 * 1024 * 1024,
  slice = new TimeSlice(4),
  /** Called with each chunk read (latin1); reading stops once it returns true (the rest is not needed). */
  enough?: (chunk: string) => boolean,
): Promise<string | null> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    let chunk = Buffer.allocUnsafe(64 * 1024);
    let used = 0;
    while (total < maxBytes) {
      if (slice.over()) await slice.yield();
      if (used === chunk.length) {
        chunks.push(chunk);
        chunk = Buffer.allocUnsafe(64 * 1024);
        used = 0;
      }
      const n = readSync(fd, chunk, used, Math.min(chunk.length - used, maxBytes - total), null);
      if (n === 0) break;
      used += n;
      total += n;
      if (enough?.(chunk.toString('latin1', used - n, used))) break;
    }
    chunks.push(chunk.subarray(0, used));
    return Buffer.concat(chunks, total).toString('utf8');
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
