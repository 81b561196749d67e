/** Text for `updoc lab run` and `status`: pure functions of the results. */
import { displayLine } from '../inputs/text/sanitize.js';
import { percent, type Style } from '../reporters/style.js';
import type { AnalysisResult } from './check.js';
import type { RunResult } from './run.js';
import type { LabManifest } from './runtime/state.js';

function counts(result: RunResult): string {
  const parts = Object.entries(result.traffic.counts)
    .sort((a, b) => b[1] - a[1])
    .map(([outcome, n]) => `${outcome} ×${n}`);
  return `${result.traffic.requests.length} requests → ${parts.join(', ')}`;
}

/** How an analysis counts: diagnose gives the verdict, one of the scenario's `namedBy` must name the cause too, the others are shown. */
function roleNote(gate: boolean, namesCause: boolean): string {
  return gate ? ' (the verdict)' : namesCause ? '' : ' (cannot see the cause alone)';
}

function analysisLine(a: AnalysisResult, expected: string | null, style: Style): string {
  const first = a.ranked[0];
  const said =
    expected === null
      ? a.clean
        ? 'no problem'
        : `problem reported${first ? ` (${first.id} first)` : ''}`
      : first
        ? `${first.id} first${first.score !== undefined ? ` (${percent(first.score)})` : ''}`
        : 'no cause named';
  const mark = a.matched ? style.green('✓') : a.gate ? style.red('✗') : a.namesCause ? style.yellow('✗') : style.dim('·');
  const note = roleNote(a.gate, a.namesCause);
  const gate = note ? style.dim(note) : '';
  const known = a.knownMiss && !a.matched ? `\n      ${style.yellow('known miss:')} ${displayLine(a.knownMiss, 600)}` : '';
  return `  ${mark} ${a.check.padEnd(9)}${said}${gate}${known}\n      ${style.dim(displayLine(a.command.join(' '), 400))}\n`;
}

export function renderRunText(result: RunResult, style: Style): string {
  const v = result.verdict;
  const out: string[] = [];
  out.push(`${style.bold(v.scenario)}  expected: ${v.expected ?? 'no problem'}  (${(result.ms / 1000).toFixed(1)} s)\n`);
  out.push(`  traffic: ${counts(result)}\n`);
  if (v.reproduction.ok)
    out.push(`  reproduction: ${style.green('ok')} (${v.reproduction.found.length} evidence line${v.reproduction.found.length === 1 ? '' : 's'})\n`);
  else for (const p of v.reproduction.problems) out.push(`  reproduction: ${style.red('failed')}: ${displayLine(p, 300)}\n`);
  for (const found of v.reproduction.found) out.push(`    ${style.dim(displayLine(found.line, 220))}\n`);
  for (const a of v.analyses) out.push(analysisLine(a, v.expected, style));
  out.push(`  verdict: ${v.matched ? style.green('matched') : style.red('did not match')}\n`);
  if (result.kept)
    out.push(`  kept up in ${result.stateDir}; remove it with \`updoc lab down ${v.scenario}${result.instance ? ` --instance ${result.instance}` : ''}\`\n`);
  return out.join('');
}

function notMatched(results: RunResult[]): string[] {
  return results
    .filter((r) => !r.verdict.matched)
    .map((r) => {
      const v = r.verdict;
      return v.reproduction.ok ? v.scenario : `${v.scenario} (not reproduced)`;
    });
}

export function renderSummaryText(results: RunResult[], style: Style, seconds: number, cpuSeconds: number, round?: number): string {
  const matched = results.filter((r) => r.verdict.matched).length;
  const reproduced = results.filter((r) => r.verdict.reproduction.ok).length;
  const failed = notMatched(results);
  const head = round !== undefined ? `round ${round}: ` : '\n';
  return `${head}${matched}/${results.length} scenarios matched, ${reproduced}/${results.length} reproduced, in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} CPU-s)${failed.length ? `; ${style.red('not matched')}: ${failed.join(', ')}` : ''}\n`;
}

/** One line per scenario when the set runs several times. */
export function renderRunLine(result: RunResult, style: Style, round: number): string {
  const v = result.verdict;
  const firsts = v.analyses.map(
    (a) =>
      `${a.check} ${v.expected === null ? (a.clean ? 'clean' : 'problem') : (a.ranked[0]?.id ?? '-')}${a.gate || a.namesCause ? (a.matched ? '✓' : '✗') : ''}`,
  );
  const state = v.matched ? style.green('matched') : v.reproduction.ok ? style.red('not matched') : style.red('not reproduced');
  return `  ${String(round).padStart(2)} ${v.scenario.padEnd(28)} ${state}  ${firsts.join('  ')}  ${(result.ms / 1000).toFixed(1)} s\n`;
}

export interface StabilityRow {
  scenario: string;
  expected: string | null;
  rounds: number;
  completed: number;
  reproduced: number;
  matched: number;
  namedBy: string[];
  /** check → what it named first → how many rounds */
  firsts: Record<string, Record<string, number>>;
  medianMs: number;
}

export function renderStabilityText(rows: StabilityRow[], style: Style, seconds: number, cpuSeconds: number): string {
  const out = ['', style.bold('stability over the rounds'), ''];
  for (const row of rows) {
    const firsts = Object.entries(row.firsts)
      .map(([check, counts]) => {
        const said = Object.entries(counts)
          .sort((a, b) => b[1] - a[1])
          .map(([id, n]) => `${id} ×${n}`)
          .join(', ');
        return `${check}${roleNote(check === 'diagnose', row.namedBy.includes(check))}: ${said}`;
      })
      .join('; ');
    out.push(
      `${row.scenario.padEnd(28)} reproduced ${row.reproduced}/${row.rounds}, matched ${row.matched}/${row.rounds}, median ${(row.medianMs / 1000).toFixed(1)} s`,
      `  ${style.dim(firsts)}`,
    );
  }
  out.push('', `${rows.length} scenarios × ${rows[0]?.rounds ?? 0} rounds in ${seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} CPU-s)`, '');
  return out.join('\n');
}

export interface StatusEntry {
  name: string;
  manifest: LabManifest | null;
  running: number;
  processes: number;
}

export function renderStatusText(entries: StatusEntry[], style: Style): string {
  if (entries.length === 0) return 'no lab scenario is up\n';
  return entries
    .map((e) => {
      if (!e.manifest) return `${style.bold(e.name)}  state without a manifest (left by a crash): \`updoc lab down --all\`\n`;
      const m = e.manifest;
      const down = `updoc lab down ${m.scenario}${m.instance ? ` --instance ${m.instance}` : ''}`;
      const lines = [
        `${style.bold(e.name)}  ${m.status}, ${e.running}/${e.processes} processes running, since ${m.createdAt}`,
        `  proxy:   ${m.proxy ? `${m.proxy.url} (namespace ${m.proxy.namespace})` : '-'}`,
        `  request: ${m.client && m.proxy ? `ip netns exec ${m.client} curl -s ${m.proxy.url}/api/orders` : '-'}`,
        `  project: ${m.stateDir}/project   logs: ${m.stateDir}/logs`,
        `  remove:  ${down}`,
      ];
      return `${lines.join('\n')}\n`;
    })
    .join('');
}
