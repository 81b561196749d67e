/**
 * Requests per upstream in a request log, counted on raw bytes: the key of a line is hashed and
 * compared in place, and a string is made only the first time a key is seen. Distinct keys are
 * capped; the rest is counted as overflow.
 */
export class TrafficTally {
  private readonly table = new Map<number, { key: Buffer; count: number }[]>();
  private distinct = 0;
  /** Requests whose upstream was not kept because the cap was reached. */
  overflow = 0;

  constructor(private readonly maxKeys = 20_000) {}

  add(buf: Buffer, start: number, end: number, count = 1): void {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const bucket = this.table.get(h);
    if (bucket) {
      for (const entry of bucket) {
        if (entry.key.length === end - start && sameBytes(entry.key, buf, start)) {
          entry.count += count;
          return;
        }
      }
    }
    if (this.distinct >= this.maxKeys) {
      this.overflow += count;
      return;
    }
    const entry = { key: Buffer.from(buf.subarray(start, end)), count };
    this.distinct++;
    if (bucket) bucket.push(entry);
    else this.table.set(h, [entry]);
  }

  /** Adds `count` requests to a key given as text. */
  addKey(key: string, count: number): void {
    const bytes = Buffer.from(key, 'utf8');
    this.add(bytes, 0, bytes.length, count);
  }

  /** Counts by key text (UTF-8). */
  entries(): [string, number][] {
    const out: [string, number][] = [];
    for (const bucket of this.table.values()) for (const e of bucket) out.push([e.key.toString('utf8'), e.count]);
    return out;
  }
}

function sameBytes(key: Buffer, buf: Buffer, start: number): boolean {
  for (let j = 0; j < key.length; j++) if (key[j] !== buf[start + j]) return false;
  return true;
}

/**
 * Adds each item of a list field ("a:80, b:80 : c:80") to the tally; "-" items are skipped.
 * @returns how many items were added
 */
export function tallyListItems(tally: TrafficTally, buf: Buffer, start: number, end: number): number {
  let added = 0;
  let itemStart = start;
  for (let i = start; i <= end; i++) {
    const b = i < end ? buf[i] : 44;
    const colon = b === 32 && i + 1 < end && buf[i + 1] === 58;
    if (b !== 44 && !colon) continue;
    let a = itemStart;
    let z = i;
    while (a < z && buf[a] === 32) a++;
    while (z > a && buf[z - 1] === 32) z--;
    if (z > a && !(z - a === 1 && buf[a] === 45)) {
      tally.add(buf, a, z);
      added++;
    }
    itemStart = colon ? i + 2 : i + 1;
    if (colon) i++;
  }
  return added;
}
