import type { Fix, RuleContext } from '../../core/define-rule.js';
import { decidingHeapFlag, type HeapFlag, type JvmLaunch, jvmHeapFlags, maxHeapBytes } from '../../evidence/jvm-heap.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ComposeCommand, ComposeEnvVar, ComposeFacts, ComposeMemoryLimit, ComposeProject, ComposeService } from '../../inputs/compose/model.js';
import { composeIndex } from '../../inputs/compose/queries.js';
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
import { textAt } from '../text-edits.js';
import { reporter } from './compose-paths.js';
import { replaceInside } from './yaml-edits.js';

/**
 * A Compose service's JVM heap against its container's memory limit, for `compose/jvm-heap-*`: the service's
 * environment (`environment`, `env_file`, the Dockerfile's `ENV`, after `.env` interpolation) and what it runs
 * (`entrypoint` and `command`, else the Dockerfile's) read as `src/evidence/jvm-heap.ts` reads any JVM's options;
 * the limit is `deploy.resources.limits.memory` or `mem_limit`. What the two mean together is `src/rules/jvm-heap.ts`.
 */

interface ComposeJvmHeap {
  project: ComposeProject;
  service: ComposeService;
  /** The flag that decides the maximum heap (`decidingHeapFlag`). */
  heap: HeapFlag;
  /** Every maximum-heap flag of the service, in the order the JVM reads them. */
  flags: HeapFlag[];
  heapBytes: number;
  limit: ComposeMemoryLimit;
}

const ENV_SOURCE: Record<ComposeEnvVar['source'], string> = { environment: 'environment', env_file: 'env_file', Dockerfile: 'Dockerfile ENV' };

/** One entry per list word written in the Compose file; a string command (or a Dockerfile's) as one value. */
function commandValues(command: ComposeCommand | undefined): JvmLaunch['commandLine'] {
  if (!command) return [];
  const { wordsAt } = command;
  if (wordsAt && wordsAt.length === command.words.length)
    return command.words.map((value, i) => ({ value: { value, at: wordsAt[i]! }, source: command.source }));
  return [{ value: { value: command.text ?? command.words.join(' '), at: command.at }, source: command.source }];
}

/** What the service's process is started with, for the JVM option reading. */
function composeJvmLaunch(service: ComposeService): JvmLaunch {
  const { entrypoint, command } = service.runs ?? {};
  // Without an entrypoint the image's runs in front of `command`; a Java image's only execs its arguments.
  const program = (entrypoint ?? command)?.words[0];
  return {
    env: service.environment.flatMap((v) =>
      v.value ? [{ name: v.name, value: { value: v.value, at: v.at }, source: `${ENV_SOURCE[v.source]} ${v.name}` }] : [],
    ),
    commandLine: [...commandValues(entrypoint), ...commandValues(command)],
    ...(program ? { program } : {}),
  };
}

/** Every service with a maximum-heap flag and a memory limit. */
function composeJvmHeaps(facts: ComposeFacts): ComposeJvmHeap[] {
  const out: ComposeJvmHeap[] = [];
  for (const { project, service } of composeIndex(facts).refs) {
    const limit = service.memoryLimit;
    if (!limit) continue;
    const flags = jvmHeapFlags(composeJvmLaunch(service));
    const heap = decidingHeapFlag(flags);
    if (!heap) continue;
    out.push({ project, service, heap, flags, heapBytes: maxHeapBytes(heap, limit.bytes), limit });
  }
  return out;
}

/**
 * Sizes the heap from the limit instead (`-XX:MaxRAMPercentage=75`): the value holding every maximum-heap flag is
 * rewritten where it is written literally. Not when it is built from variables (`${JAVA_HEAP:-2g}`: the rewrite
 * would drop them) or written elsewhere than where it is read (a string command re-quoted by the shell split).
 */
function composeHeapFix(facts: LintFacts, j: ComposeJvmHeap): Fix | undefined {
  const rewritten = rewrittenHeapValue(j.heap, j.flags, j.limit.bytes);
  const written = j.heap.written;
  const text = textAt(facts, written.at);
  if (rewritten === undefined || text === undefined || text.includes('$') || !written.value) return undefined;
  return replaceInside(facts, written.at, written.value, rewritten, HEAP_FIX_DESCRIPTION);
}

/** "1g (mem_limit)". */
function describeLimit(limit: ComposeMemoryLimit): string {
  return `${limit.text} (${limit.key})`;
}

const MESSAGE: Record<HeapVerdict, (j: ComposeJvmHeap) => string> = {
  'above-limit': (j) =>
    `${describeFlag(j.heap)} lets the heap of service \`${j.service.name}\` grow to ${mebibytes(j.heapBytes)}, ${aboveOrWholeOf(j.heapBytes, j.limit.bytes)} its memory limit ${describeLimit(j.limit)}: ${KILLED_AT_LIMIT}`,
  'without-headroom': (j) =>
    `${describeFlag(j.heap)} lets the heap of service \`${j.service.name}\` grow to ${mebibytes(j.heapBytes)} of its memory limit ${describeLimit(j.limit)}, ${headroomLeft(j.heapBytes, j.limit.bytes)}`,
};

/** The check of `compose/jvm-heap-<verdict>`: every service whose heap is `verdict`, at its flag, with its limit and the fix. */
export function checkComposeJvmHeaps(ctx: RuleContext, verdict: HeapVerdict): void {
  const report = reporter(ctx);
  for (const j of composeJvmHeaps(ctx.facts.compose)) {
    if (heapAgainstLimit(j.heapBytes, j.limit.bytes) !== verdict) continue;
    const fix = composeHeapFix(ctx.facts, j);
    report({
      message: MESSAGE[verdict](j),
      at: j.heap.written.at,
      ...(fix ? { fix } : {}),
      related: [{ at: j.limit.at, message: `memory limit ${describeLimit(j.limit)}` }],
    });
  }
}
