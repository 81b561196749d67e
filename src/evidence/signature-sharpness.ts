import type { Signature } from '../core/define-signature.js';

const cache = new WeakMap<Signature, number>();

/**
 * How telling a signature is: the share of its most likely cause, minus one for the generic OS errno
 * entries (a proxy's own message always says more) and minus one for catch-alls declared `generic`
 * (the specific signature they overlap says more, even with a flatter cause distribution). The record's primary signature is the sharpest
 * that matched, so trying signatures in this order lets the first match be the primary one.
 */
export function sharpness(signature: Signature): number {
  let value = cache.get(signature);
  if (value === undefined) {
    const weights = Object.values(signature.causes).map((w) => w ?? 0);
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    value = Math.max(0, ...weights) / total - (signature.platform === 'os' ? 1 : 0) - (signature.generic ? 1 : 0);
    cache.set(signature, value);
  }
  return value;
}

/** Signatures sharpest first (stable: catalog order among equals). */
export function bySharpness(signatures: readonly Signature[]): Signature[] {
  return signatures
    .map((s, i) => ({ s, i, v: sharpness(s) }))
    .sort((a, b) => b.v - a.v || a.i - b.i)
    .map((x) => x.s);
}
