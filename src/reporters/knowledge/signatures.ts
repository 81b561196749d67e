import type { Signature } from '../../core/define-signature.js';
import { escapeMarkdown } from '../../inputs/text/sanitize.js';
import type { Style } from '../style.js';
import { checkKind } from '../../core/check-kind.js';
import { checkMarkdown } from '../next-check.js';

const statusText = (s: Signature) => (Array.isArray(s.status) ? s.status.join('/') : (s.status ?? 'n/a'));
/** The signature's causes with their weights, heaviest first. */
const causesByWeight = (s: Signature) => Object.entries(s.causes).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
const causesText = (s: Signature) =>
  causesByWeight(s)
    .map(([id]) => id)
    .join(', ');

export function renderSignaturesText(signatures: readonly Signature[], style: Style): string {
  const out: string[] = [];
  let platform = '';
  for (const s of signatures) {
    if (s.platform !== platform) {
      platform = s.platform;
      out.push('', style.bold(platform));
    }
    out.push(`  ${s.id.padEnd(46)} ${style.dim(`${s.phase.padEnd(12)} ${String(statusText(s)).padEnd(8)}`)} ${s.title}`);
  }
  out.push('', `${signatures.length} signatures.`, '');
  return out.join('\n').replace(/^\n/, '');
}

export function renderSignaturesJson(signatures: readonly Signature[]): string {
  return `${JSON.stringify(
    signatures.map((s) => ({
      id: s.id,
      catalog: s.catalog,
      platform: s.platform,
      title: s.title,
      phase: s.phase,
      status: s.status,
      pattern: s.pattern.source,
      keywords: s.keywords,
      meaning: s.meaning,
      causes: s.causes,
      checks: s.checks,
      /** Parallel to `checks` (added later; `checks` stays a list of strings): a command to paste or an instruction. */
      checkKinds: s.checks.map(checkKind),
      fix: s.fix,
      source: s.source,
      evidence: s.evidence,
    })),
    null,
    2,
  )}\n`;
}

const EVIDENCE_LABEL = { src: 'read in source', doc: 'documented', kb: 'known behaviour (not re-read)', verified: 'reproduced and verified here' } as const;

/** The generated reference page docs/signatures.md. */
export function renderSignaturesMarkdown(signatures: readonly Signature[]): string {
  const out = [
    '<!-- generated — do not edit — run `npm run docs` -->',
    '# Signature reference',
    '',
    `updoc recognises ${signatures.length} error signatures. Each maps a platform's literal message to the phase where the connection failed, the status the client sees, what it means and the root causes it points at (ids from [causes.md](causes.md)).`,
    '',
    '## Index',
    '',
    '| id | platform | phase | status | causes |',
    '|---|---|---|---|---|',
    ...signatures.map((s) => `| [\`${s.id}\`](#${anchor(s.id)}) | ${s.platform} | ${s.phase} | ${statusText(s)} | ${causesText(s)} |`),
    '',
  ];
  for (const s of signatures) {
    out.push(
      `## ${s.id}`,
      '',
      `**${escapeMarkdown(s.title)}** — ${s.platform}, phase \`${s.phase}\`, client gets ${statusText(s)}. Catalog ${s.catalog}.`,
      '',
      escapeMarkdown(s.meaning),
      '',
      `- Pattern: \`${s.pattern.source.replace(/`/g, '\\`').replace(/\|/g, '\\|')}\``,
      `- Causes (weight): ${causesByWeight(s)
        .map(([id, w]) => `${id} (${w})`)
        .join(', ')}`,
      `- Checks: ${s.checks.map((c) => checkMarkdown({ command: c, kind: checkKind(c) }, 2000)).join('; ')}`,
      `- Fix: ${escapeMarkdown(s.fix)}`,
      `- Source: <${s.source}> (${EVIDENCE_LABEL[s.evidence]})`,
      '',
    );
  }
  return out.join('\n');
}

function anchor(id: string): string {
  return id
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}
