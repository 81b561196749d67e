import type { CountedRuleCase } from '../rule-case.js';

const controller = (labels = 'app.kubernetes.io/name: ingress-nginx', extra = '') => `apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata: {name: nginx}
spec: {controller: k8s.io/ingress-nginx}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {${labels}}}
  template:
    metadata: {labels: {${labels}}}
    spec:
${extra}      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2
          ports: [{name: http, containerPort: 80}]
`;

const app = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: ghcr.io/example/web:1
          ports: [{name: http, containerPort: 8080}]
          readinessProbe: {tcpSocket: {port: http}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  defaultBackend: {service: {name: web, port: {name: http}}}
`;

const allow = (from: string, ports = '[{port: http}]') => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
    - from: [${from}]
      ports: ${ports}
`;

const byName = '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}';

export default [
  { name: 'controller admitted by namespace name, named port', files: { 'c.yaml': controller(), 'a.yaml': `${app}---\n${allow(byName)}` }, findings: 0 },
  {
    name: 'controller admitted on the Service port instead of the pod port',
    files: { 'c.yaml': controller(), 'a.yaml': `${app}---\n${allow(byName, '[{port: 80}]')}` },
    findings: 1,
  },
  {
    name: 'namespace and pod selector: pods of the controller labelled differently (older chart)',
    files: {
      'c.yaml': controller('app: nginx-ingress'),
      'a.yaml': `${app}---\n${allow(`{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}, podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}}`)}`,
    },
    findings: 1,
  },
  { name: 'controller not in the input, namespace selector by name: cannot tell', files: { 'a.yaml': `${app}---\n${allow(byName)}` }, findings: 0 },
  {
    name: 'controller not in the input, only same-namespace pods admitted',
    files: { 'a.yaml': `${app}---\n${allow('{podSelector: {matchLabels: {role: frontend}}}')}` },
    findings: 0,
  },
  {
    name: 'controller not in the input, default deny with no allow at all',
    files: {
      'a.yaml': `${app}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n`,
    },
    findings: 1,
  },
  {
    name: 'host-network controller: CNI-dependent, not claimed',
    files: { 'c.yaml': controller(undefined, '      hostNetwork: true\n'), 'a.yaml': `${app}---\n${allow('{podSelector: {matchLabels: {role: x}}}')}` },
    findings: 0,
  },
  {
    name: 'egress policy on the controller that leaves out the backend namespace',
    files: {
      'c.yaml': `${controller()}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: controller-egress, namespace: ingress-nginx}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}]\n`,
      'a.yaml': app,
    },
    findings: 1,
  },
  {
    name: 'helm template output without namespaces: its default-deny egress policy is not applied to the controller in ingress-nginx',
    files: {
      'c.yaml': controller(),
      'a.yaml': `${app.replaceAll(', namespace: shop}', '}')}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{port: 53, protocol: UDP}]\n---\n${allow(byName).replace(', namespace: shop}', '}')}`,
    },
    findings: 0,
  },
  {
    name: 'the same default-deny egress policy written in the controller namespace does block it',
    files: {
      'c.yaml': `${controller()}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ingress-nginx}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{port: 53, protocol: UDP}]\n`,
      'a.yaml': `${app}---\n${allow(byName)}`,
    },
    findings: 1,
  },
] satisfies CountedRuleCase[];
