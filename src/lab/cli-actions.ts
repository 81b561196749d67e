/**
 * What `updoc lab up|status|down|run` do once the command line is parsed (root and Linux already checked), and
 * the handlers that tear down whatever this process was building when it is interrupted or fails.
 */
import type { CliIo } from '../cli/command.js';
import { EXIT } from '../cli/command.js';
import { displayLine } from '../inputs/text/sanitize.js';
import type { Style } from '../reporters/style.js';
import type { ScenarioSpec } from './model.js';
import { renderRunText, renderStatusText, renderSummaryText, type StatusEntry } from './report.js';
import { type RunResult, runScenario } from './run.js';
import { readManifest, stateDirOf, stateDirs } from './runtime/state.js';
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

export async function upOne(io: CliIo, format: string, scenario: ScenarioSpec): Promise<number> {
  let result: Awaited<ReturnType<typeof up>>;
  try {
    result = await up(scenario, stepper(io, scenario.name));
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
  if (format === 'json') {
    io.stdout.write(
      `${JSON.stringify({ scenario: scenario.name, stateDir: m.stateDir, proxy: m.proxy, client: m.client, namespaces: m.namespaces }, null, 2)}\n`,
    );
    return EXIT.clean;
  }
  io.stdout.write(
    [
      `${scenario.name} is up: ${scenario.description}`,
      `  project (what a user has):  ${m.stateDir}/project`,
      `  logs:                       ${m.stateDir}/logs`,
      `  send requests:              ip netns exec ${m.client} curl -s ${m.proxy?.url}/api/orders`,
      `  analyse:                    updoc logs ${m.stateDir}/logs/${scenario.proxy.service}`,
      `                              updoc lint ${m.stateDir}/project`,
      `                              updoc probe ${scenario.checks.probeTarget} --from netns:${proxyNs}`,
      `  remove it:                  updoc lab down ${scenario.name}`,
      '',
    ].join('\n'),
  );
  return EXIT.clean;
}

export async function runMany(io: CliIo, format: string, style: Style, scenarios: ScenarioSpec[], keep: boolean): Promise<number> {
  const started = Date.now();
  const results: RunResult[] = [];
  let broken = false;
  for (const scenario of scenarios) {
    try {
      const result = await runScenario(scenario, { keep, onStep: stepper(io, scenario.name) });
      clearStep(io);
      results.push(result);
      if (format === 'text') io.stdout.write(`${renderRunText(result, style)}\n`);
      if (result.leftovers.length > 0) {
        broken = true;
        io.stderr.write(`updoc lab run ${scenario.name}: could not remove ${displayLine(result.leftovers.join('; '), 2000)}\n`);
      }
    } catch (error) {
      clearStep(io);
      if (!(error instanceof LabError)) throw error;
      broken = true;
      io.stderr.write(`updoc lab run ${scenario.name}: ${displayLine(error.message, 2000)}\n`);
    }
  }
  const seconds = (Date.now() - started) / 1000;
  if (format === 'json') {
    io.stdout.write(
      `${JSON.stringify(
        { seconds, results: results.map((r) => ({ ...r.verdict, ms: r.ms, traffic: { counts: r.traffic.counts, ms: r.traffic.ms }, leftovers: r.leftovers })) },
        null,
        2,
      )}\n`,
    );
  } else if (scenarios.length > 1) io.stdout.write(renderSummaryText(results, style, seconds));
  if (broken) return EXIT.usage;
  return results.every((r) => r.verdict.matched) ? EXIT.clean : EXIT.problems;
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

export function down(io: CliIo, format: string, which: 'all' | string[]): number {
  const reports: { name: string; report: TeardownReport | null }[] = [];
  if (which === 'all') {
    const { scenarios, report } = sweep();
    reports.push({ name: scenarios.length ? scenarios.join(', ') : '(nothing recorded)', report });
  } else {
    for (const name of which) reports.push({ name, report: teardownByName(name) });
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
