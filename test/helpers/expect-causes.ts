import { expect } from 'vitest';
import { CAUSE_IDS } from '../../src/core/ids.js';

/** The `causes` contract every command's --json keeps: taxonomy ids, scores in 0..1, best first, a why. */
export function expectCausesContract(causes: readonly { id: string; score: number; why: unknown }[]): void {
  expect(causes.length).toBeGreaterThan(0);
  for (const c of causes) {
    expect(CAUSE_IDS).toContain(c.id);
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThanOrEqual(1);
    expect(typeof c.why).toBe('string');
  }
  const scores = causes.map((c) => c.score);
  expect(scores).toEqual([...scores].sort((a, b) => b - a));
}
