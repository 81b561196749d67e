import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { LogFormat } from '../../inputs/logs/formats/types.js';
import { type PieceJob, scanPiece } from './parallel-scan.js';
import { formatsFor, scanSetupFactory } from './summarise-logs.js';

/**
 * A worker thread of a parallel scan (see parallel-scan.ts): takes pieces of the file from the shared
 * counter until none are left and posts `{ started: true }`, each piece's counts, then `{ done: true }`. The built CLI
 * has it as its own entry point, dist/logs-scan-worker.js.
 */
const job = workerData as PieceJob;
const port = parentPort;
if (port) {
  const { forced, candidates } = formatsFor(job.formatOptions);
  const format = (job.formatIndex < 0 ? forced : candidates[job.formatIndex]) as LogFormat;
  const thread = { format, setupFor: scanSetupFactory(forced, candidates) };
  const claim = new Int32Array(job.shared);
  const fd = openSync(job.path, 'r');
  port.postMessage({ started: true });
  try {
    for (let i = Atomics.add(claim, 0, 1); i < job.pieces.length; i = Atomics.add(claim, 0, 1)) {
      const result = scanPiece(job, thread, fd, i);
      Atomics.add(claim, 1, Math.ceil((job.pieces[i][1] - job.pieces[i][0]) / 1024));
      port.postMessage(result);
    }
  } finally {
    closeSync(fd);
    port.postMessage({ done: true });
  }
}
