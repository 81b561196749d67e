import type { SourcePosition } from '../../core/position.js';
import type { SpringFile, SpringProperty, SpringRuntime, SpringSetting } from './model.js';
import { canonicalKey } from './read-files.js';

/** Profiles in effect: the runtime's `SPRING_PROFILES_ACTIVE` / flag beats `spring.profiles.active` in the files. */
export function activeProfiles(files: readonly SpringFile[], runtime: SpringRuntime | undefined): { profiles: string[]; from?: string } {
  const fromRuntime = runtime ? runtimeValue(runtime, 'spring.profiles.active') : undefined;
  if (fromRuntime?.value !== undefined) return { profiles: splitList(fromRuntime.value), from: fromRuntime.source };
  let found: SpringProperty | undefined;
  for (const file of ordered(files)) {
    if (file.profile) continue;
    for (const document of file.documents) {
      if (document.onProfile) continue;
      found = document.properties.find((p) => p.canonical === 'spring.profiles.active') ?? found;
    }
  }
  if (!found) return { profiles: [] };
  const value = resolvePlaceholders(found.value, (name) => (runtime ? envValue(runtime, name) : undefined));
  if (value === undefined) return { profiles: [] };
  return { profiles: splitList(value), from: `spring.profiles.active in ${found.file}` };
}

/**
 * Effective settings, lowest precedence first: bootstrap, then application files (YAML before .properties),
 * each file's documents in order when their `on-profile` matches, then `application-<profile>` files in
 * profile order, then the runtime's environment variables and command-line flags. Placeholders are resolved last.
 */
export function effectiveSettings(files: readonly SpringFile[], profiles: readonly string[], runtime: SpringRuntime | undefined): Map<string, SpringSetting> {
  const raw = new Map<string, SpringSetting>();
  const set = (p: SpringProperty, source: string) => raw.set(p.canonical, { key: p.key, written: p.value, value: p.value, at: p.at, source, property: p });
  const considered = ordered(files).filter((f) => !f.profile || profiles.includes(f.profile));
  const byProfile = (f: SpringFile) => (f.profile ? profiles.indexOf(f.profile) : -1);
  considered.sort((a, b) => byProfile(a) - byProfile(b));
  for (const file of considered) {
    for (const document of file.documents) {
      if (document.onProfile && !profileMatches(document.onProfile, profiles)) continue;
      for (const p of document.properties) set(p, file.profile ? `profile \`${file.profile}\` (${file.path})` : file.path);
    }
  }
  if (runtime) {
    for (const e of runtime.env) {
      if (e.value === undefined || !/^[A-Z0-9_]+$/.test(e.name)) continue;
      const key = e.name.toLowerCase().replace(/_/g, '.');
      raw.set(canonicalKey(key), { key, written: e.value, value: e.value, at: e.at, source: `env ${e.name}` });
    }
    for (const flag of commandLineProperties(runtime)) {
      raw.set(canonicalKey(flag.key), { key: flag.key, written: flag.value, value: flag.value, at: flag.at, source: flag.source });
    }
  }
  for (const setting of raw.values()) {
    const lookup = (name: string): string | undefined => {
      const other = raw.get(canonicalKey(name));
      if (other && other !== setting && !other.written.includes('${')) return other.written;
      return runtime ? envValue(runtime, name) : undefined;
    };
    if (!setting.written.includes('${')) continue;
    const used = /\$\{([^}:]+)/.exec(setting.written)?.[1];
    const value = resolvePlaceholders(setting.written, lookup);
    if (value === undefined) delete setting.value;
    else setting.value = value;
    if (used && runtime && envValue(runtime, used) !== undefined) setting.fromVariable = used;
  }
  return raw;
}

