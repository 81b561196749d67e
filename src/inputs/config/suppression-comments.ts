/**
 * Inline suppressions, the same in every `#`-comment format (nginx, YAML, HAProxy, properties, Caddyfile,
 * Terraform also `//`):
 *
 *   proxy_pass http://localhost:3000;  # updoc-ignore nginx/proxy-to-localhost-in-container
 *   # updoc-ignore compose/depends-on-not-healthy, compose/no-healthcheck -- started by hand
 *   # updoc-ignore-file nginx/*
 *
 * A trailing comment covers its own line; a comment on a line of its own also covers the next line that is not
 * a comment or blank. `updoc-ignore-file` covers the whole file. Without rule ids, every rule is covered. Text
 * after ` -- ` is a reason for people.
 */

export interface CommentSuppressions {
  /** Rule patterns suppressed in the whole file. */
  file: string[];
  /** Line (1-based) → rule patterns suppressed on it. */
  lines: Map<number, string[]>;
}

const MARKER = 'updoc-ignore';
const COMMENT = /(?:^|\s)(?:#|\/\/)\s*updoc-ignore(-file)?(?=\s|$|:)(.*)$/;
const COMMENT_ONLY_LINE = /^\s*(?:#|\/\/)/;

/** Rule patterns: an id, `<domain>/*`, or `*`/`all` for every rule. An empty list matches nothing. */
export function ruleMatches(patterns: readonly string[], rule: string): boolean {
  for (const p of patterns) {
    if (p === rule || p === '*' || p === 'all') return true;
    if (p.endsWith('/*') && rule.startsWith(p.slice(0, -1))) return true;
  }
  return false;
}

/** Finds every updoc-ignore comment of a file; undefined when there is none (the common, fast case). */
export function scanSuppressionComments(text: string): CommentSuppressions | undefined {
  if (!text.includes(MARKER)) return undefined;
  const result: CommentSuppressions = { file: [], lines: new Map() };
  const lines = text.split(/\r?\n/);
  let pendingFromAbove: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const match = line.includes(MARKER) ? COMMENT.exec(line) : null;
    if (match) {
      const rules = parseRuleList(match[2]!);
      if (match[1]) {
        result.file.push(...(rules.length ? rules : ['*']));
        continue;
      }
      // Its own line too: parsers sometimes place an error at the comment that precedes the broken line.
      add(result.lines, i + 1, rules.length ? rules : ['*']);
      if (COMMENT_ONLY_LINE.test(line)) pendingFromAbove = [...(pendingFromAbove ?? []), ...(rules.length ? rules : ['*'])];
      if (!COMMENT_ONLY_LINE.test(line) && pendingFromAbove) {
        add(result.lines, i + 1, pendingFromAbove);
        pendingFromAbove = undefined;
      }
      continue;
    }
    if (pendingFromAbove && line.trim() !== '' && !COMMENT_ONLY_LINE.test(line)) {
      add(result.lines, i + 1, pendingFromAbove);
      pendingFromAbove = undefined;
    }
  }
  return result;
}

function parseRuleList(rest: string): string[] {
  const withoutReason = rest.replace(/^:/, '').split(/\s--(?:\s|$)/)[0]!;
  return withoutReason
    .split(/[\s,]+/)
    .map((r) => r.trim())
    .filter((r) => r !== '');
}

function add(map: Map<number, string[]>, line: number, rules: string[]): void {
  const existing = map.get(line);
  if (existing) existing.push(...rules);
  else map.set(line, [...rules]);
}
