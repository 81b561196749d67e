import { describe, expect, it } from 'vitest';
import { applySuppressions } from '../../src/diagnosis/lint.js';
import { createConfigInput } from '../../src/inputs/config/create-config-input.js';
import { NODE_FILE_SYSTEM } from '../../src/inputs/config/read-config-file.js';
import { scanSuppressionComments } from '../../src/inputs/config/suppression-comments.js';
import { defaultUpdocConfig } from '../../src/inputs/config/updoc-config.js';
import { inputRules } from '../../src/rules/input/index.js';
import { lintProject, positionsOf } from '../helpers/lint-project.js';
import { markerRule, secondMarkerRule } from './helpers.js';

const RULES = [...inputRules, markerRule, secondMarkerRule];
const NGINX = 'nginx/test-marker';
const COMPOSE = 'compose/test-marker';

describe('inline # updoc-ignore comments', () => {
  it.each([
    ['nginx, trailing comment', 'site.conf', 'location / {\n    proxy_pass http://MARK:3000;  # updoc-ignore nginx/test-marker\n}\n', [], ['site.conf:2:23']],
    ['nginx, comment on the line above', 'site.conf', '# updoc-ignore nginx/test-marker\nproxy_pass http://MARK;\n', [], ['site.conf:2:19']],
    [
      'YAML, line above with a reason',
      'compose.yaml',
      'services:\n  # updoc-ignore nginx/test-marker -- started by hand\n  MARK: {}\n',
      [],
      ['compose.yaml:3:3'],
    ],
    ['YAML, two rules separated by a comma', 'compose.yaml', 'MARK: 1 # updoc-ignore nginx/test-marker, compose/test-marker\n', [], []],
    ['a domain wildcard', 'haproxy.cfg', 'backend be\n    server s1 MARK:80  # updoc-ignore nginx/*\n', [], ['haproxy.cfg:2:15']],
    ['no rule ids: every rule', 'application.properties', '# updoc-ignore\nserver.address=MARK\n', [], []],
    [
      'a comment block above skips blank and comment lines',
      'Caddyfile',
      '# updoc-ignore nginx/test-marker\n# legacy upstream\n\nreverse_proxy MARK:80\n',
      [],
      ['Caddyfile:4:15'],
    ],
    [
      'a near miss: the comment covers only the next line',
      'site.conf',
      '# updoc-ignore nginx/test-marker\nproxy_pass http://MARK;\nproxy_pass http://MARK;\n',
      ['site.conf:3:19'],
      ['site.conf:2:19', 'site.conf:3:19'],
    ],
    ['a near miss: another rule id', 'site.conf', 'proxy_pass http://MARK; # updoc-ignore nginx/other-rule\n', ['site.conf:1:19'], ['site.conf:1:19']],
    ['a near miss: not a comment', 'site.conf', 'set $note "updoc-ignore nginx/test-marker"; MARK\n', ['site.conf:1:45'], ['site.conf:1:45']],
    ['file-wide', 'site.conf', '# updoc-ignore-file nginx/test-marker\nMARK\n\nMARK\n', [], ['site.conf:2:1', 'site.conf:4:1']],
    ['Terraform // comments', 'alb.tf', 'idle_timeout = MARK // updoc-ignore nginx/test-marker\n', [], ['alb.tf:1:16']],
  ])('%s', async (_name, file, text, keptNginx, keptCompose) => {
    const { findings, result } = await lintProject({ [file]: text }, { rules: RULES });
    expect(positionsOf(findings, NGINX)).toEqual(keptNginx);
    expect(positionsOf(findings, COMPOSE)).toEqual(keptCompose);
    const suppressedNginx = result.suppressed.filter((s) => s.finding.rule === NGINX);
    expect(suppressedNginx.every((s) => s.by === 'comment')).toBe(true);
  });

  it('suppresses a parse error on the line below (real rule, real parser)', async () => {
    const broken = 'services:\n  api:\n    image: api\n  # updoc-ignore input/parse-error\n   ports: []\n';
    expect(positionsOf((await lintProject({ 'compose.yaml': broken })).findings, 'input/parse-error')).toEqual([]);
    const unsuppressed = broken.replace('  # updoc-ignore input/parse-error\n', '');
    expect(positionsOf((await lintProject({ 'compose.yaml': unsuppressed })).findings, 'input/parse-error')).toEqual(['compose.yaml:4:1']);
  });

  it('scanning is skipped entirely for files without the marker', () => {
    expect(scanSuppressionComments('server { listen 80; }\n')).toBeUndefined();
    expect(scanSuppressionComments('a: 1 # updoc-ignore-file\n')).toEqual({ file: ['*'], lines: new Map() });
    expect(scanSuppressionComments('x\n# updoc-ignore a/b\n\ny\n')?.lines).toEqual(
      new Map([
        [2, ['a/b']],
        [4, ['a/b']],
      ]),
    );
  });
});

