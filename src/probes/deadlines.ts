/**
 * One Node timer for all the probe's deadlines (connect timeouts, slow-connect marks, inspection bounds).
 *
 * Why not a `setTimeout` per socket: Node's timers start from the event loop's cached clock, which is
 * stale by however long the current tick has run, so a timer armed late in a busy tick fires early; and a
 * thousand connects that time out together are handled one callback at a time, each running its promise
 * continuations before the next timer's callback, so the last ones are seen late. Here deadlines are kept
 * on `performance.now()`, a timer that fires early is re-armed for the rest, and every deadline due when
 * the timer fires is handed the same "now" before any of their callbacks runs.
 */

export class Deadline {
  /** Position in the heap; -1 once fired or cancelled. */
  index = -1;
  constructor(
    /** When it is due, on the `performance.now()` clock. */
    readonly at: number,
    readonly onExpire: (now: number) => void,
  ) {}
}

export class DeadlineTimers {
  private readonly heap: Deadline[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer is due (performance.now() clock); Infinity when none is armed. */
  private armedFor = Number.POSITIVE_INFINITY;
  private readonly fire = () => this.expire();

  /** Calls `onExpire(now)` once `delayMs` have passed (never earlier), unless cancelled first. */
  after(delayMs: number, onExpire: (now: number) => void): Deadline {
    return this.at(performance.now() + Math.max(0, delayMs), onExpire);
  }

  at(at: number, onExpire: (now: number) => void): Deadline {
    const deadline = new Deadline(at, onExpire);
    deadline.index = this.heap.length;
    this.heap.push(deadline);
    this.up(deadline.index);
    if (at < this.armedFor) this.arm(at);
    // The armed timer is due first: it fires, finds nothing due and re-arms for the rest.
    else if (this.heap.length === 1) this.timer?.ref();
    return deadline;
  }

  cancel(deadline: Deadline | undefined): void {
    if (!deadline || deadline.index < 0) return;
    this.removeAt(deadline.index);
    // The timer stays armed (re-arming costs more than a wake-up that finds nothing due), but with nothing
    // pending it must not keep the process alive.
    if (this.heap.length === 0) this.timer?.unref();
  }

  /**
   * Waits while a deadline falls due within `marginMs` (at most `maxWaitMs` in all): work that can wait —
   * building and printing a finished target's report — must not delay a connect timeout about to fire.
   * Undefined (nothing to wait for) in the usual case, so callers only pay for an `await` when it matters.
   */
  quiet(marginMs = 15, maxWaitMs = 250): Promise<void> | undefined {
    const now = performance.now();
    if (this.heap.length === 0 || this.heap[0].at > now + marginMs) return undefined;
    return this.waitQuiet(marginMs, now + maxWaitMs);
  }

  private async waitQuiet(marginMs: number, giveUpAt: number): Promise<void> {
    for (;;) {
      const now = performance.now();
      if (this.heap.length === 0 || this.heap[0].at > now + marginMs || now >= giveUpAt) return;
      // Due after the deadline it waits for, so it runs once that one's callback has.
      const until = Math.min(this.heap[0].at, giveUpAt);
      await new Promise<void>((resolve) => this.at(until, () => resolve()));
    }
  }

  /** Pending deadlines (for tests and diagnostics). */
  get size(): number {
    return this.heap.length;
  }

  private expire(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = performance.now();
    const due: Deadline[] = [];
    while (this.heap.length > 0 && this.heap[0].at <= now) {
      due.push(this.heap[0]);
      this.removeAt(0);
    }
    if (this.heap.length > 0) this.arm(this.heap[0].at);
    // Everything due was seen at the same instant; callbacks (and what they schedule) come after.
    for (const deadline of due) deadline.onExpire(now);
  }

  private arm(at: number): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.armedFor = at;
    // Whole milliseconds, rounded up: expire() re-arms if the loop's clock made it fire early.
    this.timer = setTimeout(this.fire, Math.max(1, Math.ceil(at - performance.now())));
  }

  private removeAt(index: number): void {
    const heap = this.heap;
    const removed = heap[index];
    removed.index = -1;
    const last = heap.pop() as Deadline;
    if (index < heap.length) {
      heap[index] = last;
      last.index = index;
      this.down(index);
      this.up(last.index);
    }
  }

  private up(index: number): void {
    const heap = this.heap;
    const item = heap[index];
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (heap[parent].at <= item.at) break;
      heap[index] = heap[parent];
      heap[index].index = index;
      index = parent;
    }
    heap[index] = item;
    item.index = index;
  }

  private down(index: number): void {
    const heap = this.heap;
    const item = heap[index];
    const n = heap.length;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= n) break;
      const right = left + 1;
      const child = right < n && heap[right].at < heap[left].at ? right : left;
      if (heap[child].at >= item.at) break;
      heap[index] = heap[child];
      heap[index].index = index;
      index = child;
    }
    heap[index] = item;
    item.index = index;
  }
}

/** The process-wide wheel the probe steps share. */
export const deadlines = new DeadlineTimers();
