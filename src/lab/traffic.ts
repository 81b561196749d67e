/**
 * The traffic driver: runs inside the client's namespace (`updoc lab drive SPEC.json`) and sends the scenario's
 * requests to the proxy — bounded in count, per-request timeout and a deadline for the whole drive — then prints
 * one JSON document with every request's outcome (HTTP status, or the client error code).
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { ClientExpectation, TrafficPhase } from './model.js';

export interface DriveSpec {
  /** `http://<proxy address>:<port>` */
  baseUrl: string;
  phases: TrafficPhase[];
  timeoutMs: number;
  deadlineMs: number;
}

export interface RequestOutcome {
  phase: number;
  method: string;
  path: string;
  /** Milliseconds from the start of the drive. */
  at: number;
  ms: number;
  /** HTTP status when a response arrived (and its body completed), else the error code. */
  outcome: number | string;
}

export interface DriveResult {
  startedAt: string;
  ms: number;
  deadlineReached: boolean;
  requests: RequestOutcome[];
  /** outcome → count */
  counts: Record<string, number>;
}

const MAX_REQUESTS = 2000;
const MAX_DEADLINE_MS = 120_000;

export function readDriveSpec(path: string): DriveSpec {
  let spec: DriveSpec;
  try {
    spec = JSON.parse(readFileSync(path, 'utf8')) as DriveSpec;
  } catch (error) {
    throw new Error(`cannot read the drive spec ${path}: ${(error as NodeJS.ErrnoException).code ?? 'not JSON'}`);
  }
  if (!/^http:\/\/[^/]+$/.test(spec.baseUrl ?? '')) throw new Error(`${path}: baseUrl must be http://host:port`);
  if (!Array.isArray(spec.phases) || !spec.phases.every((p) => Number.isInteger(p?.count) && p.count >= 0))
    throw new Error(`${path}: phases must be a list of {count, method, path, intervalMs}`);
  const total = spec.phases.reduce((n, p) => n + p.count, 0);
  if (!(total > 0 && total <= MAX_REQUESTS)) throw new Error(`${path}: between 1 and ${MAX_REQUESTS} requests`);
  if (!(spec.deadlineMs > 0 && spec.deadlineMs <= MAX_DEADLINE_MS)) throw new Error(`${path}: deadline must be at most ${MAX_DEADLINE_MS} ms`);
  return spec;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function drive(spec: DriveSpec): Promise<DriveResult> {
  const started = Date.now();
  const deadline = started + spec.deadlineMs;
  const requests: RequestOutcome[] = [];
  let deadlineReached = false;
  for (const [index, phase] of spec.phases.entries()) {
    if (phase.pauseBeforeMs) await sleep(Math.max(0, Math.min(phase.pauseBeforeMs, deadline - Date.now())));
    const concurrency = Math.max(1, phase.concurrency ?? 1);
    const inFlight = new Set<Promise<void>>();
    for (let i = 0; i < phase.count; i++) {
      if (Date.now() >= deadline) {
        deadlineReached = true;
        break;
      }
      while (inFlight.size >= concurrency) await Promise.race(inFlight);
      const at = Date.now() - started;
      const timeout = Math.max(1, Math.min(spec.timeoutMs, deadline - Date.now()));
      const p = send(spec.baseUrl, phase, timeout).then((r) => {
        requests.push({ phase: index, method: phase.method, path: phase.path, at, ms: r.ms, outcome: r.outcome });
        inFlight.delete(p);
      });
      inFlight.add(p);
      if (phase.intervalMs > 0 && i < phase.count - 1) await sleep(phase.intervalMs);
    }
    await Promise.all(inFlight);
    if (deadlineReached) break;
  }
  requests.sort((a, b) => a.at - b.at);
  const counts: Record<string, number> = {};
  for (const r of requests) counts[String(r.outcome)] = (counts[String(r.outcome)] ?? 0) + 1;
  return { startedAt: new Date(started).toISOString(), ms: Date.now() - started, deadlineReached, requests, counts };
}

function send(baseUrl: string, phase: TrafficPhase, timeoutMs: number): Promise<{ ms: number; outcome: number | string }> {
  const started = Date.now();
  const body = phase.method === 'POST' ? JSON.stringify({ item: 'sku-1', quantity: 1 }) : undefined;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (outcome: number | string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ms: Date.now() - started, outcome });
    };
    const req = request(`${baseUrl}${phase.path}`, {
      method: phase.method,
      agent: false,
      headers: body ? { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } : {},
    });
    const timer = setTimeout(() => {
      finish('TIMEOUT');
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => finish(res.statusCode ?? 0));
      // Headers came, the body was cut: the proxy passed on a backend that died mid-response.
      res.on('aborted', () => finish('ABORTED'));
      res.on('error', () => finish('ABORTED'));
      res.on('close', () => finish(res.complete ? (res.statusCode ?? 0) : 'ABORTED'));
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish(error.code ?? 'ERROR'));
    req.end(body);
  });
}

/** Whether the client saw what the scenario expects; the failed expectations in words. */
export function unmetExpectations(result: DriveResult, expectations: readonly ClientExpectation[]): string[] {
  const failed: string[] = [];
  const total = result.requests.length;
  for (const e of expectations) {
    const n = result.counts[String(e.outcome)] ?? 0;
    if (e.all && n !== total) failed.push(`expected every request to end in ${e.outcome}, got ${n} of ${total}`);
    if (e.atLeast !== undefined && n < e.atLeast) failed.push(`expected at least ${e.atLeast} × ${e.outcome}, got ${n}`);
  }
  return failed;
}
