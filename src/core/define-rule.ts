import type { LintFacts } from '../evidence/lint-facts.js';
import type { PathStep } from '../evidence/topology/model.js';
import type { CauseId } from './ids.js';
import type { SourcePosition } from './position.js';

/** Folders under src/rules/, one per input domain. A rule lives in the domain where its problem is written. */
export const RULE_DOMAINS = ['input', 'nginx', 'haproxy', 'envoy', 'traefik', 'caddy', 'compose', 'kubernetes', 'istio', 'spring', 'cloud-lb'] as const;
export type RuleDomain = (typeof RULE_DOMAINS)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
/** How severe, for ordering and thresholds (`--fail-level`): higher is worse. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 };

/** A small virtual project: relative path → file content. Rule docs and tests lint these. */
export interface RuleExample {
  description?: string;
  files: Record<string, string>;
}

/** A mechanical change that fixes a finding: replace the text in the range with `replacement`. */
export interface Fix {
  description: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  replacement: string;
}

export interface FindingInput {
  /** One sentence, names the objects involved: "proxy_pass to localhost:3000 inside Compose service `proxy` …". */
  message: string;
  /** Where the problem is written (the value to change). */
  at: SourcePosition;
  fix?: Fix;
  /** The broken request path, proxy first (rendered "nginx → api:3000 → ✗ no service `api` on network `front`"). */
  path?: PathStep[];
  /** Other places that explain the finding (the container port it should match, the network definition …). */
  related?: { at: SourcePosition; message: string }[];
}

export interface Finding extends FindingInput {
  rule: string;
  cause: CauseId;
  severity: Severity;
}

export interface RuleContext {
  readonly facts: LintFacts;
  report(finding: FindingInput): void;
}

export interface RuleDocs {
  /** Why it breaks proxy→backend traffic, and what users see (the error message). */
  why: string;
  /** Must fire this rule (tested). */
  problem: RuleExample;
  /** The same project fixed: must not fire this rule (tested). */
  fixed: RuleExample;
  remediation: string;
  references?: readonly string[];
}

export interface RuleDeclaration {
  /** `<domain>/<problem>` in kebab-case; public, never renamed. */
  id: string;
  domain: RuleDomain;
  /** The root cause a finding of this rule implies. */
  cause: CauseId;
  severity: Severity;
  title: string;
  /** Check ids of shared/reference/config-analyzers.md this rule implements (A1…G4, X1…X17). */
  catalog?: readonly string[];
  docs: RuleDocs;
  /** Reads facts only (parsers gathered them); never reads files or the network. */
  check(context: RuleContext): void;
}

export type Rule = Readonly<RuleDeclaration>;

const RULE_ID = /^[a-z][a-z0-9-]*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The one way to declare a lint rule. Completeness is checked by test/rules-meta.test.ts. */
export function defineRule(declaration: RuleDeclaration): Rule {
  if (!RULE_ID.test(declaration.id) || !declaration.id.startsWith(`${declaration.domain}/`)) {
    throw new Error(`rule id "${declaration.id}" must be "${declaration.domain}/<kebab-case>"`);
  }
  return Object.freeze(declaration);
}
