import type { SignaturePlatform } from '../../../core/ids.js';
import type { ScanProgram } from '../wasm-scanner.js';
import type { AccessFields } from './access-fields.js';

export interface TimeContext {
  /** For year-less timestamps (syslog, klog). */
  referenceYear: number;
  /** "Now" for relative ages (kubectl): the file's modification time, or the time of the run. */
  referenceTime: number;
}

/** One failed upstream attempt read from a request log. */
export interface FailedAttempt {
  /** The peer tried (`host:port`, URL, unix socket), or null when none was chosen. */
  peer: string | null;
  /** Status of this attempt when the log has one per attempt. */
  status: number | null;
  connectMs?: number;
  /** How long until it failed. */
  elapsedMs?: number;
}

/** What a request-log line says about a failed request. */
export interface AccessFailure {
  status: number | null;
  attempts: FailedAttempt[];
  /** upstream{} / cluster / backend / target group / router, for when no peer was chosen. */
  pool?: string;
  /**
   * How to classify the line when no signature matches it: a signature id, else a catalog entry
   * (`ENV-UF`, `HAP-SC`…), else the bare status.
   */
  fallback: { signature?: string; catalog?: string };
}

/**
 * A request log's layout: a byte-level locator for the hot path, a cheap test of the located spans,
 * and the full reading of the lines that may be failures.
 */
export interface AccessLayout {
  /** Resets per-block search state; called before the lines of each block. */
  begin(buf: Buffer, blockEnd: number): void;
  /** Fills field spans (already reset to -1); false when the line is not a request record. */
  locate(buf: Buffer, start: number, end: number, spans: Int32Array): boolean;
  /** From the spans alone: may this request have failed upstream? (No strings built.) */
  mayFail(buf: Buffer, spans: Int32Array): boolean;
  /** The decoded fields of a line that may have failed; null when it did not fail upstream after all. */
  failure(fields: AccessFields): AccessFailure | null;
  /**
   * The upstream a raw `peers` or `pool` value stands for, when the product's spelling needs help
   * (HAProxy `be/<NOSRV>` → `be`, an ALB target-group ARN → its name). Used for traffic counts and failures alike.
   */
  peerKey?(raw: string): string | null;
  /**
   * The same layout as a program for the WebAssembly scanner, when it can be expressed as one (a
   * template); its may-fail tests must accept every line `mayFail` accepts. Null: located in JavaScript.
   */
  program?(): ScanProgram | null;
}

export interface LogFormat {
  id: string;
  label: string;
  /** Signature platforms whose messages can occur in this format; undefined means all. */
  platforms?: readonly SignaturePlatform[];
  /** A variant of another format, chosen when any sample line shows it (Kong is nginx with `[kong]` lines). */
  refines?: string;
  /** Does one sample line look like this format? */
  detect(line: string): boolean;
  /** Time of a record, from its first line. */
  time(line: string, ctx: TimeContext): number;
  /** Lines that continue the record above them (stack traces, wrapped messages). */
  continuation?: RegExp;
  /** Records that cannot be upstream failures whatever they match (nginx logs client events at [info]). */
  notFailure?: RegExp;
  /** Records are JSON objects: their message strings are matched too. */
  json?: boolean;
  /** Request logs: every line is counted per upstream and judged by its status fields. */
  access?: () => AccessLayout;
  /** Weight of each line in counts (kubectl events carry "x12"). */
  repeat?(line: string): number;
}
