import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/core/define-rule.js';
import type { LintResult } from '../../src/diagnosis/lint.js';
import { renderLintJson, renderLintMarkdown, renderLintSarif, renderLintText } from '../../src/reporters/lint/index.js';
import { createStyle } from '../../src/reporters/style.js';
import { inputRules } from '../../src/rules/input/index.js';
import { lintProject } from '../helpers/lint-project.js';
import { sarifValidator } from './sarif-schema.js';

/** A rule that reports what a cross-layer rule reports: a path, a fix and a related position. */
const localhostRule = defineRule({
  id: 'nginx/test-localhost',
  domain: 'nginx',
  cause: 'wrong-host-localhost',
  severity: 'error',
  title: 'Test rule: proxy_pass to localhost',
  catalog: ['X3'],
  docs: { why: 'test rule', problem: { files: {} }, fixed: { files: {} }, remediation: 'Use the service name.' },
  check(ctx) {
    for (const file of ctx.facts.files) {
      file.text.split('\n').forEach((text, i) => {
        const column = text.indexOf('localhost');
        if (column < 0) return;
        const at = { file: file.path, line: i + 1, column: column + 1, endLine: i + 1, endColumn: column + 1 + 'localhost'.length };
        ctx.report({
          message: `proxy_pass to localhost:3000 inside Compose service \`proxy\`: that is the proxy itself ${'\u001b[31m'}(red)`,
          at,
          fix: {
            description: 'target the Compose service `api`',
            file: file.path,
            line: at.line,
            column: at.column,
            endLine: at.line,
            endColumn: at.endColumn,
            replacement: 'api',
          },
          path: [
            { kind: 'proxy', status: 'resolved', text: 'nginx (nginx/nginx.conf)' },
            { kind: 'target', status: 'resolved', text: 'localhost:3000', at },
            { kind: 'listen', status: 'broken', text: 'nothing listens on 3000 in Compose service `proxy`' },
          ],
          related: [{ at: { file: 'compose.yaml', line: 4, column: 7 }, message: 'Compose service `api` listens on 3000' }],
        });
      });
    }
  },
});

const PROJECT = {
  'nginx/nginx.conf': 'events {}\nhttp {\n  server {\n    location / {\n      proxy_pass http://localhost:3000;\n    }\n  }\n}\n',
  'compose.yaml': 'services:\n  proxy:\n    image: nginx:1.27\n  api:\n    image: example/api\n',
  'broken.yaml': 'a: [1\n',
};

async function sample(files: Record<string, string> = PROJECT): Promise<LintResult> {
  return (await lintProject(files, { rules: [...inputRules, localhostRule] })).result;
}

const SARIF_OPTIONS = { toolVersion: '0.1.0', sourceRoot: '/work/project', rulesDocUrl: 'file:///opt/updoc/docs/rules.md' };

describe('text', () => {
  it('groups by broken path, shows a code frame with the cited range and the fix as a diff, sanitised', async () => {
    const text = renderLintText(await sample(), createStyle(false));
    expect(text).toContain('nginx (nginx/nginx.conf) → localhost:3000 → ✗ nothing listens on 3000 in Compose service `proxy`\n');
    expect(text).toContain('  error   proxy_pass to localhost:3000 inside Compose service `proxy`: that is the proxy itself (red)\n');
    expect(text).not.toContain('\u001b');
    expect(text).toContain('    nginx/test-localhost · wrong-host-localhost · nginx/nginx.conf:5:25\n');
    expect(text).toContain(
      [
        '      4 |     location / {',
        '    > 5 |       proxy_pass http://localhost:3000;',
        '        |                         ^^^^^^^^^',
        '      6 |     }',
      ].join('\n'),
    );
    expect(text).toContain(
      ['    fix: target the Compose service `api`', '      -       proxy_pass http://localhost:3000;', '      +       proxy_pass http://api:3000;'].join('\n'),
    );
    expect(text).toContain('    see compose.yaml:4:7 Compose service `api` listens on 3000\n');
    // File-grouped findings come after path groups.
    expect(text.indexOf('broken.yaml\n')).toBeGreaterThan(text.indexOf('nginx (nginx/nginx.conf) →'));
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^✗ 2 problems \(2 errors\) in 3 files(?:;|$)/);
  });

  it('says so when there is nothing to report', async () => {
    const text = renderLintText(await sample({ 'compose.yaml': 'services: {}\n' }), createStyle(false));
    expect(text).toBe('✓ no problems in 1 file\n');
  });

  it('colours only when asked', async () => {
    expect(renderLintText(await sample(), createStyle(true))).toContain('\u001b[31m');
  });
});

