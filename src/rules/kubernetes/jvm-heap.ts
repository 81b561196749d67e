import type { Fix } from '../../core/define-rule.js';
import type { Located, SourcePosition } from '../../core/position.js';
import type { Container, KubeObject, KubernetesFacts, Workload, YamlPath } from '../../inputs/kubernetes/model.js';
import { isRecord, list, record, text } from '../../inputs/kubernetes/values.js';
import { replaceFix } from '../../inputs/kubernetes/yaml-edits.js';
import { controllersFirst, templateOwnerKey } from './template-owner.js';

/**
 * A JVM's maximum heap set against its container's memory limit, for the `jvm-heap-*` rules. The kernel kills a
 * container whose memory use reaches its limit (OOMKilled, exit code 137), and a JVM uses memory beyond its heap:
 * metaspace, the JIT's code cache (up to 240 MB reserved with tiered compilation), one stack per thread (1 MB each
 * by default on 64-bit Linux; Tomcat runs up to 200 request threads), GC bookkeeping and direct buffers. A fixed
 * `-Xmx` does not follow the limit; `-XX:MaxRAMPercentage` sizes the heap from it (JDK 10+, 8u191+).
 */

/**
 * The share of the memory limit to leave for non-heap memory: the heap at most 75% of the limit, the value the
 * usual container guidance gives `-XX:MaxRAMPercentage` (the JVM's own default is 25%).
 */
export const NON_HEAP_SHARE = 0.25;
/** What the fix sets: the heap sized from the limit, leaving NON_HEAP_SHARE. */
export const FIXED_RAM_PERCENTAGE = 75;

export interface HeapFlag {
  /** The flag as written: `-Xmx1g`, `-XX:MaxHeapSize=2147483648`, `-XX:MaxRAMPercentage=90`. */
  flag: string;
  /** A fixed size, or a share of the container's memory (MaxRAMPercentage, MaxRAMFraction). */
  kind: 'size' | 'percentage';
  /** Bytes for a size, percent of the limit for a percentage. */
  amount: number;
  /** Where the JVM reads it from: `env JAVA_TOOL_OPTIONS`, `args`, `command`. */
  source: string;
  /** The whole value the flag is written in (one env value, one command or args item). */
  written: Located<string>;
}

export interface MemoryLimit {
  bytes: number;
  /** As written: `768Mi`. */
  quantity: string;
  at: SourcePosition;
  /** `the container's limit` or `the default of LimitRange \`x\``. */
  from: string;
}

export interface JvmHeap {
  workload: Workload;
  container: Container;
  /** The flag that decides the maximum heap (the JVM takes the last one it reads). */
  heap: HeapFlag;
  /** Every maximum-heap flag of the container, in the order the JVM reads them. */
  flags: HeapFlag[];
  heapBytes: number;
  limit: MemoryLimit;
}

const SIZE_UNIT: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const FLAG = /(?<![\w-])(-Xmx|-XX:MaxHeapSize=|-XX:MaxRAMPercentage=|-XX:MaxRAMFraction=)(\d+(?:\.\d+)?)([kKmMgGtT]?)(?![\w.])/g;

/** Maximum-heap flags in one written value, in order. */
export function heapFlagsIn(written: Located<string>, source: string): HeapFlag[] {
  const out: HeapFlag[] = [];
  for (const m of written.value.matchAll(FLAG)) {
    const [flag, option, number, unit] = m as unknown as [string, string, string, string];
    const n = Number(number);
    if (option === '-XX:MaxRAMPercentage=') {
      if (!unit) out.push({ flag, kind: 'percentage', amount: n, source, written });
    } else if (option === '-XX:MaxRAMFraction=') {
      if (!unit && Number.isInteger(n) && n >= 1) out.push({ flag, kind: 'percentage', amount: 100 / n, source, written });
    } else if (Number.isInteger(n) && n > 0) out.push({ flag, kind: 'size', amount: n * (SIZE_UNIT[unit.toLowerCase()] ?? 1), source, written });
  }
  return out;
}

/** JVM option variables: read by the JVM itself, or by the start scripts of Java images (`JAVA_OPTS`, `ES_JAVA_OPTS` …). */
const JVM_READS_FIRST = ['JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS'];
const JVM_READS_LAST = '_JAVA_OPTIONS';
const SCRIPT_OPTIONS = /(?:^|_)(?:JAVA|JVM|HEAP|CATALINA)_OPTS$/;

/**
 * The container's maximum-heap flags in the order the JVM applies them (the last one wins): `JAVA_TOOL_OPTIONS`,
 * `JDK_JAVA_OPTIONS`, the start script's `*_OPTS` variables, `command`, `args`, and `_JAVA_OPTIONS` last. A script
 * variable is left out when the container runs `java` itself and nothing in its command line refers to it.
 */
export function containerHeapFlags(container: Container): HeapFlag[] {
  const env = (name: string) => container.env.filter((e) => e.name === name && e.value);
  const commandLine = [...container.command, ...container.args].map((v) => v.value).join(' ');
  const runsJavaItself = /^(?:\S*\/)?java$/.test(container.command[0]?.value ?? '');
  const scriptVariables = container.env.filter(
    (e) =>
      e.value &&
      SCRIPT_OPTIONS.test(e.name) &&
      !(runsJavaItself && !commandLine.includes(`$(${e.name})`) && !commandLine.includes(`$${e.name}`) && !commandLine.includes(`\${${e.name}}`)),
  );
  const ordered: { value: Located<string>; source: string }[] = [
    ...JVM_READS_FIRST.flatMap((name) => env(name).map((e) => ({ value: e.value!, source: `env ${name}` }))),
    ...scriptVariables.map((e) => ({ value: e.value!, source: `env ${e.name}` })),
    ...container.command.map((value) => ({ value, source: 'command' })),
    ...container.args.map((value) => ({ value, source: 'args' })),
    ...env(JVM_READS_LAST).map((e) => ({ value: e.value!, source: `env ${JVM_READS_LAST}` })),
  ];
  return ordered.flatMap((o) => heapFlagsIn(o.value, o.source));
}

