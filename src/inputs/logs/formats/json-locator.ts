import { type AccessField, FIELD_INDEX, findBytes } from './access-fields.js';

/**
 * Finds access fields in one-line JSON logs by key, at byte level: `"key":` then a string or a bare
 * value. Good enough for the flat (or shallowly nested) records proxies write; keys are looked up in
 * order of preference and the first one present wins.
 */
export class JsonLocator {
  private readonly needles: Buffer[];
  private readonly fields: AccessField[];

  /**
   * @param keys for each field, the JSON keys that hold it, best first
   * @param marker bytes a line must contain to be this kind of record (e.g. `"logger":"http.log.access`)
   */
  constructor(
    keys: Partial<Record<AccessField, readonly string[]>>,
    private readonly marker: Buffer | null = null,
  ) {
    this.needles = [];
    this.fields = [];
    for (const [field, names] of Object.entries(keys) as [AccessField, readonly string[]][]) {
      for (const name of names) {
        this.needles.push(Buffer.from(`"${name}":`));
        this.fields.push(field);
      }
    }
    if (marker) this.needles.push(marker);
  }

  /** Kept for the layout interface: the search holds no state between lines. */
  begin(_buf: Buffer, _blockEnd: number): void {}

  locate(buf: Buffer, start: number, end: number, spans: Int32Array): boolean {
    if (buf[start] !== 123 /* { */) return false;
    if (this.marker && findBytes(buf, this.marker, start, end) < 0) return false;
    for (let slot = 0; slot < this.fields.length; slot++) {
      const i = FIELD_INDEX[this.fields[slot]] * 2;
      if (spans[i] >= 0) continue;
      const at = findBytes(buf, this.needles[slot], start, end);
      if (at < 0) continue;
      let v = at + this.needles[slot].length;
      while (v < end && buf[v] === 32) v++;
      let valueEnd: number;
      if (buf[v] === 34 /* " */) {
        v++;
        valueEnd = v;
        while (valueEnd < end && !(buf[valueEnd] === 34 && buf[valueEnd - 1] !== 92)) valueEnd++;
      } else {
        valueEnd = v;
        while (valueEnd < end && buf[valueEnd] !== 44 && buf[valueEnd] !== 125 && buf[valueEnd] !== 93) valueEnd++;
        if (buf[v] === 110 /* null */) continue;
      }
      spans[i] = v;
      spans[i + 1] = valueEnd;
    }
    return true;
  }
}
