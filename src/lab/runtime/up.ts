/**
 * Bringing a scenario up: namespaces (one per host, one holding the bridges, one for the client), veth pairs
 * into the bridges, addresses from 198.18.0.0/15, the hosts' resolv.conf and /etc/hosts, faults (nft rules inside
 * the namespaces), dnsmasq per host, the backends, then the proxy — each process started with `ip netns exec`
 * (argument arrays), recorded before the next step, and waited for (its port bound) with a bound.
 * Nothing is added to the root namespace. Any failure tears down what was made so far.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { updocBinPath } from '../../probes/vantage.js';
import type { BackendSpec, ScenarioSpec } from '../model.js';
import { renderHaproxyCfg } from '../render/haproxy.js';
import { renderNginxConf } from '../render/nginx.js';
import { renderNftables, renderProject } from '../render/project.js';
import { dnsHosts, etcHosts, nameserverOf, resolvConf } from './hosts.js';
import { CLUSTER_DNS, serviceRules } from './kubernetes.js';
import {
  ETC_NETNS,
  type HostLayout,
  type LabLayout,
  type LabManifest,
  labIdOf,
  layoutOf,
  namespacePrefixOf,
  OUTSIDE_NETWORK,
  type ProcessRecord,
  writeManifest,
} from './state.js';
import { boundPorts, ip, isRunning, LabError, processStat, run, runRetrying, sleep, tool } from './system.js';
import { labNamespaces, teardown } from './teardown.js';

const READY_TIMEOUT_MS = 10_000;
const FAILS_TO_START_WAIT_MS = 5000;

/** Manifests of scenarios being brought up or run by this process: what signal/exit handlers must tear down. */
export const activeManifests = new Set<LabManifest>();

export interface UpResult {
  manifest: LabManifest;
  layout: LabLayout;
}

/** Tools a scenario needs, checked before anything is created. */
export function requiredTools(scenario: ScenarioSpec): string[] {
  const tools = ['ip', 'dnsmasq', scenario.proxy.kind];
  if ((scenario.faults ?? []).some((f) => f.kind === 'nft-drop') || scenario.platform === 'kubernetes') tools.push('nft');
  if (scenario.backends.some((b) => b.fdLimit)) tools.push('prlimit');
  if (scenario.backends.some((b) => b.behaviour.tls)) tools.push('openssl');
  return tools;
}

export async function up(scenario: ScenarioSpec, onStep: (message: string) => void = () => {}, instance?: string): Promise<UpResult> {
  for (const name of requiredTools(scenario)) tool(name);
  const layout = layoutOf(scenario, instance);
  const id = labIdOf(scenario.name, instance);
  const prefix = namespacePrefixOf(id);
  if (existsSync(layout.stateDir) || labNamespaces().some((n) => n.startsWith(prefix))) {
    const down = `updoc lab down ${scenario.name}${instance ? ` --instance ${instance}` : ''}`;
    throw new LabError(`${id} is already up (or was left behind by a crash); run \`${down}\` first, or use another --instance`);
  }
  const own = processStat(process.pid);
  const manifest: LabManifest = {
    version: 1,
    scenario: scenario.name,
    ...(instance ? { instance } : {}),
    createdAt: new Date().toISOString(),
    owner: process.pid,
    ...(own ? { ownerStartTime: own.startTime } : {}),
    status: 'starting',
    stateDir: layout.stateDir,
    namespaces: [],
    etcNetns: [],
    createdEtcNetnsRoot: false,
    processes: [],
  };
  activeManifests.add(manifest);
  try {
    writeManifest(manifest);
    await build(scenario, layout, manifest, onStep);
    manifest.status = 'up';
    writeManifest(manifest);
    return { manifest, layout };
  } catch (error) {
    teardown(manifest);
    activeManifests.delete(manifest);
    throw error;
  }
}

