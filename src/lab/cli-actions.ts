/**
 * What `updoc lab up|status|down|run` do once the command line is parsed (root and Linux already checked), and
 * the handlers that tear down whatever this process was building when it is interrupted or fails.
 */
import { readFileSync } from 'node:fs';
import type { CliIo } from '../cli/command.js';
import { EXIT } from '../cli/command.js';
import { displayLine } from '../inputs/text/sanitize.js';
import { statFieldsAfterComm } from '../probes/local/processes.js';
import type { Style } from '../reporters/style.js';
import type { ScenarioSpec } from './model.js';
import { renderRunLine, renderRunText, renderStabilityText, renderStatusText, renderSummaryText, type StabilityRow, type StatusEntry } from './report.js';
import { type RunResult, runScenario } from './run.js';
import { labIdOf, readManifest, stateDirOf, stateDirs } from './runtime/state.js';
import { isRunning, LabError } from './runtime/system.js';
import { sweep, type TeardownReport, teardown, teardownByName } from './runtime/teardown.js';
import { activeManifests, up } from './runtime/up.js';

/**
 * SIGINT/SIGTERM, an uncaught error or an early exit while a scenario is being built or run: tear it down
 * (synchronously) before the process ends. Returns the function that removes the handlers again.
 */
export function installCleanup(io: CliIo): () => void {
  const cleanAll = () => {
    for (const manifest of [...activeManifests]) {
      activeManifests.delete(manifest);
      teardown(manifest);
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    io.stderr.write(`\nupdoc lab: ${signal}, removing what the lab created…\n`);
    cleanAll();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onFatal = (error: unknown) => {
    cleanAll();
    io.stderr.write(`updoc lab: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(EXIT.usage);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);
  process.on('exit', cleanAll);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('uncaughtException', onFatal);
    process.off('unhandledRejection', onFatal);
    process.off('exit', cleanAll);
  };
}

/** Progress lines only on a terminal's stderr. */
function stepper(io: CliIo, scenario: string): (message: string) => void {
  if (!io.stderr.isTTY) return () => {};
  return (message) => io.stderr.write(`\r\u001b[2K${scenario}: ${message}…`);
}

function clearStep(io: CliIo): void {
  if (io.stderr.isTTY) io.stderr.write('\r\u001b[2K');
}

export async function upOne(io: CliIo, format: string, scenario: ScenarioSpec, instance?: string): Promise<number> {
  let result: Awaited<ReturnType<typeof up>>;
  try {
    result = await up(scenario, stepper(io, scenario.name), instance);
  } catch (error) {
    clearStep(io);
    if (error instanceof LabError) {
      io.stderr.write(`updoc lab up ${scenario.name}: ${displayLine(error.message, 2000)}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  clearStep(io);
  // Up and running: it must outlive this process.
  activeManifests.delete(result.manifest);
  const m = result.manifest;
  const proxyNs = m.proxy?.namespace ?? '';
  const id = instance ? ` --instance ${instance}` : '';
  if (format === 'json') {
    io.stdout.write(
      `${JSON.stringify({ scenario: scenario.name, stateDir: m.stateDir, proxy: m.proxy, client: m.client, namespaces: m.namespaces }, null, 2)}\n`,
    );
    return EXIT.clean;
  }
  io.stdout.write(
    [
      `${scenario.name}${instance ? ` (instance ${instance})` : ''} is up: ${scenario.description}`,
      `  project (what a user has):  ${m.stateDir}/project`,
      `  logs:                       ${m.stateDir}/logs`,
      `  send requests:              ip netns exec ${m.client} curl -s ${m.proxy?.url}/api/orders`,
      `  analyse:                    updoc logs ${m.stateDir}/logs/${scenario.proxy.service}`,
      `                              updoc lint ${m.stateDir}/project`,
      `                              updoc probe ${scenario.checks.probeTarget} --from netns:${proxyNs}`,
      `  remove it:                  updoc lab down ${scenario.name}${id}`,
      '',
    ].join('\n'),
  );
  return EXIT.clean;
}

/** CPU seconds of this process and the children it waited for (the lab's nginx, backends, analyses). */
function cpuSeconds(): number {
  try {
    const fields = statFieldsAfterComm(readFileSync('/proc/self/stat', 'utf8'));
    // utime, stime, cutime, cstime (fields 14-17), in clock ticks of 1/100 s on Linux.
    return fields.slice(11, 15).reduce((sum, v) => sum + Number(v), 0) / 100;
  } catch {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) / 1e6;
  }
}

interface Round {
  seconds: number;
  cpuSeconds: number;
  results: RunResult[];
  errors: { scenario: string; message: string }[];
}

export async function runMany(
  io: CliIo,
  format: string,
  style: Style,
  scenarios: ScenarioSpec[],
  options: { keep: boolean; repeat: number; instance?: string },
): Promise<number> {
  const started = Date.now();
  const cpuStart = cpuSeconds();
  const rounds: Round[] = [];
  const compact = options.repeat > 1;
  for (let n = 1; n <= options.repeat; n++) {
    const round: Round = { seconds: 0, cpuSeconds: 0, results: [], errors: [] };
    const roundStart = Date.now();
    const roundCpu = cpuSeconds();
    for (const scenario of scenarios) {
      try {
        const result = await runScenario(scenario, { keep: options.keep, instance: options.instance, onStep: stepper(io, scenario.name) });
        clearStep(io);
        round.results.push(result);
        if (format === 'text') io.stdout.write(compact ? renderRunLine(result, style, n) : `${renderRunText(result, style)}\n`);
        if (result.leftovers.length > 0) {
          round.errors.push({ scenario: scenario.name, message: `could not remove ${result.leftovers.join('; ')}` });
          io.stderr.write(`updoc lab run ${scenario.name}: could not remove ${displayLine(result.leftovers.join('; '), 2000)}\n`);
        }
      } catch (error) {
        clearStep(io);
        if (!(error instanceof LabError)) throw error;
        round.errors.push({ scenario: scenario.name, message: error.message });
        io.stderr.write(`updoc lab run ${scenario.name}: ${displayLine(error.message, 2000)}\n`);
      }
    }
    round.seconds = (Date.now() - roundStart) / 1000;
    round.cpuSeconds = cpuSeconds() - roundCpu;
    rounds.push(round);
    if (format === 'text' && (scenarios.length > 1 || compact))
      io.stdout.write(renderSummaryText(round.results, style, round.seconds, round.cpuSeconds, compact ? n : undefined));
  }
  const seconds = (Date.now() - started) / 1000;
  const cpu = cpuSeconds() - cpuStart;
  const resultJson = (r: RunResult) => ({ ...r.verdict, ms: r.ms, traffic: { counts: r.traffic.counts, ms: r.traffic.ms }, leftovers: r.leftovers });
  if (format === 'json') {
    const body = compact
      ? {
          seconds,
          cpuSeconds: cpu,
          rounds: rounds.map((r) => ({ seconds: r.seconds, cpuSeconds: r.cpuSeconds, results: r.results.map(resultJson), errors: r.errors })),
          stability: stability(scenarios, rounds),
        }
      : { seconds, cpuSeconds: cpu, results: rounds[0].results.map(resultJson), errors: rounds[0].errors };
    io.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else if (compact) io.stdout.write(renderStabilityText(stability(scenarios, rounds), style, seconds, cpu));
  if (rounds.some((r) => r.errors.length > 0)) return EXIT.usage;
  return rounds.every((r) => r.results.length === scenarios.length && r.results.every((x) => x.verdict.matched)) ? EXIT.clean : EXIT.problems;
}

/** Per scenario over the rounds: how often it reproduced and matched, and what each analysis named first. */
function stability(scenarios: ScenarioSpec[], rounds: Round[]): StabilityRow[] {
  return scenarios.map((scenario) => {
    const runs = rounds.flatMap((r) => r.results.filter((x) => x.verdict.scenario === scenario.name));
    const firsts: Record<string, Record<string, number>> = {};
    for (const run of runs) {
      for (const a of run.verdict.analyses) {
        const said = scenario.cause === null ? (a.clean ? 'no problem' : (a.ranked[0]?.id ?? 'problem')) : (a.ranked[0]?.id ?? 'nothing');
        const counts = firsts[a.check] ?? {};
        counts[said] = (counts[said] ?? 0) + 1;
        firsts[a.check] = counts;
      }
    }
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    return {
      scenario: scenario.name,
      expected: scenario.cause,
      rounds: rounds.length,
      completed: runs.length,
      reproduced: runs.filter((r) => r.verdict.reproduction.ok).length,
      matched: runs.filter((r) => r.verdict.matched).length,
      namedBy: scenario.checks.namedBy,
      firsts,
      medianMs: ms.length ? ms[Math.floor(ms.length / 2)] : 0,
    };
  });
}

export function status(io: CliIo, format: string, style: Style): number {
  const entries: StatusEntry[] = stateDirs().map((name) => {
    const manifest = readManifest(stateDirOf(name));
    const processes = manifest?.processes ?? [];
    return { name, manifest, processes: processes.length, running: processes.filter((p) => isRunning(p.pid, p.startTime)).length };
  });
  if (format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        entries.map((e) => ({
          name: e.name,
          status: e.manifest?.status ?? 'unknown',
          running: e.running,
          processes: e.processes,
          proxy: e.manifest?.proxy ?? null,
          client: e.manifest?.client ?? null,
          stateDir: stateDirOf(e.name),
        })),
        null,
        2,
      )}\n`,
    );
  } else io.stdout.write(renderStatusText(entries, style));
  return EXIT.clean;
}

export function down(io: CliIo, format: string, which: 'all' | string[], instance?: string): number {
  const reports: { name: string; report: TeardownReport | null }[] = [];
  if (which === 'all') {
    const { scenarios, busy, report } = sweep(instance);
    reports.push({ name: scenarios.length ? scenarios.join(', ') : '(nothing recorded)', report });
    for (const b of busy) io.stderr.write(`updoc lab down: left ${b} alone: it is being built or run right now\n`);
  } else {
    for (const name of which) reports.push({ name: labIdOf(name, instance), report: teardownByName(labIdOf(name, instance)) });
  }
  const leftovers = reports.flatMap((r) => r.report?.leftovers ?? []);
  if (format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        reports.map((r) => ({ name: r.name, removed: r.report !== null, ...(r.report ?? {}) })),
        null,
        2,
      )}\n`,
    );
  } else {
    for (const { name, report } of reports) {
      if (!report) io.stdout.write(`${name}: not up\n`);
      else io.stdout.write(`${name}: removed ${report.namespaces.length} namespaces, stopped ${report.killed} processes\n`);
    }
    for (const l of leftovers) io.stderr.write(`updoc lab down: could not remove ${displayLine(l, 300)}\n`);
  }
  return leftovers.length > 0 ? EXIT.problems : EXIT.clean;
}
