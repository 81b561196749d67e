/** A variable reference met while interpolating, when the variable had no value. */
export interface UnsetReference {
  name: string;
  defaulted: boolean;
  /** `${VAR:?message}` / `${VAR?message}`. */
  required?: string;
}

export interface Interpolated {
  value: string;
  unset: UnsetReference[];
  /** `${` without its `}` or a bad name: Compose rejects the file ("invalid interpolation format"). */
  error?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * Compose variable interpolation: `$VAR`, `${VAR}`, `${VAR:-default}` (unset or empty), `${VAR-default}` (unset),
 * `${VAR:?error}`, `${VAR?error}`, `${VAR:+alt}`, `${VAR+alt}`, nested defaults, and `$$` for a literal `$`.
 * Unset variables become blank, as Compose does (it warns).
 */
export function interpolate(text: string, lookup: (name: string) => string | undefined): Interpolated {
  if (!text.includes('$')) return { value: text, unset: [] };
  const unset: UnsetReference[] = [];
  const state = { error: undefined as string | undefined };
  const value = expand(text, lookup, unset, state, 0);
  const out: Interpolated = { value, unset };
  if (state.error) out.error = state.error;
  return out;
}

function expand(text: string, lookup: (name: string) => string | undefined, unset: UnsetReference[], state: { error?: string }, depth: number): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const dollar = text.indexOf('$', i);
    if (dollar === -1) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, dollar + 2);
      if (close === -1) {
        state.error ??= `invalid interpolation format: \`${text.slice(dollar, dollar + 40)}\` has no closing brace`;
        out += text.slice(dollar);
        break;
      }
      out += substitute(text.slice(dollar + 2, close), lookup, unset, state, depth);
      i = close + 1;
      continue;
    }
    const bare = NAME.exec(text.slice(dollar + 1));
    if (bare) {
      const name = bare[0];
      const v = lookup(name);
      if (v === undefined) unset.push({ name, defaulted: false });
      out += v ?? '';
      i = dollar + 1 + name.length;
      continue;
    }
    out += '$';
    i = dollar + 1;
  }
  return out;
}

function substitute(body: string, lookup: (name: string) => string | undefined, unset: UnsetReference[], state: { error?: string }, depth: number): string {
  const m = NAME.exec(body);
  if (!m) {
    state.error ??= `invalid interpolation format: \`\${${body}}\``;
    return '';
  }
  const name = m[0];
  const rest = body.slice(name.length);
  const value = lookup(name);
  const operand = (skip: number) => (depth > 16 ? rest.slice(skip) : expand(rest.slice(skip), lookup, unset, state, depth + 1));
  if (rest === '') {
    if (value === undefined) unset.push({ name, defaulted: false });
    return value ?? '';
  }
  const op = rest.startsWith(':') ? rest.slice(0, 2) : rest.slice(0, 1);
  switch (op) {
    case ':-':
      if (value === undefined) unset.push({ name, defaulted: true });
      return value === undefined || value === '' ? operand(2) : value;
    case '-':
      if (value === undefined) unset.push({ name, defaulted: true });
      return value === undefined ? operand(1) : value;
    case ':?':
      if (value === undefined || value === '') {
        unset.push({ name, defaulted: false, required: operand(2) || `${name} is required` });
        return '';
      }
      return value;
    case '?':
      if (value === undefined) {
        unset.push({ name, defaulted: false, required: operand(1) || `${name} is required` });
        return '';
      }
      return value;
    case ':+':
      return value === undefined || value === '' ? '' : operand(2);
    case '+':
      return value === undefined ? '' : operand(1);
    default:
      state.error ??= `invalid interpolation format: \`\${${body}}\``;
      return '';
  }
}

/** Index of the `}` closing a `${` whose body starts at `from`, counting nested `${…}`. */
function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && text[i + 1] === '$') {
      i++;
      continue;
    }
    if (c === '$' && text[i + 1] === '{') {
      depth++;
      i++;
      continue;
    }
    if (c === '}' && --depth === 0) return i;
  }
  return -1;
}
