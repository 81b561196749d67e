import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { LineAssembler, type LineSink } from './line-assembler.js';
import { describeFsError, hasGzipMagic } from './sources.js';

/** Why a new file (a "generation") starts at the followed path. */
export type GenerationStart = 'start' | 'created' | 'rotated' | 'truncated';

export interface GenerationInfo {
  reason: GenerationStart;
  /** Lines before the first byte read (the file's existing content when following starts at its end); null if not counted. */
  lineBase: number | null;
  /** Up to a few hundred lines just before the start (existing content), to recognise the format; empty when none. */
  preview: string[];
}

/** Where a tail's lines go: one sink per generation, ended once no more lines can come from it. */
export interface TailListener {
  begin(info: GenerationInfo): LineSink;
  end(sink: LineSink): void;
}

export type TailState = 'waiting' | 'following' | 'gone' | 'error';

export interface TailOptions {
  /** Read what the file holds already (else start at its end, as `tail -f -n 0` does). */
  fromStart: boolean;
  /** How long a rotated or deleted file is still read (the writer appends to it until it reopens its log). */
  rotationGraceMs?: number;
  /** Read-buffer size per generation; longer lines are cut (and counted) by the scanner. */
  bufferBytes?: number;
  now?: () => number;
}

interface Generation {
  fd: number;
  dev: number;
  ino: number;
  /** Next byte to read. */
  position: number;
  assembler: LineAssembler;
  sink: LineSink;
  /**
   * The first bytes of the file and those just before `position`: if either changes, the file was
   * truncated and rewritten past the position between two polls (the size alone cannot tell). Log
   * lines start with a timestamp, so a rewritten head differs even when the tails of lines look alike.
   */
  head: Buffer;
  guard: Buffer;
  /** Set when the file was rotated or deleted: read until then, then end. */
  retireAt?: number;
  /** After a truncation: skip the NUL-filled hole a writer without O_APPEND leaves before its next line. */
  skipNuls: boolean;
}

const GUARD_BYTES = 64;
const DEFAULT_GRACE_MS = 5_000;
const DEFAULT_BUFFER_BYTES = 1024 * 1024;
const PREVIEW_BYTES = 64 * 1024;
const PREVIEW_LINES = 200;
/** Existing lines are counted (for line numbers) only up to this size; beyond, numbers start at the follow point. */
const MAX_COUNTED_BYTES = 256 * 1024 * 1024;

/**
 * Follows one path the way `tail -F` does, by polling (fs.watch misses events on many file systems):
 * `stat` the path, read the bytes appended since the last poll, and hand whole lines to the current
 * generation's sink (a partial last line waits for its newline). Rotation-safe:
 * - rename + create (logrotate's default): a new inode at the path; the old file is still read for a
 *   grace period, since the writer appends to it until it reopens its log;
 * - copytruncate / truncation: the size drops below the read position, or the bytes before it change
 *   (truncated and rewritten past it between two polls); reading restarts at the start, after any run
 *   of NUL bytes a writer without O_APPEND leaves;
 * - deleted, then created again: read again from the start of the new file.
 */
export class FileTail {
  state: TailState = 'waiting';
  /** The current problem in words (not found, permission denied…), or null. */
  message: string | null = null;
  /** Whether the path could be opened at least once. */
  opened = false;
  rotations = 0;
  truncations = 0;
  recreations = 0;
  bytesRead = 0;
  private current: Generation | null = null;
  private readonly retiring: Generation[] = [];
  private firstPoll = true;
  private readonly now: () => number;

