import { resolve } from 'node:path';
import type { Finding, FindingInput, Rule } from '../core/define-rule.js';
import type { SourcePosition } from '../core/position.js';
import { gatherLintFacts, type LintFacts } from '../evidence/lint-facts.js';
import type { PathStep, ResolvedPath } from '../evidence/topology/model.js';
import type { ConfigFile } from '../inputs/config/config-input.js';
import { createConfigInput, type RangeSuppression } from '../inputs/config/create-config-input.js';
import { type Discovery, discoverConfigFiles, MissingInputError } from '../inputs/config/discover.js';
import { type ConfigFileSystem, decodeConfigBytes, NODE_FILE_SYSTEM } from '../inputs/config/read-config-file.js';
import { type CommentSuppressions, ruleMatches, scanSuppressionComments } from '../inputs/config/suppression-comments.js';
import { loadUpdocConfig, pathMatcher, type UpdocConfig, UpdocConfigError } from '../inputs/config/updoc-config.js';
import { RULES } from '../rules/index.js';
import { findingPath } from '../rules/proxy-paths.js';

/**
 * `updoc lint`: discover → parse (every platform) → facts and topology → every rule → suppressions → sorted
 * findings. Synchronous and free of output: the CLI and the test helper call it, reporters render the result.
 */

export interface LintOptions {
  /** Files or directories; directories are walked recursively. */
  paths: readonly string[];
  /** Default: process.cwd(). Display paths are relative to it. */
  cwd?: string;
  /** `.updoc.yaml` to use (default: found in the working directory or the first directory given). */
  configFile?: string;
  /** Only these rules (ids or `<domain>/*`); `input/*` rules run unless disabled. */
  only?: readonly string[];
  /** Rules not to run (ids or `<domain>/*`), on top of the config's `disable`. */
  disable?: readonly string[];
  /**
   * Configuration read from standard input (`helm template … | updoc lint -`), linted as a file named `name`
   * (its extension tells parsers what it is). `bytes` may be longer than the size limit: it is checked here.
   */
  stdin?: { name: string; bytes: Uint8Array };
  /** The rule set (default: every rule). */
  rules?: readonly Rule[];
  fs?: ConfigFileSystem;
}

export interface SuppressedFinding {
  finding: Finding;
  by: 'comment' | 'annotation' | 'config';
}

export interface LintResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  facts: LintFacts;
  /** Text of every file read (discovered and included), by display path: for code frames. */
  sources: ReadonlyMap<string, string>;
  /** The rules that ran, for reporters' metadata (SARIF rules, docs links). */
  rules: readonly Rule[];
  config: UpdocConfig;
  /** Things skipped on purpose (Helm templates, directory cycles), one line each. */
  notes: string[];
  /** Seconds spent per stage (for `--stats` and the benchmark). */
  timings: { discover: number; parse: number; rules: number };
}

/** A finding about updoc itself: a rule or parser threw. Not in RULES (no example can trigger it), but reported like one. */
export const INTERNAL_ERROR_RULE: Rule = Object.freeze({
  id: 'input/internal-error',
  domain: 'input',
  cause: 'other',
  severity: 'warning',
  title: 'updoc failed on part of the input (a bug in updoc)',
  docs: {
    why: 'A rule, parser or topology step of updoc threw an exception on this input. The other rules still ran, but what that part checks was not checked.',
    problem: { files: {} },
    fixed: { files: {} },
    remediation: 'Report the message (and, if you can, the input that caused it) to the updoc maintainers; meanwhile review that part by hand.',
  },
  check: () => {},
});

const YAML_FILE = /\.(?:ya?ml|json)$/i;

