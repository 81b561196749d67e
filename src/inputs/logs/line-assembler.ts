/** Bytes read per step: large enough that per-chunk costs vanish, small enough for a flat memory profile. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** Longer lines are matched on their first 64 KiB only (and counted). */
export const MAX_LINE_BYTES = 64 * 1024;

/** Receives the input as blocks of whole lines. */
export interface LineSink {
  /**
   * `buf[start, end)` holds whole lines, each ending in "\n", except the very last line of the input,
   * which may lack it. The bytes are only valid during the call.
   */
  lines(buf: Buffer, start: number, end: number): void;
  /** The head of a line longer than the buffer; the rest of that line is dropped. */
  overlongLine(buf: Buffer, start: number, end: number): void;
  /** Set when the sink wants no more input (e.g. the file turned out to be binary). */
  readonly done?: boolean;
}

/**
 * Cuts a byte stream into blocks of whole lines in one reused buffer, carrying the partial last line
 * to the next block. Callers either read into `space()` and `commit()` (files: no copy) or `push()`
 * chunks they got from a stream (gunzip, stdin).
 */
export class LineAssembler {
  private readonly buf: Buffer;
  private used = 0;
  /** Inside a line longer than the buffer: bytes are dropped until its newline. */
  private skipping = false;

  /** `buffer`: where to assemble (e.g. the WebAssembly scanner's input region, scanned in place); else one is allocated. */
  constructor(
    readonly sink: LineSink,
    size = CHUNK_BYTES,
    buffer?: Buffer,
  ) {
    this.buf = buffer ?? Buffer.allocUnsafe(size);
  }

  /** Where the next read may write, and how much. */
  space(): { buffer: Buffer; offset: number; length: number } {
    return { buffer: this.buf, offset: this.used, length: this.buf.length - this.used };
  }

  commit(bytes: number): void {
    this.used += bytes;
    if (this.used === this.buf.length) this.drain(false);
  }

  push(chunk: Buffer): void {
    let offset = 0;
    while (offset < chunk.length) {
      const n = Math.min(chunk.length - offset, this.buf.length - this.used);
      chunk.copy(this.buf, this.used, offset, offset + n);
      offset += n;
      this.commit(n);
    }
  }

  /** Hands over the whole lines gathered so far; `final` also flushes a last line without "\n". */
  drain(final: boolean): void {
    const buf = this.buf;
    let start = 0;
    if (this.skipping) {
      const nl = this.used > 0 ? buf.indexOf(10, 0) : -1;
      if (nl < 0 || nl >= this.used) {
        this.used = 0;
        return;
      }
      this.skipping = false;
      start = nl + 1;
    }
    const last = this.used > start ? buf.lastIndexOf(10, this.used - 1) : -1;
    if (last >= start) {
      this.sink.lines(buf, start, last + 1);
      start = last + 1;
    }
    const rest = this.used - start;
    if (final) {
      if (rest > 0) this.sink.lines(buf, start, this.used);
      this.used = 0;
      return;
    }
    if (rest === buf.length) {
      this.sink.overlongLine(buf, 0, Math.min(MAX_LINE_BYTES, rest));
      this.skipping = true;
      this.used = 0;
      return;
    }
    if (start > 0 && rest > 0) buf.copyWithin(0, start, this.used);
    this.used = rest;
  }
}