async function build(scenario: ScenarioSpec, layout: LabLayout, manifest: LabManifest, onStep: (message: string) => void): Promise<void> {
  const dir = layout.stateDir;
  for (const [path, content] of Object.entries(renderProject(scenario))) writeFile(join(dir, 'project', path), content);
  mkdirSync(join(dir, 'logs'), { recursive: true });

  onStep('namespaces, bridges and veth pairs');
  addNamespace(manifest, layout.netNamespace);
  for (const network of layout.networks) {
    ip('-n', layout.netNamespace, 'link', 'add', network.bridge, 'type', 'bridge');
    ip('-n', layout.netNamespace, 'link', 'set', network.bridge, 'up');
  }
  for (const [h, host] of layout.hosts.entries()) {
    addNamespace(manifest, host.namespace);
    for (const [i, [network, address]] of Object.entries(host.addresses).entries()) connect(layout, host.namespace, `h${h}n${i}`, `eth${i}`, network, address);
  }
  addNamespace(manifest, layout.clientNamespace);
  connect(layout, layout.clientNamespace, 'client0', 'eth0', OUTSIDE_NETWORK, layout.clientAddress);

  if (!existsSync(ETC_NETNS)) {
    manifest.createdEtcNetnsRoot = true;
    writeManifest(manifest);
    mkdirSync(ETC_NETNS, { recursive: true });
  }
  for (const host of layout.hosts) {
    const etc = join(ETC_NETNS, host.namespace);
    manifest.etcNetns.push(etc);
    writeManifest(manifest);
    writeFile(join(etc, 'resolv.conf'), resolvConf(scenario));
    writeFile(join(etc, 'hosts'), etcHosts(scenario, host));
  }

  if (scenario.platform === 'kubernetes') {
    onStep("kube-proxy's Service rules and the cluster DNS address in every pod");
    const rules = serviceRules(scenario, layout);
    for (const host of layout.hosts) {
      ip('-n', host.namespace, 'addr', 'add', `${CLUSTER_DNS}/32`, 'dev', 'lo');
      // Pods route everything through eth0 (ClusterIPs are not on the pod network).
      ip('-n', host.namespace, 'route', 'add', 'default', 'dev', 'eth0');
      runRetrying(tool('ip'), ['netns', 'exec', host.namespace, tool('nft'), '-f', '-'], rules);
    }
    writeFile(join(dir, 'runtime', 'kube-services.nft'), rules);
  }

  for (const fault of scenario.faults ?? []) {
    onStep(`fault: ${fault.description}`);
    runRetrying(tool('ip'), ['netns', 'exec', hostOf(layout, fault.host).namespace, tool('nft'), '-f', '-'], renderNftables(fault));
  }

  onStep(`DNS (dnsmasq at ${nameserverOf(scenario)} in every host)`);
  for (const host of layout.hosts) {
    const runtime = join(dir, 'runtime', host.name);
    writeFile(join(runtime, 'dns-hosts'), dnsHosts(scenario, layout, host));
    const record = start(manifest, host, `dnsmasq@${host.name}`, join(runtime, 'dnsmasq.log'), [
      tool('dnsmasq'),
      '--keep-in-foreground',
      '--no-resolv',
      '--no-hosts',
      '--conf-file=/dev/null',
      `--listen-address=${nameserverOf(scenario)}`,
      '--bind-interfaces',
      `--addn-hosts=${join(runtime, 'dns-hosts')}`,
      // Names that are not ours get NXDOMAIN, as from Docker's DNS (which forwards them to the host's resolver).
      '--address=/#/',
      `--pid-file=${join(runtime, 'dnsmasq.pid')}`,
      '--user=root',
      '--group=root',
      '--log-facility=-',
    ]);
    await waitBound(record, 53, 'udp');
  }

  for (const backend of scenario.backends) {
    if (!backend.started) continue;
    onStep(`backend ${backend.service} (${backend.behaviour.bind}:${backend.behaviour.port}${backend.behaviour.tls ? ', TLS' : ''})`);
    const record = startBackend(layout, manifest, backend);
    if (!backend.behaviour.startDelayMs) await waitBound(record, backend.behaviour.port, 'tcp');
  }

  const proxy = scenario.proxy;
  const proxyHost = hostOf(layout, proxy.host);
  onStep(`${proxy.kind} (${proxy.service})`);
  const runtime = join(dir, 'runtime', proxy.host);
  const logs = join(dir, 'logs', proxy.service);
  mkdirSync(logs, { recursive: true });
  let argv: string[];
  let log: string;
  if (proxy.kind === 'nginx') {
    mkdirSync(join(runtime, 'tmp'), { recursive: true });
    const conf = renderNginxConf(proxy, {
      user: 'root',
      errorLog: join(logs, 'error.log'),
      accessLog: join(logs, 'access.log'),
      pid: join(runtime, 'nginx.pid'),
      ...(existsSync('/etc/nginx/mime.types') ? { mimeTypes: '/etc/nginx/mime.types' } : {}),
      tempDir: join(runtime, 'tmp'),
    });
    writeFile(join(runtime, 'nginx.conf'), conf);
    // As the official image runs it (`nginx -g 'daemon off;'`); -e sends start-up errors to the error log too.
    argv = [tool('nginx'), '-p', runtime, '-c', join(runtime, 'nginx.conf'), '-e', join(logs, 'error.log'), '-g', 'daemon off;'];
    log = join(runtime, 'nginx.stderr.log');
  } else {
    writeFile(join(runtime, 'haproxy.cfg'), renderHaproxyCfg(proxy));
    argv = [tool('haproxy'), '-db', '-f', join(runtime, 'haproxy.cfg')];
    log = join(logs, 'haproxy.log');
  }
  const record = start(manifest, proxyHost, proxy.kind, log, argv);
  manifest.proxy = { namespace: proxyHost.namespace, url: `http://${proxyHost.addresses[OUTSIDE_NETWORK]}:${proxy.port}` };
  manifest.client = layout.clientNamespace;
  writeManifest(manifest);
  if (proxy.failsToStart) await waitExit(record, FAILS_TO_START_WAIT_MS);
  else await waitBound(record, proxy.port, 'tcp');
}

