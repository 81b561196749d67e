import { type HeapFlag, jvmSizeBytes } from '../evidence/jvm-heap.js';

/**
 * A JVM's maximum heap set against its container's memory limit, for the `jvm-heap-*` rules of every runtime
 * (`kubernetes/`, `compose/`). The kernel kills a container whose memory use reaches its limit (OOMKilled, exit
 * code 137), and a JVM uses memory beyond its heap: metaspace, the JIT's code cache (up to 240 MB reserved with
 * tiered compilation), one stack per thread (1 MB each by default on 64-bit Linux; Tomcat runs up to 200 request
 * threads), GC bookkeeping and direct buffers. A fixed `-Xmx` does not follow the limit; `-XX:MaxRAMPercentage`
 * sizes the heap from it (JDK 10+, 8u191+). The flags themselves are read by `src/evidence/jvm-heap.ts`.
 */

/**
 * The share of the memory limit to leave for non-heap memory: the heap at most 75% of the limit, the value the
 * usual container guidance gives `-XX:MaxRAMPercentage` (the JVM's own default is 25%).
 */
export const NON_HEAP_SHARE = 0.25;
/** What the fix sets: the heap sized from the limit, leaving NON_HEAP_SHARE. */
export const FIXED_RAM_PERCENTAGE = 75;

/** What each `jvm-heap-*` rule reports: a heap at or above its limit, or one leaving too little beside it. */
export type HeapVerdict = 'above-limit' | 'without-headroom';

/** What a heap of `heapBytes` in a limit of `limitBytes` is: at or above the limit, too close to it, or fine. */
export function heapAgainstLimit(heapBytes: number, limitBytes: number): HeapVerdict | undefined {
  const left = limitBytes - heapBytes;
  if (left <= 0) return 'above-limit';
  return left < NON_HEAP_SHARE * limitBytes ? 'without-headroom' : undefined;
}

/** `1024 MiB`, `1.5 GiB`. */
export function mebibytes(bytes: number): string {
  const mib = bytes / 1024 ** 2;
  if (mib >= 1024 && Number.isInteger(Math.round((mib / 1024) * 100) / 100)) return `${Math.round((mib / 1024) * 100) / 100} GiB`;
  return `${Math.round(mib)} MiB`;
}

/** "`-Xmx1g` (env JAVA_TOOL_OPTIONS)". */
export function describeFlag(heap: HeapFlag): string {
  return `\`${heap.flag}\` (${heap.source})`;
}

/** `above` or `the whole of` (its memory limit), for an `above-limit` heap. */
export function aboveOrWholeOf(heapBytes: number, limitBytes: number): string {
  return heapBytes > limitBytes ? 'above' : 'the whole of';
}

/** How an `above-limit` finding's message ends, after the limit. */
export const KILLED_AT_LIMIT =
  'with metaspace, code cache and thread stacks on top, the kernel kills the container (OOMKilled, exit code 137) once the heap fills, cutting requests in flight and refusing new ones until it restarts';

/** How a `without-headroom` finding's message ends: what the heap leaves, and what to keep. */
export function headroomLeft(heapBytes: number, limitBytes: number): string {
  const left = limitBytes - heapBytes;
  return `leaving ${mebibytes(left)} (${Math.round((left / limitBytes) * 100)}%) for metaspace, code cache, thread stacks and GC: keep at least ${NON_HEAP_SHARE * 100}% (${mebibytes(NON_HEAP_SHARE * limitBytes)}), or the container is OOMKilled under load`;
}

/** What the fix's description says. */
export const HEAP_FIX_DESCRIPTION = `size the heap from the memory limit (${FIXED_RAM_PERCENTAGE}%, leaving ${NON_HEAP_SHARE * 100}% for non-heap memory) instead of a fixed maximum`;

/**
 * The value that holds the deciding flag, rewritten to size the heap from the limit: the flag becomes
 * `-XX:MaxRAMPercentage=75`, other maximum-heap flags in it go, and so does an `-Xms` larger than that heap (the JVM
 * refuses an initial heap above the maximum). Undefined unless one value holds every maximum-heap flag of the
 * process, so that the one changed is the one that counts.
 */
export function rewrittenHeapValue(heap: HeapFlag, flags: readonly HeapFlag[], limitBytes: number): string | undefined {
  if (flags.some((f) => f.written !== heap.written)) return undefined;
  const maxHeap = (FIXED_RAM_PERCENTAGE / 100) * limitBytes;
  let rewritten = heap.written.value;
  for (const f of flags) rewritten = rewritten.replace(f.flag, f === heap ? `-XX:MaxRAMPercentage=${FIXED_RAM_PERCENTAGE}` : '');
  rewritten = rewritten.replace(/(?<![\w-])-Xms(\d+)([kKmMgGtT]?)(?![\w.])/g, (token, n: string, unit: string) =>
    jvmSizeBytes(n, unit) > maxHeap ? '' : token,
  );
  return rewritten.replace(/\s{2,}/g, ' ').trim();
}
