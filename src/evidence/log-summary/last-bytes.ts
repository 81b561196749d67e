import { readSync } from 'node:fs';
import type { LogFormat, TimeContext } from '../../inputs/logs/formats/types.js';
import type { LineSink } from '../../inputs/logs/line-assembler.js';

/** Enough for the last few dated records of any log: lines of 16 KiB or more are not read for a time. */
const TAIL_BYTES = 64 * 1024;
const MAX_TIMED_LINE = 16 * 1024;
/** How many lines back from the end a dated record is looked for (the last one may be cut or undated). */
const LINES_BACK = 20;

/**
 * The last bytes a scan went through, kept while it reads: one copy of at most 64 KiB per block handed
 * over (no per-line work), in a ring so that small blocks (`--follow`'s appends) cost only their own
 * size. It gives the time of the input's last dated record without reading the input again, which a
 * gzip stream or stdin cannot be.
 */
export class LastBytes {
  private readonly ring = Buffer.allocUnsafe(TAIL_BYTES);
  /** Where the next byte goes. */
  private next = 0;
  private held = 0;
  /** Bytes before the held ones were dropped: the first held line may be cut. */
  private cut = false;
  private cached: { format: LogFormat; ctx: TimeContext; time: number } | null = null;

  /** The end of a plain file, read from it (a scan that did not go through its end itself, e.g. on several threads). */
  static ofFile(fd: number, size: number): LastBytes {
    const last = new LastBytes();
    const length = Math.min(size, TAIL_BYTES);
    const n = readSync(fd, last.ring, 0, length, size - length);
    last.held = n;
    last.next = n % TAIL_BYTES;
    last.cut = size > length;
    return last;
  }

  /** Keeps the end of `buf[start, end)`, the next bytes of the input. */
  keep(buf: Uint8Array, start: number, end: number): void {
    if (end <= start) return;
    const size = this.ring.length;
    const from = Math.max(start, end - size);
    const n = end - from;
    const first = Math.min(n, size - this.next);
    this.ring.set(buf.subarray(from, from + first), this.next);
    if (n > first) this.ring.set(buf.subarray(from + first, end), 0);
    this.next = (this.next + n) % size;
    this.cut ||= from > start || this.held + n > size;
    this.held = Math.min(size, this.held + n);
    this.cached = null;
  }

  /** Forgets what was kept (a line too long to keep comes next): the next bytes kept start a line. */
  clear(): void {
    this.held = 0;
    this.next = 0;
    this.cut = false;
    this.cached = null;
  }

  /**
   * The time of the last dated record among the last lines kept, read with the input's format; undefined
   * without one. Computed again only after new bytes were kept.
   */
  lastTime(format: LogFormat, ctx: TimeContext): number | undefined {
    if (this.cached?.format !== format || this.cached.ctx !== ctx) this.cached = { format, ctx, time: this.readLastTime(format, ctx) };
    return Number.isFinite(this.cached.time) ? this.cached.time : undefined;
  }

  private readLastTime(format: LogFormat, ctx: TimeContext): number {
    const bytes =
      this.held < this.ring.length ? this.ring.subarray(0, this.held) : Buffer.concat([this.ring.subarray(this.next), this.ring.subarray(0, this.next)]);
    let stop = bytes.length;
    for (let tried = 0; tried < LINES_BACK && stop > 0; tried++) {
      // `stop` is just past the line's newline (or the end of the input, when its last line has none).
      const lineEnd = bytes[stop - 1] === 10 ? stop - 1 : stop;
      const newline = lineEnd > 0 ? bytes.lastIndexOf(10, lineEnd - 1) : -1;
      // The first line kept may be the end of a longer one.
      if (newline < 0 && this.cut) break;
      const length = lineEnd - (newline + 1);
      if (length > 0 && length < MAX_TIMED_LINE) {
        const time = format.time(bytes.toString('utf8', newline + 1, lineEnd), ctx);
        if (Number.isFinite(time)) return time;
      }
      stop = newline + 1;
    }
    return Number.NaN;
  }
}

/** The sink a scan reads through when the end of its input is kept as well: the scanner, then `last`. */
export function keepingLastBytes(sink: LineSink, last: LastBytes): LineSink {
  return {
    get done() {
      return sink.done;
    },
    lines(buf, start, end) {
      // Kept first: the bytes are only valid during the call.
      last.keep(buf, start, end);
      sink.lines(buf, start, end);
    },
    overlongLine(buf, start, end) {
      last.clear();
      sink.overlongLine(buf, start, end);
    },
  };
}