function startBackend(layout: LabLayout, manifest: LabManifest, backend: BackendSpec): ProcessRecord {
  const runtime = join(layout.stateDir, 'runtime', backend.service);
  mkdirSync(runtime, { recursive: true });
  const spec: Record<string, unknown> = { service: backend.service, behaviour: backend.behaviour };
  if (backend.behaviour.tls) {
    const cert = join(runtime, 'cert.pem');
    const key = join(runtime, 'key.pem');
    run(tool('openssl'), [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '7',
      '-subj',
      `/CN=${backend.service}`,
      '-addext',
      `subjectAltName=DNS:${backend.service}`,
    ]);
    Object.assign(spec, { tlsCert: cert, tlsKey: key });
  }
  if (backend.behaviour.readFilePerRequest) {
    const template = join(runtime, 'template.html');
    writeFile(template, '<!doctype html><title>order</title><p>{{item}}</p>\n');
    spec.templateFile = template;
  }
  writeFile(join(runtime, 'backend.json'), `${JSON.stringify(spec, null, 2)}\n`);
  const node = [process.execPath, updocBinPath(), 'lab', 'serve-backend', join(runtime, 'backend.json')];
  const argv = backend.fdLimit ? [tool('prlimit'), `--nofile=${backend.fdLimit}:${backend.fdLimit}`, '--', ...node] : node;
  const logs = join(layout.stateDir, 'logs', backend.service);
  mkdirSync(logs, { recursive: true });
  return start(manifest, hostOf(layout, backend.host), backend.service, join(logs, `${backend.service}.log`), argv);
}

function hostOf(layout: LabLayout, name: string): HostLayout {
  const host = layout.hosts.find((h) => h.name === name);
  if (!host) throw new LabError(`scenario refers to an unknown host "${name}"`);
  return host;
}

function writeFile(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

/** Recorded before it is created, so a crash in between still lets `down` find it. */
function addNamespace(manifest: LabManifest, name: string): void {
  manifest.namespaces.push(name);
  writeManifest(manifest);
  ip('netns', 'add', name);
  ip('-n', name, 'link', 'set', 'lo', 'up');
}

/** A veth pair: `device` inside the host's namespace, its peer in the network namespace enslaved to the bridge. */
function connect(layout: LabLayout, namespace: string, peer: string, device: string, network: string, address: string): void {
  const bridge = layout.networks.find((n) => n.name === network);
  if (!bridge) throw new LabError(`unknown network "${network}"`);
  ip('-n', namespace, 'link', 'add', device, 'type', 'veth', 'peer', 'name', peer, 'netns', layout.netNamespace);
  ip('-n', layout.netNamespace, 'link', 'set', peer, 'master', bridge.bridge);
  ip('-n', layout.netNamespace, 'link', 'set', peer, 'up');
  ip('-n', namespace, 'addr', 'add', `${address}/24`, 'dev', device);
  ip('-n', namespace, 'link', 'set', device, 'up');
}

/**
 * Starts `argv` inside the host's namespace, detached in its own process group (so `down` can end it and its
 * children, and it outlives `up`), output appended to `log`.
 */
function start(manifest: LabManifest, host: HostLayout, role: string, log: string, argv: string[]): ProcessRecord {
  mkdirSync(dirname(log), { recursive: true });
  const fd = openSync(log, 'a');
  let child: ReturnType<typeof spawn>;
  try {
    // `ip netns exec` executes the program in place: the child's pid is the program's.
    child = spawn(tool('ip'), ['netns', 'exec', host.namespace, ...argv], { detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    closeSync(fd);
  }
  child.on('error', () => {});
  child.unref();
  if (child.pid === undefined) throw new LabError(`could not start ${argv[0]} in ${host.namespace}`);
  const record: ProcessRecord = { role, host: host.name, namespace: host.namespace, pid: child.pid, argv, log };
  const stat = processStat(child.pid);
  if (stat) record.startTime = stat.startTime;
  manifest.processes.push(record);
  writeManifest(manifest);
  return record;
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '';
  }
}

async function waitBound(record: ProcessRecord, port: number, protocol: 'tcp' | 'udp'): Promise<void> {
  const until = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < until) {
    if (!isRunning(record.pid, record.startTime)) throw new LabError(`${record.role} in ${record.namespace} exited at start-up:\n${tail(record.log)}`);
    if (boundPorts(record.pid, protocol).has(port)) return;
    await sleep(25);
  }
  throw new LabError(`${record.role} in ${record.namespace} did not bind ${protocol} port ${port} within ${READY_TIMEOUT_MS} ms:\n${tail(record.log)}`);
}

async function waitExit(record: ProcessRecord, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until && isRunning(record.pid, record.startTime)) await sleep(25);
}
