/**
 * Removing a scenario: every process it recorded (SIGTERM to its process group, SIGKILL after a grace period,
 * then verified gone), anything else still running inside its namespaces, the namespaces (their veths,
 * bridges and nft rules go with them), the /etc/netns directories and the state directory. Synchronous, so it
 * also runs from signal and exit handlers; every step is bounded. `sweep` does the same for whatever any lab
 * run left behind (stale state directories and `updoc-lab-*` namespaces).
 */
import { existsSync, readdirSync, rmdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ETC_NETNS, LAB_NETNS_PREFIX, LAB_ROOT, type LabManifest, namespacePrefixOf, readManifest, stateDirOf, stateDirs, writeManifest } from './state.js';
import { isRunning, run, runRetrying, sleepSync, tool } from './system.js';

const GRACE_MS = 1500;
const KILL_WAIT_MS = 3000;

export interface TeardownReport {
  killed: number;
  namespaces: string[];
  /** What could not be removed (should be empty). */
  leftovers: string[];
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

function waitGone(check: () => boolean, ms: number): boolean {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (check()) return true;
    sleepSync(25);
  }
  return check();
}

/** Pids of processes inside a namespace (`ip netns pids`); empty when the namespace is gone. */
export function namespacePids(namespace: string): number[] {
  try {
    return run(tool('ip'), ['netns', 'pids', namespace])
      .split('\n')
      .filter((p) => /^\d+$/.test(p))
      .map(Number);
  } catch {
    return [];
  }
}

export function labNamespaces(): string[] {
  try {
    return readdirSync('/run/netns').filter((n) => n.startsWith(LAB_NETNS_PREFIX));
  } catch {
    return [];
  }
}

/** Tears down what a manifest records. */
export function teardown(manifest: LabManifest): TeardownReport {
  const report: TeardownReport = { killed: 0, namespaces: [], leftovers: [] };
  if (manifest.status !== 'stopping') {
    manifest.status = 'stopping';
    try {
      writeManifest(manifest);
    } catch {
      // the state dir may already be gone; carry on with what is in memory
    }
  }
  // Recorded processes first, newest first (the proxy before its backends and DNS), gracefully.
  const mine = [...manifest.processes].reverse().filter((p) => isRunning(p.pid, p.startTime));
  for (const p of mine) signalGroup(p.pid, 'SIGTERM');
  if (!waitGone(() => mine.every((p) => !isRunning(p.pid, p.startTime)), GRACE_MS)) {
    for (const p of mine) if (isRunning(p.pid, p.startTime)) signalGroup(p.pid, 'SIGKILL');
  }
  report.killed += mine.length;
  // Anything else inside our namespaces (workers, strays) is ours too.
  for (const ns of manifest.namespaces) {
    for (const pid of namespacePids(ns)) {
      signalGroup(pid, 'SIGKILL');
      report.killed++;
    }
  }
  for (const ns of manifest.namespaces) {
    if (!waitGone(() => namespacePids(ns).length === 0, KILL_WAIT_MS)) report.leftovers.push(`processes in namespace ${ns}: ${namespacePids(ns).join(', ')}`);
  }
  for (const p of manifest.processes) {
    if (!waitGone(() => !isRunning(p.pid, p.startTime), KILL_WAIT_MS)) report.leftovers.push(`process ${p.pid} (${p.role})`);
  }
  for (const ns of manifest.namespaces) {
    if (!existsSync(`/run/netns/${ns}`)) continue;
    try {
      runRetrying(tool('ip'), ['netns', 'del', ns], undefined, 6);
      report.namespaces.push(ns);
    } catch (error) {
      report.leftovers.push(`namespace ${ns} (${(error as Error).message})`);
    }
  }
  for (const dir of manifest.etcNetns) {
    // Only directories named after our own namespaces.
    if (!dir.startsWith(`${ETC_NETNS}/${LAB_NETNS_PREFIX}`)) continue;
    rmSync(dir, { recursive: true, force: true });
    if (existsSync(dir)) report.leftovers.push(dir);
  }
  if (manifest.createdEtcNetnsRoot) removeIfEmpty(ETC_NETNS);
  if (manifest.stateDir.startsWith(`${LAB_ROOT}/`)) rmSync(manifest.stateDir, { recursive: true, force: true });
  if (existsSync(manifest.stateDir)) report.leftovers.push(manifest.stateDir);
  removeIfEmpty(LAB_ROOT);
  return report;
}

