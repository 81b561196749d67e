import type { SourcePosition } from '../../core/position.js';
import type { Container } from './model.js';

/** What a container's env or command line says about where its process listens. */
export interface ListenHint {
  port?: number;
  address?: string;
  /** "env SERVER_PORT", "args --bind", "uvicorn default". */
  source: string;
  at: SourcePosition;
  /** The address is a default of the program (no flag written), not a value in the manifest. */
  implicit?: boolean;
  /** The whole string the value is written in (an env value, one `args` item): what a fix rewrites. */
  written?: string;
}

/** Env variables that set the app's own listen port (not a dependency's: `REDIS_PORT` is a client setting). */
const PORT_ENV = new Set([
  'PORT',
  'SERVER_PORT',
  'HTTP_PORT',
  'APP_PORT',
  'LISTEN_PORT',
  'ASPNETCORE_HTTP_PORTS',
  'QUARKUS_HTTP_PORT',
  'MICRONAUT_SERVER_PORT',
]);
const ADDRESS_ENV = new Set([
  'HOST',
  'BIND',
  'BIND_ADDRESS',
  'BIND_ADDR',
  'LISTEN_ADDRESS',
  'LISTEN_ADDR',
  'HTTP_ADDR',
  'HTTP_HOST',
  'SERVER_ADDRESS',
  'SERVER_HOST',
  'APP_HOST',
  'QUARKUS_HTTP_HOST',
  'FLASK_RUN_HOST',
  'UVICORN_HOST',
  'GUNICORN_BIND',
]);
const URL_ENV = new Set(['ASPNETCORE_URLS']);
const PORT_FLAGS = new Set(['--port', '--http-port', '--listen-port', '--server.port', '--server-port']);
const ADDRESS_FLAGS = new Set([
  '--bind',
  '-b',
  '--host',
  '--address',
  '--listen',
  '--listen-address',
  '--bind-address',
  '--web.listen-address',
  '--http-address',
  '--server.address',
  '--addr',
]);

export const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|localhost|::1|\[::1\])$/i;

/** Reads env and command-line hints; unknown programs and images' own CMDs say nothing. */
export function listenHints(container: Container): ListenHint[] {
  const hints: ListenHint[] = [];
  for (const env of container.env) {
    if (!env.value) continue;
    const name = env.name.toUpperCase();
    const value = env.value.value.trim();
    if (PORT_ENV.has(name) && /^\d+$/.test(value)) hints.push({ port: Number(value), source: `env ${env.name}`, at: env.value.at, written: env.value.value });
    else if (name === 'HOSTNAME' && LOOPBACK.test(value)) {
      // Next.js standalone and others bind to $HOSTNAME; Kubernetes sets it to the pod name unless the manifest overrides it.
      hints.push({ address: value, source: `env ${env.name}`, at: env.value.at, written: env.value.value });
    } else if (ADDRESS_ENV.has(name) || URL_ENV.has(name)) {
      const parsed = splitAddress(
        value
          .split(/[;,]/)[0]!
          .replace(/^[a-z]+:\/\//i, '')
          .replace(/\/.*$/, ''),
      );
      if (parsed) hints.push({ ...parsed, source: `env ${env.name}`, at: env.value.at, written: env.value.value });
    }
  }
  const words = [...container.command, ...container.args].flatMap((w) =>
    // `sh -c "gunicorn -b 127.0.0.1:8000 app:app"`: look inside shell strings too.
    w.value
      .split(/\s+/)
      .filter((x) => x.length > 0)
      .map((x) => ({ value: x, at: w.at, written: w.value })),
  );
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!.value;
    const eq = word.indexOf('=');
    const flag = eq > 0 ? word.slice(0, eq) : word;
    const inline = eq > 0 ? word.slice(eq + 1) : undefined;
    const holder = inline !== undefined ? words[i]! : words[i + 1];
    const value = inline ?? holder?.value;
    if (value === undefined || !holder) continue;
    if (PORT_FLAGS.has(flag) && /^\d+$/.test(value)) hints.push({ port: Number(value), source: `${flag} flag`, at: holder.at, written: holder.written });
    else if (ADDRESS_FLAGS.has(flag)) {
      const parsed = splitAddress(value);
      if (parsed) hints.push({ ...parsed, source: `${flag} flag`, at: holder.at, written: holder.written });
    }
  }
  hints.push(...programDefaults(container, words));
  return hints;
}

/** Dev servers that bind 127.0.0.1 unless told otherwise. */
function programDefaults(container: Container, words: { value: string; at: SourcePosition; written: string }[]): ListenHint[] {
  const all = words.map((w) => w.value);
  const has = (flag: string) => all.some((w) => w === flag || w.startsWith(`${flag}=`));
  const envHas = (name: string) => container.env.some((e) => e.name === name);
  const first = words[0];
  if (!first) return [];
  const at = first.at;
  if (all.some((w) => /(?:^|\/)uvicorn$/.test(w)) && !has('--host') && !envHas('UVICORN_HOST') && !has('--fd') && !has('--uds')) {
    return [{ address: '127.0.0.1', port: portAfter(all, '--port') ?? 8000, source: 'uvicorn default (no --host)', at, implicit: true }];
  }
  const flaskRun = all.findIndex((w, i) => /(?:^|\/)flask$/.test(w) && all[i + 1] === 'run');
  if (flaskRun >= 0 && !has('--host') && !has('-h') && !envHas('FLASK_RUN_HOST')) {
    return [{ address: '127.0.0.1', port: portAfter(all, '--port') ?? 5000, source: 'flask run default (no --host)', at, implicit: true }];
  }
  const runserver = all.indexOf('runserver');
  if (runserver >= 0 && all.some((w) => w.endsWith('manage.py'))) {
    const next = all[runserver + 1];
    if (next === undefined || next.startsWith('-')) return [{ address: '127.0.0.1', port: 8000, source: 'manage.py runserver default', at, implicit: true }];
  }
  return [];
}

function portAfter(words: string[], flag: string): number | undefined {
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const value = w.startsWith(`${flag}=`) ? w.slice(flag.length + 1) : w === flag ? words[i + 1] : undefined;
    if (value && /^\d+$/.test(value)) return Number(value);
  }
  return undefined;
}

/** `127.0.0.1:8080`, `:8080`, `[::1]:80`, `0.0.0.0`, `localhost`, `+:8080`, `*:80`. */
export function splitAddress(value: string): { address?: string; port?: number } | undefined {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v === '') return undefined;
  const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(v);
  if (bracket) return withPort({ address: bracket[1]! }, bracket[2]);
  const colon = v.lastIndexOf(':');
  if (colon >= 0 && /^\d+$/.test(v.slice(colon + 1)) && !v.slice(0, colon).includes(':')) {
    const host = v.slice(0, colon);
    return withPort(host === '' || host === '+' || host === '*' ? {} : { address: host }, v.slice(colon + 1));
  }
  if (/^[a-z0-9.:-]+$/i.test(v) && !/^\d+$/.test(v)) return { address: v };
  return undefined;
}

function withPort(out: { address?: string; port?: number }, port: string | undefined): { address?: string; port?: number } {
  if (port) out.port = Number(port);
  return out;
}
