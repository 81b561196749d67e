import { describe, expect, it } from 'vitest';
import { PLATFORM_ALIASES } from '../../src/knowledge/context-hints.js';
import { explainText } from '../../src/diagnosis/explain.js';
import { CORPUS } from './corpus.js';

describe('explain ranks the cause the thread settled on', () => {
  for (const c of CORPUS) {
    it(c.name, () => {
      const report = explainText(c.text, { environment: c.platform ? PLATFORM_ALIASES[c.platform] : undefined, context: c.context });
      const ids = report.causes.map((x) => x.id);
      expect(ids[0], `ranking: ${report.causes.map((x) => `${x.id} ${x.score}`).join(', ')}`).toBe(c.top);
      for (const id of c.top3 ?? []) expect(ids.slice(0, 3)).toContain(id);
    });
  }
});
