import type { Cause } from '../../core/define-cause.js';
import type { Signature } from '../../core/define-signature.js';
import { escapeMarkdown } from '../../inputs/text/sanitize.js';
import type { Style } from '../style.js';
import { checkKind } from '../../core/check-kind.js';
import { checkMarkdown } from '../next-check.js';

export function renderCausesText(causes: readonly Cause[], style: Style): string {
  return `${causes.map((c) => `${style.bold(c.id.padEnd(22))} ${c.title}`).join('\n')}\n`;
}

export function renderCausesJson(causes: readonly Cause[]): string {
  // Each confirm check gains `kind` (command or instruction) beside its command; nothing else changes.
  const withKinds = causes.map((c) => ({
    ...c,
    confirm: Object.fromEntries(Object.entries(c.confirm).map(([env, checks]) => [env, (checks ?? []).map((k) => ({ ...k, kind: checkKind(k.command) }))])),
  }));
  return `${JSON.stringify(withKinds, null, 2)}\n`;
}

/** The generated reference page docs/causes.md, with the signatures that point at each cause. */
export function renderCausesMarkdown(causes: readonly Cause[], signatures: readonly Signature[]): string {
  const out = [
    '<!-- generated — do not edit — run `npm run docs` -->',
    '# Root-cause reference',
    '',
    'Every updoc command reports causes with these ids. They never change.',
    '',
    '| id | title |',
    '|---|---|',
    ...causes.map((c) => `| [\`${c.id}\`](#${c.id}) | ${escapeMarkdown(c.title)} |`),
    '',
  ];
  for (const c of causes) {
    const pointing = signatures.filter((s) => (s.causes[c.id] ?? 0) > 0).sort((a, b) => (b.causes[c.id] ?? 0) - (a.causes[c.id] ?? 0));
    out.push(
      `## ${c.id}`,
      '',
      `**${escapeMarkdown(c.title)}**`,
      '',
      escapeMarkdown(c.explanation),
      '',
      '### Symptoms',
      '',
      ...c.symptoms.map((s) => `- ${escapeMarkdown(s)}`),
      '',
      '### How to confirm',
      '',
    );
    for (const [env, checks] of Object.entries(c.confirm)) {
      out.push(`**${env}**`, '');
      for (const check of checks ?? [])
        out.push(`- ${checkMarkdown({ command: check.command, kind: checkKind(check.command) }, 2000)} — ${escapeMarkdown(check.expect)}`);
      out.push('');
    }
    out.push('### How to fix', '');
    for (const [env, fix] of Object.entries(c.fix)) out.push(`- **${env}**: ${escapeMarkdown(fix ?? '')}`);
    out.push('', '### References', '', ...c.references.map((r) => `- <${r}>`), '');
    out.push(`### Signatures that point here (${pointing.length})`, '', pointing.length ? pointing.map((s) => `\`${s.id}\``).join(', ') : 'none', '');
  }
  return out.join('\n');
}
