import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { JOB_ARGUMENT, JOB_MARK } from './parallel.js';
import type { ProbeOptions, ProbeRun, TargetReport } from './run-probe.js';
import { runProbe } from './run-probe.js';
import type { ProbeTarget } from './target.js';

/** `--jobs N` (see parallel.ts): the main thread's side and the workers'. */

/** The options a worker can receive (functions stay behind; the worker's own entry supplies them). */
type PortableOptions = Omit<ProbeOptions, 'diagnose' | 'compareVia' | 'inspect' | 'onTarget' | 'via'>;

interface JobData {
  [JOB_MARK]: true;
  targets: { target: ProbeTarget; line?: number }[];
  options: PortableOptions;
  /** Int32Array over a SharedArrayBuffer: [0] = the next target index to claim. */
  next: SharedArrayBuffer;
  /** `jsonl`: send rendered lines; `reports`: send the report objects. */
  send: 'jsonl' | 'reports';
}

type JobMessage =
  | { kind: 'targets'; items: { index: number; ok: boolean; line?: string; report?: TargetReport }[] }
  | { kind: 'done'; deadlineReached: boolean }
  | { kind: 'error'; message: string };

export interface JobsOptions {
  jobs: number;
  /** The module file that, started as a worker, calls `serveProbeJob` (the CLI command's own URL). */
  workerUrl: URL;
  /** Worker threads render JSON lines themselves (`jsonl`) or send report objects. */
  send: 'jsonl' | 'reports';
  /** Called in the main thread for each finished target: the report (`reports`, and this thread's own) and/or its line. */
  onTarget: (item: { index: number; ok: boolean; line?: string; report?: TargetReport }) => void;
  renderLine: (report: TargetReport) => string;
}

/** Runs `targets` over `jobs.jobs` threads. Without --via only: the comparison needs the one via probe. */
export async function runProbeJobs(
  targets: readonly { target: ProbeTarget; line?: number }[],
  options: ProbeOptions,
  jobs: JobsOptions,
): Promise<Pick<ProbeRun, 'counts' | 'ms' | 'deadlineReached'>> {
  const started = performance.now();
  const shared = new SharedArrayBuffer(4);
  const next = new Int32Array(shared);
  const claim = () => Atomics.add(next, 0, 1);
  const counts = { ok: 0, failed: 0 };
  const count = (ok: boolean) => {
    if (ok) counts.ok++;
    else counts.failed++;
  };
  const perThread = Math.max(1, Math.ceil(options.concurrency / jobs.jobs));
  const { diagnose: _d, compareVia: _c, inspect: _i, onTarget: _o, via: _v, ...portable } = options;
  const workers = Array.from({ length: jobs.jobs - 1 }, () => {
    const data: JobData = {
      [JOB_MARK]: true,
      targets: targets as JobData['targets'],
      options: { ...portable, concurrency: perThread, retain: false },
      next: shared,
      send: jobs.send,
    };
    return runWorker(jobs.workerUrl, data, (item) => {
      count(item.ok);
      jobs.onTarget(item);
    });
  });
  let deadlineReached = false;
  const own = runProbe(targets, {
    ...options,
    concurrency: perThread,
    retain: false,
    claim,
    onTarget: (report, index) => {
      count(report.ok);
      jobs.onTarget({ index, ok: report.ok, report });
    },
  }).then((run) => {
    deadlineReached ||= run.deadlineReached;
  });
  const results = await Promise.allSettled([own, ...workers]);
  for (const r of results) if (r.status === 'rejected') throw r.reason;
  for (const r of results) if (r.status === 'fulfilled' && r.value === true) deadlineReached = true;
  return { counts, ms: Math.round((performance.now() - started) * 100) / 100, deadlineReached };
}

/** Starts one worker and resolves with whether it reached the deadline. */
function runWorker(url: URL, data: JobData, onItem: (item: { index: number; ok: boolean; line?: string; report?: TargetReport }) => void): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(url, { workerData: data, argv: [JOB_ARGUMENT] });
    let finished: boolean | undefined;
    worker.on('message', (message: JobMessage) => {
      if (message.kind === 'targets') for (const item of message.items) onItem(item);
      else if (message.kind === 'done') finished = message.deadlineReached;
      else reject(new Error(`probe worker: ${message.message}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (finished !== undefined) resolve(finished);
      else reject(new Error(`probe worker exited with code ${code} before finishing`));
    });
  });
}

/** True in a thread started by runProbeJobs. */
function isProbeWorker(): boolean {
  return !isMainThread && typeof workerData === 'object' && workerData !== null && (workerData as Partial<JobData>)[JOB_MARK] === true;
}

/** The worker side: probes the targets it claims and sends back lines or reports, batched per turn of the event loop. */
export async function serveProbeJob(inject: Pick<ProbeOptions, 'diagnose' | 'compareVia'> & { renderLine: (report: TargetReport) => string }): Promise<void> {
  const port = parentPort;
  if (!port || !isProbeWorker()) return;
  const data = workerData as JobData;
  const next = new Int32Array(data.next);
  let batch: { index: number; ok: boolean; line?: string; report?: TargetReport }[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (batch.length === 0) return;
    port.postMessage({ kind: 'targets', items: batch } satisfies JobMessage);
    batch = [];
  };
  try {
    const run = await runProbe(data.targets, {
      ...data.options,
      ...inject,
      claim: () => Atomics.add(next, 0, 1),
      onTarget: (report, index) => {
        batch.push(data.send === 'jsonl' ? { index, ok: report.ok, line: inject.renderLine(report) } : { index, ok: report.ok, report });
        if (batch.length >= 256) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      },
    });
    flush();
    port.postMessage({ kind: 'done', deadlineReached: run.deadlineReached } satisfies JobMessage);
  } catch (error) {
    flush();
    port.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error) } satisfies JobMessage);
  }
}
