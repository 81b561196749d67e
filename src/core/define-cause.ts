import type { CauseId, Environment } from './ids.js';

/** One command to run (or an instruction when no command fits), and what its result tells. */
export interface Check {
  /** Exact command, with placeholders such as {host}, {port}, {service}, {proxy}, {namespace}. */
  command: string;
  /** What to look for in the output and what it means. */
  expect: string;
}

export interface CauseDeclaration {
  id: CauseId;
  title: string;
  /** Plain explanation for someone on call: what is wrong and why it produces this error. */
  explanation: string;
  /** How the failure typically shows up (which messages, which timing), one line each. */
  symptoms: readonly string[];
  /** How to confirm it, per environment. `vm` is required and is the fallback. */
  confirm: Partial<Record<Environment, readonly Check[]>> & { vm: readonly Check[] };
  /** How to fix it, per environment. `vm` is required and is the fallback. */
  fix: Partial<Record<Environment, string>> & { vm: string };
  /** Documentation a reader can follow for more depth. */
  references: readonly string[];
}

export type Cause = CauseDeclaration;

export function defineCause(declaration: CauseDeclaration): Cause {
  return declaration;
}
