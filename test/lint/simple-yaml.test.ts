import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadYaml } from '../../src/inputs/yaml/load-yaml.js';
import { parseSimpleYaml, resolvePlain } from '../../src/inputs/yaml/simple-yaml.js';
import { agreement, yamlCorpus } from './yaml-agreement.js';

const deployment = `# Source: chart/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  labels: {app: api, tier: "back"}
spec:
  template:
    spec:
      containers:
      - name: app
        image: registry.example.com/api:1.27
        ports:
          - name: http
            containerPort: 3000
        args: ['--port', "3000"]
      # - name: sidecar
      #   image: envoy
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
data:
  nginx.conf: |
    server {
        listen 80;
    }

  empty:
  folded: >-
    one
    two

    three
`;

describe('fast YAML reader', () => {
  it('reads a Helm-style multi-document file like the library, values and positions', () => {
    expect(agreement(deployment)).toEqual({ fast: true, differences: [] });
    const [workload, configMap] = loadYaml('k8s.yaml', deployment).docs;
    expect(workload!.value).toMatchObject({
      metadata: { labels: { app: 'api', tier: 'back' } },
      spec: { template: { spec: { containers: [{ ports: [{ name: 'http', containerPort: 3000 }], args: ['--port', '3000'] }] } } },
    });
    expect(workload!.pos(['spec', 'template', 'spec', 'containers', 0, 'ports', 0, 'containerPort'])).toEqual({
      file: 'k8s.yaml',
      line: 15,
      column: 28,
      endLine: 15,
      endColumn: 32,
    });
    expect(workload!.keyPos(['metadata', 'labels', 'tier'])).toMatchObject({ line: 6, column: 22, endColumn: 26 });
    expect([workload!.startLine, workload!.endLine, configMap!.startLine, configMap!.endLine]).toEqual([2, 18, 19, 35]);
    expect(configMap!.value).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'api-config' },
      data: { 'nginx.conf': 'server {\n    listen 80;\n}\n', empty: null, folded: 'one two\nthree' },
    });
    expect(['nginx.conf', 'empty', 'folded', 'missing'].map((key) => configMap!.scalarStyle(['data', key]))).toEqual([
      'BLOCK_LITERAL',
      'PLAIN',
      'BLOCK_FOLDED',
      undefined,
    ]);
    expect(workload!.scalarStyle(['spec', 'template', 'spec', 'containers', 0, 'args', 1])).toBe('QUOTE_DOUBLE');
    expect(workload!.scalarStyle(['metadata', 'labels'])).toBeUndefined();
    // The library's node tree, built on demand, sits where the document is in the file.
    const literalStart = deployment.indexOf('|\n    server {');
    const literalEnd = deployment.indexOf('}\n\n  empty:') + 2;
    expect(configMap!.document.getIn(['data', 'nginx.conf'], true)).toMatchObject({ type: 'BLOCK_LITERAL', range: [literalStart, literalEnd, literalEnd] });
  });

  it.each([
    ['an empty text', '', true],
    ['comments only', '# nothing here\n\n', true],
    ['a sequence under a key at the key’s indentation', 'ports:\n- 80\n- name: http\n  port: 8080\n', true],
    ['compact nested sequences', '- - a\n  - b\n- - c\n', true],
    ['numbers, booleans and nulls of the core schema', 'a: 0x1F\nb: 0o17\nc: 012\nd: 1e3\ne: .inf\nf: ~\ng: True\nh: yes\ni: 1.10\n', true],
    ['quoted scalars with escapes', 'a: "tab\\there \\u00e9 \\x41"\nb: \'it\'\'s\'\nc: "a # not a comment"\n', true],
    ['flow collections on one line', 'a: [1, "two", {three: 3}, []]\nb: {x: [y], "k": v,}\n', true],
    ['block scalars with every chomping', 'a: |\n  x\n\nb: |-\n  x\nc: |+\n  x\n\nd: >\n  x\n  y\n\n   z\n', true],
    ['empty values before a `---`, with comments', 'a:\n# c\n\n---\nb: # c\n  # deeper\n\n---\n', true],
    ['commented-out items at the end of a list', 'a:\n  - x\n  # - y\n  #   z\nb: 1\n', true],
    ['a comment deeper than the last value', 'a:\n  b: 1\n     # deeper\nc: 2\n', true],
    ['numeric keys', '80: http\n443: https\n', true],
    ['anchors and aliases: the library', 'a: &x {p: 1}\nb: *x\n', false],
    ['tags: the library', 'ports: !reset []\n', false],
    ['a tab as indentation: the library', 'a:\n\tb: 1\n', false],
    ['CRLF line ends: the library', 'a: 1\r\nb: 2\r\n', false],
    ['a multi-line plain scalar: the library', 'a: one\n  two\n', false],
    ['a multi-line quoted scalar: the library', 'a: "one\n  two"\n', false],
    ['multi-line JSON: the library', '{\n  "a": 1\n}\n', false],
    ['a directive: the library', '%YAML 1.2\n---\na: 1\n', false],
    ['a document end marker: the library', 'a: 1\n...\n', false],
    ['a complex key: the library', '? a\n: 1\n', false],
    ['duplicate keys (an error): the library', 'a: 1\na: 2\n', false],
    ['a map in a value on one line (an error): the library', 'a: b: c\n', false],
    ['a key that is not a string: the library', '1.0: x\n', false],
    ['an unterminated flow sequence (an error): the library', 'a: [1, 2\n', false],
    ['a bad indentation (an error): the library', 'a:\n    b: 1\n  c: 2\n', false],
  ] as const)('%s', (_name, text, fast) => {
    expect(agreement(text)).toEqual({ fast, differences: [] });
  });

  it('agrees with the library on generated texts, and takes most valid ones', () => {
    const next = yamlCorpus(20261121);
    let fast = 0;
    const disagreements: string[] = [];
    for (let i = 0; i < 1500; i++) {
      const text = next();
      const result = agreement(text);
      if (result.fast) fast++;
      if (result.differences.length > 0) disagreements.push(`${JSON.stringify(text)}\n  ${result.differences.slice(0, 3).join('\n  ')}`);
    }
    expect(disagreements.slice(0, 3)).toEqual([]);
    expect(fast).toBeGreaterThan(400);
  });

  it('agrees with the library on every YAML and JSON file of the examples and fixtures', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.(?:ya?ml|json)$/.test(name)) files.push(path);
      }
    };
    walk('examples');
    walk('test/fixtures');
    expect(files.length).toBeGreaterThan(50);
    const disagreements = files.flatMap((f) => agreement(readFileSync(f, 'utf8')).differences.map((d) => `${f}: ${d}`));
    expect(disagreements).toEqual([]);
  });

  it('gives up (never guesses) on what it does not read', () => {
    for (const text of ['a: *x\n', '- !!str 1\n', 'a:\n  - b\n   - c\n', '- a\nb: 1\n', '  a: 1\nb: 2\n', 'a: |2\n  x\n'])
      expect(parseSimpleYaml(text)).toBeUndefined();
  });

  it.each([
    ['', null],
    ['~', null],
    ['NULL', null],
    ['True', true],
    ['FALSE', false],
    ['yes', 'yes'],
    ['0o17', 15],
    ['0x1F', 31],
    ['012', 12],
    ['-0', -0],
    ['+12', 12],
    ['1e3', 1000],
    ['1.', 1],
    ['.5', 0.5],
    ['-.Inf', Number.NEGATIVE_INFINITY],
    ['1.27-alpine', '1.27-alpine'],
    ['0x1G', '0x1G'],
    ['1_000', '1_000'],
  ] as const)('core schema: %j reads as %j', (source, value) => {
    expect(resolvePlain(source)).toBe(value);
  });
});