export function lint(options: LintOptions): LintResult {
  const clock = stopwatch();
  const cwd = resolve(options.cwd ?? process.cwd());
  const fs = options.fs ?? NODE_FILE_SYSTEM;
  const allRules = options.rules ?? RULES;
  const knownIds = new Set([...allRules.map((r) => r.id), INTERNAL_ERROR_RULE.id]);
  const isKnownRule = (pattern: string) =>
    pattern === '*' ||
    pattern === 'all' ||
    knownIds.has(pattern) ||
    (pattern.endsWith('/*') && [...knownIds].some((id) => id.startsWith(pattern.slice(0, -1))));
  for (const pattern of [...(options.only ?? []), ...(options.disable ?? [])]) {
    if (!isKnownRule(pattern)) throw new LintUsageError(`unknown rule "${pattern}" (see \`updoc rules\`)`);
  }

  const directories = options.paths.filter((p) => {
    try {
      return fs.statSync(resolve(cwd, p)).isDirectory();
    } catch {
      return false;
    }
  });
  let config: UpdocConfig;
  let discovery: Discovery;
  try {
    config = loadUpdocConfig({ cwd, explicitPath: options.configFile, searchDirectories: directories, fs, isKnownRule });
    const excluded = config.exclude.length > 0 ? pathMatcher(config.exclude, config.baseDirectory) : undefined;
    const paths = options.paths.length > 0 || options.stdin ? options.paths : ['.'];
    discovery = discoverConfigFiles(paths, { cwd, fs, maxFileBytes: config.maxFileBytes, exclude: excluded });
  } catch (error) {
    if (error instanceof UpdocConfigError || error instanceof MissingInputError) throw new LintUsageError(error.message);
    throw error;
  }

  if (options.stdin) {
    const { name, bytes } = options.stdin;
    const read = decodeConfigBytes(bytes, { path: name, absolutePath: resolve(cwd, name), explicit: true, maxFileBytes: config.maxFileBytes });
    if (read.ok) discovery.files.push(read.file);
    else discovery.problems.push({ kind: read.kind, at: { file: name, line: 1, column: 1 }, message: read.message.replace(name, `${name} (standard input)`) });
  }
  if (discovery.files.length === 0 && discovery.problems.length === 0) {
    discovery.notes.push(
      `no configuration files found in ${(options.paths.length > 0 ? options.paths : ['.']).join(', ')} (nginx, HAProxy, Compose, Kubernetes YAML …)`,
    );
  }
  const discovered = clock();
  const input = createConfigInput({ files: discovery.files, problems: discovery.problems, cwd, maxFileBytes: config.maxFileBytes, fs });
  const internal: Finding[] = [];
  const firstFile: SourcePosition = { file: discovery.files[0]?.path ?? '.', line: 1, column: 1 };
  const onInternalError = (component: string, error: unknown) => internal.push(internalErrorFinding(component, error, firstFile));
  // Every YAML/JSON file is syntax-checked, even one no platform recognises (its problems become input/parse-error).
  for (const file of discovery.files) if (YAML_FILE.test(file.path)) input.yaml(file);
  const facts = gatherLintFacts(input, onInternalError);

  const parsed = clock();
  const disabled = [...config.disable, ...(options.disable ?? [])];
  const only = options.only ?? [];
  const active = allRules.filter((rule) => !ruleMatches(disabled, rule.id) && (only.length === 0 || rule.domain === 'input' || ruleMatches(only, rule.id)));

  const raw: Finding[] = [...internal];
  // Rules often report `path: resolvedPath.steps`, which starts at the target: the narration starts at the proxy.
  const pathOwners = new Map<readonly PathStep[], ResolvedPath>(facts.topology.paths.map((p) => [p.steps, p]));
  for (const rule of active) {
    const report = (finding: FindingInput) => {
      const owner = finding.path && finding.path[0]?.kind !== 'proxy' ? pathOwners.get(finding.path) : undefined;
      const path = owner ? findingPath(owner) : finding.path;
      raw.push({ ...finding, ...(path ? { path } : {}), rule: rule.id, cause: rule.cause, severity: rule.severity });
    };
    try {
      rule.check({ facts, report });
    } catch (error) {
      raw.push(internalErrorFinding(`rule ${rule.id}`, error, firstFile));
    }
  }

  const { kept, suppressed } = applySuppressions(dedupe(raw), {
    config,
    cwd,
    files: discovery.files,
    sources: input.sources,
    ranges: input.rangeSuppressions,
  });
  kept.sort(compareFindings);
  suppressed.sort((a, b) => compareFindings(a.finding, b.finding));
  const usedRules = kept.some((f) => f.rule === INTERNAL_ERROR_RULE.id) ? [...active, INTERNAL_ERROR_RULE] : active;
  const checked = clock();
  const timings = { discover: discovered, parse: parsed - discovered, rules: checked - parsed };
  return { findings: kept, suppressed, facts, sources: input.sources, rules: usedRules, config, notes: discovery.notes, timings };
}

