/** Narrowing helpers for plain YAML values: manifests are untrusted, every field may have any type. */

export type Plain = Record<string, unknown>;

export function isRecord(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown): Plain {
  return isRecord(value) ? value : {};
}

export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A whole number (YAML int or a float with no fraction). Strings are not numbers: Kubernetes rejects them too. */
export function integer(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** Labels and annotations: string values only (numbers and booleans are stringified, as kubectl would refuse them). */
export function stringMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    const s = text(v);
    if (s !== undefined) out[k] = s;
    else if (v === null) out[k] = '';
  }
  return out;
}

export function isValidPortNumber(n: number): boolean {
  return Number.isInteger(n) && n >= 1 && n <= 65535;
}

/**
 * IANA_SVC_NAME as Kubernetes validates port names (containerPort.name, targetPort, probe ports):
 * at most 15 characters, lower-case letters, digits and '-', at least one letter, no leading, trailing or
 * double '-'.
 */
export function portNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 15) return 'is longer than 15 characters';
  if (!/^[a-z0-9-]+$/.test(name)) return 'may only contain lower-case letters, digits and "-"';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not start or end with "-"';
  if (name.includes('--')) return 'must not contain "--"';
  return undefined;
}

/** Service port names are DNS labels (RFC 1123): up to 63 characters. */
export function servicePortNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > 63) return 'is longer than 63 characters';
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name)) return 'must be lower-case letters, digits and "-", starting and ending with a letter or digit';
  return undefined;
}

/**
 * A Kubernetes memory quantity in bytes (`768Mi`, `1G`, `1.5Gi`, `805306368`, `1e9`, `+1Gi`, `0`); undefined when not
 * one. A negative quantity is left undefined too: Kubernetes refuses it as a limit.
 */
export function memoryBytes(quantity: string): number | undefined {
  const m = /^\+?([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE]([+-]?[0-9]+))?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E|m)?$/.exec(quantity.trim());
  if (!m) return undefined;
  const bytes = Number(m[1]) * 10 ** Number(m[2] ?? 0) * (MEMORY_FACTORS[m[3] ?? ''] ?? 1);
  return Number.isFinite(bytes) ? bytes : undefined;
}

const MEMORY_FACTORS: Readonly<Record<string, number>> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
};
