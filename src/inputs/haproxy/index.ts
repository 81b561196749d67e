import { basename, dirname } from 'node:path';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ConfigFile, ConfigInput } from '../config/config-input.js';
import type { ConfigPlatform } from '../config/platform.js';
import { embeddedPosition } from '../nginx/embedded.js';
import { extractHaproxyFacts } from './extract.js';
import type { HaproxyConfig, HaproxyFacts } from './model.js';
import { type HaproxySection, parseHaproxyText } from './syntax.js';
import { haproxyTopology } from './topology.js';

/** Section headers that only HAProxy writes at the start of a line. */
const HAPROXY_SHAPE = /^\uFEFF?[ \t]*(?:frontend|backend|listen)[ \t]+\S+|^\uFEFF?[ \t]*defaults\b[^\n{]*$/m;

export const haproxyPlatform: ConfigPlatform<'haproxy'> = {
  key: 'haproxy',
  parse: (input, earlier) => parseHaproxyConfigs(input, earlier),
  topology: haproxyTopology,
};

interface Parsed {
  file: ConfigFile;
  sections: HaproxySection[];
  hasGlobal: boolean;
}

/**
 * Finds HAProxy configurations: `haproxy*.cfg` and any `.cfg` shaped like one. HAProxy has no include
 * directive but loads several files with `-f` (a directory's files in name order): the files of one
 * directory form one configuration unless several of them are complete configs with their own `global`.
 */
export function parseHaproxyConfigs(input: ConfigInput, earlier: Partial<LintFacts> = {}): HaproxyFacts {
  const parsed: Parsed[] = [];
  for (const file of input.files) {
    if (!looksLikeHaproxy(file)) continue;
    const result = parseHaproxyText(file.path, file.text);
    for (const p of result.problems) input.problem(p.at, p.message);
    reportIncompleteServers(result.sections, input);
    if (!result.sections.some((s) => ['frontend', 'backend', 'listen', 'defaults', 'global'].includes(s.kind))) continue;
    parsed.push({ file, sections: result.sections, hasGlobal: result.sections.some((s) => s.kind === 'global') });
  }
  const byDirectory = new Map<string, Parsed[]>();
  for (const p of parsed) {
    const dir = dirname(p.file.absolutePath);
    byDirectory.set(dir, [...(byDirectory.get(dir) ?? []), p]);
  }
  const configs: HaproxyConfig[] = [];
  for (const group of byDirectory.values()) {
    group.sort((a, b) => (a.file.path < b.file.path ? -1 : a.file.path > b.file.path ? 1 : 0));
    const complete = group.filter((p) => p.hasGlobal);
    if (complete.length > 1) {
      for (const p of group) configs.push(toConfig([p]));
      continue;
    }
    // The file with `global` (or named haproxy.cfg) loads first, as `-f haproxy.cfg -f conf.d/` would.
    const main = complete[0] ?? group.find((p) => /^haproxy\.cfg$/i.test(basename(p.file.path))) ?? group[0];
    configs.push(toConfig([main, ...group.filter((p) => p !== main)]));
  }
  configs.push(...embeddedConfigs(input, earlier, new Set(parsed.map((p) => p.file.path))));
  return { configs };
}

/** haproxy.cfg written inside a Kubernetes ConfigMap: parsed in place, positions in the YAML file. */
function embeddedConfigs(input: ConfigInput, earlier: Partial<LintFacts>, alreadyRead: Set<string>): HaproxyConfig[] {
  const configs: HaproxyConfig[] = [];
  for (const configMap of earlier.kubernetes?.configMaps ?? []) {
    for (const entry of configMap.entries) {
      if (entry.looksLike !== 'haproxy' || (alreadyRead.has(entry.file) && entry.file !== configMap.object?.file)) continue;
      const where = { file: entry.file, line: entry.line, column: entry.column, exactLines: entry.exactLines, at: entry.at };
      const result = parseHaproxyText(entry.file, entry.text);
      for (const p of result.problems) input.problem(embeddedPosition(p.at, where), p.message);
      const sections = result.sections;
      for (const section of sections) {
        for (const line of [section.header, ...section.lines]) {
          line.at = embeddedPosition(line.at, where);
          for (const w of line.words) w.at = embeddedPosition(w.at, where);
        }
      }
      if (!sections.some((s) => ['frontend', 'backend', 'listen'].includes(s.kind))) continue;
      configs.push(
        extractHaproxyFacts({
          id: `haproxy:${entry.file}#${configMap.namespace ? `${configMap.namespace}/` : ''}${configMap.name}/${entry.key}`,
          file: entry.file,
          absolutePath: entry.file,
          files: [entry.file],
          sections,
        }),
      );
    }
  }
  return configs;
}

/** `server` needs a name and an address, `server-template` a prefix, a count and an address: HAProxy refuses the file otherwise. */
function reportIncompleteServers(sections: readonly HaproxySection[], input: ConfigInput): void {
  for (const section of sections) {
    for (const line of section.lines) {
      const needed = line.keyword === 'server' ? 3 : line.keyword === 'server-template' ? 4 : 0;
      if (needed > 0 && line.words.length < needed) {
        input.problem(line.at, `"${line.keyword}" needs ${line.keyword === 'server' ? 'a name and an address' : 'a prefix, a count and an address'}`);
      }
    }
  }
}

function toConfig(group: Parsed[]): HaproxyConfig {
  const main = group[0].file;
  return extractHaproxyFacts({
    id: `haproxy:${main.path}`,
    file: main.path,
    absolutePath: main.absolutePath,
    files: group.map((p) => p.file.path),
    sections: group.flatMap((p) => p.sections),
  });
}

function looksLikeHaproxy(file: ConfigFile): boolean {
  const name = basename(file.path);
  if (!/\.cfg$/i.test(name) && !/haproxy/i.test(name)) return false;
  if (/\.(ya?ml|json|toml)$/i.test(name)) return false;
  return HAPROXY_SHAPE.test(file.text);
}
