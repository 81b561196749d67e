import { readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Cause, Check } from '../../core/define-cause.js';
import { CAUSE_IDS, ENVIRONMENTS } from '../../core/ids.js';
import { CAUSES, causeById } from './index.js';
import { CAUSE_TITLES } from './titles.js';

/** Placeholders the diagnosis fills in (or shows as `<name>`); anything else in braces would be mangled. */
const PLACEHOLDERS = new Set([
  'host',
  'port',
  'scheme',
  'url',
  'path',
  'service',
  'proxy',
  'namespace',
  'pod',
  'container',
  'backend',
  'server',
  'upstream',
  'cluster',
  'lb',
  'targetGroup',
  'region',
]);

/** The same pattern as fillPlaceholders in src/diagnosis/next-steps.ts, so the test sees what the renderer sees. */
const PLACEHOLDER_PATTERN = /\{(\w+)\}/g;

/** Commands are printed verbatim during outages: checks must only read. */
const MUTATING = [
  /(?:^|[\s;&|(])rm\s+-/,
  /\bkubectl\s+(?:delete|apply|create|edit|patch|replace|scale|drain|cordon|uncordon|taint|label|annotate|set)\b/,
  /\bkubectl\s+rollout\s+(?:restart|undo)\b/,
  /\bdocker\s+(?:rm|rmi|kill|stop|restart|prune|system\s+prune)\b/,
  /\bdocker\s+compose\s+(?:down|rm|stop|restart|kill|up)\b/,
  /\bsystemctl\s+(?:start|stop|restart|reload|disable|enable|mask|kill)\b/,
  /\biptables\s+-[ADIFXN]\b/,
  /\bnft\s+(?:add|delete|flush|insert|replace)\b/,
  /\baws\s+\S+\s+(?:delete|modify|put|create|deregister|register|update|set)-/,
  /\bgcloud\s+.*\s(?:delete|update|create|set-named-ports|add-backend|remove-backend)\b/,
  /\baz\s+.*\s(?:delete|update|create|set|start|stop|restart)\b/,
  /\bsetsebool\b/,
  /\bnginx\s+-s\b/,
  /\bkill\s+-/,
];

const placeholdersIn = (text: string): string[] => [...text.matchAll(PLACEHOLDER_PATTERN)].map((m) => m[1]);

const checksOf = (cause: Cause): [string, readonly Check[]][] => Object.entries(cause.confirm).map(([env, checks]) => [env, checks ?? []]);

describe('root-cause taxonomy', () => {
  it('lists exactly the 20 cause ids, in CAUSE_IDS order', () => {
    expect(CAUSES.map((c) => c.id)).toEqual([...CAUSE_IDS]);
    expect(CAUSES).toHaveLength(20);
  });

  it('has one file per cause, named after its id', async () => {
    const files = readdirSync(new URL('.', import.meta.url))
      .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'titles.ts' && !f.endsWith('.test.ts'))
      .map((f) => basename(f, '.ts'))
      .sort();
    expect(files).toEqual([...CAUSE_IDS].sort());
    for (const file of files) {
      const mod = (await import(/* @vite-ignore */ new URL(`./${file}.ts`, import.meta.url).href)) as { default: Cause };
      expect(mod.default.id, `${file}.ts declares another id`).toBe(file);
      expect(causeById(mod.default.id)).toBe(mod.default);
    }
  });

  it('takes every title from titles.ts, which verdicts read without loading the rest of the knowledge', () => {
    expect(Object.keys(CAUSE_TITLES).sort()).toEqual([...CAUSE_IDS].sort());
    for (const cause of CAUSES) expect(cause.title, `${cause.id}.ts`).toBe(CAUSE_TITLES[cause.id]);
  });

  it('the read-only guard recognises mutating commands', () => {
    const mutating = [
      'kubectl delete pod web-1',
      'kubectl rollout restart deploy/web',
      'docker compose down',
      'docker rm -f web',
      'sudo systemctl restart nginx',
      'aws elbv2 modify-load-balancer-attributes --load-balancer-arn x',
      'rm -rf /tmp/x',
    ];
    for (const command of mutating)
      expect(
        MUTATING.some((p) => p.test(command)),
        command,
      ).toBe(true);
    const readOnly = [
      'kubectl run -n ns tmp-debug --rm -it --image=busybox:1.36 --restart=Never -- wget -qO- http://svc/',
      'docker compose ps -a',
      'systemctl status web',
    ];
    for (const command of readOnly)
      expect(
        MUTATING.some((p) => p.test(command)),
        command,
      ).toBe(false);
  });

  it('causeById rejects unknown ids', () => {
    expect(() => causeById('nope' as never)).toThrow(/unknown cause id/);
  });

  for (const cause of CAUSES) {
    describe(cause.id, () => {
      it('has a title, an explanation, symptoms and references', () => {
        expect(cause.title.trim()).not.toBe('');
        expect(cause.title.length).toBeLessThanOrEqual(100);
        expect(cause.explanation.trim().length).toBeGreaterThan(80);
        expect(cause.symptoms.length).toBeGreaterThanOrEqual(2);
        expect(cause.symptoms.length).toBeLessThanOrEqual(5);
        for (const s of cause.symptoms) expect(s.trim()).not.toBe('');
        expect(cause.references.length).toBeGreaterThanOrEqual(1);
        expect(cause.references.length).toBeLessThanOrEqual(3);
        for (const r of cause.references) {
          expect(r).toMatch(/^https:\/\/\S+$/);
          expect(() => new URL(r)).not.toThrow();
        }
      });

      it('has vm checks and a vm fix, and only known environments', () => {
        expect(cause.confirm.vm.length).toBeGreaterThan(0);
        expect(cause.fix.vm.trim()).not.toBe('');
        for (const env of Object.keys(cause.confirm)) expect(ENVIRONMENTS).toContain(env);
        for (const env of Object.keys(cause.fix)) expect(ENVIRONMENTS).toContain(env);
      });

      it('has 2–4 complete checks per environment, each with a command and an expectation', () => {
        for (const [env, checks] of checksOf(cause)) {
          expect(checks.length, `${cause.id}/${env}`).toBeGreaterThanOrEqual(2);
          expect(checks.length, `${cause.id}/${env}`).toBeLessThanOrEqual(4);
          for (const check of checks) {
            expect(check.command.trim(), `${cause.id}/${env}`).not.toBe('');
            expect(check.expect.trim(), `${cause.id}/${env}: ${check.command}`).not.toBe('');
            expect(check.command, 'commands are one line').not.toMatch(/\n/);
            expect(check.command, 'backticks break the markdown reporter').not.toContain('`');
          }
        }
      });

      it('has a non-empty fix for every environment it declares', () => {
        for (const [env, fix] of Object.entries(cause.fix)) expect(fix?.trim(), `${cause.id}/${env}`).toBeTruthy();
      });

      it('uses only known placeholders', () => {
        const texts = [
          ...checksOf(cause).flatMap(([, checks]) => checks.flatMap((c) => [c.command, c.expect])),
          ...Object.values(cause.fix).map((f) => f ?? ''),
        ];
        for (const text of texts) {
          for (const name of placeholdersIn(text)) expect(PLACEHOLDERS.has(name), `unknown placeholder {${name}} in: ${text}`).toBe(true);
        }
      });

      it('only prints read-only checks', () => {
        for (const [env, checks] of checksOf(cause)) {
          for (const check of checks) {
            for (const pattern of MUTATING) expect(check.command, `${cause.id}/${env} matches ${pattern}`).not.toMatch(pattern);
          }
        }
      });
    });
  }
});
