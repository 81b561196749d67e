import type { CountedRuleCase } from '../rule-case.js';

const service = (namespace: string | undefined, name = 'web') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  selector: {app: web}
  ports: [{name: http, port: 80}]
`;
const ingress = (namespace: string | undefined, backend = 'web') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
${namespace ? `  namespace: ${namespace}\n` : ''}spec:
  ingressClassName: nginx
  defaultBackend:
    service: {name: ${backend}, port: {number: 80}}
`;

export default [
  { name: 'same namespace', files: { 'a.yaml': `${service('shop')}---\n${ingress('shop')}` }, findings: 0 },
  {
    name: 'Ingress in another namespace than the Service',
    files: { 'a.yaml': `${service('shop')}---\n${ingress('default')}` },
    findings: 1,
    message: 'it exists in namespace `shop`',
  },
  {
    name: 'Ingress without namespace (applied together with the Service)',
    files: { 'svc.yaml': service('shop'), 'ing.yaml': ingress(undefined) },
    findings: 0,
  },
  { name: 'only the Ingress in the input', files: { 'ing.yaml': ingress('shop') }, findings: 0 },
  {
    name: 'resource backend',
    files: {
      'a.yaml': `${service('shop')}---\n${ingress('shop').replace('    service: {name: web, port: {number: 80}}', '    resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static}')}`,
    },
    findings: 0,
  },
  { name: 'typo, no close name', files: { 'a.yaml': `${service('shop')}---\n${ingress('shop', 'storefront')}` }, findings: 1 },
] satisfies CountedRuleCase[];