describe('json', () => {
  it('has the documented fields, with fix, path and related, and summary counts', async () => {
    const result = await sample();
    const json = JSON.parse(renderLintJson(result));
    // Path counts come from whatever the platform parsers made of the project.
    const paths = { resolved: 0, broken: 0, unknown: 0 };
    for (const p of result.facts.topology.paths) paths[p.status]++;
    expect(json.summary).toEqual({ files: 3, findings: 2, error: 2, warning: 0, info: 0, suppressed: 0, paths });
    expect(json.findings[0]).toEqual({
      rule: 'input/parse-error',
      cause: 'config-error',
      severity: 'error',
      file: 'broken.yaml',
      line: 2,
      column: 1,
      message: expect.stringMatching(/^YAML syntax error: /),
    });
    expect(json.findings[1]).toMatchObject({
      rule: 'nginx/test-localhost',
      cause: 'wrong-host-localhost',
      severity: 'error',
      file: 'nginx/nginx.conf',
      line: 5,
      column: 25,
      endLine: 5,
      endColumn: 34,
      fix: { description: 'target the Compose service `api`', file: 'nginx/nginx.conf', line: 5, column: 25, endLine: 5, endColumn: 34, replacement: 'api' },
      path: [
        { kind: 'proxy', status: 'resolved', text: 'nginx (nginx/nginx.conf)' },
        { kind: 'target', status: 'resolved', text: 'localhost:3000', file: 'nginx/nginx.conf', line: 5, column: 25 },
        { kind: 'listen', status: 'broken', text: 'nothing listens on 3000 in Compose service `proxy`' },
      ],
      related: [{ message: 'Compose service `api` listens on 3000', file: 'compose.yaml', line: 4, column: 7 }],
    });
  });
});

describe('sarif', () => {
  const validate = sarifValidator();

  it('is valid against the official SARIF 2.1.0 schema', async () => {
    const log = JSON.parse(renderLintSarif(await sample(), SARIF_OPTIONS));
    const valid = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('the schema check can fail: a broken log is rejected', async () => {
    const log = JSON.parse(renderLintSarif(await sample(), SARIF_OPTIONS));
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log)).toBe(false);
    const relativeHelp = JSON.parse(renderLintSarif(await sample(), { ...SARIF_OPTIONS, rulesDocUrl: 'docs/rules.md' }));
    expect(validate(relativeHelp)).toBe(false);
  });

  it('carries rule metadata, relative URIs, fixes, code flows and fingerprints that survive line shifts', async () => {
    const log = JSON.parse(renderLintSarif(await sample(), SARIF_OPTIONS));
    const run = log.runs[0];
    expect(run.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///work/project/' } });
    const rules = run.tool.driver.rules;
    const rule = rules.find((r: { id: string }) => r.id === 'nginx/test-localhost');
    expect(rule).toMatchObject({
      name: 'TestLocalhost',
      shortDescription: { text: 'Test rule: proxy_pass to localhost' },
      helpUri: 'file:///opt/updoc/docs/rules.md#nginx-test-localhost',
      defaultConfiguration: { level: 'error' },
      properties: { cause: 'wrong-host-localhost', catalog: ['X3'] },
    });
    expect(rule.help.text).toContain('Use the service name.');
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'nginx/test-localhost');
    expect(rules[result.ruleIndex].id).toBe('nginx/test-localhost');
    expect(result.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'nginx/nginx.conf', uriBaseId: '%SRCROOT%' },
      region: { startLine: 5, startColumn: 25, endLine: 5, endColumn: 34 },
    });
    expect(result.fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { startLine: 5, startColumn: 25, endLine: 5, endColumn: 34 },
      insertedContent: { text: 'api' },
    });
    expect(result.codeFlows[0].threadFlows[0].locations.map((l: { location: { message: { text: string } } }) => l.location.message.text)).toEqual([
      'nginx (nginx/nginx.conf)',
      'localhost:3000',
      'nothing listens on 3000 in Compose service `proxy`',
    ]);
    const shifted = { ...PROJECT, 'nginx/nginx.conf': `# a comment added above\n${PROJECT['nginx/nginx.conf']}` };
    const moved = JSON.parse(renderLintSarif(await sample(shifted), SARIF_OPTIONS)).runs[0].results.find(
      (r: { ruleId: string }) => r.ruleId === 'nginx/test-localhost',
    );
    expect(moved.locations[0].physicalLocation.region.startLine).toBe(6);
    expect(moved.partialFingerprints).toEqual(result.partialFingerprints);
    const edited = { ...PROJECT, 'nginx/nginx.conf': PROJECT['nginx/nginx.conf'].replace(':3000', ':3001') };
    const other = JSON.parse(renderLintSarif(await sample(edited), SARIF_OPTIONS)).runs[0].results.find(
      (r: { ruleId: string }) => r.ruleId === 'nginx/test-localhost',
    );
    expect(other.partialFingerprints).not.toEqual(result.partialFingerprints);
  });

  it('an empty run is still valid and lists the rules', async () => {
    const log = JSON.parse(renderLintSarif(await sample({ 'compose.yaml': 'services: {}\n' }), SARIF_OPTIONS));
    expect(validate(log)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].tool.driver.rules.map((r: { id: string }) => r.id)).toContain('input/parse-error');
  });
});

describe('markdown', () => {
  it('renders groups, links rules to docs/rules.md anchors, fences that input text cannot close, escapes prose', async () => {
    const md = renderLintMarkdown(
      await sample({ ...PROJECT, 'nginx/nginx.conf': PROJECT['nginx/nginx.conf'].replace('location / {', 'location / { # ```` <b>x</b>') }),
    );
    expect(md).toContain('**✗ 2 problems** (2 errors) · 3 files read');
    expect(md).toContain('## nginx (nginx/nginx.conf) → localhost:3000 → ✗ nothing listens on 3000 in Compose service \\`proxy\\`');
    expect(md).toContain('[`nginx/test-localhost`](docs/rules.md#nginx-test-localhost) · cause `wrong-host-localhost` · nginx/nginx.conf:5:25');
    expect(md).toContain('`````text\n');
    expect(md).toContain('```diff\n-       proxy_pass http://localhost:3000;\n+       proxy_pass http://api:3000;\n```');
    expect(md).not.toContain('\u001b');
  });
});
