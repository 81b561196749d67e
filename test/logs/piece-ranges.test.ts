import { describe, expect, it } from 'vitest';
import { pieceRanges } from '../../src/evidence/log-summary/parallel-scan.js';

const MiB = 1024 * 1024;

describe('pieces of a plain file scanned in parallel (guided sizes)', () => {
  it.each([
    [256 * MiB + 1, 2],
    [1024 * MiB, 2],
    [1024 * MiB + 12345, 3],
    [10 * 1024 * MiB, 2],
    [20 * MiB, 2],
  ])('%d bytes on %d threads: contiguous, in order, shrinking, at least 16 MiB but the last', (size, jobs) => {
    const pieces = pieceRanges(size, jobs);
    expect(pieces[0][0]).toBe(0);
    expect(pieces[pieces.length - 1][1]).toBe(size);
    for (let i = 1; i < pieces.length; i++) expect(pieces[i][0]).toBe(pieces[i - 1][1]);
    const lengths = pieces.map(([a, b]) => b - a);
    for (let i = 1; i < lengths.length; i++) expect(lengths[i]).toBeLessThanOrEqual(lengths[i - 1]);
    for (const length of lengths.slice(0, -1)) expect(length).toBeGreaterThanOrEqual(16 * MiB);
    // The last piece is small, so that the thread finishing last waits little; there are few pieces.
    expect(lengths[lengths.length - 1]).toBeLessThanOrEqual(24 * MiB);
    expect(pieces.length).toBeLessThanOrEqual(4 * jobs * Math.ceil(Math.log2(size / MiB)));
  });

  it('a 1 GiB file on 2 threads: the first piece is a quarter, far fewer pieces than fixed 32 MiB ones', () => {
    const pieces = pieceRanges(1024 * MiB, 2);
    expect(pieces[0]).toEqual([0, 256 * MiB]);
    expect(pieces.length).toBeLessThan(32 / 2);
  });
});
