/** Compose rules' table cases are the shared kind (`file:line:column` positions, fixes, intended input problems). */
export type { RuleCase } from '../rule-case.js';

/** A server block proxying each location to one target (an nginx `conf.d` file). */
export function nginxSite(...targets: string[]): string {
  return `server {\n    listen 80;\n${targets.map((t, i) => `    location /${i}/ {\n        proxy_pass http://${t};\n    }`).join('\n')}\n}\n`;
}