/** A Kubernetes memory quantity in bytes (`768Mi`, `1G`, `1.5Gi`, `805306368`, `1e9`); undefined when not one. */
export function memoryBytes(quantity: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([0-9]+))?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/.exec(quantity.trim());
  if (!m) return undefined;
  const factor: Record<string, number> = {
    '': 1,
    m: 1e-3,
    k: 1e3,
    M: 1e6,
    G: 1e9,
    T: 1e12,
    P: 1e15,
    E: 1e18,
    Ki: 1024,
    Mi: 1024 ** 2,
    Gi: 1024 ** 3,
    Ti: 1024 ** 4,
    Pi: 1024 ** 5,
    Ei: 1024 ** 6,
  };
  const bytes = Number(m[1]) * 10 ** Number(m[2] ?? 0) * (factor[m[3] ?? ''] ?? 1);
  return Number.isFinite(bytes) && bytes > 0 ? bytes : undefined;
}

function valueAt(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const step of path) v = isRecord(v) ? v[step as string] : Array.isArray(v) ? v[step as number] : undefined;
  return v;
}

/**
 * The container's memory limit: its own `resources.limits.memory`, else the `default` memory of a `type: Container`
 * LimitRange in its namespace (admission fills it in). Undefined when neither says: no limit, nothing to exceed.
 */
export function memoryLimitOf(k: KubernetesFacts, workload: Workload, container: Container): MemoryLimit | undefined {
  const object = workload.object;
  const path = [...container.path, 'resources', 'limits', 'memory'];
  const own = text(valueAt(object.value, path));
  if (own !== undefined) {
    const bytes = memoryBytes(own);
    return bytes === undefined ? undefined : { bytes, quantity: own, at: object.pos(path), from: "the container's limit" };
  }
  for (const range of limitRanges(k, object.namespace)) {
    for (const [i, item] of list(record(range.value.spec).limits).entries()) {
      if (!isRecord(item) || (item.type !== undefined && item.type !== 'Container')) continue;
      const quantity = text(record(item.default).memory);
      const bytes = quantity === undefined ? undefined : memoryBytes(quantity);
      if (quantity !== undefined && bytes !== undefined)
        return { bytes, quantity, at: range.pos(['spec', 'limits', i, 'default', 'memory']), from: `the default limit of LimitRange \`${range.name}\`` };
    }
  }
  return undefined;
}

function limitRanges(k: KubernetesFacts, namespace: string | undefined): KubeObject[] {
  return k.objects.filter((o) => o.kind === 'LimitRange' && o.group === '' && k.index.compatible(o.namespace, namespace));
}

/** Every JVM container with a maximum heap and a memory limit, once per pod template (the replicas of a dump are one). */
export function jvmHeaps(k: KubernetesFacts): JvmHeap[] {
  const out: JvmHeap[] = [];
  const seen = new Set<string>();
  for (const workload of controllersFirst(k.workloads)) {
    for (const container of workload.template.containers) {
      const flags = containerHeapFlags(container);
      const heap = flags.at(-1);
      if (!heap) continue;
      const key = `${templateOwnerKey(k, workload)}|${container.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const limit = memoryLimitOf(k, workload, container);
      if (!limit) continue;
      const heapBytes = heap.kind === 'size' ? heap.amount : (heap.amount / 100) * limit.bytes;
      out.push({ workload, container, heap, flags, heapBytes, limit });
    }
  }
  return out;
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

/**
 * Sizes the heap from the limit instead: the deciding flag becomes `-XX:MaxRAMPercentage=75`, and an `-Xms` larger
 * than that heap in the same value goes (the JVM refuses an initial heap above the maximum). Only when one value
 * holds every maximum-heap flag of the container, so that the one changed is the one that counts.
 */
export function heapFix(j: JvmHeap): Fix | undefined {
  if (j.flags.some((f) => f.written !== j.heap.written)) return undefined;
  const maxHeap = (FIXED_RAM_PERCENTAGE / 100) * j.limit.bytes;
  let rewritten = j.heap.written.value;
  for (const f of j.flags) rewritten = rewritten.replace(f.flag, f === j.heap ? `-XX:MaxRAMPercentage=${FIXED_RAM_PERCENTAGE}` : '');
  rewritten = rewritten.replace(/(?<![\w-])-Xms(\d+)([kKmMgGtT]?)(?![\w.])/g, (token, n: string, unit: string) =>
    Number(n) * (SIZE_UNIT[unit.toLowerCase()] ?? 1) > maxHeap ? '' : token,
  );
  rewritten = rewritten.replace(/\s{2,}/g, ' ').trim();
  return replaceFix(
    j.heap.written.at,
    JSON.stringify(rewritten),
    `size the heap from the memory limit (${FIXED_RAM_PERCENTAGE}%, leaving ${NON_HEAP_SHARE * 100}% for non-heap memory) instead of a fixed maximum`,
  );
}
