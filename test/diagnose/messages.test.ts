import { describe, expect, it } from 'vitest';
import { diagnoseProject } from '../../src/diagnosis/diagnose.js';
import { explainText } from '../../src/diagnosis/explain.js';
import { PLATFORM_ALIASES } from '../../src/knowledge/context-hints.js';
import { CORPUS } from '../explain/corpus.js';

/**
 * A pasted message alone (`--message`) is one witness: diagnose must rank exactly as `explain` does on the realistic
 * pastes of the explain corpus (public issue threads, each with the cause the thread settled on), and not claim more
 * certainty than explain's own score.
 */
describe('diagnose --message on the explain corpus', () => {
  it.each(CORPUS.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const environment = c.platform ? PLATFORM_ALIASES[c.platform] : undefined;
    const options = { ...(environment ? { environment } : {}), ...(c.context ? { context: c.context } : {}) };
    const report = await diagnoseProject({ paths: [], messages: [c.text], ...options });
    const explained = explainText(c.text, options);
    expect(report.causes[0]?.id).toBe(c.top);
    expect(report.causes[0]?.id).toBe(explained.causes[0]?.id);
    if (c.top3) expect(report.causes.slice(0, 3).map((x) => x.id)).toEqual(expect.arrayContaining(c.top3));
    expect(report.causes[0]?.score ?? 0).toBeLessThanOrEqual((explained.causes[0]?.score ?? 0) + 0.02);
    expect(report.verdict.status).not.toBe('no-problem');
  });
});
