import { defineRule } from '../../../core/define-rule.js';

export default defineRule({
  id: 'input/unreadable-file',
  domain: 'input',
  cause: 'config-error',
  severity: 'warning',
  title: 'A configuration file could not be read',
  docs: {
    why: 'A file with a configuration name could not be read: permission denied, a symbolic link loop, a dangling symbolic link (a `sites-enabled/` link whose target was deleted), binary content, or UTF-16 text (what PowerShell\'s `>` writes). nginx, HAProxy and Compose fail on the same file (`open() "/etc/nginx/sites-enabled/app" failed (2: No such file or directory)`), and updoc could not check what it configures.',
    problem: {
      description: 'The site file is binary garbage (a bad copy).',
      files: {
        'nginx/nginx.conf': 'events {}\nhttp {\n    include sites-enabled/*;\n}\n',
        'nginx/sites-enabled/app': 'server {\u0000\u0000\u0000\u0001\u0002 listen 80;\n',
      },
    },
    fixed: {
      files: {
        'nginx/nginx.conf': 'events {}\nhttp {\n    include sites-enabled/*;\n}\n',
        'nginx/sites-enabled/app': 'server {\n    listen 80;\n    location / {\n        proxy_pass http://app:3000;\n    }\n}\n',
      },
    },
    remediation:
      'Make the file readable as UTF-8 text: fix its permissions, point the symbolic link at an existing file (or remove it), or re-save it as UTF-8.',
    references: ['https://nginx.org/en/docs/ngx_core_module.html#include'],
  },
  check(ctx) {
    for (const problem of ctx.facts.problems) {
      if (problem.kind === 'unreadable') ctx.report({ message: problem.message, at: problem.at });
    }
  },
});
