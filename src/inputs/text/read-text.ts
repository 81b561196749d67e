import { open } from 'node:fs/promises';

/** Pasted text beyond this is not analysed (`updoc logs` is the tool for whole files). */
export const MAX_EXPLAIN_BYTES = 4 * 1024 * 1024;

export interface TextInput {
  text: string;
  /** Bytes actually read (at most the limit). */
  bytes: number;
  /** True when the input was longer than the limit and only its head was analysed. */
  truncated: boolean;
  origin: string;
}

export class InputError extends Error {}

/** Reads at most `limit` bytes from a stream, then stops reading (never buffers a 100 MB paste). */
export async function readStreamBounded(stream: NodeJS.ReadableStream, origin: string, limit = MAX_EXPLAIN_BYTES): Promise<TextInput> {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    const room = limit - size;
    if (buf.length > room) {
      chunks.push(buf.subarray(0, room));
      size += room;
      truncated = true;
      break;
    }
    chunks.push(buf);
    size += buf.length;
  }
  if (truncated && 'destroy' in stream && typeof stream.destroy === 'function') (stream as unknown as { destroy(): void }).destroy();
  return decode(Buffer.concat(chunks, size), origin, truncated);
}

export async function readFileBounded(path: string, limit = MAX_EXPLAIN_BYTES): Promise<TextInput> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw new InputError(`${path} is a directory; \`updoc explain\` takes a message or one file (use \`updoc logs\` for directories)`);
    const buf = Buffer.alloc(Math.min(limit, stat.isFile() ? stat.size : limit));
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return decode(buf.subarray(0, bytesRead), path, stat.isFile() && stat.size > limit);
  } finally {
    await handle.close();
  }
}

/** Refuses binary input; decodes invalid UTF-8 with replacement characters instead of failing. */
export function decode(buf: Buffer, origin: string, truncated: boolean): TextInput {
  const sample = buf.subarray(0, 64 * 1024);
  let control = 0;
  for (const byte of sample) if (byte === 0 || byte < 0x09 || (byte > 0x0d && byte < 0x20 && byte !== 0x1b)) control++;
  if (sample.length > 0 && control / sample.length > 0.1) {
    throw new InputError(`${origin} looks like binary data (${Math.round((100 * control) / sample.length)}% control bytes), not an error message or log text`);
  }
  let text = new TextDecoder('utf-8', { fatal: false }).decode(buf);
  // A cut in the middle of a multi-byte character leaves one replacement char at the end: harmless.
  if (text.includes('\u0000')) text = text.replace(/\u0000/g, '');
  return { text, bytes: buf.length, truncated, origin };
}