/** Seconds since it was created, each call. */
function stopwatch(): () => number {
  const start = process.hrtime.bigint();
  return () => Number(process.hrtime.bigint() - start) / 1e9;
}

/** Bad `--rule`/`--disable` values, missing paths, a malformed .updoc.yaml: exit 2. */
export class LintUsageError extends Error {}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.at.file < b.at.file ? -1 : a.at.file > b.at.file ? 1 : 0) ||
    a.at.line - b.at.line ||
    a.at.column - b.at.column ||
    (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.rule}\u0000${f.at.file}\u0000${f.at.line}\u0000${f.at.column}\u0000${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function internalErrorFinding(component: string, error: unknown, at: SourcePosition): Finding {
  const message = error instanceof Error ? error.message : String(error);
  return {
    rule: INTERNAL_ERROR_RULE.id,
    cause: INTERNAL_ERROR_RULE.cause,
    severity: INTERNAL_ERROR_RULE.severity,
    message: `${component} failed (${message.split('\n')[0]!.slice(0, 300)}); what it checks was not checked. This is a bug in updoc.`,
    at,
  };
}

/** Exported for tests: the Kubernetes annotation ranges come from the Kubernetes parser. */
export function applySuppressions(
  findings: Finding[],
  context: { config: UpdocConfig; cwd: string; files: readonly ConfigFile[]; sources: ReadonlyMap<string, string>; ranges: readonly RangeSuppression[] },
): { kept: Finding[]; suppressed: SuppressedFinding[] } {
  const absoluteByPath = new Map(context.files.map((f) => [f.path, f.absolutePath]));
  const ignoreEntries = context.config.ignore.map((entry) => ({
    rules: entry.rules ?? ['*'],
    matchesPath: entry.paths ? pathMatcher(entry.paths, context.config.baseDirectory) : () => true,
  }));
  const comments = new Map<string, CommentSuppressions | undefined>();
  const commentsOf = (file: string) => {
    if (!comments.has(file)) {
      const text = context.sources.get(file);
      comments.set(file, text === undefined ? undefined : scanSuppressionComments(text));
    }
    return comments.get(file);
  };
  const rangesByFile = new Map<string, RangeSuppression[]>();
  for (const r of context.ranges) rangesByFile.set(r.file, [...(rangesByFile.get(r.file) ?? []), r]);

  const kept: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const finding of findings) {
    const file = finding.at.file;
    const absolute = absoluteByPath.get(file) ?? resolve(context.cwd, file);
    if (ignoreEntries.some((e) => ruleMatches(e.rules, finding.rule) && e.matchesPath(absolute))) {
      suppressed.push({ finding, by: 'config' });
      continue;
    }
    const c = commentsOf(file);
    if (c && (ruleMatches(c.file, finding.rule) || ruleMatches(c.lines.get(finding.at.line) ?? [], finding.rule))) {
      suppressed.push({ finding, by: 'comment' });
      continue;
    }
    const ranges = rangesByFile.get(file);
    if (ranges?.some((r) => finding.at.line >= r.fromLine && finding.at.line <= r.toLine && (r.rules.length === 0 || ruleMatches(r.rules, finding.rule)))) {
      suppressed.push({ finding, by: 'annotation' });
      continue;
    }
    kept.push(finding);
  }
  return { kept, suppressed };
}
