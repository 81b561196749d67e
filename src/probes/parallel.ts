import { availableParallelism, loadavg } from 'node:os';

/**
 * `--jobs N`: the targets of one run spread over N threads (this one and N − 1 workers), each running the
 * same engine with its share of `--concurrency`. Targets are handed out one at a time from a shared counter,
 * so a thread stuck on slow targets does not leave the others idle at the end. Workers render their JSON
 * lines themselves (the main thread only writes them out) and send them in batches.
 *
 * A worker is this same module file started again (`workerUrl`), told by `workerData` to serve one job: the
 * bundle has no separate worker file, and the CLI command that imports this module injects what the engine
 * needs but must not import itself (the diagnosis). The threads themselves are in parallel-jobs.ts, loaded only
 * for a run on more than one thread: node:worker_threads alone costs ~2 ms of every run's start-up.
 */

/** What makes a thread a probe worker rather than the CLI: `workerData` carries it, and `argv` for a quick look. */
export const JOB_MARK = 'updoc-probe-job';
export const JOB_ARGUMENT = `--${JOB_MARK}`;

/**
 * Whether this thread may be a probe worker (then `serveProbeJob` in parallel-jobs.ts checks `workerData`): a
 * worker is started with JOB_ARGUMENT in its `process.argv`, which the CLI's own parser rejects.
 */
export function mayBeProbeWorker(): boolean {
  return process.argv.includes(JOB_ARGUMENT);
}

/**
 * Below this many targets per thread a worker costs more than it saves: its start-up and its own local snapshot
 * (60–150 ms of CPU), against 250–300 µs per probe; `bench:probe` found `--jobs 2` slower than one thread in 14 of
 * 20 runs of 1,000 targets on 2 cores.
 */
export const TARGETS_PER_JOB = 1000;
const MAX_DEFAULT_JOBS = 8;

/**
 * Threads for a run of `targets` targets when `--jobs` is not given: one per idle core, for long target lists.
 * A core other processes keep busy gives a second thread nothing (the scheduler shares the CPU between
 * processes, not threads) while its start-up still costs CPU, so cores are counted idle from the 1-minute
 * load average, as `make -l` does.
 */
export function defaultJobs(targets: number, cores = availableParallelism(), load = loadavg()[0]): number {
  const idle = Math.round(cores - load);
  return Math.max(1, Math.min(idle, MAX_DEFAULT_JOBS, Math.floor(targets / TARGETS_PER_JOB)));
}
