import { displayLine } from '../../inputs/text/sanitize.js';
import type { ScenarioSpec } from '../../lab/model.js';
import { createStyle } from '../../reporters/style.js';
import { type Command, EXIT, outputFormat, positiveInt, UsageError, useColor } from '../command.js';

const FORMATS = ['text', 'json'] as const;
const SUBCOMMANDS = ['list', 'up', 'status', 'down', 'run'] as const;

const lab: Command = {
  name: 'lab',
  summary: 'Real reproductions of upstream failures in network namespaces (real nginx, HAProxy, dnsmasq, Node backends), checked against updoc.',
  usage: 'updoc lab list | up NAME | status | down NAME|--all | run NAME...|--all [--keep | --repeat N] [--instance ID] [--json]',
  details: [
    'Each scenario is a small setup (Compose containers, VMs or Kubernetes pods) with one known fault. `up` builds it:',
    'one network namespace per host, bridges for its networks, addresses from 198.18.0.0/15, a dnsmasq per host',
    "answering like Docker's DNS or CoreDNS, the backends and the proxy, all under /run/updoc-lab/NAME/ (project/",
    "holds the files a user of that setup would have — docker-compose.yml and nginx.conf, a VM's /etc, Kubernetes",
    'manifests —, logs/ what the proxy and backends wrote). Nothing is added to the root namespace. `run` = up,',
    'drive the traffic, run `updoc logs`, `lint` and `probe` on what it produced, down; it says whether updoc named',
    'the known cause first. See docs/lab.md.',
    '',
    'Examples:',
    '  updoc lab list',
    '  sudo updoc lab run keepalive-race',
    '  sudo updoc lab up bind-loopback && sudo updoc lint /run/updoc-lab/bind-loopback/project',
    '  sudo updoc lab run --all --json',
    '  sudo updoc lab run --all --repeat 10   # how stable is every scenario?',
    '  sudo updoc lab down --all      # remove anything a crashed run left behind',
    '',
    'Needs Linux and root (network namespaces); otherwise exits 2 with the reason.',
    'Internal subcommands the lab runs inside namespaces: serve-backend SPEC.json (a backend), drive SPEC.json (the traffic).',
    'Exit codes: 0 done (run: every verdict matched), 1 a verdict did not match or a reproduction failed, 2 usage error,',
    'not root, or the lab could not be built.',
  ].join('\n'),
  allowPositionals: true,
  options: {
    all: { type: 'boolean', description: 'run: every scenario; down: everything the lab left anywhere' },
    keep: { type: 'boolean', description: 'run: leave the scenario up afterwards (inspect it, then `updoc lab down NAME`)' },
    repeat: { type: 'string', description: 'run: run the set N times in a row and report how stable each scenario is (1-100)', valueName: 'N' },
    instance: {
      type: 'string',
      description:
        'up, run, down: a separate copy of the scenario (namespaces and state of its own), for several runs on one machine; down --all --instance ID removes only that copy',
      valueName: 'ID',
    },
  },
  async run({ values, positionals }, io) {
    const [sub, ...names] = positionals;
    // Internal: the processes the lab starts inside namespaces.
    if (sub === 'serve-backend' && names.length === 1) {
      const { readBackendSpec, serveBackend } = await import('../../lab/backend-server.js');
      await serveBackend(specOrUsage(readBackendSpec, names[0]));
      return EXIT.clean;
    }
    if (sub === 'drive' && names.length === 1) {
      const { drive, readDriveSpec } = await import('../../lab/traffic.js');
      io.stdout.write(`${JSON.stringify(await drive(specOrUsage(readDriveSpec, names[0])))}\n`);
      return EXIT.clean;
    }
    const format = outputFormat(values, FORMATS);
    if (!sub || !(SUBCOMMANDS as readonly string[]).includes(sub))
      throw new UsageError(
        sub ? `unknown subcommand "${displayLine(sub, 40)}"; use ${SUBCOMMANDS.join(', ')}` : `give a subcommand: ${SUBCOMMANDS.join(', ')}`,
      );
    const { SCENARIOS, findScenario } = await import('../../lab/scenarios/index.js');
    const style = createStyle(useColor(values, io));
    if (sub === 'list') {
      if (names.length) throw new UsageError('list takes no names');
      if (format === 'json') {
        io.stdout.write(
          `${JSON.stringify(
            SCENARIOS.map((s) => ({
              name: s.name,
              cause: s.cause,
              description: s.description,
              platform: s.platform,
              proxy: s.proxy.kind,
              namedBy: s.checks.namedBy,
            })),
            null,
            2,
          )}\n`,
        );
      } else {
        const width = Math.max(...SCENARIOS.map((s) => s.name.length));
        for (const s of SCENARIOS) {
          io.stdout.write(`${style.bold(s.name.padEnd(width))}  ${(s.cause ?? 'none').padEnd(20)} ${s.description}\n`);
        }
      }
      return EXIT.clean;
    }

    const pick = (): ScenarioSpec[] => {
      if (values.all) {
        if (names.length) throw new UsageError('give scenario names or --all, not both');
        return [...SCENARIOS];
      }
      if (names.length === 0) throw new UsageError(`${sub} needs a scenario name (see \`updoc lab list\`)`);
      return names.map((name) => {
        const s = findScenario(name);
        if (!s) throw new UsageError(`unknown scenario "${displayLine(name, 60)}"; see \`updoc lab list\``);
        return s;
      });
    };
    if (sub === 'up' && (values.all || names.length !== 1)) throw new UsageError('up takes one scenario name');
    if (values.keep && sub !== 'run') throw new UsageError('--keep goes with run');
    if (values.repeat !== undefined && sub !== 'run') throw new UsageError('--repeat goes with run');
    const repeat = values.repeat === undefined ? 1 : positiveInt(String(values.repeat), 'repeat', 100);
    if (values.keep && repeat > 1) throw new UsageError('--keep and --repeat do not go together');
    const instance = typeof values.instance === 'string' ? values.instance : undefined;
    const { INSTANCE_PATTERN } = await import('../../lab/runtime/state.js');
    if (instance !== undefined && !INSTANCE_PATTERN.test(instance)) throw new UsageError('--instance takes 1 to 12 lower-case letters and digits');
    if (instance !== undefined && sub === 'status') throw new UsageError('--instance goes with up, run and down');
    if (sub === 'down' && !values.all && names.length === 0) throw new UsageError('down needs a scenario name or --all');
    const chosen = sub === 'up' || sub === 'run' ? pick() : [];
    if (sub === 'down' && !values.all) pick();

    const refusal = unsupported();
    if (refusal) {
      io.stderr.write(`updoc lab: ${refusal}\n`);
      return EXIT.usage;
    }
    const runtime = await import('../../lab/cli-actions.js');
    if (sub === 'status') return runtime.status(io, format, style);
    if (sub === 'down') return runtime.down(io, format, values.all ? 'all' : names, instance);
    const stopCleanup = runtime.installCleanup(io);
    try {
      if (sub === 'up') return await runtime.upOne(io, format, chosen[0], instance);
      return await runtime.runMany(io, format, style, chosen, { keep: Boolean(values.keep), repeat, instance });
    } finally {
      stopCleanup();
    }
  },
};

/** A spec file the lab wrote, read and checked; anything wrong with it is a usage error, not a crash. */
function specOrUsage<T>(read: (path: string) => T, path: string): T {
  try {
    return read(path);
  } catch (error) {
    throw new UsageError(displayLine((error as Error).message, 300));
  }
}

/** Why the lab cannot run here, or null. */
function unsupported(): string | null {
  if (process.platform !== 'linux') return `the lab needs Linux network namespaces (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'the lab needs root to create network namespaces, bridges and nft rules: run it with sudo';
  return null;
}

export default lab;
