import type { Fix } from '../../core/define-rule.js';
import type { SourcePosition } from '../../core/position.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ComposeService, DependencyCondition } from '../../inputs/compose/model.js';

/** Mechanical edits of Compose files for `fix`es: block-style YAML that keeps the file's own indentation. */

function lines(facts: LintFacts, file: string): string[] | undefined {
  const text = facts.files.find((f) => f.path === file)?.text;
  return text?.split('\n');
}

function lineOf(facts: LintFacts, at: SourcePosition): string | undefined {
  return lines(facts, at.file)?.[at.line - 1];
}

/** Spaces per nesting level in this service (the body's indentation minus the service key's). */
function unitOf(service: ComposeService): string {
  const width = service.body ? service.body.column - service.at.column : 2;
  return ' '.repeat(width > 0 ? width : 2);
}

function spaces(column: number): string {
  return ' '.repeat(Math.max(0, column - 1));
}

/** Inserts a key (first line `key:` or `key: value`, further lines relative to it) at the top of a service's body. */
export function insertServiceKey(facts: LintFacts, service: ComposeService, description: string, block: (unit: string) => string[]): Fix | undefined {
  const body = service.body;
  if (!body || body.file !== service.at.file) return undefined;
  const line = lineOf(facts, body);
  if (line === undefined || line.slice(0, body.column - 1).trim() !== '') return undefined;
  const indent = spaces(body.column);
  const [first, ...rest] = block(unitOf(service));
  const replacement = `${first}\n${rest.map((l) => `${indent}${l}\n`).join('')}${indent}`;
  return { description, file: body.file, line: body.line, column: body.column, endLine: body.line, endColumn: body.column, replacement };
}

/** Replaces exactly the text of a position (a scalar value or key). */
export function replaceAt(at: SourcePosition, replacement: string, description: string): Fix | undefined {
  if (at.endLine === undefined || at.endColumn === undefined) return undefined;
  return { description, file: at.file, line: at.line, column: at.column, endLine: at.endLine, endColumn: at.endColumn, replacement };
}

/** Replaces the first occurrence of `literal` inside the text a position spans (a token inside a scalar). */
export function replaceInside(facts: LintFacts, at: SourcePosition, literal: string | RegExp, replacement: string, description: string): Fix | undefined {
  const all = lines(facts, at.file);
  if (!all || at.endLine === undefined || at.endColumn === undefined) return undefined;
  for (let line = at.line; line <= at.endLine; line++) {
    const text = all[line - 1] ?? '';
    const from = line === at.line ? at.column - 1 : 0;
    const to = line === at.endLine ? at.endColumn - 1 : text.length;
    const slice = text.slice(from, to);
    const match =
      typeof literal === 'string' ? (slice.includes(literal) ? { index: slice.indexOf(literal), length: literal.length } : undefined) : matchOf(slice, literal);
    if (match) {
      const column = from + match.index + 1;
      return { description, file: at.file, line, column, endLine: line, endColumn: column + match.length, replacement };
    }
  }
  return undefined;
}

function matchOf(text: string, pattern: RegExp): { index: number; length: number } | undefined {
  const m = pattern.exec(text);
  return m ? { index: m.index, length: m[0].length } : undefined;
}

/** Inserts `text` right after the first match of `pattern` inside the span of a position. */
export function insertAfterInside(facts: LintFacts, at: SourcePosition, pattern: RegExp, text: string, description: string): Fix | undefined {
  const fix = replaceInside(facts, at, pattern, '', description);
  if (!fix) return undefined;
  return { ...fix, column: fix.endColumn, replacement: text };
}

export interface DependencyChange {
  service: string;
  condition: DependencyCondition;
}

/**
 * Makes `service` wait for each dependency with its condition, whatever form its `depends_on` has: sets the
 * condition of a map entry, adds map entries, turns a list into the map form (other entries keep
 * `service_started`, what the list meant), or adds `depends_on` when there is none.
 */
