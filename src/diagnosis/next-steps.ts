import { type CheckKind, checkKind } from '../core/check-kind.js';
import type { CauseId, Environment } from '../core/ids.js';
import type { RankedCause } from './rank-causes.js';
import type { SetupFacts, Target } from '../evidence/setup-facts.js';
import { causeById } from '../knowledge/causes/index.js';

export interface NextCheck {
  /** A command to paste, or an instruction for a person (then any command it names is in backquotes). */
  command: string;
  /** Decides whether a reporter prints it behind a `$` prompt; read from the knowledge base's text, before placeholders are filled. */
  kind: CheckKind;
  expect: string;
  /** The cause this check confirms or rules out, or the signature it belongs to. */
  cause?: CauseId;
  signature?: string;
}

export interface Fix {
  cause: CauseId;
  fix: string;
}

export type Placeholders = Record<string, string>;

/** Values for {placeholders} in commands, from what the text revealed. */
export function placeholdersFor(facts: SetupFacts, primary?: Target): Placeholders {
  const t = primary ?? facts.targets.find((x) => x.kind !== 'pool-name') ?? facts.targets[0];
  const values: Placeholders = {};
  if (t) {
    if (t.kind === 'unix-socket') values.socket = t.host.replace(/^unix:/i, '');
    else if (t.kind !== 'pool-name') values.host = t.host;
    if (t.port) values.port = t.port;
    if (t.scheme && /^(?:https?|grpcs?|h2c?)$/.test(t.scheme)) values.scheme = t.scheme;
    if (t.service) values.service = t.service;
    if (t.namespace) values.namespace = t.namespace;
    if (t.kind === 'pool-name') {
      values.backend = t.host;
      values.upstream = t.host;
      values.cluster = t.host;
    } else {
      values.upstream = t.port ? `${t.host}:${t.port}` : t.host;
    }
  }
  if (!values.scheme) values.scheme = 'http';
  if (values.host && values.port) values.url = `${values.scheme}://${formatHost(values.host)}:${values.port}/`;
  if (facts.proxyName) values.proxy = facts.proxyName;
  // A loopback target names no backend; the one other service in the logs is the best guess.
  if (!values.service && facts.backendName) values.service = facts.backendName;
  return values;
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** Replaces known {placeholders}; unknown ones become visible `<name>` markers for the user to fill. */
export function fillPlaceholders(template: string, values: Placeholders): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => values[name] ?? `<${name}>`);
}

export function checksFor(causes: readonly CauseId[], env: Environment, values: Placeholders, perCause = 3): NextCheck[] {
  const out: NextCheck[] = [];
  for (const id of causes) {
    const cause = causeById(id);
    const checks = cause.confirm[env] ?? fallbackConfirm(cause.confirm, env);
    for (const c of checks.slice(0, perCause))
      out.push({ command: fillPlaceholders(c.command, values), kind: checkKind(c.command), expect: fillPlaceholders(c.expect, values), cause: id });
  }
  return dedupe(out);
}

/** docker ⇄ compose and istio → kubernetes share commands when one is missing. */
function fallbackConfirm<T>(table: Partial<Record<Environment, T>> & { vm: T }, env: Environment): T {
  const chain: Partial<Record<Environment, Environment[]>> = {
    docker: ['compose'],
    compose: ['docker'],
    istio: ['kubernetes'],
  };
  for (const alt of chain[env] ?? []) if (table[alt]) return table[alt] as T;
  return table.vm;
}

export function fixesFor(causes: readonly CauseId[], env: Environment, values: Placeholders): Fix[] {
  return causes.map((id) => {
    const cause = causeById(id);
    const text = cause.fix[env] ?? fallbackConfirm(cause.fix, env);
    return { cause: id, fix: fillPlaceholders(text, values) };
  });
}

export function dedupe(checks: NextCheck[]): NextCheck[] {
  const seen = new Set<string>();
  return checks.filter((c) => {
    if (seen.has(c.command)) return false;
    seen.add(c.command);
    return true;
  });
}

/** Checks and fixes are printed for the leading cause and any other that is still a real contender. */
export function causesWorthChecking(ranked: readonly RankedCause[], max = 3): CauseId[] {
  return ranked
    .filter((c, i) => i === 0 || c.score >= 0.1)
    .slice(0, max)
    .map((c) => c.id);
}
