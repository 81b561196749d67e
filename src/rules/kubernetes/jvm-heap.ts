import type { Fix, RuleContext } from '../../core/define-rule.js';
import type { SourcePosition } from '../../core/position.js';
import { describe } from '../../inputs/kubernetes/index-objects.js';
import type { Container, KubernetesFacts, Workload } from '../../inputs/kubernetes/model.js';
import { replaceFix } from '../../inputs/kubernetes/yaml-edits.js';
import { decidingHeapFlag, type HeapFlag, jvmHeapFlags, maxHeapBytes } from '../../evidence/jvm-heap.js';
import {
  aboveOrWholeOf,
  describeFlag,
  HEAP_FIX_DESCRIPTION,
  type HeapVerdict,
  headroomLeft,
  heapAgainstLimit,
  KILLED_AT_LIMIT,
  mebibytes,
  rewrittenHeapValue,
} from '../jvm-heap.js';
import { controllersFirst, templateOwnerKey } from './template-owner.js';

/**
 * A Kubernetes container's JVM heap against its memory limit, for `kubernetes/jvm-heap-*`: the container's env,
 * `command` and `args` read as `src/evidence/jvm-heap.ts` reads any JVM's options, the limit its own or its
 * namespace's LimitRange default. What the heap and the limit mean together is `src/rules/jvm-heap.ts`.
 */

interface MemoryLimit {
  bytes: number;
  /** As written: `768Mi`. */
  quantity: string;
  at: SourcePosition;
  /** `the container's limit` or `the default of LimitRange \`x\``. */
  from: string;
}

interface JvmHeap {
  workload: Workload;
  container: Container;
  /** The flag that decides the maximum heap (`decidingHeapFlag`). */
  heap: HeapFlag;
  /** Every maximum-heap flag of the container, in the order the JVM reads them. */
  flags: HeapFlag[];
  heapBytes: number;
  limit: MemoryLimit;
}

/**
 * The container's maximum-heap flags in the order the JVM applies them: its env, then `command` and `args` (a
 * start script's `*_OPTS` variable counts unless `command` runs `java` itself without passing it on).
 */
function containerHeapFlags(container: Container): HeapFlag[] {
  return jvmHeapFlags({
    env: container.env.flatMap((e) => (e.value ? [{ name: e.name, value: e.value }] : [])),
    commandLine: [...container.command.map((value) => ({ value, source: 'command' })), ...container.args.map((value) => ({ value, source: 'args' }))],
    ...(container.command[0] ? { program: container.command[0].value } : {}),
  });
}

/**
 * The container's memory limit: its own `resources.limits.memory`, else the `default` memory of a `type: Container`
 * LimitRange in its namespace (admission fills it in). Undefined when neither says (no limit, nothing to exceed), when
 * its own is 0 (no limit either) or when its own is not a quantity (Kubernetes refuses the object; the input problem
 * says so).
 */
function memoryLimitOf(k: KubernetesFacts, workload: Workload, container: Container): MemoryLimit | undefined {
  if (container.memoryLimit) return container.memoryLimit.bytes > 0 ? { ...container.memoryLimit, from: "the container's limit" } : undefined;
  if (container.malformedMemoryLimit) return undefined;
  for (const range of k.limitRanges) {
    if (!range.defaultMemory || !k.index.compatible(range.object.namespace, workload.object.namespace)) continue;
    return { ...range.defaultMemory, from: `the default limit of LimitRange \`${range.object.name}\`` };
  }
  return undefined;
}

/** Every JVM container with a maximum heap and a memory limit, once per pod template (the replicas of a dump are one). */
function jvmHeaps(k: KubernetesFacts): JvmHeap[] {
  // Both kubernetes/jvm-heap-* rules read the same list: built once per facts.
  let out = heapsOf.get(k);
  if (out) return out;
  out = [];
  const seen = new Set<string>();
  for (const workload of controllersFirst(k.workloads)) {
    for (const container of workload.template.containers) {
      const flags = containerHeapFlags(container);
      const heap = decidingHeapFlag(flags);
      if (!heap) continue;
      const key = `${templateOwnerKey(k, workload)}|${container.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const limit = memoryLimitOf(k, workload, container);
      if (!limit) continue;
      const heapBytes = maxHeapBytes(heap, limit.bytes);
      out.push({ workload, container, heap, flags, heapBytes, limit });
    }
  }
  heapsOf.set(k, out);
  return out;
}

const heapsOf = new WeakMap<KubernetesFacts, JvmHeap[]>();

/** Sizes the heap from the limit instead (`-XX:MaxRAMPercentage=75`), when one value holds every maximum-heap flag. */
function heapFix(j: JvmHeap): Fix | undefined {
  const rewritten = rewrittenHeapValue(j.heap, j.flags, j.limit.bytes);
  return rewritten === undefined ? undefined : replaceFix(j.heap.written.at, JSON.stringify(rewritten), HEAP_FIX_DESCRIPTION);
}

const MESSAGE: Record<HeapVerdict, (j: JvmHeap) => string> = {
  'above-limit': (j) =>
    `${describeFlag(j.heap)} lets the heap of container \`${j.container.name}\` of ${describe(j.workload.object)} grow to ${mebibytes(j.heapBytes)}, ${aboveOrWholeOf(j.heapBytes, j.limit.bytes)} its memory limit ${j.limit.quantity} (${j.limit.from}): ${KILLED_AT_LIMIT}`,
  'without-headroom': (j) =>
    `${describeFlag(j.heap)} lets the heap of container \`${j.container.name}\` of ${describe(j.workload.object)} grow to ${mebibytes(j.heapBytes)} of its ${j.limit.quantity} memory limit (${j.limit.from}), ${headroomLeft(j.heapBytes, j.limit.bytes)}`,
};

/** The check of `kubernetes/jvm-heap-<verdict>`: every container whose heap is `verdict`, at its flag, with its limit and the fix. */
export function checkJvmHeaps(ctx: RuleContext, verdict: HeapVerdict): void {
  for (const j of jvmHeaps(ctx.facts.kubernetes)) {
    if (heapAgainstLimit(j.heapBytes, j.limit.bytes) !== verdict) continue;
    const fix = heapFix(j);
    ctx.report({
      message: MESSAGE[verdict](j),
      at: j.heap.written.at,
      ...(fix ? { fix } : {}),
      related: [{ at: j.limit.at, message: `memory limit ${j.limit.quantity}` }],
    });
  }
}
