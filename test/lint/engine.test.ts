import { describe, expect, it } from 'vitest';
import { defineRule } from '../../src/core/define-rule.js';
import { LintUsageError, lint } from '../../src/diagnosis/lint.js';
import { inputRules } from '../../src/rules/input/index.js';
import { lintProject, positionsOf } from '../helpers/lint-project.js';
import { markerRule, secondMarkerRule, tempProject } from './helpers.js';

const RULES = [...inputRules, markerRule, secondMarkerRule];

describe('lint engine', () => {
  it('sorts findings by file, line, column and rule', async () => {
    const { findings } = await lintProject({ 'b.conf': 'x\n  MARK\n', 'a.conf': 'MARK MARK\nMARK\n' }, { rules: RULES });
    expect(findings.map((f) => `${f.at.file}:${f.at.line}:${f.at.column}:${f.rule}`)).toEqual([
      'a.conf:1:1:compose/test-marker',
      'a.conf:1:1:nginx/test-marker',
      'a.conf:2:1:compose/test-marker',
      'a.conf:2:1:nginx/test-marker',
      'b.conf:2:3:compose/test-marker',
      'b.conf:2:3:nginx/test-marker',
    ]);
    expect(findings.find((f) => f.rule === 'compose/test-marker')?.severity).toBe('info');
  });

  it('turns a throwing rule into an internal-error finding and still runs the others', async () => {
    const crashing = defineRule({
      ...markerRule,
      id: 'haproxy/test-crash',
      domain: 'haproxy',
      check: () => {
        throw new Error('boom');
      },
    });
    const { findings, result } = await lintProject({ 'a.conf': 'MARK\n' }, { rules: [crashing, markerRule] });
    expect(findings.map((f) => f.rule)).toEqual(['input/internal-error', 'nginx/test-marker']);
    expect(findings[0]!.message).toContain('rule haproxy/test-crash failed (boom)');
    expect(result.rules.map((r) => r.id)).toContain('input/internal-error');
  });

  it('--rule keeps input rules, --disable removes them', async () => {
    const files = { 'a.conf': 'MARK\n', 'bad.yaml': 'a: [1\n' };
    const only = await lintProject(files, { rules: RULES, only: ['compose/*'] });
    expect(only.findings.map((f) => f.rule).sort()).toEqual(['compose/test-marker', 'input/parse-error']);
    const disabled = await lintProject(files, { rules: RULES, disable: ['input/parse-error', 'compose/test-marker'] });
    expect(disabled.findings.map((f) => f.rule)).toEqual(['nginx/test-marker']);
  });

  it('rejects unknown rule ids in --rule and --disable', async () => {
    await expect(lintProject({}, { rules: RULES, only: ['nginx/no-such-rule'] })).rejects.toThrow(LintUsageError);
    await expect(lintProject({}, { rules: RULES, disable: ['nope/*'] })).rejects.toThrow(/unknown rule "nope\/\*"/);
  });

  it('a missing path is a usage error; display paths are relative to the working directory', () => {
    const project = tempProject({ 'deploy/a.conf': 'MARK\n' });
    try {
      expect(() => lint({ cwd: project.root, paths: ['nope'], rules: RULES })).toThrow(/nope: no such file or directory/);
      const result = lint({ cwd: `${project.root}/deploy`, paths: ['.'], rules: RULES });
      expect(positionsOf(result.findings, 'nginx/test-marker')).toEqual(['a.conf:1:1']);
      const outside = lint({ cwd: `${project.root}/deploy`, paths: [project.root], rules: RULES });
      expect(positionsOf(outside.findings, 'nginx/test-marker')).toEqual(['a.conf:1:1']);
    } finally {
      project.cleanup();
    }
  });

  it('a path reported as the steps of a followed path is narrated from the proxy', async () => {
    const pathRule = defineRule({
      ...markerRule,
      id: 'haproxy/test-path',
      domain: 'haproxy',
      check(ctx) {
        for (const p of ctx.facts.topology.paths) ctx.report({ message: `path to ${p.target.text}`, at: p.target.at, path: p.steps });
        ctx.report({ message: 'a path of its own', at: { file: 'nginx.conf', line: 1, column: 1 }, path: [{ kind: 'target', status: 'broken', text: 'x:1' }] });
      },
    });
    const { findings } = await lintProject(
      { 'nginx.conf': 'events {}\nhttp { server { location / { proxy_pass http://127.0.0.1:3000; } } }\n' },
      { rules: [pathRule] },
    );
    const followed = findings.find((f) => f.message.startsWith('path to'))!;
    expect(followed.path!.map((s) => `${s.kind}:${s.status}`)).toEqual(['proxy:resolved', 'target:unknown', 'listen:unknown']);
    expect(followed.path![0]!.text).toMatch(/^nginx \(nginx\.conf\)/);
    expect(findings.find((f) => f.message === 'a path of its own')!.path).toEqual([{ kind: 'target', status: 'broken', text: 'x:1' }]);
  });

  it('lints with no configuration files found: nothing to report', async () => {
    const { findings, facts, result } = await lintProject({ 'README.md': '# hi\n', 'src/main.go': 'package main\n' });
    expect(findings).toEqual([]);
    expect(facts.files).toEqual([]);
    expect(result.notes).toEqual(['no configuration files found in . (nginx, HAProxy, Compose, Kubernetes YAML …)']);
  });
});
