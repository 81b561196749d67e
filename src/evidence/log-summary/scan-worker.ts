import { closeSync, openSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { LogFormat } from '../../inputs/logs/formats/types.js';
import { type PieceAnswer, type PieceJob, type PieceMessage, scanBytes, scanRange } from './parallel-scan.js';
import { formatsFor, scanSetupFactory } from './summarise-logs.js';

/**
 * A worker thread of a parallel scan (see parallel-scan.ts). It posts `{ started: true }`, then the
 * counts of each piece it scans, then `{ done: true }`: for a plain file it takes byte ranges from the
 * shared counter until none are left; for a gzip file it scans the pieces it is sent until told to end.
 * The built CLI has it as its own entry point, dist/logs-scan-worker.js.
 */
const job = workerData as PieceJob;
const port = parentPort;
if (port) {
  const { forced, candidates } = formatsFor(job.formatOptions);
  const format = (job.formatIndex < 0 ? forced : candidates[job.formatIndex]) as LogFormat;
  const thread = { format, setupFor: scanSetupFactory(forced, candidates) };
  const ranges = job.ranges;
  port.postMessage({ started: true });
  if (ranges) {
    const claim = new Int32Array(ranges.shared);
    const fd = openSync(job.path, 'r');
    try {
      for (let i = Atomics.add(claim, 0, 1); i < ranges.pieces.length; i = Atomics.add(claim, 0, 1)) {
        const result = scanRange(job, thread, fd, i);
        Atomics.add(claim, 1, Math.ceil((ranges.pieces[i][1] - ranges.pieces[i][0]) / 1024));
        port.postMessage(result);
      }
    } finally {
      closeSync(fd);
      port.postMessage({ done: true });
      port.close();
    }
  } else {
    port.on('message', (message: PieceMessage) => {
      if ('end' in message) {
        port.postMessage({ done: true });
        port.close();
        return;
      }
      const answer: PieceAnswer = { result: scanBytes(job, thread, message.index, message.bytes), bytes: message.bytes };
      port.postMessage(answer, [message.bytes.buffer as ArrayBuffer]);
    });
  }
}
