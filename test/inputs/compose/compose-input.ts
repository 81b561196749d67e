import { posix } from 'node:path';
import type { SourcePosition } from '../../../src/core/position.js';
import type { ConfigFile, ConfigInput } from '../../../src/inputs/config/config-input.js';
import { parseCompose } from '../../../src/inputs/compose/parse-compose.js';
import type { ComposeFacts } from '../../../src/inputs/compose/model.js';
import { loadYaml, type YamlFile } from '../../../src/inputs/yaml/load-yaml.js';

export const ROOT = '/project';

export interface Reported {
  at: SourcePosition;
  message: string;
}

/**
 * A ConfigInput over an in-memory project (relative path → text), so the parser can be tested without the
 * engine. Every file is "discovered"; `read` serves the same files; problems are collected.
 */
export function memoryInput(files: Record<string, string>): ConfigInput & { reported: Reported[] } {
  const configFiles: ConfigFile[] = Object.entries(files).map(([path, text]) => ({ path, absolutePath: posix.join(ROOT, path), text }));
  const byAbsolute = new Map(configFiles.map((f) => [f.absolutePath, f]));
  const yamlCache = new Map<string, YamlFile>();
  const reported: Reported[] = [];
  return {
    files: configFiles,
    reported,
    get problems() {
      return reported.map((r) => ({ kind: 'parse' as const, ...r }));
    },
    yaml(file) {
      let parsed = yamlCache.get(file.absolutePath);
      if (!parsed) {
        parsed = loadYaml(file.path, file.text);
        yamlCache.set(file.absolutePath, parsed);
        for (const p of parsed.problems) reported.push(p);
      }
      return parsed;
    },
    read(absolutePath) {
      const file = byAbsolute.get(posix.normalize(absolutePath));
      return file ? { ok: true, file } : { ok: false, message: `${absolutePath}: no such file` };
    },
    problem(at, message) {
      reported.push({ at, message });
    },
    suppress() {},
  } as ConfigInput & { reported: Reported[] };
}

export function parseProject(files: Record<string, string>): { facts: ComposeFacts; reported: Reported[] } {
  const input = memoryInput(files);
  return { facts: parseCompose(input), reported: input.reported };
}
