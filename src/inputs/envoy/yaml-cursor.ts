import type { Located, SourcePosition } from '../../core/position.js';
import type { YamlDoc } from '../yaml/load-yaml.js';

type Path = readonly (string | number)[];

/** A parsed document that can say where each value (and map key) is written: YAML/JSON (`YamlDoc`) or TOML. */
export type PositionedDoc = Pick<YamlDoc, 'value' | 'pos' | 'keyPos'>;

/**
 * A read-only view of one value in a YAML/JSON document with its path, so every value read keeps its position.
 * Field names are matched in snake_case and lowerCamelCase (Envoy's proto JSON accepts both), and optionally
 * case-insensitively (Traefik's keys). `place` maps positions of text embedded in another file (a ConfigMap).
 */
export class YamlCursor {
  constructor(
    readonly doc: PositionedDoc,
    readonly value: unknown,
    readonly path: Path,
    private readonly place: (p: SourcePosition) => SourcePosition = (p) => p,
    private readonly caseInsensitive = false,
  ) {}

  static root(doc: PositionedDoc, place?: (p: SourcePosition) => SourcePosition, caseInsensitive = false): YamlCursor {
    return new YamlCursor(doc, doc.value, [], place, caseInsensitive);
  }

  isMap(): boolean {
    return this.value !== null && typeof this.value === 'object' && !Array.isArray(this.value);
  }

  isList(): boolean {
    return Array.isArray(this.value);
  }

  /** The child field `name` (or its camelCase / case-variant spelling), when present. */
  get(name: string): YamlCursor | undefined {
    if (!this.isMap()) return undefined;
    const obj = this.value as Record<string, unknown>;
    const key = this.keyOf(obj, name);
    return key === undefined ? undefined : new YamlCursor(this.doc, obj[key], [...this.path, key], this.place, this.caseInsensitive);
  }

  /** Follows several fields; undefined as soon as one is missing. */
  at(...names: string[]): YamlCursor | undefined {
    let c: YamlCursor | undefined = this;
    for (const n of names) c = c?.get(n);
    return c;
  }

  private keyOf(obj: Record<string, unknown>, name: string): string | undefined {
    if (Object.hasOwn(obj, name)) return name;
    const camel = name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (Object.hasOwn(obj, camel)) return camel;
    if (this.caseInsensitive) {
      const lower = name.toLowerCase();
      return Object.keys(obj).find((k) => k.toLowerCase() === lower);
    }
    return undefined;
  }

  items(): YamlCursor[] {
    if (!Array.isArray(this.value)) return [];
    return this.value.map((v, i) => new YamlCursor(this.doc, v, [...this.path, i], this.place, this.caseInsensitive));
  }

  entries(): [string, YamlCursor][] {
    if (!this.isMap()) return [];
    return Object.entries(this.value as Record<string, unknown>).map(([k, v]) => [
      k,
      new YamlCursor(this.doc, v, [...this.path, k], this.place, this.caseInsensitive),
    ]);
  }

  pos(): SourcePosition {
    return this.place(this.doc.pos(this.path));
  }

  /** Position of this value's key (for a map field); its own position for list items and the root. */
  keyPos(): SourcePosition {
    return typeof this.path[this.path.length - 1] === 'string' ? this.place(this.doc.keyPos(this.path)) : this.pos();
  }

  string(): string | undefined {
    if (typeof this.value === 'string') return this.value;
    if (typeof this.value === 'number' || typeof this.value === 'boolean') return String(this.value);
    return undefined;
  }

  number(): number | undefined {
    if (typeof this.value === 'number' && Number.isFinite(this.value)) return this.value;
    if (typeof this.value === 'string' && /^-?\d+(\.\d+)?$/.test(this.value.trim())) return Number(this.value.trim());
    // Protobuf wrappers (`{ value: 3 }`) are accepted wherever a number is.
    if (this.isMap()) return this.get('value')?.number();
    return undefined;
  }

  boolean(): boolean | undefined {
    if (typeof this.value === 'boolean') return this.value;
    if (typeof this.value === 'string' && /^(true|false)$/i.test(this.value.trim())) return this.value.trim().toLowerCase() === 'true';
    if (this.isMap()) return this.get('value')?.boolean();
    return undefined;
  }

  located<T>(value: T): Located<T> {
    return { value, at: this.pos() };
  }

  locatedString(): Located<string> | undefined {
    const s = this.string();
    return s === undefined ? undefined : { value: s, at: this.pos() };
  }

  locatedNumber(): Located<number> | undefined {
    if (this.isMap()) return this.get('value')?.locatedNumber();
    const n = this.number();
    return n === undefined ? undefined : { value: n, at: this.pos() };
  }
}