/** bootstrap before application; YAML before .properties (Spring lets `.properties` win); base files before profile files. */
function ordered(files: readonly SpringFile[]): SpringFile[] {
  const rank = (f: SpringFile) => (/(^|[\\/])bootstrap[^\\/]*$/i.test(f.path) ? 0 : 2) + (f.format === 'properties' ? 1 : 0);
  return [...files].sort((a, b) => rank(a) - rank(b));
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** `prod`, `prod,cloud`, `!dev`, `prod & cloud`, `(a | b) & !c`: Spring's profile expressions. */
export function profileMatches(expression: string, profiles: readonly string[]): boolean {
  const tokens = expression.match(/[()!&|,]|[^\s()!&|,]+/g) ?? [];
  let i = 0;
  const primary = (): boolean => {
    const t = tokens[i++];
    if (t === '!') return !primary();
    if (t === '(') {
      const v = or();
      if (tokens[i] === ')') i++;
      return v;
    }
    return t !== undefined && profiles.includes(t);
  };
  const and = (): boolean => {
    let v = primary();
    while (tokens[i] === '&') {
      i++;
      v = primary() && v;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (tokens[i] === '|' || tokens[i] === ',') {
      i++;
      v = and() || v;
    }
    return v;
  };
  return or();
}

/** `${NAME:default}` (nested allowed); undefined when a placeholder has neither a value nor a default. */
export function resolvePlaceholders(text: string, lookup: (name: string) => string | undefined, depth = 0): string | undefined {
  if (depth > 8) return undefined;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf('${', i);
    if (start === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, start);
    // Find the matching `}` (defaults may hold placeholders themselves).
    let level = 0;
    let end = -1;
    for (let k = start; k < text.length; k++) {
      if (text.startsWith('${', k)) {
        level++;
        k++;
      } else if (text[k] === '}') {
        level--;
        if (level === 0) {
          end = k;
          break;
        }
      }
    }
    if (end === -1) return undefined;
    const inner = text.slice(start + 2, end);
    const colon = inner.indexOf(':');
    const name = (colon === -1 ? inner : inner.slice(0, colon)).trim();
    const found = lookup(name);
    if (found !== undefined) out += found;
    else if (colon !== -1) {
      const fallback = resolvePlaceholders(inner.slice(colon + 1), lookup, depth + 1);
      if (fallback === undefined) return undefined;
      out += fallback;
    } else return undefined;
    i = end + 1;
  }
  return out;
}

/** An environment variable of the runtime, by exact name or by Spring's relaxed form (`server.port` → `SERVER_PORT`). */
export function envValue(runtime: SpringRuntime, name: string): string | undefined {
  const exact = runtime.env.find((e) => e.name === name && e.value !== undefined);
  if (exact) return exact.value;
  const relaxed = name.toUpperCase().replace(/[.]/g, '_').replace(/-/g, '');
  return runtime.env.find((e) => e.name === relaxed && e.value !== undefined)?.value;
}

interface FlagProperty {
  key: string;
  value: string;
  at: SourcePosition;
  source: string;
}

/** `--server.port=8081` (Spring Boot arguments) and `-Dserver.port=8081` (system properties, also in JAVA_OPTS / JAVA_TOOL_OPTIONS). */
function commandLineProperties(runtime: SpringRuntime): FlagProperty[] {
  const out: FlagProperty[] = [];
  const words: { text: string; at: SourcePosition; from: string }[] = runtime.args.flatMap((a) =>
    a.value.split(/\s+/).map((text) => ({ text, at: a.at, from: 'command' })),
  );
  for (const e of runtime.env) {
    if (e.value !== undefined && /^(JAVA_OPTS|JAVA_TOOL_OPTIONS|JDK_JAVA_OPTIONS|JAVA_OPTIONS)$/.test(e.name)) {
      for (const text of e.value.split(/\s+/)) words.push({ text, at: e.at, from: `env ${e.name}` });
    }
  }
  for (const w of words) {
    const m = /^(?:--|-D)([a-zA-Z][\w.[\]-]*)=(.*)$/.exec(w.text);
    if (!m) continue;
    out.push({ key: m[1]!, value: m[2]!.replace(/^["']|["']$/g, ''), at: w.at, source: `${w.text.startsWith('-D') ? '-D' : '--'}${m[1]} (${w.from})` });
  }
  return out;
}

/** A setting the runtime itself sets (env var or flag), e.g. for `spring.profiles.active`. */
function runtimeValue(runtime: SpringRuntime, key: string): { value: string; source: string } | undefined {
  const flag = commandLineProperties(runtime)
    .filter((f) => canonicalKey(f.key) === canonicalKey(key))
    .pop();
  if (flag) return { value: flag.value, source: flag.source };
  const envName = key.toUpperCase().replace(/[.]/g, '_').replace(/-/g, '');
  const env = runtime.env.find((e) => e.name === envName && e.value !== undefined);
  return env ? { value: env.value!, source: `env ${env.name}` } : undefined;
}
