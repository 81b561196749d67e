import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diagnoseProject } from '../../src/diagnosis/diagnose.js';
import { explainText } from '../../src/diagnosis/explain.js';
import type { NextCheck } from '../../src/diagnosis/next-steps.js';
import { renderDiagnoseHtml } from '../../src/reporters/diagnose/html.js';
import { renderDiagnoseMarkdown } from '../../src/reporters/diagnose/markdown.js';
import { renderDiagnoseText } from '../../src/reporters/diagnose/text.js';
import { renderExplainJson } from '../../src/reporters/explain/json.js';
import { renderExplainMarkdown } from '../../src/reporters/explain/markdown.js';
import { renderExplainText } from '../../src/reporters/explain/text.js';
import { renderLogsHtml } from '../../src/reporters/logs/html.js';
import { renderLogsJson } from '../../src/reporters/logs/json.js';
import { renderLogsMarkdown } from '../../src/reporters/logs/markdown.js';
import { renderLogsText } from '../../src/reporters/logs/text.js';
import { checkHtml, checkMarkdown, checkTextLine } from '../../src/reporters/next-check.js';
import { createStyle } from '../../src/reporters/style.js';
import { analyse, fixture } from '../logs/helpers.js';

/** Commands behind a `$` prompt, instructions behind `→`, in every reporter that prints next checks. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const plain = createStyle(false);
const ENVOY =
  'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111';
const READ_REASON = 'Read the reset reason and transport failure reason in the body; they pick the branch (connect vs reset vs TLS)';
const INSTRUCTION: NextCheck = { command: 'From a host in the VPC: `curl -sv http://10.0.0.7:8080/` <b>|x</b>', kind: 'instruction', expect: 'answers?' };
const COMMAND: NextCheck = { command: "ss -ltnp 'sport = :8080' | grep `x`", kind: 'command', expect: 'a listener?' };

describe('one check in each format', () => {
  it('text: `$` only for a command, `→` for an instruction, in the same column', () => {
    expect(checkTextLine(COMMAND, plain, 300)).toBe("  $ ss -ltnp 'sport = :8080' | grep `x`");
    expect(checkTextLine(INSTRUCTION, plain, 300)).toBe('  → From a host in the VPC: `curl -sv http://10.0.0.7:8080/` <b>|x</b>');
  });

  it('markdown: a command is one code span; an instruction is escaped prose with its command as code', () => {
    expect(checkMarkdown(COMMAND, 300)).toBe("`ss -ltnp 'sport = :8080' | grep 'x'`");
    expect(checkMarkdown(INSTRUCTION, 300)).toBe('From a host in the VPC: `curl -sv http://10.0.0.7:8080/` \\<b\\>\\|x\\</b\\>');
  });

  it('html: a command in <code>; an instruction as text with its command in <code>', () => {
    expect(checkHtml(COMMAND)).toBe('<code>ss -ltnp &#39;sport = :8080&#39; | grep `x`</code>');
    expect(checkHtml(INSTRUCTION)).toBe('From a host in the VPC: <code>curl -sv http://10.0.0.7:8080/</code> &lt;b&gt;|x&lt;/b&gt;');
  });
});

describe('explain', () => {
  const report = explainText(ENVOY);

  it('prints the Envoy instruction without a prompt and its commands with one', () => {
    const text = renderExplainText(report, plain);
    expect(text).toContain(`  → ${READ_REASON}`);
    expect(text).not.toContain(`$ ${READ_REASON}`);
    expect(text).toMatch(/^ {2}\$ nc -vz -w 5 \S+ \S+ {3}# from the proxy pod$/m);
    expect(text.split('\n').filter((l) => /^ {2}\$ [A-Z]/.test(l) && !/^ {2}\$ [A-Z][a-z]+-[A-Z]/.test(l))).toEqual([]);
  });

  it('markdown: the instruction as prose, not a code span', () => {
    const md = renderExplainMarkdown(report);
    expect(md).toContain(`- ${READ_REASON} — `);
    expect(md).not.toContain(`\`${READ_REASON}\``);
    expect(md).toMatch(/^- `nc -vz -w 5 /m);
  });

  it('json: each check keeps `command` and `expect` and gains `kind`', () => {
    const checks = JSON.parse(renderExplainJson(report)).checks as Record<string, unknown>[];
    expect(checks.find((c) => c.command === READ_REASON)).toMatchObject({ kind: 'instruction', expect: expect.any(String) });
    expect(checks.find((c) => String(c.command).startsWith('nc -vz'))).toMatchObject({ kind: 'command' });
    for (const c of checks) expect(['command', 'instruction']).toContain(c.kind);
  });
});

describe('logs', () => {
  it('prints each check by its kind in text, markdown, html and json', async () => {
    const report = await analyse([fixture('nginx-error.txt')]);
    expect(report.checks.length).toBeGreaterThan(0);
    expect(report.checks.every((c) => c.kind === 'command')).toBe(true);
    const mixed = { ...report, checks: [COMMAND, INSTRUCTION] };
    const text = renderLogsText(mixed, plain);
    expect(text).toContain("  $ ss -ltnp 'sport = :8080'");
    expect(text).toContain('  → From a host in the VPC:');
    expect(text).not.toContain('$ From a host');
    expect(renderLogsMarkdown(mixed)).toContain('- From a host in the VPC: `curl -sv http://10.0.0.7:8080/`');
    const html = renderLogsHtml(mixed);
    expect(html).toContain('<li>From a host in the VPC: <code>curl -sv http://10.0.0.7:8080/</code>');
    expect(html).not.toContain('<b>|x</b>');
    expect(JSON.parse(renderLogsJson(mixed)).checks.map((c: NextCheck) => c.kind)).toEqual(['command', 'instruction']);
  });
});

describe('diagnose', () => {
  it('prints each next check by its kind in text, markdown and html', async () => {
    const report = await diagnoseProject({ paths: [], messages: [ENVOY], cwd: ROOT });
    expect(report.nextChecks.length).toBeGreaterThan(0);
    for (const c of report.nextChecks) expect(['command', 'instruction']).toContain(c.kind);
    const mixed = {
      ...report,
      nextChecks: [
        { ...COMMAND, why: 'a listener?' },
        { ...INSTRUCTION, why: 'answers?' },
      ],
    };
    const text = renderDiagnoseText(mixed, plain);
    expect(text).toContain("  $ ss -ltnp 'sport = :8080'");
    expect(text).toContain('  → From a host in the VPC:');
    expect(renderDiagnoseMarkdown(mixed)).toContain('- From a host in the VPC: `curl -sv http://10.0.0.7:8080/` \\<b\\>');
    expect(renderDiagnoseHtml(mixed)).toContain('<li>From a host in the VPC: <code>curl -sv http://10.0.0.7:8080/</code>');
  });
});

describe('signatures and causes JSON', () => {
  it('adds the kinds beside the checks, keeping `checks` a list of strings', async () => {
    const { renderSignaturesJson } = await import('../../src/reporters/knowledge/signatures.js');
    const { renderCausesJson } = await import('../../src/reporters/knowledge/causes.js');
    const { SIGNATURES } = await import('../../src/knowledge/signatures/index.js');
    const { CAUSES } = await import('../../src/knowledge/causes/index.js');
    const envoy = SIGNATURES.filter((s) => s.id === 'envoy/upstream-connect-error');
    const [sig] = JSON.parse(renderSignaturesJson(envoy)) as { checks: string[]; checkKinds: string[] }[];
    expect(sig.checkKinds).toHaveLength(sig.checks.length);
    expect(sig.checkKinds[sig.checks.indexOf(READ_REASON)]).toBe('instruction');
    expect(sig.checks.every((c) => typeof c === 'string')).toBe(true);
    const [cause] = JSON.parse(renderCausesJson(CAUSES.slice(0, 1))) as { confirm: { vm: { command: string; expect: string; kind: string }[] } }[];
    expect(cause.confirm.vm[0]).toMatchObject({ command: expect.any(String), expect: expect.any(String), kind: 'command' });
  });
});
