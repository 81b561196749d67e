import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { hasGzipMagic } from '../../inputs/logs/sources.js';

/**
 * A bounded look at a plain-text log for the readers that want only part of it (start-up lines at the top, recent
 * requests at the end): the streaming scanner reads whole logs; these read at most `headBytes + tailBytes`.
 */
export interface LogWindow {
  /** The file whole when it fits, else its first `headBytes` up to the last full line. */
  head: string;
  /** The last `tailBytes` from the first full line on, when the file did not fit (line numbers there are not known). */
  tail?: string;
}

/**
 * Reads a regular file whole when it is at most `headBytes + tailBytes`, else its start and (with `tailBytes`) its
 * end. Undefined for what is not there to read: a FIFO or device (would block or never end), gzip or binary (the
 * scanner reports them), or a file that cannot be read (the scanner reports that too).
 */
export function readLogWindow(path: string, headBytes: number, tailBytes = 0): LogWindow | undefined {
  let fd: number | undefined;
  try {
    // Regular files only, checked before opening: opening a FIFO for reading blocks until a writer comes.
    if (!statSync(path).isFile()) return undefined;
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const whole = size <= headBytes + tailBytes;
    const head = read(fd, 0, whole ? size : headBytes);
    if (hasGzipMagic(head) || head.includes(0)) return undefined;
    const headText = head.toString('utf8');
    if (whole) return { head: headText };
    // A window that ends (or starts) mid-line: that part is left out.
    const window: LogWindow = { head: headText.slice(0, headText.lastIndexOf('\n') + 1) };
    if (tailBytes > 0) {
      const tailText = read(fd, size - tailBytes, tailBytes).toString('utf8');
      window.tail = tailText.slice(tailText.indexOf('\n') + 1);
    }
    return window;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function read(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  return buffer.subarray(0, readSync(fd, buffer, 0, length, position));
}
