import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diagnoseProject } from '../../src/diagnosis/diagnose.js';
import { diagnoseJson } from '../../src/reporters/diagnose/json.js';
import { renderDiagnoseMarkdown } from '../../src/reporters/diagnose/markdown.js';
import { renderDiagnoseText } from '../../src/reporters/diagnose/text.js';
import { topologySvg } from '../../src/reporters/diagnose/topology-svg.js';
import { codeSegments } from '../../src/reporters/next-check.js';
import { topologyGraph } from '../../src/reporters/diagnose/graph.js';
import { createStyle } from '../../src/reporters/style.js';

/** The reporters on real reports: what each format must show, and untrusted text kept inert in each. */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ESC = '\u001b';
const HOSTILE = `connect() failed (111: Connection refused) while connecting to upstream, client: 1.2.3.4, server: x, request: "GET /a|b\`c\`<img src=x onerror=alert(1)>${ESC}[31m HTTP/1.1", upstream: "http://127.0.0.1:3000/", host: "x"`;

describe('text', () => {
  it('starts with the verdict, then could-not-read lines; colour only when asked', async () => {
    const report = await diagnoseProject({ paths: ['examples/diagnose-compose-localhost', 'no/such/dir'], cwd: ROOT });
    const plain = renderDiagnoseText(report, createStyle(false));
    const lines = plain.split('\n');
    expect(lines[0]).toMatch(/^✗ Problem found {2}\(confidence 9\d%\)$/);
    expect(lines[1]).toMatch(/^ {2}wrong-host-localhost \(9\d%\)/);
    expect(plain).toContain('  could not read no/such/dir: no such file or directory');
    expect(plain).not.toContain(ESC);
    const coloured = renderDiagnoseText(report, createStyle(true));
    expect(coloured).toContain(`${ESC}[31m✗${ESC}[39m`);
  });

  it('never echoes terminal escapes from a message', async () => {
    const report = await diagnoseProject({ paths: [], messages: [HOSTILE], cwd: ROOT });
    expect(renderDiagnoseText(report, createStyle(false))).not.toContain(ESC);
  });
});

describe('markdown', () => {
  it('escapes prose, keeps code spans, and keeps table rows intact', async () => {
    const report = await diagnoseProject({ paths: [], messages: [HOSTILE], cwd: ROOT });
    const md = renderDiagnoseMarkdown(report);
    // Raw markup only inside code spans, where Markdown renders it as text.
    expect(md.replace(/`[^`\n]*`/g, '')).not.toMatch(/(^|[^\\])<img/m);
    expect((md.match(/`[^`\n]*`/g) ?? []).some((span) => span.includes('<img src=x onerror=alert(1)>'))).toBe(true);
    expect(md).not.toContain(ESC);
    // Every evidence row has exactly the table's 7 cells (8 pipes), whatever the text held.
    const rows = md.split('\n').filter((l) => /^\| e\d+ \|/.test(l));
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 1).toBe(8);
  });

  it('splits backtick spans for each format', () => {
    expect(codeSegments('sends `/api/` to `http://localhost:3000`; a `stray backtick')).toEqual([
      { code: false, text: 'sends ' },
      { code: true, text: '/api/' },
      { code: false, text: ' to ' },
      { code: true, text: 'http://localhost:3000' },
      { code: false, text: '; a `stray backtick' },
    ]);
  });
});

describe('json', () => {
  it('carries the contract fields and is deterministic for the same inputs', async () => {
    const a = diagnoseJson(await diagnoseProject({ paths: ['examples/diagnose-bind-loopback'], cwd: ROOT }));
    const b = diagnoseJson(await diagnoseProject({ paths: ['examples/diagnose-bind-loopback'], cwd: ROOT }));
    const { ms: _a, ...restA } = a;
    const { ms: _b, ...restB } = b;
    expect(restA).toEqual(restB);
    expect(Object.keys(a)).toEqual(
      expect.arrayContaining(['verdict', 'causes', 'ruledOut', 'fixes', 'nextChecks', 'reasoning', 'evidence', 'inputs', 'environment', 'topology']),
    );
    expect(a.causes[0]?.evidence.every((e) => typeof e.source.where === 'string' && Array.isArray(e.supports))).toBe(true);
    expect(a.ruledOut.map((r) => r.id)).toContain('not-listening');
  });
});

describe('the topology drawing', () => {
  it('is the same for the same configs and highlights only the blamed path', async () => {
    const report = await diagnoseProject({ paths: ['examples/diagnose-haproxy-port-mismatch'], cwd: ROOT });
    const graph = topologyGraph(report.topology!, report.brokenTargets);
    const svg = topologySvg(graph);
    expect(topologySvg(topologyGraph(report.topology!, report.brokenTargets))).toBe(svg);
    expect(graph.edges.filter((e) => e.highlight).map((e) => e.status)).toEqual(['resolved', 'broken']);
    expect(svg.match(/class="edge [a-z]+ highlight"/g)).toHaveLength(2);
    expect(svg).not.toMatch(/<script|href=|xlink/);
    // Nothing blamed, nothing highlighted.
    expect(topologySvg(topologyGraph(report.topology!, []))).not.toMatch(/class="[^"]*highlight/);
  });
});
