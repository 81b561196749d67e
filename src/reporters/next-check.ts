import type { CheckKind } from '../core/check-kind.js';
import { displayLine, escapeHtml, escapeMarkdown } from '../inputs/text/sanitize.js';
import type { Style } from './style.js';

/** A next check as every reporter gets it: the text and whether it is a command to paste or an instruction to follow. */
export interface CheckText {
  command: string;
  kind: CheckKind;
}

/**
 * Splits text on backtick pairs: `code` spans (names, directives, addresses written in configs, commands inside an
 * instruction) and prose, so each format can show them as code. An unpaired backtick stays in the prose.
 */
export function codeSegments(text: string): { code: boolean; text: string }[] {
  const out: { code: boolean; text: string }[] = [];
  const re = /`([^`\n]+)`/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push({ code: false, text: text.slice(last, m.index) });
    out.push({ code: true, text: m[1] });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push({ code: false, text: text.slice(last) });
  return out;
}

/**
 * One terminal line: a command behind a `$` prompt (paste it), an instruction behind `→` (read it), aligned the same.
 * `max` bounds the printed length (the text may hold values taken from the input).
 */
export function checkTextLine(check: CheckText, style: Style, max: number, indent = '  '): string {
  const marker = check.kind === 'command' ? style.green('$') : style.cyan('→');
  return `${indent}${marker} ${displayLine(check.command, max)}`;
}

/** Markdown: a command as one code span; an instruction as escaped prose with its backtick spans kept as code. */
export function checkMarkdown(check: CheckText, max: number): string {
  const text = displayLine(check.command, max);
  if (check.kind === 'command') return `\`${text.replace(/`/g, "'")}\``;
  return codeSegments(text)
    .map((s) => (s.code ? `\`${s.text}\`` : escapeMarkdown(s.text)))
    .join('');
}

/** HTML: a command in <code>; an instruction as escaped prose with its backtick spans as <code>. */
export function checkHtml(check: CheckText): string {
  if (check.kind === 'command') return `<code>${escapeHtml(check.command)}</code>`;
  return codeSegments(check.command)
    .map((s) => (s.code ? `<code>${escapeHtml(s.text)}</code>` : escapeHtml(s.text)))
    .join('');
}
