import type { Located } from '../core/position.js';

/**
 * What a JVM's start-up settings say about its maximum heap, whatever runtime writes them (a Kubernetes container,
 * a Compose service): the maximum-heap flags in the order the JVM reads them, sizes in bytes, and the heap they give
 * against a memory limit. The one reading of JVM options shared by every runtime's rules; each runtime's inputs say
 * where the environment and the command line are written.
 */

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

/** What a runtime starts a (possibly Java) process with, as its config writes it. */
export interface JvmLaunch {
  /** The environment variables that have a value, in the order the runtime defines them. */
  env: readonly JvmEnvVar[];
  /**
   * The command line in order, one entry per written value (Kubernetes `command` then `args`, Compose `entrypoint`
   * then `command`), each with the name the JVM's flag is reported under.
   */
  commandLine: readonly { value: Located<string>; source: string }[];
  /** The program the runtime starts, when the config names it (`java`, `sh`); undefined when the image decides. */
  program?: string;
}

export interface JvmEnvVar {
  name: string;
  value: Located<string>;
  /** How a flag found here is reported; default `env <name>`. */
  source?: string;
}

/** `-Xmx`/`-Xms` size units: the JVM reads them as binary multiples (`1g` = 1024³ bytes), in either case. */
const SIZE_UNIT: Readonly<Record<string, number>> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
const FLAG = /(?<![\w-])(-Xmx|-XX:MaxHeapSize=|-XX:MaxRAMPercentage=|-XX:MaxRAMFraction=)(\d+(?:\.\d+)?)([kKmMgGtT]?)(?![\w.])/g;

/** Bytes of a JVM size (`-Xmx` and `-Xms` digits and unit): `1g` → 1073741824. */
export function jvmSizeBytes(digits: string, unit: string): number {
  return Number(digits) * (SIZE_UNIT[unit.toLowerCase()] ?? 1);
}

/** Maximum-heap flags in one written value, in order. */
function heapFlagsIn(written: Located<string>, source: string): HeapFlag[] {
  const out: HeapFlag[] = [];
  for (const m of written.value.matchAll(FLAG)) {
    const [flag, option, number, unit] = m as unknown as [string, string, string, string];
    const n = Number(number);
    if (option === '-XX:MaxRAMPercentage=') {
      if (!unit) out.push({ flag, kind: 'percentage', amount: n, source, written });
    } else if (option === '-XX:MaxRAMFraction=') {
      if (!unit && Number.isInteger(n) && n >= 1) out.push({ flag, kind: 'percentage', amount: 100 / n, source, written });
    } else if (Number.isInteger(n) && n > 0) out.push({ flag, kind: 'size', amount: jvmSizeBytes(number, unit), source, written });
  }
  return out;
}

/** JVM option variables: read by the JVM itself, or by the start scripts of Java images (`JAVA_OPTS`, `ES_JAVA_OPTS` …). */
const JVM_READS_FIRST = ['JAVA_TOOL_OPTIONS', 'JDK_JAVA_OPTIONS'];
const JVM_READS_LAST = '_JAVA_OPTIONS';
const SCRIPT_OPTIONS = /(?:^|_)(?:JAVA|JVM|HEAP|CATALINA)_OPTS$/;

/**
 * The process's maximum-heap flags in the order the JVM applies them (the last one wins): `JAVA_TOOL_OPTIONS`,
 * `JDK_JAVA_OPTIONS`, the start script's `*_OPTS` variables, the command line, and `_JAVA_OPTIONS` last. A script
 * variable is left out when the process is `java` itself and nothing in its command line refers to it.
 */
export function jvmHeapFlags(launch: JvmLaunch): HeapFlag[] {
  const sourceOf = (e: JvmEnvVar) => e.source ?? `env ${e.name}`;
  const env = (name: string) => launch.env.filter((e) => e.name === name && e.value.value);
  const commandLine = launch.commandLine.map((c) => c.value.value).join(' ');
  const runsJavaItself = /^(?:\S*\/)?java$/.test(launch.program ?? '');
  const scriptVariables = launch.env.filter(
    (e) =>
      e.value.value &&
      SCRIPT_OPTIONS.test(e.name) &&
      !(runsJavaItself && !commandLine.includes(`$(${e.name})`) && !commandLine.includes(`$${e.name}`) && !commandLine.includes(`\${${e.name}}`)),
  );
  const ordered: { value: Located<string>; source: string }[] = [
    ...JVM_READS_FIRST.flatMap((name) => env(name).map((e) => ({ value: e.value, source: sourceOf(e) }))),
    ...scriptVariables.map((e) => ({ value: e.value, source: sourceOf(e) })),
    ...launch.commandLine,
    ...env(JVM_READS_LAST).map((e) => ({ value: e.value, source: sourceOf(e) })),
  ];
  return ordered.flatMap((o) => heapFlagsIn(o.value, o.source));
}

/**
 * The flag that decides the maximum heap among a process's flags (in the order `jvmHeapFlags` gives): a fixed size
 * (`-Xmx`, `-XX:MaxHeapSize`) wherever it is, since the JVM sizes the heap from the memory only when none is set;
 * else `-XX:MaxRAMPercentage`, which the JVM takes over the older `-XX:MaxRAMFraction`. The last of its kind wins.
 */
export function decidingHeapFlag(flags: readonly HeapFlag[]): HeapFlag | undefined {
  return flags.findLast((f) => f.kind === 'size') ?? flags.findLast((f) => f.flag.startsWith('-XX:MaxRAMPercentage=')) ?? flags.at(-1);
}

/** The maximum heap a flag gives in a container limited to `limitBytes`. */
export function maxHeapBytes(heap: HeapFlag, limitBytes: number): number {
  return heap.kind === 'size' ? heap.amount : (heap.amount / 100) * limitBytes;
}
