import type { Signature } from '../../core/define-signature.js';
import type { Fields } from '../../core/ids.js';
import type { EventKind } from '../../inputs/logs/event-markers.js';
import type { InputProblem } from '../../inputs/logs/sources.js';
import type { DurationStats } from './duration-stats.js';
import type { LogPatterns } from './patterns.js';
import type { Timeline } from './timeline.js';

export interface FileSummary {
  path: string;
  /** Format id (`nginx-error`, `envoy`, …) and its description. */
  format: string;
  formatLabel: string;
  confidence: number;
  bytes: number;
  gzip: boolean;
  lines: number;
  /** Records that matched a signature or were request failures. */
  matched: number;
  /** Request-log lines read for traffic counts. */
  requests: number;
  longLines: number;
  nulBytes: number;
  invalidUtf8Lines: number;
  problems: InputProblem[];
}

export interface Sample {
  file: string;
  line: number;
  text: string;
}

/** Failures with the same signature on the same upstream. */
export interface FailureGroup {
  signature: Signature;
  /** Other signatures seen on the same records (facets of the same event). */
  facets: Signature[];
  upstream: string;
  count: number;
  first: number;
  last: number;
  samples: Sample[];
  /** Fields of the first occurrence (host, port, errno…), for the setup facts. */
  fields: Fields;
  /** How long failed attempts took, where the log says. */
  elapsed: DurationStats;
  connect: DurationStats;
}

export interface UpstreamSummary {
  upstream: string;
  /** Failures attributed to this upstream (all logs). */
  failures: number;
  /** Failed attempts seen in request logs (the numerator of the error ratio). */
  requestFailures: number;
  /** Attempts seen in request logs; 0 when only error logs mention this upstream. */
  requests: number;
  first: number;
  last: number;
}

export interface LogEvent {
  time: number;
  kind: EventKind;
  label: string;
  /** `the log` (with file and line) or `--events`. */
  source: 'log' | 'events-file';
  file?: string;
  line?: number;
  text?: string;
}

export interface LogSummary {
  files: FileSummary[];
  /** Problems with inputs that are not files of their own (globs without matches, directories). */
  problems: InputProblem[];
  groups: FailureGroup[];
  upstreams: UpstreamSummary[];
  /** Distinct upstreams folded into `(other)` to bound memory. */
  foldedUpstreams: number;
  timeline: Timeline;
  events: LogEvent[];
  /** Events beyond the kept ones. */
  droppedEvents: number;
  first: number;
  last: number;
  totals: { bytes: number; lines: number; records: number; failures: number; requests: number };
  patterns: LogPatterns;
}
