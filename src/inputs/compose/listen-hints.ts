import type { SourcePosition } from '../../core/position.js';
import type { ComposeCommand, ComposeEnvVar, ListenHint } from './model.js';
import { isLoopbackHost } from '../../core/loopback.js';

const OPERATORS = new Set(['&&', '||', ';', '|', '&']);

/** Splits a command line as a POSIX shell would (quotes, backslashes, `&&`/`;` as separate words). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close === -1 ? text.length : close;
      current += text.slice(i + 1, end);
      inWord = true;
      i = end;
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) i++;
        current += text[i];
        i++;
      }
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else if (c === ';' || c === '&' || c === '|') {
      if (inWord) words.push(current);
      const two = text.slice(i, i + 2);
      const op = two === '&&' || two === '||' ? two : c;
      words.push(op);
      i += op.length - 1;
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (inWord) words.push(current);
  return words;
}

/** The simple commands a command line runs: `sh -c "a && b"` opened, `&&`/`;` chains split, wrappers kept. */
export function simpleCommands(words: readonly string[], depth = 0): string[][] {
  const out: string[][] = [];
  let segment: string[] = [];
  const flush = () => {
    if (segment.length > 0) out.push(segment);
    segment = [];
  };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (OPERATORS.has(w)) {
      flush();
      continue;
    }
    const program = basename(w);
    if (segment.every(isWrapper) && /^(?:ba|a|da|z)?sh$/.test(program) && /^-[a-z]*c[a-z]*$/.test(words[i + 1] ?? '') && depth < 4) {
      flush();
      out.push(...simpleCommands(shellWords(words[i + 2] ?? ''), depth + 1));
      i += 2;
      continue;
    }
    segment.push(w);
  }
  flush();
  return out;
}

function isWrapper(word: string): boolean {
  return word === 'exec' || /^[A-Za-z_][A-Za-z0-9_]*=/.test(word);
}

function basename(word: string): string {
  return word.slice(word.lastIndexOf('/') + 1);
}

/** `127.0.0.1:8000`, `:8000`, `0.0.0.0`, `[::1]:80`, `8000`, `http://localhost:5000` → address and port. */
export function splitAddress(text: string): { address?: string; port?: number } | undefined {
  let t = text.trim();
  if (t === '' || t.startsWith('unix:') || t.startsWith('fd://')) return undefined;
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^/]*)/i.exec(t);
  if (url) t = url[1]!;
  if (/^\d{1,5}$/.test(t)) return { port: Number(t) };
  let address: string;
  let portText: string | undefined;
  if (t.startsWith('[')) {
    const close = t.indexOf(']');
    address = t.slice(1, close === -1 ? undefined : close);
    if (close !== -1 && t[close + 1] === ':') portText = t.slice(close + 2);
  } else if ((t.match(/:/g) ?? []).length === 1) {
    [address, portText] = t.split(':') as [string, string];
  } else address = t;
  const out: { address?: string; port?: number } = {};
  // ASP.NET `http://+:80` and `http://*:80` mean every interface.
  if (address !== '' && address !== '+' && address !== '*') out.address = address;
  else if (address === '+' || address === '*') out.address = '0.0.0.0';
  if (portText && /^\d{1,5}$/.test(portText)) out.port = Number(portText);
  return out;
}

interface FlagSpec {
  names: readonly string[];
  kind: 'address' | 'port' | 'address-port';
}

const GENERIC_FLAGS: readonly FlagSpec[] = [
  { names: ['--host', '--bind', '--listen', '--address', '--addr', '--bind-address', '--http-address', '--server.address'], kind: 'address-port' },
  { names: ['--port', '--http-port', '--server.port', '-Dserver.port'], kind: 'port' },
];

/** Tools whose short flags and defaults are known. Defaults matter: `flask run` listens on 127.0.0.1 unless told. */
interface ToolSpec {
  name: string;
  matches(words: readonly string[]): boolean;
  flags: readonly FlagSpec[];
  /** Where the tool listens when no flag or environment variable says otherwise. */
  defaultAddress?: string;
  defaultPort?: number;
  hostEnv?: readonly string[];
  portEnv?: readonly string[];
  /** Positional `[addr:]port` argument after this word (Django `runserver`). */
  positionalAfter?: string;
}

const has = (words: readonly string[], name: string) => words.some((w) => basename(w) === name);
const follows = (words: readonly string[], first: string, then: string) => {
  const i = words.findIndex((w) => basename(w) === first);
  return i !== -1 && words.slice(i + 1).includes(then);
};

