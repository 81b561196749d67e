import { lintProject } from '../../helpers/lint-project.js';
import { nginxRules } from '../../../src/rules/nginx/index.js';
import { haproxyRules } from '../../../src/rules/haproxy/index.js';
const only = process.env.RULE;
for (const rule of [...nginxRules, ...haproxyRules]) {
  if (only && rule.id !== only) continue;
  for (const kind of ['problem', 'fixed'] as const) {
    const r = await lintProject(rule.docs[kind].files);
    console.log(`== ${rule.id} ${kind}`);
    for (const f of r.findings)
      console.log(
        `  ${f.rule} ${f.at.file}:${f.at.line}:${f.at.column} ${f.message}${f.fix ? `\n    FIX ${f.fix.line}:${f.fix.column}-${f.fix.endLine}:${f.fix.endColumn} ${JSON.stringify(f.fix.replacement)}` : ''}`,
      );
  }
}
