/** `k`, `m`, `g`, `t`, `p`: binary multiples, as Docker reads memory sizes. */
const MULTIPLE: Readonly<Record<string, number>> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4, p: 1024 ** 5 };
/** What Go's strconv.ParseFloat takes for the amount (decimal forms; Compose files hold no hex floats). */
const AMOUNT = /^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A Compose byte value (`mem_limit`, `deploy.resources.limits.memory`, `shm_size` …) in bytes; undefined when
 * Compose refuses it. The specification (https://github.com/compose-spec/compose-spec/blob/main/spec.md, "Specifying
 * byte values") writes `{amount}{byte unit}` with the units `b`,
 * `k`/`kb`, `m`/`mb` and `g`/`gb` (`2b`, `1024kb`, `2048k`, `300m`, `1gb`); docker compose reads the value with
 * go-units' `RAMInBytes`, which also takes `t`, `p`, an `ib` ending (`512MiB`), any case, a space before the unit
 * and a fraction (`1.5g`), always as binary multiples (`1g` = 1024³ bytes), and a YAML number as bytes. It refuses
 * Kubernetes' `1Gi` ("invalid suffix: 'gi'").
 */
export function composeBytes(text: string): number | undefined {
  // go-units' parseSize: the amount runs to the last digit, dot or space; the rest is the unit.
  const sep = Math.max(...[...'0123456789. '].map((c) => text.lastIndexOf(c)));
  if (sep === -1) return undefined;
  const amount = text[sep] === ' ' ? text.slice(0, sep) : text.slice(0, sep + 1);
  const unit = text.slice(sep + 1).toLowerCase();
  if (!AMOUNT.test(amount)) return undefined;
  const size = Number(amount);
  if (!Number.isFinite(size)) return undefined;
  if (unit === '' || unit === 'b') return Math.trunc(size);
  const multiple = MULTIPLE[unit[0]!];
  if (multiple === undefined || unit.length > 3) return undefined;
  if ((unit.length === 2 && unit[1] !== 'b') || (unit.length === 3 && unit.slice(1) !== 'ib')) return undefined;
  const bytes = Math.trunc(size * multiple);
  return Number.isFinite(bytes) ? bytes : undefined;
}
