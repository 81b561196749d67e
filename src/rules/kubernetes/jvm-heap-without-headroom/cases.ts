import type { CountedRuleCase } from '../rule-case.js';

const app = (container: string) => `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: index, namespace: search}
spec:
  serviceName: index
  selector: {matchLabels: {app: index}}
  template:
    metadata: {labels: {app: index}}
    spec:
      containers:
        - name: index
          image: ghcr.io/example/index:2
${container}`;

const limit = (memory: string) => `          resources: {limits: {memory: ${memory}}}\n`;

export default [
  {
    name: 'a 900 MiB heap in 1Gi',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx900m"}]\n${limit('1Gi')}`) },
    findings: 1,
    at: ['a.yaml:13'],
    message: 'leaving 124 MiB (12%)',
  },
  {
    name: 'near miss: exactly three quarters of the limit',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx768m"}]\n${limit('1Gi')}`) },
    findings: 0,
  },
  {
    name: 'MaxRAMPercentage=90',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=90"}]\n${limit('4Gi')}`) },
    findings: 1,
  },
  {
    name: 'near miss: MaxRAMPercentage=75',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=75"}]\n${limit('4Gi')}`) },
    findings: 0,
  },
  {
    name: 'near miss: a heap at or above the limit is the other rule',
    files: { 'a.yaml': app(`          env: [{name: JAVA_TOOL_OPTIONS, value: "-Xmx1g"}]\n${limit('1Gi')}`) },
    findings: 0,
  },
  {
    name: 'a search engine heap in ES_JAVA_OPTS',
    files: { 'a.yaml': app(`          env: [{name: ES_JAVA_OPTS, value: "-Xms3500m -Xmx3500m"}]\n${limit('4Gi')}`) },
    findings: 1,
  },
  {
    name: 'near miss: a fixed heap with a third of the limit to spare',
    files: { 'a.yaml': app(`          env: [{name: ES_JAVA_OPTS, value: "-Xms2g -Xmx2g"}]\n${limit('3Gi')}`) },
    findings: 0,
  },
] satisfies CountedRuleCase[];
