import { RULE_DOMAINS, type Rule, type RuleExample } from '../../core/define-rule.js';
import { escapeMarkdown } from '../../inputs/text/sanitize.js';
import { ruleAnchor } from '../lint/view.js';
import type { Style } from '../style.js';

/** `updoc rules`: one line per rule. */
export function renderRulesText(rules: readonly Rule[], style: Style): string {
  const width = Math.max(0, ...rules.map((r) => r.id.length));
  const lines = rules.map((r) => `${style.bold(r.id.padEnd(width))}  ${r.severity.padEnd(7)}  ${style.dim(r.cause.padEnd(20))} ${r.title}`);
  return `${lines.join('\n')}\n${style.dim(`${rules.length} rules. \`updoc rules --format markdown\` for the full reference.`)}\n`;
}

export function renderRulesJson(rules: readonly Rule[]): string {
  const json = rules.map((r) => ({
    id: r.id,
    domain: r.domain,
    cause: r.cause,
    severity: r.severity,
    title: r.title,
    catalog: r.catalog ?? [],
    why: r.docs.why,
    remediation: r.docs.remediation,
    references: r.docs.references ?? [],
    examples: { problem: r.docs.problem, fixed: r.docs.fixed },
  }));
  return `${JSON.stringify(json, null, 2)}\n`;
}

const EXAMPLE_LINES = 40;

/** The generated reference page docs/rules.md. Anchors are explicit (`nginx/x` → `#nginx-x`): SARIF help links point at them. */
export function renderRulesMarkdown(rules: readonly Rule[]): string {
  const out = [
    '<!-- generated — do not edit — run `npm run docs` -->',
    '# Lint rule reference',
    '',
    '`updoc lint` runs every rule below. Each rule names the root cause (see [causes](causes.md)) its findings imply;',
    'its Problem example fires it and its Fixed example does not (both run as tests). Rule ids never change.',
    '',
    'Suppress a finding with a comment on the line or the line above (`# updoc-ignore <rule>[, <rule>] [-- reason]`),',
    'for a whole file (`# updoc-ignore-file <rule>`), with the Kubernetes annotation `updoc.dev/ignore: "<rule>,…"`,',
    'or in `.updoc.yaml` (`disable: [<rule>]`, `ignore: [{rule, path}]`).',
    '',
    '<a id="input-internal-error"></a>`input/internal-error` (warning, not a rule of its own) is reported when a rule, a parser or a',
    'topology step of updoc throws on the input: the other rules still ran, but what that part checks was not checked.',
    '',
  ];
  for (const domain of RULE_DOMAINS) {
    const inDomain = rules.filter((r) => r.domain === domain);
    if (inDomain.length === 0) continue;
    out.push(`## ${domain}`, '', '| rule | severity | cause | checks |', '|---|---|---|---|');
    for (const r of inDomain) {
      out.push(`| [\`${r.id}\`](#${ruleAnchor(r.id)}) — ${escapeMarkdown(r.title)} | ${r.severity} | \`${r.cause}\` | ${(r.catalog ?? []).join(', ')} |`);
    }
    out.push('');
  }
  const covered = new Map<string, string[]>();
  for (const r of rules) for (const c of r.catalog ?? []) covered.set(c, [...(covered.get(c) ?? []), r.id]);
  if (covered.size > 0) {
    out.push(
      '## Checks of the analyser survey covered',
      '',
      'Ids of tables 2a/2b of the survey of existing analysers (A1–G4, X1–X17).',
      '',
      '| check | rules |',
      '|---|---|',
    );
    for (const id of [...covered.keys()].sort(compareCatalogIds))
      out.push(
        `| ${id} | ${covered
          .get(id)!
          .map((r) => `[\`${r}\`](#${ruleAnchor(r)})`)
          .join(', ')} |`,
      );
    out.push('');
  }
  for (const r of rules) {
    out.push(`<a id="${ruleAnchor(r.id)}"></a>`, '', `## ${r.id}`, '', `**${escapeMarkdown(r.title)}**`, '');
    out.push(`Severity \`${r.severity}\` · cause [\`${r.cause}\`](causes.md#${r.cause})${r.catalog?.length ? ` · checks ${r.catalog.join(', ')}` : ''}`, '');
    out.push('### Why', '', escapeProse(r.docs.why), '');
    out.push('### Problem', '', ...renderExample(r.docs.problem), '### Fixed', '', ...renderExample(r.docs.fixed));
    out.push('### How to fix', '', escapeProse(r.docs.remediation), '');
    if (r.docs.references?.length) out.push('### References', '', ...r.docs.references.map((ref) => `- <${ref}>`), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function renderExample(example: RuleExample): string[] {
  const out: string[] = [];
  if (example.description) out.push(escapeProse(example.description), '');
  for (const [path, content] of Object.entries(example.files)) {
    const lines = content.replace(/\n$/, '').split('\n');
    const shown = lines.length > EXAMPLE_LINES ? [...lines.slice(0, EXAMPLE_LINES), `… (${lines.length - EXAMPLE_LINES} more lines)`] : lines;
    const visible = shown.map((l) => l.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
    const longest = Math.max(2, ...visible.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
    const fence = '`'.repeat(longest + 1);
    out.push(`\`${path}\``, '', `${fence}${languageOf(path)}`, ...visible, fence, '');
  }
  return out;
}

/** Prose from rule docs may use `code` spans on purpose: only control characters and HTML are neutralised. */
function escapeProse(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').replace(/</g, '&lt;');
}

function languageOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (/\.json$/.test(name)) return 'json';
  if (/\.tf$/.test(name)) return 'hcl';
  if (/\.properties$/.test(name) || name === '.env') return 'properties';
  if (/\.toml$/.test(name)) return 'toml';
  if (/haproxy|\.cfg$/.test(name)) return 'haproxy';
  if (/^Caddyfile/.test(name)) return 'caddyfile';
  if (/\.conf|nginx|sites-/.test(path)) return 'nginx';
  return 'text';
}

function compareCatalogIds(a: string, b: string): number {
  return a[0]!.localeCompare(b[0]!) || Number(a.slice(1)) - Number(b.slice(1));
}