  constructor(
    readonly path: string,
    private readonly listener: TailListener,
    private readonly options: TailOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * One poll: reads at most `budget` bytes (more may be pending: then `pending` is true and the caller
   * polls again soon). Never throws for file-system errors; they become `state` and `message`.
   */
  poll(budget: number): { bytes: number; pending: boolean } {
    this.checkPath();
    this.firstPoll = false;
    let bytes = 0;
    let pending = false;
    // Rotated files first: their lines were written before the new file's.
    for (const g of [...this.retiring]) {
      const r = this.read(g, budget - bytes);
      bytes += r.bytes;
      pending ||= r.pending;
      if (!r.pending && this.now() >= (g.retireAt ?? 0)) this.endGeneration(g);
    }
    if (this.current) {
      const r = this.read(this.current, budget - bytes);
      bytes += r.bytes;
      pending ||= r.pending;
    }
    return { bytes, pending };
  }

  /** Reads what is left (up to `budget` bytes per file), flushes last lines without a newline and closes everything. */
  close(budget = Number.POSITIVE_INFINITY): void {
    for (const g of [...this.retiring]) {
      this.read(g, budget);
      this.endGeneration(g);
    }
    if (this.current) {
      this.read(this.current, budget);
      this.endGeneration(this.current);
      this.current = null;
    }
    if (this.state === 'waiting') this.message = 'no such file or directory (it did not appear while followed)';
    else if (this.state === 'gone') this.message = 'deleted or renamed while followed, and not there at the end';
  }

  /** Notices rotation, truncation, deletion and (re)creation at the path. */
  private checkPath(): void {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(this.path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (this.current) {
        // Deleted or renamed away without a new file yet: keep reading the old one for a while.
        this.retire(this.current);
        this.current = null;
      }
      if (code === 'ENOENT') {
        this.state = this.opened ? 'gone' : 'waiting';
        this.message = this.opened ? 'deleted or renamed; waiting for it to reappear' : 'no such file or directory; waiting for it to appear';
      } else {
        this.state = 'error';
        this.message = describeFsError(error);
      }
      return;
    }
    if (!st.isFile()) {
      this.state = 'error';
      this.message = st.isDirectory() ? 'is a directory; --follow follows files' : 'not a regular file; --follow follows files';
      return;
    }
    const g = this.current;
    if (g && (st.ino !== g.ino || st.dev !== g.dev)) {
      // A new file under the same name: logrotate renamed the old one (or it was deleted and created
      // again). The old one is read first on every poll until its grace period ends, so order holds.
      this.rotations++;
      this.retire(g);
      this.current = null;
      this.open('rotated');
      return;
    }
    if (!g) {
      this.open(this.firstPoll ? 'start' : 'created');
      return;
    }
    if (st.size < g.position || !this.guardHolds(g)) {
      this.truncations++;
      this.endGeneration(g, false);
      this.current = this.newGeneration(g.fd, g.dev, g.ino, 0, { reason: 'truncated', lineBase: 0, preview: [] });
      this.current.skipNuls = true;
    }
  }

  private open(reason: GenerationStart): void {
    let fd: number;
    try {
      fd = openSync(this.path, 'r');
    } catch (error) {
      this.state = 'error';
      this.message = describeFsError(error);
      return;
    }
    try {
      const st = fstatSync(fd);
      if (isGzip(fd)) {
        closeSync(fd);
        this.state = 'error';
        this.message = 'gzip-compressed; --follow reads plain-text logs (run updoc logs without --follow on it)';
        return;
      }
      if (reason === 'created' && this.opened) this.recreations++;
      this.opened = true;
      this.state = 'following';
      this.message = null;
      if (reason !== 'start' || this.options.fromStart) {
        this.current = this.newGeneration(fd, st.dev, st.ino, 0, { reason, lineBase: 0, preview: [] });
        return;
      }
      const start = lastLineStart(fd, st.size);
      this.current = this.newGeneration(fd, st.dev, st.ino, start, {
        reason,
        lineBase: start <= MAX_COUNTED_BYTES ? countNewlines(fd, start) : null,
        preview: previewLines(fd, start),
      });
    } catch (error) {
      closeSync(fd);
      this.state = 'error';
      this.message = describeFsError(error);
    }
  }

  private newGeneration(fd: number, dev: number, ino: number, position: number, info: GenerationInfo): Generation {
    const sink = this.listener.begin(info);
    return {
      fd,
      dev,
      ino,
      position,
      sink,
      assembler: new LineAssembler(sink, this.options.bufferBytes ?? DEFAULT_BUFFER_BYTES),
      head: readAt(fd, 0, Math.min(position, GUARD_BYTES)),
      guard: readAt(fd, Math.max(0, position - GUARD_BYTES), Math.min(position, GUARD_BYTES)),
      skipNuls: false,
    };
  }

  private retire(g: Generation): void {
    g.retireAt = this.now() + (this.options.rotationGraceMs ?? DEFAULT_GRACE_MS);
    this.retiring.push(g);
  }

  /** `closeFd` is false when the next generation reads the same (truncated) file. */
  private endGeneration(g: Generation, closeFd = true): void {
    g.assembler.drain(true);
    this.listener.end(g.sink);
    const i = this.retiring.indexOf(g);
    if (i >= 0) this.retiring.splice(i, 1);
    if (closeFd) closeSync(g.fd);
  }

  private guardHolds(g: Generation): boolean {
    if (g.guard.length === 0) return true;
    return readAt(g.fd, 0, g.head.length).equals(g.head) && readAt(g.fd, g.position - g.guard.length, g.guard.length).equals(g.guard);
  }

  /** Appended bytes since the last read, at most `budget`; whole lines go to the sink now, a partial one waits. */
  private read(g: Generation, budget: number): { bytes: number; pending: boolean } {
    let bytes = 0;
    try {
      if (g.skipNuls) {
        const hole = skipNuls(g.fd, g.position, budget);
        g.position = hole.next;
        g.skipNuls = !hole.found;
        bytes += hole.skipped;
      }
      while (bytes < budget) {
        const { buffer, offset, length } = g.assembler.space();
        const n = readSync(g.fd, buffer, offset, Math.min(length, budget - bytes), g.position);
        if (n === 0) break;
        g.position += n;
        bytes += n;
        g.assembler.commit(n);
      }
    } catch (error) {
      this.state = 'error';
      this.message = `read error: ${describeFsError(error)}`;
    }
    if (bytes > 0) {
      g.assembler.drain(false);
      g.guard = readAt(g.fd, Math.max(0, g.position - GUARD_BYTES), Math.min(g.position, GUARD_BYTES));
      if (g.head.length < GUARD_BYTES) g.head = readAt(g.fd, 0, Math.min(g.position, GUARD_BYTES));
      this.bytesRead += bytes;
    }
    return { bytes, pending: bytes >= budget };
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.alloc(length);
  const n = length > 0 ? readSync(fd, buf, 0, length, position) : 0;
  return n === length ? buf : buf.subarray(0, n);
}

function isGzip(fd: number): boolean {
  return hasGzipMagic(readAt(fd, 0, 2));
}

/** Just after the last newline before `size`: a line being written when following starts is read whole. */
function lastLineStart(fd: number, size: number): number {
  const from = Math.max(0, size - PREVIEW_BYTES);
  const tail = readAt(fd, from, size - from);
  const nl = tail.lastIndexOf(10);
  if (nl >= 0) return from + nl + 1;
  return from === 0 ? 0 : size;
}

function previewLines(fd: number, end: number): string[] {
  const from = Math.max(0, end - PREVIEW_BYTES);
  const lines = readAt(fd, from, end - from)
    .toString('utf8')
    .split('\n');
  if (from > 0) lines.shift();
  return lines
    .map((l) => l.replace(/\r$/, ''))
    .filter((l) => l !== '')
    .slice(-PREVIEW_LINES);
}

function countNewlines(fd: number, end: number): number {
  const buf = Buffer.allocUnsafe(Math.min(end, 4 * 1024 * 1024) || 1);
  let lines = 0;
  for (let pos = 0; pos < end; ) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, end - pos), pos);
    if (n === 0) break;
    for (let p = buf.indexOf(10, 0); p >= 0 && p < n; p = buf.indexOf(10, p + 1)) lines++;
    pos += n;
  }
  return lines;
}

/**
 * Skips NUL bytes from `from` (a writer without O_APPEND leaves a NUL-filled hole after copytruncate):
 * the next position to read, whether a non-NUL byte was found there, and how many bytes were skipped.
 */
function skipNuls(fd: number, from: number, budget: number): { next: number; found: boolean; skipped: number } {
  const buf = Buffer.allocUnsafe(64 * 1024);
  let pos = from;
  while (pos - from < budget) {
    const n = readSync(fd, buf, 0, Math.min(buf.length, budget - (pos - from)), pos);
    if (n === 0) break;
    for (let i = 0; i < n; i++) if (buf[i] !== 0) return { next: pos + i, found: true, skipped: pos + i - from };
    pos += n;
  }
  return { next: pos, found: false, skipped: pos - from };
}
