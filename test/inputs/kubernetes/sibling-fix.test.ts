import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { applyYamlFix } from '../../helpers/yaml-fix.js';

/**
 * Fixes that add an entry next to an existing one (src/inputs/kubernetes/yaml-edits.ts `addSiblingFix`) must keep
 * the file valid YAML whatever style the map is written in: a line of its own in a block map, one more `, key: value`
 * in a flow map (a new line inside `{…}` is a parse error). Applied, each fix adds the entry and the finding is gone.
 */

const deployment = (templateLabels: string, ports: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector:
    matchLabels: {app: web, tier: frontend}
  template:
    metadata:
${templateLabels}
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1
          ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web, tier: frontend}
${ports}
`;

const BLOCK_LABELS = '      labels:\n        app: web';
const FLOW_LABELS = '      labels: {app: web}';
const BLOCK_PORTS = '  ports:\n    - name: web\n      port: 80';
const FLOW_PORTS = '  ports: [{name: web, port: 80}]';

const cases = [
  {
    name: 'a template label, block labels',
    rule: 'kubernetes/workload-selector-mismatch',
    text: deployment(BLOCK_LABELS, BLOCK_PORTS.replace('port: 80', 'port: 80\n      targetPort: http')),
  },
  {
    name: 'a template label, flow labels',
    rule: 'kubernetes/workload-selector-mismatch',
    text: deployment(FLOW_LABELS, FLOW_PORTS.replace('port: 80', 'port: 80, targetPort: http')),
  },
  {
    name: 'a targetPort, block port list',
    rule: 'kubernetes/target-port-not-in-pods',
    text: deployment(BLOCK_LABELS.replace('app: web', 'app: web\n        tier: frontend'), BLOCK_PORTS),
  },
  {
    name: 'a targetPort, flow port list',
    rule: 'kubernetes/target-port-not-in-pods',
    text: deployment(FLOW_LABELS.replace('app: web', 'app: web, tier: frontend'), FLOW_PORTS),
  },
];

describe('fixes that add an entry beside another', () => {
  it.each(cases)('$name: valid YAML after the fix, the entry added, the finding gone', async ({ rule, text }) => {
    expect(parseAllDocuments(text).flatMap((d) => d.errors)).toEqual([]);
    const [web, service] = await applyYamlFix(text, rule);
    expect(web.spec.template.metadata.labels).toEqual({ app: 'web', tier: 'frontend' });
    expect(service.spec.ports[0]).toMatchObject({ name: 'web', port: 80, targetPort: 'http' });
  });
});
