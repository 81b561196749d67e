import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { SourcePosition } from '../../../src/core/position.js';
import type { ConfigFile, ConfigInput } from '../../../src/inputs/config/config-input.js';
import { loadYaml } from '../../../src/inputs/yaml/load-yaml.js';

export interface RecordedProblem {
  at: SourcePosition;
  message: string;
}

/**
 * A real directory with the given files and a ConfigInput over them, for testing parsers before (and
 * independently of) the lint engine: `files` are all given files, paths are relative to the directory.
 */
export function projectInput(files: Record<string, string>, options: { only?: string[] } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'updoc-parser-'));
  for (const [path, text] of Object.entries(files)) {
    const absolute = join(root, path);
    mkdirSync(dirname(absolute), { recursive: true });
    writeFileSync(absolute, text);
  }
  const problems: RecordedProblem[] = [];
  const toConfigFile = (absolute: string): ConfigFile => ({ path: relative(root, absolute), absolutePath: absolute, text: readFileSync(absolute, 'utf8') });
  const listed = (options.only ?? Object.keys(files)).map((p) => toConfigFile(join(root, p)));
  const input: ConfigInput = {
    files: listed,
    yaml: (file) => loadYaml(file.path, file.text),
    read(absolutePath) {
      try {
        return { ok: true, file: toConfigFile(absolutePath) };
      } catch (error) {
        return { ok: false, message: (error as Error).message };
      }
    },
    problems: [],
    problem: (at, message) => void problems.push({ at, message }),
    suppress: () => {},
  };
  return { root, input, problems, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}
