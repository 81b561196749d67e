import type { CountedRuleCase } from '../rule-case.js';

const service = `apiVersion: v1
kind: Service
metadata: {name: db, namespace: data}
spec:
  ports: [{name: pg, port: 5432}]
`;
const consumer = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: db-admin, namespace: data}
spec:
  defaultBackend:
    service: {name: db, port: {number: 5432}}
`;

export default [
  {
    name: 'legacy v1 Endpoints with the Service name',
    files: {
      'db.yaml': `${service}---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: db, namespace: data}\nsubsets:\n  - addresses: [{ip: 10.0.0.8}]\n    ports: [{name: pg, port: 5432}]\n---\n${consumer}`,
    },
    findings: 0,
  },
  {
    name: 'EndpointSlice whose port name differs from the Service port name',
    files: {
      'db.yaml': `${service}---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: db-1\n  namespace: data\n  labels: {kubernetes.io/service-name: db}\naddressType: IPv4\nports: [{name: postgres, port: 5432}]\nendpoints: [{addresses: [10.0.0.8]}]\n---\n${consumer}`,
    },
    findings: 1,
  },
  { name: 'selector-less Service nobody routes to (managed elsewhere)', files: { 'db.yaml': service }, findings: 0 },
  { name: 'no endpoints, routed to', files: { 'db.yaml': `${service}---\n${consumer}` }, findings: 1 },
] satisfies CountedRuleCase[];
