/**
 * Where a running scenario lives and what it created. Everything the lab makes is recorded in
 * `<state dir>/state.json` *before* it is made, so `down` (or `down --all` after a crash) can remove exactly
 * that: namespaces, processes (pid + start time), /etc/netns/<namespace> directories and the state dir itself.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScenarioSpec } from '../model.js';

/** tmpfs, gone at reboot; one directory per running scenario (instance). */
export const LAB_ROOT = '/run/updoc-lab';
/** Every namespace the lab creates starts with this (and `down --all` removes every one that does). */
export const LAB_NETNS_PREFIX = 'updoc-lab-';
/** `ip netns exec NAME` bind-mounts the files in here over /etc (resolv.conf, hosts). */
export const ETC_NETNS = '/etc/netns';

export interface ProcessRecord {
  /** `dnsmasq@proxy`, `nginx`, `api`… */
  role: string;
  host: string;
  namespace: string;
  pid: number;
  /** /proc/<pid>/stat start time: a recycled pid is never mistaken for ours. */
  startTime?: string;
  argv: string[];
  log: string;
}

export interface LabManifest {
  version: 1;
  scenario: string;
  /** Set when several copies of a scenario run side by side (`--instance`). */
  instance?: string;
  createdAt: string;
  /** The updoc process that brought it up (and its start time): while it runs, `down --all` leaves this alone. */
  owner: number;
  ownerStartTime?: string;
  status: 'starting' | 'up' | 'stopping';
  stateDir: string;
  namespaces: string[];
  etcNetns: string[];
  /** /etc/netns did not exist before and the lab made it (removed again when empty). */
  createdEtcNetnsRoot: boolean;
  processes: ProcessRecord[];
  proxy?: { namespace: string; url: string };
  client?: string;
}

export interface NetworkLayout {
  name: string;
  bridge: string;
  /** 198.18.<n>.0/24 */
  prefix: string;
}

export interface HostLayout {
  name: string;
  namespace: string;
  /** network name → address */
  addresses: Record<string, string>;
}

/** The lab's own network between the client and the proxy (the published port of a real setup). */
export const OUTSIDE_NETWORK = 'outside';

export interface LabLayout {
  stateDir: string;
  netNamespace: string;
  clientNamespace: string;
  networks: NetworkLayout[];
  hosts: HostLayout[];
  clientAddress: string;
}

/** `--instance`: a few letters and digits. */
export const INSTANCE_PATTERN = /^[a-z0-9]{1,12}$/;

/**
 * What names one running copy of a scenario: the scenario's name, or `<scenario>.<instance>` when several copies
 * run side by side (CI jobs or test runs sharing a machine). Scenario names never contain '.', so no lab id is a
 * prefix of another's namespaces.
 */
export function labIdOf(scenario: string, instance?: string): string {
  return instance ? `${scenario}.${instance}` : scenario;
}

export function stateDirOf(labId: string): string {
  return join(LAB_ROOT, labId);
}

export function namespaceOf(labId: string, host: string): string {
  return `${LAB_NETNS_PREFIX}${labId}-${host}`;
}

/** Every namespace of one lab id starts with this. */
export function namespacePrefixOf(labId: string): string {
  return `${LAB_NETNS_PREFIX}${labId}-`;
}

/**
 * Addresses from 198.18.0.0/15 (RFC 2544 benchmarking space): network n is 198.18.<n+1>.0/24, host h is .<10+h>,
 * the client .200 on the outside network. Every scenario has its own namespaces, so scenarios up at the same
 * time never share a link even though their addresses repeat.
 */
export function layoutOf(scenario: ScenarioSpec, instance?: string): LabLayout {
  const id = labIdOf(scenario.name, instance);
  const networkNames = [...scenario.networks, OUTSIDE_NETWORK];
  const networks = networkNames.map((name, n) => ({ name, bridge: `br${n}-${name}`.slice(0, 15), prefix: `198.18.${n + 1}` }));
  const hosts = scenario.hosts.map((host, h) => {
    const addresses: Record<string, string> = {};
    const attached = host.name === scenario.proxy.host ? [...host.networks, OUTSIDE_NETWORK] : host.networks;
    for (const network of attached) {
      const n = networkNames.indexOf(network);
      addresses[network] = `198.18.${n + 1}.${10 + h}`;
    }
    return { name: host.name, namespace: namespaceOf(id, host.name), addresses };
  });
  return {
    stateDir: stateDirOf(id),
    netNamespace: namespaceOf(id, 'net'),
    clientNamespace: namespaceOf(id, 'client'),
    networks,
    hosts,
    clientAddress: `198.18.${networkNames.length}.200`,
  };
}

export function manifestPath(stateDir: string): string {
  return join(stateDir, 'state.json');
}

export function readManifest(stateDir: string): LabManifest | null {
  try {
    const parsed = JSON.parse(readFileSync(manifestPath(stateDir), 'utf8')) as LabManifest;
    return parsed && parsed.version === 1 && Array.isArray(parsed.namespaces) ? parsed : null;
  } catch {
    return null;
  }
}

/** Written to a temporary file and renamed: a crash never leaves half a manifest. */
export function writeManifest(manifest: LabManifest): void {
  mkdirSync(manifest.stateDir, { recursive: true });
  const path = manifestPath(manifest.stateDir);
  writeFileSync(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

/** Lab ids with a state directory under LAB_ROOT. */
export function stateDirs(): string[] {
  if (!existsSync(LAB_ROOT)) return [];
  try {
    return readdirSync(LAB_ROOT).sort();
  } catch {
    return [];
  }
}
