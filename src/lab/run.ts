/**
 * `lab run`: up → traffic from the client's namespace → updoc's analyses on what the scenario produced → down,
 * and whether the verdict matched. Results (traffic outcomes, verdict) are written to `<state dir>/results/`
 * (kept with `--keep`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnBounded } from '../probes/local/spawn-bounded.js';
import { updocBinPath } from '../probes/vantage.js';
import { type AnalysisResult, checkReproduction, runDiagnose, runLint, runLogs, runProbe, type Verdict } from './check.js';
import type { ScenarioSpec } from './model.js';
import type { LabLayout, LabManifest } from './runtime/state.js';
import { LabError, sleep, tool } from './runtime/system.js';
import { teardown } from './runtime/teardown.js';
import { activeManifests, up } from './runtime/up.js';
import type { DriveResult, DriveSpec } from './traffic.js';

/** nginx and HAProxy write their log lines as requests end; give the last ones a moment. */
const LOG_SETTLE_MS = 300;

export interface RunResult {
  verdict: Verdict;
  traffic: DriveResult;
  ms: number;
  stateDir: string;
  kept: boolean;
  instance?: string;
  /** What `down` could not remove (should be empty). */
  leftovers: string[];
}

export async function driveTraffic(scenario: ScenarioSpec, layout: LabLayout, manifest: LabManifest): Promise<DriveResult> {
  if (!manifest.proxy) throw new LabError(`${scenario.name} has no proxy address`);
  const spec: DriveSpec = {
    baseUrl: manifest.proxy.url,
    phases: scenario.traffic.phases,
    timeoutMs: scenario.traffic.timeoutMs,
    deadlineMs: scenario.traffic.deadlineMs,
  };
  const dir = join(layout.stateDir, 'runtime', 'client');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'drive.json'), `${JSON.stringify(spec, null, 2)}\n`);
  const r = await spawnBounded(
    tool('ip'),
    ['netns', 'exec', layout.clientNamespace, process.execPath, updocBinPath(), 'lab', 'drive', join(dir, 'drive.json')],
    {
      timeoutMs: spec.deadlineMs + 10_000,
    },
  );
  if (r.timedOut) throw new LabError(`the traffic driver did not finish within ${spec.deadlineMs + 10_000} ms`);
  try {
    return JSON.parse(r.stdout) as DriveResult;
  } catch {
    throw new LabError(`the traffic driver failed (exit ${r.code}): ${r.stderr.trim().slice(0, 1000)}`);
  }
}

export async function runScenario(
  scenario: ScenarioSpec,
  options: { keep?: boolean; instance?: string; onStep?: (message: string) => void } = {},
): Promise<RunResult> {
  const started = Date.now();
  const onStep = options.onStep ?? (() => {});
  const { manifest, layout } = await up(scenario, onStep, options.instance);
  const finish = (): string[] => {
    activeManifests.delete(manifest);
    if (options.keep) return [];
    onStep('down');
    return teardown(manifest).leftovers;
  };
  let verdict: Verdict;
  let traffic: DriveResult;
  try {
    ({ verdict, traffic } = await exercise(scenario, layout, manifest, onStep));
  } catch (error) {
    finish();
    throw error;
  }
  const leftovers = finish();
  return {
    verdict,
    traffic,
    ms: Date.now() - started,
    stateDir: layout.stateDir,
    kept: Boolean(options.keep),
    ...(options.instance ? { instance: options.instance } : {}),
    leftovers,
  };
}

/** Traffic, then the analyses and the reproduction check, while everything is still up. */
async function exercise(
  scenario: ScenarioSpec,
  layout: LabLayout,
  manifest: LabManifest,
  onStep: (message: string) => void,
): Promise<{ verdict: Verdict; traffic: DriveResult }> {
  if (scenario.traffic.startAfterMs) {
    onStep(`waiting ${scenario.traffic.startAfterMs} ms before traffic`);
    await sleep(scenario.traffic.startAfterMs);
  }
  onStep('traffic');
  const traffic = await driveTraffic(scenario, layout, manifest);
  await sleep(LOG_SETTLE_MS);
  onStep('updoc logs, lint, probe and diagnose');
  const analyses: AnalysisResult[] = [];
  analyses.push(await runLogs(scenario, layout));
  analyses.push(await runLint(scenario, layout));
  analyses.push(await runProbe(scenario, layout));
  analyses.push(await runDiagnose(scenario, layout));
  const reproduction = checkReproduction(
    scenario,
    layout,
    traffic,
    analyses.find((a) => a.check === 'logs'),
  );
  const verdict: Verdict = {
    scenario: scenario.name,
    expected: scenario.cause,
    reproduction,
    analyses,
    matched: reproduction.ok && analyses.find((a) => a.gate)?.matched === true,
  };
  const results = join(layout.stateDir, 'results');
  mkdirSync(results, { recursive: true });
  writeFileSync(join(results, 'traffic.json'), `${JSON.stringify(traffic, null, 2)}\n`);
  writeFileSync(join(results, 'verdict.json'), `${JSON.stringify(verdict, null, 2)}\n`);
  return { verdict, traffic };
}
