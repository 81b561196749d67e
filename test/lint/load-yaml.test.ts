// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation and Compose write ${…} in YAML values.
import { isScalar, type YAMLMap } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadYaml } from '../../src/inputs/yaml/load-yaml.js';
import { lintProject } from '../helpers/lint-project.js';

const wide = `${Array.from({ length: 12 }, (_, i) => `key${i}: value${i}`).join('\n')}\nnested:\n  list:\n    - name: a\n      port: 80\n    - name: b\n      port: 8080\n`;

describe('loadYaml positions', () => {
  it.each([
    ['a key of a small map', 'a: 1\nb: two\n', ['b'], '2:4-2:7'],
    ['a key of a wide (indexed) map, first', wide, ['key0'], '1:7-1:13'],
    ['a key of a wide (indexed) map, last', wide, ['key11'], '12:8-12:15'],
    ['inside a sequence', wide, ['nested', 'list', 1, 'port'], '18:13-18:17'],
    ['a missing key falls back to the closest ancestor', wide, ['nested', 'list', 0, 'missing'], '15:7-17:1'],
    ['a numeric step on a map is a key', '80: http\n', [80], '1:5-1:9'],
  ] as const)('%s', (_name, text, path, expected) => {
    const doc = loadYaml('f.yaml', text).docs[0]!;
    const at = doc.pos(path);
    expect(`${at.line}:${at.column}-${at.endLine}:${at.endColumn}`).toBe(expected);
  });

  it('keyPos cites the key, in small and wide maps', () => {
    const doc = loadYaml('f.yaml', wide).docs[0]!;
    expect(doc.keyPos(['key11'])).toMatchObject({ line: 12, column: 1 });
    expect(doc.keyPos(['nested', 'list', 1, 'port'])).toMatchObject({ line: 18, column: 7 });
    expect(loadYaml('f.yaml', 'a: 1\nb: 2\n').docs[0]!.keyPos(['b'])).toMatchObject({ line: 2, column: 1 });
  });

  it('multi-document files: index, first line (its `---`) and last line of each document', () => {
    const docs = loadYaml('f.yaml', 'a: 1\n---\nb: 2\nc: 3\n---\n# only a comment\n').docs;
    expect(docs.map((d) => [d.index, d.startLine, d.endLine, d.value])).toEqual([
      [0, 1, 1, { a: 1 }],
      [1, 2, 4, { b: 2, c: 3 }],
      [2, 5, 6, null],
    ]);
  });

  it('JSON is read as YAML, with positions', () => {
    const doc = loadYaml('f.json', '{\n  "kind": "Service",\n  "spec": {"ports": [{"port": 80}]}\n}\n').docs[0]!;
    expect(doc.value).toEqual({ kind: 'Service', spec: { ports: [{ port: 80 }] } });
    expect(doc.pos(['spec', 'ports', 0, 'port'])).toMatchObject({ line: 3, column: 31, endColumn: 33 });
  });

  it('duplicate keys are a problem and leave the document without a value; other documents are kept', () => {
    const file = loadYaml('f.yaml', 'a: 1\na: 2\n---\nb: 3\n');
    expect(file.problems.map((p) => `${p.at.line}:${p.at.column} ${p.message}`)).toEqual(['2:1 Map keys must be unique']);
    expect(file.docs.map((d) => d.value)).toEqual([undefined, { b: 3 }]);
  });

  it('an alias bomb is refused, not expanded', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(10)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(', ')}]`,
      );
    const file = loadYaml('bomb.yaml', levels.join('\n'));
    expect(file.docs[0]!.value).toBeUndefined();
    expect(file.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^YAML document not used: .*alias/i)]);
    // A few aliases are fine.
    expect(loadYaml('ok.yaml', 'base: &b {port: 80}\nweb: *b\n').docs[0]!.value).toEqual({ base: { port: 80 }, web: { port: 80 } });
  });

  it('never throws on garbage', () => {
    for (const text of ['\u0000\u0001', '{{ .Values.x }}', 'a: [', ': : :', '- - -\n  - ]', '%YAML 9.9\n---\n']) {
      expect(() => loadYaml('g.yaml', text)).not.toThrow();
    }
  });
});

describe('custom tags (Compose `!reset`/`!override`, CloudFormation, GitLab)', () => {
  it.each([
    ['Compose !reset on a sequence', 'ports: !reset []\n', { ports: [] }, '!reset', 15],
    ['Compose !reset on an empty value', 'environment: !reset\n', { environment: null }, '!reset', 20],
    ['Compose !reset null is null, not the string "null"', 'build: !reset null\n', { build: null }, '!reset', 15],
    ['Compose !override on a sequence', 'ports: !override\n  - "8080:80"\n', { ports: ['8080:80'] }, '!override', 3],
    ['CloudFormation !Ref', 'BucketName: !Ref Name\n', { BucketName: 'Name' }, '!Ref', 18],
    ['CloudFormation !Sub on a quoted string', 'Value: !Sub "${AWS::Region}-x"\n', { Value: '${AWS::Region}-x' }, '!Sub', 13],
    ['GitLab !reference', 'script: !reference [.setup, script]\n', { script: ['.setup', 'script'] }, '!reference', 20],
    ['a tag on a number keeps the number', 'port: !Port 8080\n', { port: 8080 }, '!Port', 13],
  ] as const)('%s: no problem, the tagged value, the tag kept on the node', (_name, text, value, tag, column) => {
    const file = loadYaml('f.yaml', text);
    expect(file.problems).toEqual([]);
    const doc = file.docs[0]!;
    expect(doc.value).toEqual(value);
    const pair = (doc.document.contents as YAMLMap).items[0]!;
    expect((pair.value as { tag?: string }).tag).toBe(tag);
    // Positions cite the value, after its tag.
    expect(doc.pos([Object.keys(value)[0]!])).toMatchObject({ line: text.startsWith('ports: !override') ? 2 : 1, column });
  });

  it('near miss: a core type the value does not fit is still reported', () => {
    const file = loadYaml('f.yaml', 'port: !!int eighty\n');
    expect(file.problems.map((p) => `${p.at.line}:${p.at.column} ${p.message}`)).toEqual(['1:7 Unresolved tag: tag:yaml.org,2002:int']);
  });

  it('near miss: a tagged quoted scalar stays a string', () => {
    const doc = loadYaml('f.yaml', "a: !Custom '12'\n").docs[0]!;
    expect(doc.value).toEqual({ a: '12' });
    expect(isScalar((doc.document.contents as YAMLMap).items[0]!.value)).toBe(true);
  });

  it('a Compose override file with !reset and !override lints without input/parse-error', async () => {
    const { findings } = await lintProject({
      'docker-compose.yml': 'services:\n  api:\n    image: example/api:1\n    ports:\n      - "3000:3000"\n',
      'docker-compose.override.yml': 'services:\n  api:\n    ports: !reset []\n    environment: !override\n      MODE: dev\n',
    });
    expect(findings.filter((f) => f.rule.startsWith('input/'))).toEqual([]);
  });
});
