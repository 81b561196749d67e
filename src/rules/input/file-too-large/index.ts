import { defineRule } from '../../../core/define-rule.js';

export default defineRule({
  id: 'input/file-too-large',
  domain: 'input',
  cause: 'other',
  severity: 'warning',
  title: 'A file is too large to be configuration and was not read',
  docs: {
    why: 'Configuration files are kilobytes. A file over the limit (8 MiB by default) is almost always a data dump, a log or a bundled artefact with a configuration-like name; reading it would make `updoc lint` slow and memory-hungry, so it is skipped unread, and whatever it configures is not checked.',
    problem: {
      description: 'A rendered manifest larger than the limit set in `.updoc.yaml`.',
      files: {
        '.updoc.yaml': 'maxFileSize: 1KiB\n',
        'rendered.yaml': `# rendered by a script\n${'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler\ndata:\n  padding: "0123456789012345678901234567890123456789"\n---\n'.repeat(12)}`,
      },
    },
    fixed: {
      files: {
        '.updoc.yaml': 'maxFileSize: 64KiB\n',
        'rendered.yaml': `# rendered by a script\n${'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: filler\ndata:\n  padding: "0123456789012345678901234567890123456789"\n---\n'.repeat(12)}`,
      },
    },
    remediation: 'If the file really is configuration, raise `maxFileSize` in `.updoc.yaml`; otherwise leave it out with `exclude:` in `.updoc.yaml`.',
  },
  check(ctx) {
    for (const problem of ctx.facts.problems) {
      if (problem.kind === 'too-large') ctx.report({ message: problem.message, at: problem.at });
    }
  },
});
