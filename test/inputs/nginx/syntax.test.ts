// biome-ignore-all lint/suspicious/noTemplateCurlyInString: nginx and HAProxy configs write ${var} literally
import { describe, expect, it } from 'vitest';
import { type NginxDirective, parseNginxText } from '../../../src/inputs/nginx/syntax.js';

const parse = (text: string) => parseNginxText('nginx.conf', text);

/** `name arg1 arg2 @line:column` per directive, nested blocks indented: compact to compare. */
function outline(list: readonly NginxDirective[], depth = 0): string[] {
  return list.flatMap((d) => [
    `${'  '.repeat(depth)}${[d.name, ...d.args.map((a) => a.value)].join(' ')} @${d.at.line}:${d.at.column}`,
    ...(d.block ? outline(d.block, depth + 1) : []),
  ]);
}

describe('nginx syntax: positions', () => {
  it('keeps line and column of every directive and argument (1-based, end exclusive)', () => {
    const text = ['http {', '    upstream api {', '        server api:3000 max_fails=2;', '    }', '\tserver { listen 80; }', '}', ''].join('\n');
    const { directives, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(outline(directives)).toEqual(['http @1:1', '  upstream api @2:5', '    server api:3000 max_fails=2 @3:9', '  server @5:2', '    listen 80 @5:11']);
    const server = directives[0].block![0].block![0];
    expect(server.args[0].at).toEqual({ file: 'nginx.conf', line: 3, column: 16, endLine: 3, endColumn: 24 });
    expect(server.args[1].at).toEqual({ file: 'nginx.conf', line: 3, column: 25, endLine: 3, endColumn: 36 });
    // The directive range runs from its name to the `;`.
    expect(server.at).toEqual({ file: 'nginx.conf', line: 3, column: 9, endLine: 3, endColumn: 37 });
    expect(directives[0].blockEnd).toEqual({ file: 'nginx.conf', line: 6, column: 1 });
  });

  it('covers quotes in the argument range and unquotes the value', () => {
    const { directives } = parse(`add_header X-A "a b;c" always;\nreturn 200 'it''s';\n`);
    const [name, value] = directives[0].args;
    expect(name.value).toBe('X-A');
    expect(value).toMatchObject({ value: 'a b;c', raw: '"a b;c"', quote: '"' });
    expect(value.at).toMatchObject({ line: 1, column: 16, endColumn: 23 });
    // 'it''s' is two quoted words in nginx: the second quote run starts a new word right after.
    expect(directives[1].args.map((a) => a.value)).toEqual(['200', 'it', 's']);
  });

  it('reads a multi-line quoted value and positions what follows on the right line', () => {
    const { directives, problems } = parse(`log_format main "$remote_addr\n  $status";\nresolver 1.1.1.1;\n`);
    expect(problems).toEqual([]);
    expect(directives[0].args[1]).toMatchObject({ value: '$remote_addr\n  $status', at: { line: 1, column: 17, endLine: 2, endColumn: 11 } });
    expect(directives[1].at).toMatchObject({ line: 3, column: 1 });
  });

  it('applies nginx escapes and keeps other backslashes (regexes)', () => {
    const { directives } = parse(`location ~ \\.php$ { return 200 "a\\"b\\tc\\\\d\\.e"; }`);
    expect(directives[0].args[1].value).toBe('\\.php$');
    expect(directives[0].block![0].args[1].value).toBe('a"b\tc\\d\\.e');
  });
});

describe('nginx syntax: the tokenizer rules of ngx_conf_read_token', () => {
  it.each([
    ['# only at the start of a word starts a comment', 'return 200 a#b; # comment ; {', [['return', '200', 'a#b']]],
    [
      '${var} does not open a block',
      'set $x "1"; return 200 ${x}y;',
      [
        ['set', '$x', '1'],
        ['return', '200', '${x}y'],
      ],
    ],
    ['} inside a word is literal', 'return 200 a}b;', [['return', '200', 'a}b']]],
    ['a word ends at ; and {', 'return 200 ok;events{}', [['return', '200', 'ok'], ['events']]],
    ['CRLF line endings', 'worker_processes 2;\r\nevents {\r\n}\r\n', [['worker_processes', '2'], ['events']]],
    ['tabs and form feeds are blanks', 'worker_processes\t\f2;', [['worker_processes', '2']]],
  ])('%s', (_name, text, expected) => {
    const { directives, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(directives.map((d) => [d.name, ...d.args.map((a) => a.value)])).toEqual(expected);
  });

  it('skips *_by_lua_block bodies: braces in strings, long strings and comments do not count', () => {
    const text = [
      'location /lua {',
      '  content_by_lua_block {',
      '    local s = "}" .. \'{\' -- } not the end',
      '    local t = [==[ } ]==] --[[ { ]]',
      '    if x then ngx.say("{") end',
      '  }',
      '  proxy_pass http://api:3000;',
      '}',
    ].join('\n');
    const { directives, problems } = parse(text);
    expect(problems).toEqual([]);
    expect(outline(directives)).toEqual(['location /lua @1:1', '  content_by_lua_block @2:3', '  proxy_pass http://api:3000 @7:3']);
    expect(directives[0].block![0].blockEnd).toMatchObject({ line: 6, column: 3 });
  });
});

describe('nginx syntax: malformed input is reported and the rest still read', () => {
  it.each([
    {
      name: 'missing ";" before "}"',
      text: 'server {\n  listen 80\n}\nupstream b { server x:1; }\n',
      problems: ['2:10 missing ";" after "listen"'],
      outline: ['server @1:1', '  listen 80 @2:3', 'upstream b @4:1', '  server x:1 @4:14'],
    },
    {
      name: 'stray "}"',
      text: 'events {}\n}\nhttp {}\n',
      problems: ['2:1 unexpected "}"'],
      outline: ['events @1:1', 'http @3:1'],
    },
    {
      name: 'unclosed block at the end of the file',
      text: 'http {\n  server {\n    listen 80;\n',
      problems: ['2:10 unexpected end of file, expecting "}" to close this block', '1:6 unexpected end of file, expecting "}" to close this block'],
      outline: ['http @1:1', '  server @2:3', '    listen 80 @3:5'],
    },
    {
      name: 'last directive without ";"',
      text: 'worker_processes 1',
      problems: ['1:18 unexpected end of file, expecting ";" after "worker_processes"'],
      outline: ['worker_processes 1 @1:1'],
    },
    {
      name: 'text right after a closing quote',
      text: 'return 200 "a"b;\nlisten 80;\n',
      problems: ['1:15 unexpected "b" after a quoted string (a space, ";" or "{" must follow)'],
      outline: ['return 200 a b @1:1', 'listen 80 @2:1'],
    },
    {
      name: 'empty statement and nameless block',
      text: ';\n{ listen 1; }\nevents {}\n',
      problems: ['1:1 unexpected ";"', '2:1 unexpected "{" (block without a directive name)'],
      outline: ['events @3:1'],
    },
  ])('$name', ({ text, problems: expected, outline: expectedOutline }) => {
    const { directives, problems } = parse(text);
    expect(problems.map((p) => `${p.at.line}:${p.at.column} ${p.message}`)).toEqual(expected);
    expect(outline(directives)).toEqual(expectedOutline);
  });

  it('recovers after an unterminated quote: the next lines are still directives', () => {
    const { directives, problems } = parse('add_header X "oops;\nresolver 8.8.8.8;\nevents {}\n');
    expect(problems[0]).toMatchObject({ at: { line: 1, column: 14 }, message: 'unterminated double-quoted string' });
    expect(directives.map((d) => d.name)).toContain('events');
  });

  it('reports an unterminated Lua block at its opening brace', () => {
    const { problems } = parse('content_by_lua_block {\n  ngx.say("hi")\n');
    expect(problems.map((p) => `${p.at.line}:${p.at.column} ${p.message}`)).toEqual(['1:22 unexpected end of file inside a Lua block, expecting "}"']);
  });
});

describe('nginx structure problems', () => {
  it('reports a pass without address', async () => {
    const { projectInput } = await import('./helpers.js');
    const { parseNginxConfigs } = await import('../../../src/inputs/nginx/index.js');
    const project = projectInput({ 'nginx.conf': 'events {}\nhttp { server { location / { proxy_pass; } } }\n' });
    try {
      parseNginxConfigs(project.input);
      expect(project.problems.map((p) => `${p.at.line}:${p.at.column} ${p.message}`)).toEqual([
        '2:30 invalid number of arguments in "proxy_pass": an address is needed',
      ]);
    } finally {
      project.cleanup();
    }
  });
});
