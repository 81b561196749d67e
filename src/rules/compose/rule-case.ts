/**
 * An extra table case for a Compose rule, beside it in `cases.ts`: a small project and the positions
 * (`file:line:column`) where the rule must report — none for a near miss.
 */
export interface RuleCase {
  name: string;
  files: Record<string, string>;
  expect: string[];
  /** Replacement texts the fixes must carry, in finding order (undefined: no fix). */
  fixes?: (string | undefined)[];
}

/** A server block proxying each location to one target (an nginx `conf.d` file). */
export function nginxSite(...targets: string[]): string {
  return `server {\n    listen 80;\n${targets.map((t, i) => `    location /${i}/ {\n        proxy_pass http://${t};\n    }`).join('\n')}\n}\n`;
}