export function setDependencyConditions(facts: LintFacts, service: ComposeService, changes: readonly DependencyChange[], description: string): Fix | undefined {
  if (changes.length === 0) return undefined;
  const unit = unitOf(service);
  const entryLines = (u: string, list: readonly DependencyChange[]) => list.flatMap((c) => [`${u}${c.service}:`, `${u}${u}condition: ${c.condition}`]);
  if (!service.dependsOnAt || !service.dependsOnValueAt) {
    return insertServiceKey(facts, service, description, (u) => ['depends_on:', ...entryLines(u, changes)]);
  }
  const value = service.dependsOnValueAt;
  const existing = changes.filter((c) => service.dependsOn.some((d) => d.service === c.service));
  const added = changes.filter((c) => !service.dependsOn.some((d) => d.service === c.service));
  if (service.dependsOnForm === 'map') {
    if (existing.length === 1 && added.length === 0) {
      const change = existing[0]!;
      const entry = service.dependsOn.find((d) => d.service === change.service)!;
      if (entry.conditionAt) return replaceAt(entry.conditionAt, change.condition, description);
      const line = lineOf(facts, entry.at);
      if (line === undefined || entry.at.endColumn === undefined) return undefined;
      // Only `api:` (nothing after the colon but a comment) can take a new nested line.
      if (!/^\s*:\s*(?:#.*)?$/.test(line.slice(entry.at.endColumn - 1))) return undefined;
      const end = line.replace(/\s*(?:#.*)?$/, '').length + 1;
      return {
        description,
        file: entry.at.file,
        line: entry.at.line,
        column: end,
        endLine: entry.at.line,
        endColumn: end,
        replacement: `\n${spaces(entry.at.column)}${unit}condition: ${change.condition}`,
      };
    }
    const first = service.dependsOn[0];
    if (existing.length > 0 || !first) return undefined;
    const indent = spaces(first.at.column);
    const [head, ...rest] = entryLines('', added).map((l, i) => (i % 2 === 1 ? `${unit}${l}` : l));
    return {
      description,
      file: first.at.file,
      line: first.at.line,
      column: first.at.column,
      endLine: first.at.line,
      endColumn: first.at.column,
      replacement: `${head}\n${rest.map((l) => `${indent}${l}\n`).join('')}${indent}`,
    };
  }
  const conditionOf = (name: string, current: DependencyCondition) => changes.find((c) => c.service === name)?.condition ?? current;
  const entries = [...service.dependsOn.map((d) => ({ service: d.service, condition: conditionOf(d.service, d.condition) })), ...added];
  if (value.endLine === undefined || value.endColumn === undefined) return undefined;
  if (service.dependsOnForm === 'flow-list' || service.dependsOnForm === 'flow-map') {
    const flow = `{ ${entries.map((e) => `${e.service}: { condition: ${e.condition} }`).join(', ')} }`;
    return { description, file: value.file, line: value.line, column: value.column, endLine: value.endLine, endColumn: value.endColumn, replacement: flow };
  }
  const line = lineOf(facts, value);
  if (line === undefined || line.slice(0, value.column - 1).trim() !== '') return undefined;
  const indent = spaces(Math.max(value.column, service.dependsOnAt.column + unit.length));
  const block = entries.map((e) => `${indent}${e.service}:\n${indent}${unit}condition: ${e.condition}`).join('\n');
  return { description, file: value.file, line: value.line, column: 1, endLine: value.endLine, endColumn: value.endColumn, replacement: block };
}

export function setDependencyCondition(facts: LintFacts, service: ComposeService, dependency: string, condition: DependencyCondition): Fix | undefined {
  return setDependencyConditions(facts, service, [{ service: dependency, condition }], `wait for \`${dependency}\` with \`condition: ${condition}\``);
}

/** Adds a network to a service's `networks` (or writes `networks:` with `default` kept when it had none). */
export function addNetwork(facts: LintFacts, service: ComposeService, network: string): Fix | undefined {
  const description = `attach \`${service.name}\` to network \`${network}\``;
  const first = service.networks.find((n) => !n.implicit && n.at);
  if (!service.networksAt || !first?.at) {
    if (service.networkMode) return undefined;
    return insertServiceKey(facts, service, description, (u) => ['networks:', `${u}- default`, `${u}- ${network}`]);
  }
  const at = first.at;
  if (service.networksForm === 'flow')
    return { description, file: at.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column, replacement: `${network}, ` };
  const line = lineOf(facts, at);
  if (line === undefined) return undefined;
  if (service.networksForm === 'list') {
    const dash = line.lastIndexOf('-', at.column - 2);
    if (dash === -1 || line.slice(0, dash).trim() !== '') return undefined;
    return {
      description,
      file: at.file,
      line: at.line,
      column: dash + 1,
      endLine: at.line,
      endColumn: dash + 1,
      replacement: `- ${network}\n${' '.repeat(dash)}`,
    };
  }
  if (line.slice(0, at.column - 1).trim() !== '') return undefined;
  return {
    description,
    file: at.file,
    line: at.line,
    column: at.column,
    endLine: at.line,
    endColumn: at.column,
    replacement: `${network}: {}\n${spaces(at.column)}`,
  };
}

/** A healthcheck block running `test` (a `CMD-SHELL` command line). */
export function healthcheckBlock(test: string): (unit: string) => string[] {
  return (u) => ['healthcheck:', `${u}test: ${JSON.stringify(['CMD-SHELL', test])}`, `${u}interval: 5s`, `${u}timeout: 3s`, `${u}retries: 10`];
}
