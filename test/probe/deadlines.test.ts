import { describe, expect, it } from 'vitest';
import { DeadlineTimers } from '../../src/probes/deadlines.js';
import { defaultJobs } from '../../src/probes/parallel.js';
import { TimeSlice } from '../../src/probes/local/time-slice.js';

/** The probe's timer wheel (one Node timer for every deadline), the --jobs default, and /proc read slices. */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('DeadlineTimers', () => {
  it('never fires before the deadline, even when armed late in a busy tick', async () => {
    const timers = new DeadlineTimers();
    // A busy tick: Node's own timers would start counting from the loop's stale clock and fire early.
    const busyUntil = performance.now() + 30;
    while (performance.now() < busyUntil) {
      // spin
    }
    const at = performance.now() + 20;
    const fired = await new Promise<number>((resolve) => timers.at(at, (now) => resolve(now)));
    expect(fired).toBeGreaterThanOrEqual(at);
    expect(performance.now()).toBeGreaterThanOrEqual(at);
  });

  it('hands every deadline due together the same instant, in deadline order, before any callback runs', async () => {
    const timers = new DeadlineTimers();
    const base = performance.now() + 5;
    const seen: [string, number][] = [];
    const done = new Promise<void>((resolve) => {
      timers.at(base + 0.2, (now) => seen.push(['b', now]));
      timers.at(base, (now) => seen.push(['a', now]));
      timers.at(base + 0.4, (now) => {
        seen.push(['c', now]);
        resolve();
      });
    });
    // The loop is held past all three deadlines (a thousand connects timing out in one busy tick).
    const until = base + 2;
    while (performance.now() < until) {
      // spin
    }
    await done;
    expect(seen.map(([name]) => name)).toEqual(['a', 'b', 'c']);
    expect(new Set(seen.map(([, now]) => now)).size).toBe(1);
    expect(seen[0][1]).toBeGreaterThanOrEqual(base + 0.4);
  });

  it('a cancelled deadline does not fire; the others still do', async () => {
    const timers = new DeadlineTimers();
    const fired: string[] = [];
    const first = timers.after(10, () => fired.push('cancelled'));
    timers.after(20, () => fired.push('kept'));
    timers.cancel(first);
    timers.cancel(first); // twice is harmless
    await sleep(60);
    expect(fired).toEqual(['kept']);
    expect(timers.size).toBe(0);
  });

  it('keeps many deadlines in order (heap)', async () => {
    const timers = new DeadlineTimers();
    const order: number[] = [];
    const base = performance.now() + 5;
    const offsets = Array.from({ length: 50 }, (_, i) => (i * 7919) % 50);
    const handles = offsets.map((offset) => timers.at(base + offset, () => order.push(offset)));
    timers.cancel(handles[3]);
    await sleep(90);
    expect(order).toEqual(offsets.filter((_, i) => i !== 3).sort((a, b) => a - b));
  });

  it('quiet(): nothing to wait for when no deadline is near; otherwise waits until it has fired', async () => {
    const timers = new DeadlineTimers();
    expect(timers.quiet(15)).toBeUndefined();
    const far = timers.after(1000, () => {});
    expect(timers.quiet(15)).toBeUndefined();
    let fired = 0;
    timers.after(10, () => {
      fired = performance.now();
    });
    const quiet = timers.quiet(15);
    expect(quiet).toBeInstanceOf(Promise);
    await quiet;
    expect(fired).toBeGreaterThan(0);
    timers.cancel(far);
  });
});

describe('--jobs default: one thread per idle core, for long target lists', () => {
  it.each([
    // [targets, cores, load average, expected]
    [2000, 2, 0.1, 2],
    [2000, 2, 1.7, 1], // the other core is busy: a second thread would get no CPU
    [2000, 2, 14, 1],
    [1000, 2, 0, 1], // too few targets to pay for a worker's start-up and own snapshot (bench:probe)
    [1999, 2, 0, 1],
    [100_000, 32, 0, 8], // capped
    [10, 8, 0, 1],
  ])('%i targets, %i cores, load %f → %i', (targets, cores, load, expected) => {
    expect(defaultJobs(targets, cores, load)).toBe(expected);
  });
});

describe('TimeSlice', () => {
  it('says a slice is over after its time, and a yield starts a new one', async () => {
    const slice = new TimeSlice(50);
    expect(slice.over()).toBe(false);
    const until = performance.now() + 51;
    while (performance.now() < until) {
      // spin
    }
    expect(slice.over()).toBe(true);
    let immediateRan = false;
    setImmediate(() => {
      immediateRan = true;
    });
    await slice.yield();
    // The yield let the event loop run what was waiting.
    expect(immediateRan).toBe(true);
    expect(slice.over()).toBe(false);
  });
});
