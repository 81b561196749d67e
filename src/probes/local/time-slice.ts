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