const TOOLS: readonly ToolSpec[] = [
  {
    name: 'flask run',
    matches: (w) => follows(w, 'flask', 'run'),
    flags: [
      { names: ['-h', '--host'], kind: 'address' },
      { names: ['-p', '--port'], kind: 'port' },
    ],
    defaultAddress: '127.0.0.1',
    defaultPort: 5000,
    hostEnv: ['FLASK_RUN_HOST'],
    portEnv: ['FLASK_RUN_PORT'],
  },
  {
    name: 'uvicorn',
    matches: (w) => has(w, 'uvicorn'),
    flags: [
      { names: ['--host'], kind: 'address' },
      { names: ['--port'], kind: 'port' },
    ],
    defaultAddress: '127.0.0.1',
    defaultPort: 8000,
    hostEnv: ['UVICORN_HOST'],
    portEnv: ['UVICORN_PORT'],
  },
  {
    name: 'manage.py runserver',
    matches: (w) => follows(w, 'manage.py', 'runserver') || follows(w, 'django-admin', 'runserver'),
    flags: [],
    defaultAddress: '127.0.0.1',
    defaultPort: 8000,
    positionalAfter: 'runserver',
  },
  {
    name: 'artisan serve',
    matches: (w) => follows(w, 'artisan', 'serve'),
    flags: [
      { names: ['--host'], kind: 'address' },
      { names: ['--port'], kind: 'port' },
    ],
    defaultAddress: '127.0.0.1',
    defaultPort: 8000,
  },
  {
    name: 'ng serve',
    matches: (w) => follows(w, 'ng', 'serve'),
    flags: [
      { names: ['--host'], kind: 'address' },
      { names: ['--port'], kind: 'port' },
    ],
    defaultAddress: 'localhost',
    defaultPort: 4200,
  },
  {
    name: 'gunicorn',
    matches: (w) => has(w, 'gunicorn') || has(w, 'hypercorn') || has(w, 'daphne'),
    flags: [{ names: ['-b', '--bind'], kind: 'address-port' }],
  },
  {
    name: 'rails server',
    matches: (w) => (has(w, 'rails') || has(w, 'puma')) && (w.includes('s') || w.includes('server') || has(w, 'puma')),
    flags: [
      { names: ['-b', '--binding'], kind: 'address' },
      { names: ['-p', '--port'], kind: 'port' },
    ],
  },
  {
    name: 'next',
    matches: (w) => has(w, 'next') && (w.includes('dev') || w.includes('start')),
    flags: [
      { names: ['-H', '--hostname'], kind: 'address' },
      { names: ['-p', '--port'], kind: 'port' },
    ],
  },
  {
    name: 'php -S',
    matches: (w) => has(w, 'php') && w.includes('-S'),
    flags: [{ names: ['-S'], kind: 'address-port' }],
  },
  {
    name: 'dotnet',
    matches: (w) => has(w, 'dotnet'),
    flags: [{ names: ['--urls'], kind: 'address-port' }],
  },
];

/** Environment variables that set where common servers listen (Node/Nuxt/Next, Spring, ASP.NET, Go services). */
const ADDRESS_ENV = new Set([
  'HOST',
  'HOSTNAME',
  'BIND',
  'BIND_ADDRESS',
  'BIND_ADDR',
  'BIND_HOST',
  'LISTEN_ADDRESS',
  'LISTEN_ADDR',
  'LISTEN_HOST',
  'LISTEN',
  'SERVER_ADDRESS',
  'NUXT_HOST',
  'NITRO_HOST',
  'FLASK_RUN_HOST',
  'UVICORN_HOST',
  'ASPNETCORE_URLS',
  'URLS',
]);
const PORT_ENV = new Set([
  'PORT',
  'SERVER_PORT',
  'HTTP_PORT',
  'APP_PORT',
  'LISTEN_PORT',
  'NUXT_PORT',
  'NITRO_PORT',
  'FLASK_RUN_PORT',
  'UVICORN_PORT',
  'ASPNETCORE_HTTP_PORTS',
]);

/** Listening hints of a service's environment (only for images we do not know: `postgres` ignores `HOST`). */
export function hintsFromEnvironment(environment: readonly ComposeEnvVar[]): ListenHint[] {
  const hints: ListenHint[] = [];
  for (const v of environment) {
    if (v.value === undefined || v.value === '') continue;
    const source = `${v.source === 'environment' ? 'environment' : v.source === 'env_file' ? 'env_file' : 'Dockerfile ENV'} ${v.name}`;
    if (ADDRESS_ENV.has(v.name)) {
      // Docker sets HOSTNAME to the container id; only an explicit loopback or wildcard value tells anything.
      if (v.name === 'HOSTNAME' && !isLoopbackHost(v.value) && v.value !== '0.0.0.0') continue;
      for (const part of v.value.split(/[;,]/)) {
        const a = splitAddress(part);
        if (!a) continue;
        if (a.address !== undefined && !isAddressLike(a.address)) continue;
        const hint: ListenHint = { source, at: v.at };
        if (a.address !== undefined) hint.address = a.address;
        const offset = a.address === undefined ? -1 : v.value.indexOf(a.address);
        if (v.source === 'env_file' && offset !== -1 && !v.value.includes('\n')) {
          const column = v.at.column + offset;
          hint.addressAt = { file: v.at.file, line: v.at.line, column, endLine: v.at.line, endColumn: column + a.address!.length };
        }
        if (a.port !== undefined) hint.port = a.port;
        if (hint.address !== undefined || hint.port !== undefined) hints.push(hint);
      }
    } else if (PORT_ENV.has(v.name)) {
      for (const part of v.value.split(/[;,]/)) {
        if (/^\s*\d{1,5}\s*$/.test(part) && Number(part) > 0 && Number(part) <= 65535) hints.push({ port: Number(part), source, at: v.at });
      }
    } else if (v.name === 'GUNICORN_CMD_ARGS') {
      hints.push(...hintsFromWords(['gunicorn', ...shellWords(v.value)], source, v.at, []));
    }
  }
  return hints;
}

