// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written ${VAR} in YAML values.
import { isDeepStrictEqual } from 'node:util';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { SourcePosition } from '../../src/core/position.js';
import { loadYaml, loadYamlWithLibrary } from '../../src/inputs/yaml/load-yaml.js';
import { parseSimpleYaml } from '../../src/inputs/yaml/simple-yaml.js';

/**
 * Compares the fast reader with the yaml library on one text: values, document lines, the position of every value
 * and key (and of missing paths below them), and the library node tree the fast reader builds on demand.
 * `fast` says whether the fast reader took the text; `differences` is empty when they agree.
 */
export function agreement(text: string): { fast: boolean; differences: string[] } {
  const library = loadYamlWithLibrary('f.yaml', text);
  if (!parseSimpleYaml(text)) return { fast: false, differences: [] };
  const fast = loadYaml('f.yaml', text);
  const differences: string[] = [];
  if (library.problems.length > 0) differences.push(`the library reports problems: ${library.problems.map((p) => p.message).join('; ')}`);
  if (fast.docs.length !== library.docs.length) return { fast: true, differences: [...differences, `${fast.docs.length} vs ${library.docs.length} documents`] };
  fast.docs.forEach((f, i) => {
    const l = library.docs[i]!;
    if (!isDeepStrictEqual(f.value, l.value)) differences.push(`doc ${i}: value ${JSON.stringify(f.value)} vs ${JSON.stringify(l.value)}`);
    if (f.startLine !== l.startLine || f.endLine !== l.endLine) differences.push(`doc ${i}: lines ${f.startLine}-${f.endLine} vs ${l.startLine}-${l.endLine}`);
    for (const path of paths(l.value)) {
      for (const extra of [[], ['no-such-key'], [999]] as (string | number)[][]) {
        const at = [...path, ...extra];
        const [a, b] = [range(f.pos(at)), range(l.pos(at))];
        if (a !== b) differences.push(`doc ${i}: pos ${JSON.stringify(at)} ${a} vs ${b}`);
        const [c, d] = [range(f.keyPos(at)), range(l.keyPos(at))];
        if (c !== d) differences.push(`doc ${i}: keyPos ${JSON.stringify(at)} ${c} vs ${d}`);
        if (f.scalarStyle(at) !== l.scalarStyle(at))
          differences.push(`doc ${i}: scalarStyle ${JSON.stringify(at)} ${f.scalarStyle(at)} vs ${l.scalarStyle(at)}`);
      }
    }
    if (!isDeepStrictEqual(f.document.range, l.document.range)) differences.push(`doc ${i}: document range ${f.document.range} vs ${l.document.range}`);
    if (f.document.directives?.docStart !== l.document.directives?.docStart) differences.push(`doc ${i}: document start marker`);
    if (f.document.errors.length + f.document.warnings.length !== l.document.errors.length + l.document.warnings.length) differences.push(`doc ${i}: errors`);
    sameTree(f.document.contents, l.document.contents, `doc ${i} tree`, differences);
  });
  return { fast: true, differences };
}

function range(p: SourcePosition): string {
  return `${p.line}:${p.column}-${p.endLine ?? ''}:${p.endColumn ?? ''}`;
}

function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) paths(value[i], [...prefix, i], out);
  } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) paths(v, [...prefix, k], out);
  return out;
}

function sameTree(a: unknown, b: unknown, where: string, out: string[]): void {
  if (out.length > 20) return;
  if (!a || !b) {
    if (a !== b) out.push(`${where}: ${String(a)} vs ${String(b)}`);
    return;
  }
  type Fields = Node & { tag?: string; type?: string; flow?: boolean; source?: unknown; format?: string; minFractionDigits?: number };
  const [x, y] = [a as Fields, b as Fields];
  if (x.constructor !== y.constructor) return void out.push(`${where}: ${x.constructor.name} vs ${y.constructor.name}`);
  if (!isDeepStrictEqual(x.range, y.range)) out.push(`${where}: range ${x.range} vs ${y.range}`);
  if (x.tag !== y.tag || x.type !== y.type || x.flow !== y.flow) out.push(`${where}: tag, type or style`);
  if (isScalar(x) && isScalar(y)) {
    if (!Object.is(x.value, y.value)) out.push(`${where}: scalar ${String(x.value)} vs ${String(y.value)}`);
    if (x.source !== y.source || x.format !== y.format || x.minFractionDigits !== y.minFractionDigits)
      out.push(
        `${where}: source or format ${JSON.stringify([x.source, x.format, x.minFractionDigits])} vs ${JSON.stringify([y.source, y.format, y.minFractionDigits])}`,
      );
  }
  if ((isMap(x) && isMap(y)) || (isSeq(x) && isSeq(y))) {
    const [xs, ys] = [x.items as unknown[], y.items as unknown[]];
    if (xs.length !== ys.length) return void out.push(`${where}: ${xs.length} vs ${ys.length} items`);
    xs.forEach((item, i) => {
      const other = ys[i];
      if (isPair(item) && isPair(other)) {
        sameTree(item.key, other.key, `${where}.${i}.key`, out);
        sameTree(item.value, other.value, `${where}.${i}.value`, out);
      } else sameTree(item, other, `${where}.${i}`, out);
    });
  }
}