function removeIfEmpty(dir: string): void {
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // not there, or not empty any more
  }
}

/** `down NAME` for a lab id whose manifest may be missing (crashed before writing it): removes what its names say. */
export function teardownByName(labId: string): TeardownReport | null {
  const stateDir = stateDirOf(labId);
  const manifest = readManifest(stateDir);
  const prefix = namespacePrefixOf(labId);
  const namespaces = labNamespaces().filter((n) => n.startsWith(prefix));
  if (!manifest && namespaces.length === 0 && !existsSync(stateDir)) return null;
  const base: LabManifest = manifest ?? {
    version: 1,
    scenario: labId.split('.')[0],
    createdAt: new Date().toISOString(),
    owner: process.pid,
    status: 'stopping',
    stateDir,
    namespaces: [],
    etcNetns: [],
    createdEtcNetnsRoot: false,
    processes: [],
  };
  // Namespaces that exist with our prefix but were not recorded (a crash between creating and recording).
  base.namespaces = [...new Set([...base.namespaces, ...namespaces])];
  base.etcNetns = [...new Set([...base.etcNetns, ...base.namespaces.map((n) => join(ETC_NETNS, n))])];
  return teardown(base);
}

/** The updoc process that made this manifest is still running (building or running the scenario right now). */
export function ownerRunning(manifest: LabManifest): boolean {
  return manifest.owner !== process.pid && manifest.ownerStartTime !== undefined && isRunning(manifest.owner, manifest.ownerStartTime);
}

/**
 * `down --all [--instance ID]`: every lab id (of that instance) whose updoc process is gone (scenarios left up by `up` or `run --keep`, and what a
 * killed run left), then any `updoc-lab-*` namespace or /etc/netns entry no running lab claims. Scenarios another
 * updoc process is building or running at this moment are left alone and listed in `busy`.
 */
export function sweep(instance?: string): { scenarios: string[]; busy: string[]; report: TeardownReport } {
  // With an instance: only that instance's lab ids and namespaces (`updoc-lab-<scenario>.<instance>-<host>`).
  const mine = (labIdOrNamespace: string) => instance === undefined || labIdOrNamespace.includes(`.${instance}-`) || labIdOrNamespace.endsWith(`.${instance}`);
  const total: TeardownReport = { killed: 0, namespaces: [], leftovers: [] };
  const scenarios: string[] = [];
  const busy: string[] = [];
  const claimed = new Set<string>();
  const add = (r: TeardownReport | null) => {
    if (!r) return;
    total.killed += r.killed;
    total.namespaces.push(...r.namespaces);
    total.leftovers.push(...r.leftovers);
  };
  for (const labId of stateDirs().filter(mine)) {
    const manifest = readManifest(stateDirOf(labId));
    if (manifest && ownerRunning(manifest)) {
      busy.push(`${labId} (updoc pid ${manifest.owner})`);
      claimed.add(namespacePrefixOf(labId));
      continue;
    }
    scenarios.push(labId);
    add(teardownByName(labId));
  }
  const unclaimed = (name: string) => mine(name) && ![...claimed].some((prefix) => name.startsWith(prefix));
  const strays = labNamespaces().filter(unclaimed);
  let etc: string[] = [];
  try {
    etc = readdirSync(ETC_NETNS)
      .filter((n) => n.startsWith(LAB_NETNS_PREFIX) && unclaimed(n))
      .map((n) => join(ETC_NETNS, n));
  } catch {
    // no /etc/netns
  }
  if (strays.length > 0 || etc.length > 0) {
    add(
      teardown({
        version: 1,
        scenario: '(stray)',
        createdAt: new Date().toISOString(),
        owner: process.pid,
        status: 'stopping',
        stateDir: join(LAB_ROOT, '.sweep'),
        namespaces: strays,
        etcNetns: etc,
        createdEtcNetnsRoot: false,
        processes: [],
      }),
    );
  }
  // An /etc/netns the lab's namespaces were the last users of (ip netns exec works without it).
  removeIfEmpty(ETC_NETNS);
  return { scenarios, busy, report: total };
}
