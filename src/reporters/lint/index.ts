/** `--format` value → reporter, like Vitest's ReportersMap; the CLI picks one and passes the options it needs. */
export const LINT_FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export { renderLintJson } from './json.js';
export { renderLintMarkdown } from './markdown.js';
export { renderLintSarif } from './sarif.js';
export { renderLintText } from './text.js';