/** A bind address, not a host name of some other service (`HOST=db` is a client setting). */
function isAddressLike(address: string): boolean {
  return isLoopbackHost(address) || /^(?:\d{1,3}(?:\.\d{1,3}){3}|::|0\.0\.0\.0|\[?::\]?)$/.test(address);
}

export function hintsFromCommand(command: ComposeCommand, environment: readonly ComposeEnvVar[]): ListenHint[] {
  return hintsFromWords(command.words, command.source, command.at, environment);
}

function hintsFromWords(words: readonly string[], source: string, at: SourcePosition, environment: readonly ComposeEnvVar[]): ListenHint[] {
  const hints: ListenHint[] = [];
  const env = new Map(environment.map((v) => [v.name, v.value]));
  for (const whole of simpleCommands(words)) {
    const segment = withoutClientPrefix(whole);
    if (segment.length === 0) continue;
    const tool = TOOLS.find((t) => t.matches(segment));
    const flags = [...(tool?.flags ?? []), ...GENERIC_FLAGS];
    let address: string | undefined;
    let port: number | undefined;
    let flagName: string | undefined;
    for (let i = 0; i < segment.length; i++) {
      const word = segment[i]!;
      const eq = word.indexOf('=');
      const name = eq > 0 && word.startsWith('-') ? word.slice(0, eq) : word;
      const spec = flags.find((f) => f.names.includes(name));
      if (!spec) continue;
      const value = eq > 0 && word.startsWith('-') ? word.slice(eq + 1) : segment[i + 1];
      if (value === undefined || value.startsWith('-')) continue;
      if (eq <= 0) i++;
      if (spec.kind === 'port') {
        if (/^\d{1,5}$/.test(value)) port = Number(value);
      } else {
        const a = spec.kind === 'address' ? { address: value } : splitAddress(value);
        if (a?.address !== undefined && isAddressLike(a.address)) address = a.address;
        if (a && 'port' in a && a.port !== undefined) port = a.port;
      }
      flagName = name;
    }
    if (tool?.positionalAfter) {
      const i = segment.indexOf(tool.positionalAfter);
      const arg = segment.slice(i + 1).find((w) => !w.startsWith('-'));
      if (arg) {
        const a = splitAddress(arg);
        if (a?.address !== undefined) address = a.address;
        if (a?.port !== undefined) port = a.port;
        flagName = tool.positionalAfter;
      }
    }
    const what = flagName ? `${source} ${flagName}` : source;
    if (address === undefined && tool?.defaultAddress && !tool.hostEnv?.some((n) => env.get(n))) {
      hints.push({ address: tool.defaultAddress, port: port ?? defaultPort(tool, env), source: `${tool.name} default (${source})`, at, implied: true });
      continue;
    }
    if (address !== undefined || port !== undefined) {
      const hint: ListenHint = { source: what, at };
      if (address !== undefined) hint.address = address;
      const p = port ?? (tool ? defaultPort(tool, env) : undefined);
      if (p !== undefined) hint.port = p;
      hints.push(hint);
    } else if (tool?.defaultPort !== undefined) {
      hints.push({ port: defaultPort(tool, env)!, source: `${tool.name} default (${source})`, at, implied: true });
    }
  }
  return hints;
}

/** Programs whose `--host`/`--port` name a server they connect to, not one they run. */
const CLIENTS = /^(?:wait-for-it(?:\.sh)?|wait-for(?:\.sh)?|dockerize|curl|wget|nc|ncat|psql|pg_isready|mysql|mysqladmin|redis-cli|mongosh|mongo)$/;

/** `wait-for-it.sh db:5432 -- node server.js` runs `node server.js`; the waiting part says nothing about listening. */
function withoutClientPrefix(segment: readonly string[]): readonly string[] {
  const program = segment.find((w) => !isWrapper(w));
  if (!program || !CLIENTS.test(basename(program))) return segment;
  const separator = segment.indexOf('--');
  return separator === -1 ? [] : segment.slice(separator + 1);
}

function defaultPort(tool: ToolSpec, env: Map<string, string | undefined>): number | undefined {
  for (const name of tool.portEnv ?? []) {
    const v = env.get(name);
    if (v && /^\d{1,5}$/.test(v)) return Number(v);
  }
  return tool.defaultPort;
}
