import { resolve } from 'node:path';
import type { SourcePosition } from '../../core/position.js';
import { loadYaml, type YamlFile } from '../yaml/load-yaml.js';
import type { ConfigFile, ConfigInput, InputProblem, ReadResult } from './config-input.js';
import { type ConfigFileSystem, readConfigFile } from './read-config-file.js';

/** A line range where findings of some rules (all when empty) are suppressed (Kubernetes annotation). */
export interface RangeSuppression {
  file: string;
  fromLine: number;
  toLine: number;
  rules: readonly string[];
}

/** The ConfigInput parsers get, plus what the engine reads back afterwards. */
export interface ConfigInputSession extends ConfigInput {
  readonly rangeSuppressions: readonly RangeSuppression[];
  /** Every text read (discovered files and includes), by display path: code frames and comment suppressions. */
  readonly sources: ReadonlyMap<string, string>;
}

const MAX_PARSE_PROBLEMS_PER_FILE = 10;

export function createConfigInput(options: {
  files: readonly ConfigFile[];
  problems: readonly InputProblem[];
  cwd: string;
  maxFileBytes: number;
  fs: ConfigFileSystem;
}): ConfigInputSession {
  const problems: InputProblem[] = [...options.problems];
  const problemKeys = new Set(problems.map(problemKey));
  const rangeSuppressions: RangeSuppression[] = [];
  const sources = new Map<string, string>(options.files.map((f) => [f.path, f.text]));
  const yamlCache = new Map<string, YamlFile>();
  const readCache = new Map<string, ReadResult>(options.files.map((f) => [f.absolutePath, { ok: true, file: f }]));
  const readOptions = { cwd: options.cwd, maxFileBytes: options.maxFileBytes, fs: options.fs };

  const parseProblemsPerFile = new Map<string, number>();
  const addProblem = (problem: InputProblem) => {
    // One problem per line (the YAML parser often reports two facets of one mistake), a few per file (the rest cascade).
    const key = problem.kind === 'parse' ? `${problem.at.file}\u0000${problem.at.line}` : problemKey(problem);
    if (problemKeys.has(key)) return;
    if (problem.kind === 'parse') {
      const count = parseProblemsPerFile.get(problem.at.file) ?? 0;
      if (count >= MAX_PARSE_PROBLEMS_PER_FILE) return;
      parseProblemsPerFile.set(problem.at.file, count + 1);
    }
    problemKeys.add(key);
    problems.push(problem);
  };

  return {
    files: options.files,
    problems,
    rangeSuppressions,
    sources,
    yaml(file) {
      let parsed = yamlCache.get(file.absolutePath);
      if (!parsed) {
        parsed = loadYaml(file.path, file.text);
        yamlCache.set(file.absolutePath, parsed);
        for (const p of parsed.problems)
          addProblem({ kind: 'parse', at: p.at, message: p.message.startsWith('YAML') ? p.message : `YAML syntax error: ${p.message}` });
      }
      return parsed;
    },
    read(absolutePath) {
      const key = resolve(absolutePath);
      const cached = readCache.get(key);
      if (cached) return cached;
      const outcome = readConfigFile(key, readOptions);
      const result: ReadResult = outcome.ok ? outcome : { ok: false, message: outcome.message };
      if (outcome.ok) sources.set(outcome.file.path, outcome.file.text);
      readCache.set(key, result);
      return result;
    },
    problem(at: SourcePosition, message: string, kind: 'parse' | 'unreadable' = 'parse') {
      addProblem({ kind, at, message });
    },
    suppress(file, fromLine, toLine, rules) {
      rangeSuppressions.push({ file, fromLine, toLine, rules: [...rules] });
    },
  };
}

function problemKey(p: InputProblem): string {
  return `${p.kind}\u0000${p.at.file}\u0000${p.at.line}\u0000${p.at.column}\u0000${p.message}`;
}
