import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { CHUNK_BYTES, LineAssembler, type LineSink } from './line-assembler.js';
import { describeFsError, hasGzipMagic, type LogSource } from './sources.js';
import { scanEngine } from './wasm-scanner.js';

export interface ReadResult {
  /** Bytes consumed from the source (compressed bytes for gzip). */
  bytes: number;
  gzip: boolean;
  /** Set when the source could not be read, or not to its end (what was read is still analysed). */
  error?: string;
}

const GUNZIP_CHUNK = 1024 * 1024;

/**
 * Streams one source into the sink as whole lines: plain files by `fs.read`, gzip through zlib. Lines
 * are assembled in the WebAssembly scanner's input region when it is free, so that the scanner reads
 * them where they were read (no copy).
 */
export async function readSource(source: LogSource, sink: LineSink, stdin: NodeJS.ReadableStream, onProgress: (bytes: number) => void): Promise<ReadResult> {
  const engine = scanEngine();
  const region = engine?.leaseInput() ?? null;
  try {
    return await readInto(source, new LineAssembler(sink, CHUNK_BYTES, region ?? undefined), stdin, onProgress);
  } finally {
    if (region) engine?.releaseInput();
  }
}

async function readInto(source: LogSource, assembler: LineAssembler, stdin: NodeJS.ReadableStream, onProgress: (bytes: number) => void): Promise<ReadResult> {
  const sink = assembler.sink;
  if (source.kind === 'stdin') return readStream(stdin, assembler, sink, onProgress);
  let fd: number;
  try {
    fd = openSync(source.path, 'r');
  } catch (error) {
    return { bytes: 0, gzip: false, error: describeFsError(error) };
  }
  try {
    const magic = Buffer.alloc(2);
    if (hasGzipMagic(magic.subarray(0, readSync(fd, magic, 0, 2, 0)))) {
      return await readStream(createReadStream('', { fd, autoClose: false, start: 0, highWaterMark: GUNZIP_CHUNK }), assembler, sink, onProgress, true);
    }
    return readPlainFile(fd, assembler, sink, onProgress);
  } catch (error) {
    return { bytes: 0, gzip: false, error: describeFsError(error) };
  } finally {
    closeSync(fd);
  }
}

function readPlainFile(fd: number, assembler: LineAssembler, sink: LineSink, onProgress: (bytes: number) => void): ReadResult {
  let position = 0;
  try {
    for (;;) {
      const { buffer, offset, length } = assembler.space();
      const n = readSync(fd, buffer, offset, length, position);
      if (n === 0) break;
      position += n;
      assembler.commit(n);
      onProgress(position);
      if (sink.done) break;
    }
  } catch (error) {
    assembler.drain(true);
    return { bytes: position, gzip: false, error: `read error after ${position} bytes: ${describeFsError(error)}` };
  }
  assembler.drain(true);
  return { bytes: position, gzip: false };
}

async function readStream(
  stream: NodeJS.ReadableStream,
  assembler: LineAssembler,
  sink: LineSink,
  onProgress: (bytes: number) => void,
  knownGzip = false,
): Promise<ReadResult> {
  const raw = stream as AsyncIterable<Buffer | string> & NodeJS.ReadableStream;
  let consumed = 0;
  let gzip = knownGzip;
  let decoded: AsyncIterable<Buffer | string> = raw;
  try {
    if (!knownGzip) {
      const iterator = raw[Symbol.asyncIterator]();
      const first = await iterator.next();
      if (first.done) return { bytes: 0, gzip: false };
      const head = toBuffer(first.value);
      gzip = hasGzipMagic(head);
      decoded = prepend(head, iterator);
    }
    const counted = countBytes(decoded, (n) => {
      consumed += n;
      onProgress(consumed);
    });
    const lines = gzip ? gunzipped(counted) : counted;
    for await (const chunk of lines as AsyncIterable<Buffer | string>) {
      assembler.push(toBuffer(chunk));
      if (sink.done) break;
    }
  } catch (error) {
    assembler.drain(true);
    const what = gzip ? `gzip data is truncated or corrupt (${(error as Error).message})` : describeFsError(error);
    return { bytes: consumed, gzip, error: `${what}; the lines before that point were analysed` };
  }
  assembler.drain(true);
  return { bytes: consumed, gzip };
}

/** pipeline() (not pipe()) so that a read error upstream also ends the gunzip stream we iterate. */
function gunzipped(chunks: AsyncIterable<Buffer>): NodeJS.ReadableStream {
  const gunzip = createGunzip({ chunkSize: GUNZIP_CHUNK });
  pipeline(Readable.from(chunks), gunzip, () => {});
  return gunzip;
}

async function* prepend(first: Buffer, rest: AsyncIterator<Buffer | string>): AsyncGenerator<Buffer> {
  yield first;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield toBuffer(next.value);
  }
}

async function* countBytes(chunks: AsyncIterable<Buffer | string>, onBytes: (n: number) => void): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    const buf = toBuffer(chunk);
    onBytes(buf.length);
    yield buf;
  }
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
}
