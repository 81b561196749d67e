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

/**
 * A refused connection whose target is in the text: the localhost mistake needs a loopback target, whatever the
 * signature's list says for the case where it is one (inference `refused-on-non-loopback-target`).
 */
describe('a refused non-loopback target is no localhost mistake', () => {
  const CLOUDFLARED = 'ERR  error="Unable to reach the origin service. The service may be down or it may not be responding to traffic from cloudflared:';
  it.each([
    ['cloudflared → another container', `${CLOUDFLARED} dial tcp 172.18.0.3:8080: connect: connection refused" originService=http://app:8080`, false],
    [
      'near miss: cloudflared → its own localhost',
      `${CLOUDFLARED} dial tcp 127.0.0.1:8080: connect: connection refused" originService=http://localhost:8080`,
      true,
    ],
    ['Go dialer → a container IP', 'failed to connect to origin: dial tcp 172.18.0.3:8080: connect: connection refused', false],
    ['near miss: Go dialer → ::1', 'failed to connect to origin: dial tcp [::1]:8080: connect: connection refused', true],
    ['Node → a database container', 'Error: connect ECONNREFUSED 172.18.0.2:5432', false],
    ['near miss: Node → 127.0.0.1', 'Error: connect ECONNREFUSED 127.0.0.1:5432', true],
    ['libpq → the db service', 'psql: error: connection to server at "db" (172.18.0.2), port 5432 failed: Connection refused', false],
  ])('%s', (_name, text, localhost) => {
    const report = explainText(text, { environment: PLATFORM_ALIASES.compose });
    const ids = report.causes.map((x) => x.id);
    const ranking = report.causes.map((x) => `${x.id} ${x.score}`).join(', ');
    if (localhost) expect(ids[0], ranking).toBe('wrong-host-localhost');
    else {
      expect(ids.slice(0, 2), ranking).not.toContain('wrong-host-localhost');
      expect(ids[0], ranking).toBe('not-listening');
    }
  });
});