describe('.updoc.yaml', () => {
  const files = {
    'nginx/site.conf': 'MARK\n',
    'vendor-charts/shop/svc.yaml': 'MARK: 1\n',
    'k8s/svc.yaml': 'MARK: 1\n',
  };

  it('disable: rules that never run', async () => {
    const { findings } = await lintProject({ ...files, '.updoc.yaml': 'disable: [nginx/test-marker]\n' }, { rules: RULES });
    expect(positionsOf(findings, NGINX)).toEqual([]);
    expect(positionsOf(findings, COMPOSE)).toHaveLength(3);
  });

  it('ignore: a rule in some paths, all rules in others', async () => {
    const config = [
      'ignore:',
      '  - path: vendor-charts/        # vendored, not ours',
      '  - rule: nginx/test-marker',
      '    path: "k8s/*.yaml"',
      '    reason: reviewed',
      '',
    ].join('\n');
    const { findings, result } = await lintProject({ ...files, '.updoc.yaml': config }, { rules: RULES });
    expect(positionsOf(findings, NGINX)).toEqual(['nginx/site.conf:1:1']);
    expect(positionsOf(findings, COMPOSE)).toEqual(['k8s/svc.yaml:1:1', 'nginx/site.conf:1:1']);
    expect(result.suppressed.map((s) => `${s.by} ${s.finding.rule} ${s.finding.at.file}`)).toEqual([
      'config nginx/test-marker k8s/svc.yaml',
      'config compose/test-marker vendor-charts/shop/svc.yaml',
      'config nginx/test-marker vendor-charts/shop/svc.yaml',
    ]);
  });

  it('exclude: paths not read at all; maxFileSize', async () => {
    const { facts, findings } = await lintProject(
      { ...files, 'big.yaml': `a: "${'x'.repeat(3000)}"\n`, '.updoc.yaml': 'exclude: [vendor-charts]\nmaxFileSize: 2KiB\n' },
      { rules: RULES },
    );
    expect(facts.files.map((f) => f.path)).toEqual(['k8s/svc.yaml', 'nginx/site.conf']);
    expect(findings.filter((f) => f.rule === 'input/file-too-large').map((f) => f.message)).toEqual([
      expect.stringMatching(/^big\.yaml is 2\.9 KiB, over the 2 KiB limit/),
    ]);
  });

  it('--config names another file; malformed or unknown settings are usage errors with a position', async () => {
    const explicit = await lintProject({ ...files, 'ci/updoc.yaml': 'disable: ["nginx/*"]\n' }, { rules: RULES, configFile: 'ci/updoc.yaml' });
    expect(positionsOf(explicit.findings, NGINX)).toEqual([]);
    await expect(lintProject({ '.updoc.yaml': 'ignores: []\n' }, { rules: RULES })).rejects.toThrow(
      '.updoc.yaml:1:1: unknown key `ignores` (known: disable, ignore, exclude, maxFileSize)',
    );
    await expect(lintProject({ '.updoc.yaml': 'disable:\n  - nginx/test-markr\n' }, { rules: RULES })).rejects.toThrow(
      '.updoc.yaml:2:5: unknown rule `nginx/test-markr`',
    );
    await expect(lintProject({ '.updoc.yaml': 'maxFileSize: lots\n' }, { rules: RULES })).rejects.toThrow(/expected a size/);
    await expect(lintProject({ '.updoc.yaml': 'disable: [\n' }, { rules: RULES })).rejects.toThrow(/^\.updoc\.yaml:2:1: /);
    await expect(lintProject({}, { rules: RULES, configFile: 'missing.yaml' })).rejects.toThrow('missing.yaml does not exist');
  });
});

describe('the Kubernetes annotation (a line range declared by the parser through input.suppress)', () => {
  const finding = (line: number, rule = NGINX) => ({
    rule,
    cause: 'config-error' as const,
    severity: 'warning' as const,
    message: 'm',
    at: { file: 'k8s/svc.yaml', line, column: 1 },
  });
  const context = {
    config: defaultUpdocConfig('/project'),
    cwd: '/project',
    files: [],
    sources: new Map<string, string>(),
    ranges: [
      { file: 'k8s/svc.yaml', fromLine: 5, toLine: 12, rules: [NGINX] },
      { file: 'k8s/svc.yaml', fromLine: 20, toLine: 30, rules: [] },
    ],
  };

  it('suppresses the listed rules inside the object, every rule when none is listed, nothing outside', () => {
    const { kept, suppressed } = applySuppressions([finding(4), finding(5), finding(12), finding(13), finding(8, COMPOSE), finding(25, COMPOSE)], context);
    expect(kept.map((f) => `${f.rule}@${f.at.line}`)).toEqual([`${NGINX}@4`, `${NGINX}@13`, `${COMPOSE}@8`]);
    expect(suppressed.map((s) => `${s.by} ${s.finding.rule}@${s.finding.at.line}`)).toEqual([
      `annotation ${NGINX}@5`,
      `annotation ${NGINX}@12`,
      `annotation ${COMPOSE}@25`,
    ]);
  });

  it('createConfigInput records the ranges the parser declares', () => {
    const input = createConfigInput({ files: [], problems: [], cwd: '/', maxFileBytes: 1024, fs: NODE_FILE_SYSTEM });
    input.suppress('k8s/svc.yaml', 3, 9, ['kubernetes/*']);
    expect(input.rangeSuppressions).toEqual([{ file: 'k8s/svc.yaml', fromLine: 3, toLine: 9, rules: ['kubernetes/*'] }]);
  });
});

describe('the Kubernetes annotation, end to end through the Kubernetes parser', () => {
  it('suppresses inside the annotated object only', async () => {
    const manifest = [
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: api',
      '  annotations:',
      '    updoc.dev/ignore: nginx/test-marker',
      'spec:',
      '  selector: {app: MARK}',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata:',
      '  name: web',
      'spec:',
      '  selector: {app: MARK}',
      '',
    ].join('\n');
    const { findings, result } = await lintProject({ 'k8s/services.yaml': manifest }, { rules: RULES });
    expect(positionsOf(findings, NGINX)).toEqual(['k8s/services.yaml:15:19']);
    expect(positionsOf(findings, COMPOSE)).toEqual(['k8s/services.yaml:8:19', 'k8s/services.yaml:15:19']);
    expect(result.suppressed.map((s) => `${s.by} ${s.finding.rule}@${s.finding.at.line}`)).toEqual([`annotation ${NGINX}@8`]);
  });
});
