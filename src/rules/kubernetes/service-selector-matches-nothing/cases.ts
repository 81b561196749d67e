import type { CountedRuleCase } from '../rule-case.js';

const deployment = (labels: string, extra = '') => `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  namespace: data
spec:
  serviceName: db
  replicas: 3
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
${labels}
    spec:
      containers:
        - name: postgres
          image: postgres:16
          ports:
            - name: pg
              containerPort: 5432
${extra}`;

const service = (selector: string, namespace = 'data') => `apiVersion: v1
kind: Service
metadata:
  name: db-primary
  namespace: ${namespace}
spec:
  selector:
${selector}
  ports:
    - port: 5432
      targetPort: pg
`;

export default [
  {
    name: 'StatefulSet pod name selector within the replica count matches (control-plane label)',
    files: { 'db.yaml': `${deployment('        app: db')}---\n${service('    app: db\n    statefulset.kubernetes.io/pod-name: db-0')}` },
    findings: 0,
  },
  {
    name: 'StatefulSet pod name beyond the replica count matches nothing',
    files: { 'db.yaml': `${deployment('        app: db')}---\n${service('    app: db\n    statefulset.kubernetes.io/pod-name: db-3')}` },
    findings: 1,
  },
  {
    name: 'selector matching Deployment metadata labels but not its template labels',
    files: {
      'db.yaml': `${deployment('        app: db\n        tier: data')}---\n${service('    app: db\n    role: primary')}`,
    },
    findings: 1,
    message: 'no `role` label',
  },
  {
    name: 'Service and workload in separate files and directories, no namespace on either (applied together)',
    files: {
      'base/service.yaml': service('    app: api', 'x').replace('  namespace: x\n', ''),
      'base/deploy/api.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers: [{name: api, image: "example/api:2", ports: [{containerPort: 5432, name: pg}]}]
`,
    },
    findings: 0,
  },
  {
    name: 'pods it wants only in another namespace (the Service was put in the wrong one)',
    files: {
      'db.yaml': `${deployment('        app: db')}---\n${service('    app: db', 'web')}---\n${service('    app: other', 'web').replace('db-primary', 'web')}`,
    },
    findings: 1,
    message: 'its own namespace',
  },
  {
    name: 'only Services in the input (the workloads live elsewhere): nothing to compare with',
    files: { 'svc.yaml': service('    app: db') },
    findings: 0,
  },
  {
    name: 'workload document skipped for template residue: no claim about the namespace',
    files: {
      'db.yaml': `${deployment('        app: db')}---\n${service('    app: cache')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cache\n  namespace: data\nspec:\n  template:\n    metadata:\n      labels:\n        app: "{{ .Values.name }}"\n    spec:\n      containers: [{name: c, image: redis}]\n`,
    },
    findings: 0,
  },
  {
    name: 'matchExpressions on the workload side do not matter; template labels do',
    files: {
      'app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: data}
spec:
  selector:
    matchExpressions:
      - {key: app, operator: In, values: [api]}
  template:
    metadata:
      labels: {app: api, version: v2}
    spec:
      containers: [{name: api, image: "example/api:2", ports: [{containerPort: 5432, name: pg}]}]
---
${service('    app: api\n    version: v2')}`,
    },
    findings: 0,
  },
  {
    name: 'near miss: the Service of another app this one calls, whose workload is not in the input (a partial paste)',
    files: {
      'app.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: {name: orders, namespace: data}
spec:
  selector: {matchLabels: {app: orders}}
  template:
    metadata: {labels: {app: orders}}
    spec:
      containers: [{name: orders, image: "example/orders:3", env: [{name: DB_URL, value: "db-primary:5432"}], ports: [{containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: orders, namespace: data}
spec:
  selector: {app: orders}
  ports: [{port: 80, targetPort: 8080}]
---
${service('    app: postgres')}`,
    },
    findings: 0,
  },
  {
    name: 'a serving workload no Service selects is the one it misses (labels unlike the selector)',
    files: { 'db.yaml': `${deployment('        app: pg-main')}---\n${service('    app: postgres')}` },
    findings: 1,
  },
  {
    name: 'near miss: the only workload without a Service runs to completion (a CronJob)',
    files: {
      'db.yaml': `apiVersion: batch/v1
kind: CronJob
metadata: {name: vacuum, namespace: data}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: vacuum}}
        spec:
          restartPolicy: OnFailure
          containers: [{name: vacuum, image: "postgres:16", ports: [{containerPort: 5432}]}]
---
${service('    app: postgres')}`,
    },
    findings: 0,
  },
  {
    name: 'a typo in the value while another Service selects the pods (headless + primary)',
    files: {
      'db.yaml': `${deployment('        app: db')}---\n${service('    app: dbb')}---\n${service('    app: db').replace('db-primary', 'db-headless')}`,
    },
    findings: 1,
    message: '`app: db` (not `dbb`)',
  },
] satisfies CountedRuleCase[];
