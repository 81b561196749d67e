import { defineRule, type FindingInput } from '../../../core/define-rule.js';
import type { Located } from '../../../core/position.js';
import { describe } from '../../../inputs/kubernetes/index-objects.js';
import { isValidPortNumber, portNameProblem, servicePortNameProblem } from '../../../inputs/kubernetes/values.js';
import { replaceFix } from '../../../inputs/kubernetes/yaml-edits.js';
import { withEdits } from '../../example-edits.js';
import { deployment, service } from '../examples.js';

const problem = {
  description: 'A quoted targetPort and a container port name longer than 15 characters.',
  files: {
    'manifests/orders.yaml': `${deployment({
      name: 'orders',
      namespace: 'shop',
      image: 'ghcr.io/example/orders:1.0.4',
      container: `ports:
  - name: orders-http-port
    containerPort: 8080
`,
    })}---
${service({
  name: 'orders',
  namespace: 'shop',
  ports: `- name: http
  port: 80
  targetPort: "8080"
`,
})}`,
  },
};

export default defineRule({
  id: 'kubernetes/invalid-port',
  domain: 'kubernetes',
  cause: 'config-error',
  severity: 'error',
  title: 'Port number or port name that Kubernetes rejects',
  catalog: ['A3'],
  docs: {
    why: 'Port numbers must be 1–65535 and port names must be IANA service names (at most 15 lower-case letters, digits and "-", with a letter). A quoted number such as `targetPort: "8080"` is a *name* to Kubernetes, and an invalid one. `kubectl apply` rejects such objects, so the Service or Deployment is not updated — or, when a tool writes it anyway, the name matches nothing and the Service gets no endpoints. Multi-port Services must name every port.',
    problem,
    fixed: withEdits(problem, [
      { file: 'manifests/orders.yaml', replace: 'targetPort: "8080"', with: 'targetPort: 8080' },
      { file: 'manifests/orders.yaml', replace: '- name: orders-http-port', with: '- name: http' },
    ]),
    remediation:
      'Write port numbers unquoted (1–65535); name ports with at most 15 lower-case letters, digits and "-" (`http`, `grpc-api`, `metrics`); give every port of a multi-port Service a unique name.',
    references: [
      'https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/#ServiceSpec',
      'https://github.com/stackrox/kube-linter/issues/124',
    ],
  },
  check(ctx) {
    const k = ctx.facts.kubernetes;
    const report = (f: FindingInput) => ctx.report(f);
    for (const service of k.services) {
      const owner = describe(service.object);
      const names = new Map<string, number>();
      service.ports.forEach((port) => {
        checkNumber(port.rawPort, `port of ${owner}`, report);
        if (port.rawTargetPort) checkNumberOrName(port.rawTargetPort, `targetPort of ${owner}`, report);
        if (port.name) {
          const problem = servicePortNameProblem(port.name.value);
          if (problem) report({ message: `port name \`${port.name.value}\` of ${owner} ${problem}: \`kubectl apply\` rejects it`, at: port.name.at });
          const seen = names.get(port.name.value) ?? 0;
          if (seen === 1) report({ message: `port name \`${port.name.value}\` is used twice in ${owner}: \`kubectl apply\` rejects it`, at: port.name.at });
          names.set(port.name.value, seen + 1);
        } else if (service.ports.length > 1) {
          report({ message: `${owner} has ${service.ports.length} ports and this one has no name: multi-port Services must name every port`, at: port.at });
        }
      });
    }
    for (const workload of k.workloads) {
      const owner = describe(workload.object);
      const names = new Set<string>();
      for (const container of workload.template.containers) {
        for (const port of container.ports) {
          checkNumber(port.rawPort, `containerPort of container \`${container.name}\` in ${owner}`, report);
          if (!port.name) continue;
          const problem = portNameProblem(port.name.value);
          if (problem) report({ message: `container port name \`${port.name.value}\` in ${owner} ${problem}: \`kubectl apply\` rejects it`, at: port.name.at });
          else if (names.has(port.name.value))
            report({
              message: `container port name \`${port.name.value}\` is used twice in the pod of ${owner}: \`kubectl apply\` rejects it`,
              at: port.name.at,
            });
          names.add(port.name.value);
        }
        for (const probe of [container.readinessProbe, container.livenessProbe, container.startupProbe]) {
          if (probe?.port) checkNumberOrName(probe.port, `${probe.type} probe port of container \`${container.name}\` in ${owner}`, report);
        }
      }
    }
  },
});

function checkNumber(value: Located<unknown>, what: string, report: (f: FindingInput) => void): void {
  const v = value.value;
  if (v === undefined || v === null) return;
  if (typeof v === 'string' && /^\d+$/.test(v.trim())) {
    const fix = replaceFix(value.at, v.trim(), 'write the number unquoted');
    report({ message: `${what} is the string "${v}", not a number: \`kubectl apply\` rejects it`, at: value.at, ...(fix ? { fix } : {}) });
  } else if (typeof v !== 'number' || !isValidPortNumber(v)) {
    report({ message: `${what} is ${JSON.stringify(v)}: port numbers are whole numbers from 1 to 65535`, at: value.at });
  }
}

function checkNumberOrName(value: Located<unknown>, what: string, report: (f: FindingInput) => void): void {
  const v = value.value;
  if (typeof v === 'number') {
    if (!isValidPortNumber(v)) report({ message: `${what} is ${v}: port numbers are whole numbers from 1 to 65535`, at: value.at });
    return;
  }
  if (typeof v !== 'string') return;
  if (/^\d+$/.test(v.trim())) {
    const fix = replaceFix(value.at, v.trim(), 'write the number unquoted, so it is a port number and not a port name');
    report({
      message: `${what} is the quoted "${v}", which Kubernetes reads as a port *name* (and rejects: names need a letter); write it unquoted`,
      at: value.at,
      ...(fix ? { fix } : {}),
    });
    return;
  }
  const problem = portNameProblem(v);
  if (problem) report({ message: `${what} names port \`${v}\`, and a port name ${problem}`, at: value.at });
}
