import { execFileSync } from 'node:child_process';
import { symlinkSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/diagnosis/lint.js';
import { createConfigInput } from '../../src/inputs/config/create-config-input.js';
import { type ConfigFileSystem, NODE_FILE_SYSTEM } from '../../src/inputs/config/read-config-file.js';
import { lintProject, positionsOf } from '../helpers/lint-project.js';
import { tempProject } from './helpers.js';

const MiB = 1024 * 1024;

function messages(findings: { rule: string; message: string }[], rule: string): string[] {
  return findings.filter((f) => f.rule === rule).map((f) => f.message);
}

describe('bad input gets a finding, never a crash or a hang', () => {
  it('refuses a 100 MB file unread, with a clear message, and analyses the rest', () => {
    const p = tempProject({ 'ok.yaml': 'a: [1\n' });
    try {
      // Sparse: 100 MiB on stat, nothing written, so the test is fast and proves the file is never read.
      truncateSync(p.write('huge.yaml', ''), 100 * MiB);
      const result = lint({ cwd: p.root, paths: ['.'] });
      expect(messages(result.findings, 'input/file-too-large')).toEqual([
        'huge.yaml is 100 MiB, over the 8 MiB limit for one configuration file; it was not read (raise `maxFileSize` in .updoc.yaml if it really is configuration)',
      ]);
      expect(positionsOf(result.findings, 'input/parse-error')).toEqual(['ok.yaml:2:1']);
      expect(result.sources.has('huge.yaml')).toBe(false);
    } finally {
      p.cleanup();
    }
  });

  it('refuses binary and UTF-16 files; tolerates invalid UTF-8', () => {
    const p = tempProject({
      'nginx.conf': new Uint8Array([0x65, 0x76, 0x00, 0x01, 0x02, 0xff, 0x00, 0x10]),
      'compose.yaml': Buffer.from('\ufeffservices: {}\n', 'utf16le').length
        ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('services: {}\n', 'utf16le')])
        : '',
      'app.yaml': new Uint8Array([...Buffer.from('name: caf'), 0xc3, 0x28, 0x0a]),
    });
    try {
      const result = lint({ cwd: p.root, paths: ['.'] });
      expect(messages(result.findings, 'input/unreadable-file')).toEqual([
        'compose.yaml is UTF-16 encoded (save it as UTF-8: nginx, HAProxy, Compose and kubectl read UTF-8); it was not analysed',
        'nginx.conf contains binary data (NUL bytes), not configuration text; it was not analysed',
      ]);
      const app = result.facts.files.find((f) => f.path === 'app.yaml');
      expect(app?.text).toBe('name: caf\ufffd(\n');
      expect(result.findings.filter((f) => f.at.file === 'app.yaml')).toEqual([]);
    } finally {
      p.cleanup();
    }
  });

  it('reports symbolic link loops and dangling links with configuration names', () => {
    const p = tempProject({ 'nginx/nginx.conf': 'events {}\n' });
    try {
      symlinkSync('b.yaml', join(p.root, 'a.yaml'));
      symlinkSync('a.yaml', join(p.root, 'b.yaml'));
      symlinkSync('../sites-available/shop', p.write('nginx/sites-enabled/.keep', '').replace('.keep', 'shop'));
      const result = lint({ cwd: p.root, paths: ['.'] });
      expect(messages(result.findings, 'input/unreadable-file')).toEqual([
        'a.yaml is a symbolic link loop (it resolves back to itself)',
        'b.yaml is a symbolic link loop (it resolves back to itself)',
        'nginx/sites-enabled/shop is a dangling symbolic link (its target ../sites-available/shop does not exist)',
      ]);
      expect(result.facts.files.map((f) => f.path)).toEqual(['nginx/nginx.conf']);
    } finally {
      p.cleanup();
    }
  });

  it('reports unreadable files and directories (permission denied) and reads the rest', () => {
    const p = tempProject({ 'secret/compose.yaml': 'services: {}\n', 'locked/k8s.yaml': 'kind: Service\n', 'ok.yaml': 'kind: Service\n' });
    // Tests run as root too, where chmod 000 does not stop reads: the denial is injected.
    const denied = (path: string) => Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES' });
    const fs: ConfigFileSystem = {
      ...NODE_FILE_SYSTEM,
      readFileSync: (path) => {
        if (path.endsWith('secret/compose.yaml')) throw denied(path);
        return NODE_FILE_SYSTEM.readFileSync(path);
      },
      readdirSync: (path, options) => {
        if (path.endsWith('/locked')) throw denied(path);
        return NODE_FILE_SYSTEM.readdirSync(path, options);
      },
    };
    try {
      const result = lint({ cwd: p.root, paths: ['.'], fs });
      expect(messages(result.findings, 'input/unreadable-file')).toEqual([
        'directory locked cannot be listed: permission denied',
        'secret/compose.yaml cannot be read: permission denied',
      ]);
      expect(result.facts.files.map((f) => f.path)).toEqual(['ok.yaml']);
    } finally {
      p.cleanup();
    }
  });

  it('never blocks on a FIFO: skipped while walking, refused when named', () => {
    const p = tempProject({ 'ok.yaml': 'kind: Service\n' });
    try {
      execFileSync('mkfifo', [join(p.root, 'pipe.yaml')]);
      const walked = lint({ cwd: p.root, paths: ['.'] });
      expect(walked.findings).toEqual([]);
      const named = lint({ cwd: p.root, paths: ['pipe.yaml'] });
      expect(messages(named.findings, 'input/unreadable-file')).toEqual(['pipe.yaml is not a regular file (a FIFO, socket or device); it was not read']);
    } finally {
      p.cleanup();
    }
  });

  it('malformed YAML: input/parse-error with the position; other documents and files are still analysed', async () => {
    const files = {
      'k8s/app.yaml':
        'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n   labels: {}\n',
      'k8s/other.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n',
      'compose.yaml': 'services:\n  api:\n    image: "unterminated\n',
    };
    const { findings, facts } = await lintProject(files);
    // Where the yaml library places it: `name: api` followed by a deeper-indented key reads as a nested mapping.
    expect(positionsOf(findings, 'input/parse-error')).toEqual(['compose.yaml:4:1', 'k8s/app.yaml:9:9']);
    expect(findings.find((f) => f.at.file === 'k8s/app.yaml')?.message).toBe('YAML syntax error: Nested mappings are not allowed in compact mappings');
    expect(facts.files.map((f) => f.path)).toEqual(['compose.yaml', 'k8s/app.yaml', 'k8s/other.yaml']);
    // The first document of the broken file is still usable by parsers.
    const input = createConfigInput({ files: facts.files, problems: [], cwd: '/', maxFileBytes: MiB, fs: NODE_FILE_SYSTEM });
    const docs = input.yaml(facts.files[1]!).docs;
    expect(docs.map((d) => (d.value as { kind?: string } | undefined)?.kind)).toEqual(['Service', undefined]);
  });

  it('an nginx include the project does not contain is an unreadable file (warning), not a syntax error; a syntax error still is', async () => {
    const { findings } = await lintProject({
      'nginx/site.conf': 'server {\n  listen 80;\n  location / {\n    include snippets/proxy.conf;\n    proxy_pass http://app:80;\n  }\n}\n',
      'nginx/broken.conf': 'server {\n  listen 81;\n  location / {\n    proxy_pass http://app:80\n  }\n}\n',
    });
    const missing = findings.filter((f) => f.message.includes('snippets/proxy.conf'));
    expect(missing.map((f) => [f.rule, f.severity, `${f.at.file}:${f.at.line}`])).toEqual([['input/unreadable-file', 'warning', 'nginx/site.conf:4']]);
    expect(positionsOf(findings, 'input/parse-error').map((p) => p.split(':').slice(0, 2).join(':'))).toEqual(['nginx/broken.conf:4']);
  });

  /** A Deployment and a LimitRange of namespace `shop` whose memory limits are both written `memory`. */
  const memoryLimits = (memory: string) => ({
    'k8s/app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:3
          resources:
            limits:
              memory: ${memory}
---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec:
  limits:
    - type: Container
      default:
        memory: ${memory}
`,
  });

  it.each([
    ['a list', '[1Gi]', '`["1Gi"]`'],
    ['a map', '{value: 1Gi}', '`{"value":"1Gi"}`'],
    ['words', '"1 GB"', '`1 GB`'],
    ['a boolean', 'true', '`true`'],
  ])('a memory limit that is %s is an input problem at its line (container and LimitRange default); the rest is still read', async (_label, memory, shown) => {
    const { findings, facts } = await lintProject(memoryLimits(memory));
    const problems = findings.filter((f) => f.rule === 'input/parse-error');
    expect(problems.map((f) => `${f.at.file}:${f.at.line}`)).toEqual(['k8s/app.yaml:14', 'k8s/app.yaml:23']);
    expect(problems[0]?.message).toBe(
      `Deployment \`api\` (namespace \`shop\`), container \`api\`: the memory limit ${shown} is not a memory quantity (such as \`512Mi\` or \`1Gi\`); Kubernetes refuses it, and the memory rules skip the container`,
    );
    expect(problems[1]?.message).toContain(`LimitRange \`defaults\` (namespace \`shop\`): the default memory limit ${shown} is not a memory quantity`);
    expect(facts.kubernetes?.workloads.map((w) => w.object.name)).toEqual(['api']);
  });

  // 0 is a quantity Kubernetes accepts (no limit: the runtime sets none), `+` a sign it reads, `500m` a fraction of a byte.
  it.each(['512Mi', '1G', '805306368', '1.5Gi', '1e9', '0', '"0"', '0Mi', '+1Gi', '500m'])(
    'near miss: a memory limit of %s is a quantity, not a problem',
    async (memory) => {
      const { findings } = await lintProject(memoryLimits(memory));
      expect(findings.filter((f) => f.rule === 'input/parse-error')).toEqual([]);
    },
  );

  it('an alias bomb is refused quickly with a parse-error, not expanded', async () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const started = Date.now();
    const { findings } = await lintProject({ 'bomb.yaml': `${levels.join('\n')}\n` });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(messages(findings, 'input/parse-error')).toEqual([expect.stringMatching(/^YAML document not used: .*alias/i)]);
  });
});
