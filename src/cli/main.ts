import { parseArgs } from 'node:util';
import { COMMON_OPTIONS, type CliIo, type Command, EXIT, formatHelp, UsageError } from './command.js';

/** Commands load lazily so `updoc explain` never pays for what `updoc lint` needs. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  explain: {
    summary: 'explain an error message or log excerpt: meaning, likely causes, checks, fix',
    load: async () => (await import('./commands/explain.js')).default,
  },
  signatures: { summary: 'list the error signatures updoc knows', load: async () => (await import('./commands/signatures.js')).default },
  causes: { summary: 'list the root-cause taxonomy', load: async () => (await import('./commands/causes.js')).default },
  logs: { summary: 'find, classify and count upstream errors in log files', load: async () => (await import('./commands/logs.js')).default },
  lint: { summary: 'follow proxy → backend paths through configs and report what breaks them', load: async () => (await import('./commands/lint.js')).default },
  rules: { summary: 'list the lint rules', load: async () => (await import('./commands/rules.js')).default },
  probe: {
    summary: "live checks from the proxy's vantage point: DNS, TCP per address, TLS, HTTP/h2/gRPC, and the verdict",
    load: async () => (await import('./commands/probe.js')).default,
  },
  diagnose: {
    summary: 'one verdict from configs, logs, messages and live probes: ranked causes, evidence, the fix and the next checks',
    load: async () => (await import('./commands/diagnose.js')).default,
  },
  lab: {
    summary: 'real reproductions of upstream failures (namespaces, nginx, HAProxy, dnsmasq) checked against updoc; needs root',
    load: async () => (await import('./commands/lab.js')).default,
  },
};

declare const UPDOC_VERSION: string;

function mainHelp(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(12)} ${c.summary}`);
  return [
    "updoc — upstream doctor: why can't the proxy reach its backend?",
    '',
    'Usage: updoc <command> [options]',
    '',
    'Commands:',
    ...rows,
    '',
    "Run `updoc <command> --help` for a command's options.",
    'Exit codes: 0 clean/recognised, 1 problems found/nothing recognised, 2 usage or input error.',
    '',
  ].join('\n');
}

/** Own entries only: `updoc toString` is an unknown command, not Object.prototype's. */
function findCommand(name: string): (typeof COMMANDS)[string] | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

function unknownCommand(name: string, io: CliIo): number {
  io.stderr.write(`updoc: unknown command "${name.slice(0, 60)}"\n\n${mainHelp()}`);
  return EXIT.usage;
}

/** `updoc help NAME`: the command's --help, or the unknown-command error. */
async function helpFor(name: string, io: CliIo): Promise<number> {
  const entry = findCommand(name);
  if (!entry) return unknownCommand(name, io);
  io.stdout.write(formatHelp(await entry.load()));
  return EXIT.clean;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? rest[0] : undefined;
    if (target !== undefined) return helpFor(target, io);
    (name === undefined ? io.stderr : io.stdout).write(mainHelp());
    return name === undefined ? EXIT.usage : EXIT.clean;
  }
  if (name === '--version' || name === '-V') {
    io.stdout.write(`${typeof UPDOC_VERSION === 'string' ? UPDOC_VERSION : 'dev'}\n`);
    return EXIT.clean;
  }
  const entry = findCommand(name);
  if (!entry) return unknownCommand(name, io);
  const command = await entry.load();
  try {
    const options = Object.fromEntries(
      Object.entries({ ...command.options, ...COMMON_OPTIONS }).map(([k, v]) => [
        k,
        { type: v.type, ...(v.short ? { short: v.short } : {}), ...(v.multiple ? { multiple: true } : {}) },
      ]),
    );
    const parsed = parseArgs({ args: rest, options: options as never, allowPositionals: command.allowPositionals, strict: true });
    if ((parsed.values as Record<string, unknown>).help) {
      io.stdout.write(formatHelp(command));
      return EXIT.clean;
    }
    return await command.run({ values: parsed.values as never, positionals: parsed.positionals }, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`updoc ${name}: ${(error as Error).message}\nRun \`updoc ${name} --help\` for usage.\n`);
      return EXIT.usage;
    }
    throw error;
  }
}