/**
 * Random YAML in the shapes configuration takes, with the edge cases that decide values and positions: scalars
 * that look like numbers, booleans and nulls, escapes, flow collections, block scalars with every chomping, empty
 * values, comments and blank lines at every indentation (before, between and after items, at the end of
 * collections and documents), sequences under keys at the key's indentation, compact nested collections, several
 * documents. A third of the texts also use what the fast reader leaves to the library (tags, anchors, tabs, CR,
 * directives, complex keys, multi-line scalars) or are not valid YAML. Deterministic for a seed.
 */
export function yamlCorpus(seed: number): () => string {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const chance = (p: number) => random() < p;
  let clean = false;
  const words = ['a', 'name', 'port', 'value', 'app.kubernetes.io/name', 'x-y', 'k_8', 'http', 'ÄÖ', 'emoji😀', 'a b', 'a:b', 'a#b', 'C:\\dir'];
  const cleanPlain = ['true', 'False', '~', 'null', 'NULL', '0x1F', '0o17', '012', '0', '-0', '+1', '-1', '1e3', '.5', '1.', '1.0', '1.10', '+.inf', '.NaN']
    .concat(['3000', '08080', '12345678901234567890', '1.27-alpine', 'http://x:80/p?q=1#f', 'a,b', 'a[0]', 'a]', 'x{y}', '-x', '--x', ':x', '?x'])
    .concat(['a b  c', "it's", 'say "hi"', '0.0.0.0:8080', '/path/to', '${VAR:-default}', '100m', '-', '.']);
  const anyPlain = cleanPlain.concat(
    ['yes', 'on', 'nil', '0X1F', '0o8', '1_000', 'x:', 'a: b', 'a:  b', 'a #b', '...', '.x', '@x', '`x', '%x'],
    ['!x', '&x', '*x', '? x', '- x', '|x', '>x', '{{ .Values.x }}'],
  );
  const cleanDouble = [
    '""',
    '"x"',
    '"a b"',
    '"a\\"b"',
    '"a\\\\"',
    '"\\t\\n\\x41\\u00e9\\U0001F600"',
    '"\\/"',
    '"a#b"',
    '"a: b"',
    '"\'"',
    '"\\N\\_\\L\\P\\0\\a\\b\\e\\f\\r\\v\\ "',
  ];
  const anyDouble = cleanDouble.concat(['"\\q"', '"\\x4"', '"\\u12"', '"unterminated', '"multi\n  line"']);
  const cleanSingle = ["''", "'x'", "'it''s'", "'a\"b'", "'a\\n'", "''''", "'a: b'", "'#'"];
  const anySingle = cleanSingle.concat(["'open", "'multi\n  line'"]);
  const plain = () => (chance(0.5) ? pick(words) : pick(clean ? cleanPlain : anyPlain));
  const scalar = () => {
    const r = random();
    return r < 0.6 ? plain() : r < 0.8 ? pick(clean ? cleanDouble : anyDouble) : pick(clean ? cleanSingle : anySingle);
  };
  const space = () => pick(['', ' ', '  ']);
  const flow = (depth: number): string => {
    if (depth > 2 || chance(0.3)) return scalar();
    const n = Math.floor(random() * 4);
    if (chance(0.5)) {
      const items = Array.from({ length: n }, () => flow(depth + 1));
      return `[${space()}${items.join(pick([', ', ',', ' , ']))}${chance(0.1) ? ',' : ''}${space()}]`;
    }
    const items = Array.from({ length: n }, () => `${pick([plain(), scalar(), pick(words)])}${pick([': ', ':  ', ':', ' : '])}${flow(depth + 1)}`);
    return `{${space()}${items.join(pick([', ', ',']))}${chance(0.1) ? ',' : ''}${space()}}`;
  };
  const comment = () => (chance(0.15) ? pick(clean ? [' # c', '  # note: x', ' #'] : [' # c', '  # note: x', ' #', ' #\t tab']) : '');
  const trivia = (indent: number) =>
    chance(0.15)
      ? pick([
          '\n',
          ' \n',
          `${' '.repeat(indent + 2)}\n`,
          `${' '.repeat(Math.max(0, indent - 1))}# comment\n`,
          `${' '.repeat(indent + 3)}# deep comment\n`,
          '#\n',
        ])
      : '';
  const blockScalar = (indent: number): string => {
    const head = pick(clean ? ['|', '|-', '|+', '>', '>-', '>+'] : ['|', '|-', '|+', '>', '>-', '>+', '|2', '| # c', '>\t']);
    const inner = indent + 1 + Math.floor(random() * 3);
    const lines: string[] = [];
    if (chance(0.2)) lines.push(pick(['', ' '.repeat(inner - 1), ' '.repeat(inner + 1)]));
    const n = 1 + Math.floor(random() * 5);
    for (let i = 0; i < n; i++) {
      const r = random();
      if (r < 0.15) lines.push('');
      else if (r < 0.22) lines.push(' '.repeat(inner + 2));
      else if (r < 0.35) lines.push(`${' '.repeat(inner + 2)}more indented`);
      else if (r < 0.38 && !clean) lines.push(`${' '.repeat(inner)}\tTab start`);
      else if (r < 0.41) lines.push(`${' '.repeat(inner)}# not a comment`);
      else lines.push(' '.repeat(inner) + pick(['line', 'server { listen 80; }', 'a: b', '- x', 'key=value', '  x']));
    }
    if (chance(0.3))
      lines.push(...pick([[''], ['', ''], [' '.repeat(inner)], [`${' '.repeat(indent)}# trailing comment`], [`${' '.repeat(indent + 1)}# half comment`]]));
    return `${head}\n${lines.join('\n')}${lines.length > 0 ? '\n' : ''}`;
  };
  const value = (indent: number, depth: number, inSeq: boolean): string => {
    const r = random();
    if (depth > 3 || r < 0.45) return ` ${scalar()}${comment()}\n`;
    if (r < 0.55) return ` ${flow(0)}${comment()}\n`;
    if (r < 0.62) return ` ${blockScalar(indent)}`;
    if (r < 0.68) return `${pick(['', ' ', ' # c'])}\n`;
    if (r < 0.72 && !inSeq) return `${comment()}\n${seq(indent, depth + 1)}`;
    return `${comment()}\n${trivia(indent)}${node(indent + pick([1, 2, 2, 2, 4]), depth + 1)}`;
  };
  const oddKeys = [
    '"q k"',
    "'s k'",
    '"a":',
    '1',
    '1.0',
    'true',
    '~',
    'null',
    '? complex',
    '[a]',
    '-k',
    '"dup"',
    'dup',
    '<<',
    '__proto__',
    'k ',
    '&a k',
    '!t k',
  ];
  const key = () => (clean || chance(0.85) ? pick(words) : chance(0.5) ? pick(oddKeys) : pick(anyPlain));
  const map = (indent: number, depth: number): string => {
    let out = '';
    const used = new Set<string>();
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i++) {
      let k = key();
      if (used.has(k) && chance(0.9)) k = `${k}${i}`;
      used.add(k);
      out += `${i === 0 ? '' : ' '.repeat(indent)}${k}:${value(indent, depth, false)}${trivia(indent)}`;
    }
    return out;
  };
  const seq = (indent: number, depth: number): string => {
    let out = '';
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i++) {
      const r = random();
      out += ' '.repeat(indent);
      if (r < 0.25 && depth < 4) {
        const gap = pick([1, 2, 3]);
        out += `-${' '.repeat(gap)}${map(indent + 1 + gap, depth + 1)}`;
      } else if (r < 0.32 && depth < 4) out += `- ${seq(indent + 2, depth + 1).slice(indent + 2)}`;
      else out += `-${value(indent, depth, true)}`;
      out += trivia(indent);
    }
    return out;
  };
  const node = (indent: number, depth: number): string => {
    const r = random();
    if (r < 0.6) return ' '.repeat(indent) + map(indent, depth);
    if (r < 0.9) return seq(indent, depth);
    return `${' '.repeat(indent)}${chance(0.5) ? scalar() : flow(0)}${comment()}\n`;
  };
  return () => {
    clean = chance(0.7);
    let out = chance(0.2) ? pick(['# head\n', '\n', '# a\n\n']) : '';
    const documents = 1 + Math.floor(random() * 3);
    for (let i = 0; i < documents; i++) {
      if (i > 0 || chance(0.3))
        out += pick(
          clean
            ? ['---\n', '--- \n', '---\n# Source: x\n', '---\n\n']
            : ['---\n', '--- \n', '---\n# Source: x\n', '---  # c\n', '--- a\n', '...\n---\n', '%YAML 1.2\n---\n'],
        );
      out += chance(0.05) ? '' : node(chance(0.05) ? 2 : 0, 0);
      if (chance(0.2)) out += pick(['\n', '# trailing\n', '\n\n# t\n\n', '   # indented trailing\n']);
    }
    if (chance(0.2)) out += pick(['---\n', '---', '']);
    if (chance(0.1)) out = out.replace(/\n$/, '');
    if (!clean && chance(0.1)) out = out.replace('\n', '\r\n');
    if (!clean && chance(0.1)) out = `\t${out}`;
    return out;
  };
}
