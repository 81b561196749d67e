import { defineRule } from '../../../core/define-rule.js';

export default defineRule({
  id: 'input/parse-error',
  domain: 'input',
  cause: 'config-error',
  severity: 'error',
  title: 'A configuration file has a syntax error',
  docs: {
    why: 'The proxy, Compose or the Kubernetes API refuses a file it cannot parse: nginx does not start (`nginx: [emerg] unexpected "}"`), `docker compose up` stops with "yaml: line 4: did not find expected key", `kubectl apply` rejects the manifest. Until it is fixed no request reaches any backend. updoc reports the position and still analyses everything else it could read.',
    problem: {
      description: 'One key of `api` is indented with three spaces instead of four.',
      files: {
        'docker-compose.yml': 'services:\n  api:\n    image: example/api:1.4\n   ports:\n      - "3000:3000"\n',
      },
    },
    fixed: {
      files: {
        'docker-compose.yml': 'services:\n  api:\n    image: example/api:1.4\n    ports:\n      - "3000:3000"\n',
      },
    },
    remediation:
      'Fix the syntax at the reported position (indentation, a missing `;` or `}`, an unclosed quote); `nginx -t`, `haproxy -c -f`, `docker compose config -q` or `kubectl apply --dry-run=client` confirm it.',
    references: ['https://yaml.org/spec/1.2.2/', 'https://nginx.org/en/docs/beginners_guide.html#conf_structure'],
  },
  check(ctx) {
    for (const problem of ctx.facts.problems) {
      if (problem.kind === 'parse') ctx.report({ message: problem.message, at: problem.at });
    }
  },
});
