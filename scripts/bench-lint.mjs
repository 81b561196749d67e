// `updoc lint` benchmark. Generates a deterministic, realistic and interlinked project in a temporary directory:
// 10,000 Kubernetes objects (2,000 apps × Deployment, Service, Ingress, NetworkPolicy, ConfigMap across 20
// namespaces, one multi-document file per app, plus the ingress-nginx controller), 1,000 Compose services
// (50 projects of an nginx proxy and 19 backends) and 500 nginx server blocks (10 per project, each proxying to a
// backend of its project by Compose name). Then, in the same run: parses every YAML file with the yaml library
// (the floor: `parseAllDocuments` + `toJS`, what a user of the library would call), and runs `updoc lint` on the
// directory (the built CLI, `--stats`). Prints objects/s, wall and CPU seconds, peak RSS and the lint / bare-parse
// ratio (medians of BENCH_RUNS runs), with the load average: on a shared machine wall time measures the other
// processes, CPU seconds measure this one. Deletes what it wrote.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { benchDir, ensureBuilt, median, statsOf } from './bench-common.mjs';

const APPS = Number(process.env.BENCH_APPS ?? 2000); // × 5 objects
const PROJECTS = Number(process.env.BENCH_PROJECTS ?? 50); // × 20 services, × 10 server blocks
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const NAMESPACES = 20;
const BACKENDS_PER_PROJECT = 19;
const SERVERS_PER_PROJECT = 10;
const TARGET_OBJECTS_PER_S = 5000;
const TARGET_RATIO = 2;

ensureBuilt();
const { dir, write, cleanup } = benchDir('lint');

// ── Kubernetes ─────────────────────────────────────────────────────────────────────────────────────
function kubernetesApp(i) {
  const ns = `team-${i % NAMESPACES}`;
  const name = `svc-${i}`;
  const port = 3000 + (i % 50);
  const labels = `app.kubernetes.io/name: ${name}\n        app.kubernetes.io/part-of: ${ns}`;
  return `# ${name}: generated for the lint benchmark
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels:
    app.kubernetes.io/name: ${name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  template:
    metadata:
      labels:
        ${labels}
    spec:
      containers:
        - name: app
          image: registry.example.com/${ns}/${name}:1.${i % 17}.0
          env:
            - name: PORT
              value: "${port}"
            - name: CONFIG_PATH
              value: /etc/app/config.yaml
          ports:
            - name: http
              containerPort: ${port}
            - name: metrics
              containerPort: 9090
          readinessProbe:
            httpGet:
              path: /ready
              port: http
          livenessProbe:
            httpGet:
              path: /healthz
              port: http
          resources:
            requests: { cpu: 100m, memory: 128Mi }
            limits: { memory: 256Mi }
          volumeMounts:
            - name: config
              mountPath: /etc/app
      volumes:
        - name: config
          configMap:
            name: ${name}-config
---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector:
    app.kubernetes.io/name: ${name}
  ports:
    - name: http
      port: 80
      targetPort: http
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: ${name}
  namespace: ${ns}
  annotations:
    nginx.ingress.kubernetes.io/proxy-read-timeout: "30"
spec:
  ingressClassName: nginx
  rules:
    - host: ${name}.${ns}.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: ${name}
                port:
                  name: http
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}-from-ingress
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      app.kubernetes.io/name: ${name}
  policyTypes: [Ingress]
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              kubernetes.io/metadata.name: ingress-nginx
      ports:
        - port: ${port}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-config
  namespace: ${ns}
data:
  config.yaml: |
    listen: 0.0.0.0:${port}
    upstream: http://svc-${(i + 1) % APPS}.team-${(i + 1) % NAMESPACES}.svc.cluster.local
`;
}

const INGRESS_CONTROLLER = `apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.2
          args: [/nginx-ingress-controller, --ingress-class=nginx]
          ports:
            - name: http
              containerPort: 80
            - name: https
              containerPort: 443
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
`;

// ── Compose + nginx ────────────────────────────────────────────────────────────────────────────────
function composeProject(p) {
  const services = [];
  services.push(`  proxy:
    image: nginx:1.27-alpine
    ports:
      - "${8000 + p}:80"
    volumes:
      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro
      - ./nginx/conf.d:/etc/nginx/conf.d:ro
    networks: [front]
    depends_on:
${Array.from({ length: SERVERS_PER_PROJECT }, (_, s) => `      backend-${s}:\n        condition: service_healthy`).join('\n')}
    restart: unless-stopped`);
  for (let b = 0; b < BACKENDS_PER_PROJECT; b++) {
    const port = 4000 + b;
    services.push(`  backend-${b}:
    image: registry.example.com/p${p}/backend-${b}:2.${b}.0
    environment:
      HOST: 0.0.0.0
      PORT: "${port}"
      UPSTREAM: http://backend-${(b + 1) % BACKENDS_PER_PROJECT}:${4000 + ((b + 1) % BACKENDS_PER_PROJECT)}
      DB_PASSWORD: \${DB_PASSWORD:-secret}
    expose:
      - "${port}"
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:${port}/healthz"]
      interval: 10s
      timeout: 3s
      retries: 5
    networks: [front, back]
    restart: unless-stopped`);
  }
  return `name: project-${p}\nservices:\n${services.join('\n\n')}\n\nnetworks:\n  front: {}\n  back: {}\n`;
}

function nginxConf() {
  return `user nginx;
worker_processes auto;
events { worker_connections 1024; }
http {
    include /etc/nginx/mime.types;
    sendfile on;
    keepalive_timeout 65;
    include /etc/nginx/conf.d/*.conf;
}
`;
}

function nginxSites(p) {
  const blocks = [`resolver 127.0.0.11 valid=10s ipv6=off;\n`];
  for (let s = 0; s < SERVERS_PER_PROJECT; s++) {
    blocks.push(`upstream backend_${s} {
    zone backend_${s} 64k;
    server backend-${s}:${4000 + s} resolve;
    keepalive 16;
    keepalive_timeout 4s;
}

server {
    listen 80;
    server_name site-${s}.project-${p}.example.com;

    location /api/ {
        proxy_pass http://backend_${s};
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        proxy_read_timeout 30s;
    }

    location /static/ {
        root /usr/share/nginx/html;
        expires 1h;
    }
}
`);
  }
  return blocks.join('\n');
}

function generate() {
  for (let i = 0; i < APPS; i++) write(`k8s/team-${i % NAMESPACES}/svc-${i}.yaml`, kubernetesApp(i));
  write('k8s/ingress-nginx/controller.yaml', INGRESS_CONTROLLER);
  for (let p = 0; p < PROJECTS; p++) {
    write(`compose/project-${p}/docker-compose.yml`, composeProject(p));
    write(`compose/project-${p}/.env`, 'DB_PASSWORD=change-me\n');
    write(`compose/project-${p}/nginx/nginx.conf`, nginxConf());
    write(`compose/project-${p}/nginx/conf.d/sites.conf`, nginxSites(p));
  }
}

function yamlFiles(root) {
  const out = [];
  for (const e of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && /\.ya?ml$/.test(e.name)) out.push(join(e.parentPath ?? e.path, e.name));
  }
  return out.sort();
}

/** The floor: read and parse every YAML file with the yaml library, documents converted to JS values. */
function bareParse(files) {
  const started = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  let documents = 0;
  for (const file of files) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      doc.toJS();
      documents++;
    }
  }
  const cpu = process.cpuUsage(cpuStart);
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6, documents };
}

function runLint() {
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['bin/updoc.js', 'lint', dir, '--json', '--stats'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    timeout: 600_000,
  });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`updoc lint exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  const stats = statsOf(r.stderr);
  const json = JSON.parse(r.stdout);
  return { wall, stats, summary: json.summary, findings: json.findings };
}

try {
  const genStarted = Date.now();
  generate();
  const files = yamlFiles(dir);
  const objects = APPS * 5 + 3 + PROJECTS * (BACKENDS_PER_PROJECT + 1) + PROJECTS * SERVERS_PER_PROJECT;
  console.log(
    `generated ${APPS * 5 + 3} Kubernetes objects, ${PROJECTS * (BACKENDS_PER_PROJECT + 1)} Compose services, ${PROJECTS * SERVERS_PER_PROJECT} nginx server blocks (${files.length} YAML files) in ${((Date.now() - genStarted) / 1000).toFixed(1)} s`,
  );
  const parses = [];
  const lints = [];
  const loadBefore = loadavg()[0];
  for (let run = 0; run < RUNS; run++) {
    parses.push(bareParse(files));
    lints.push(runLint());
  }
  const loadAfter = loadavg()[0];
  const parse = { seconds: median(parses.map((p) => p.seconds)), cpuSeconds: median(parses.map((p) => p.cpuSeconds)), documents: parses[0].documents };
  const lintSeconds = median(lints.map((l) => l.stats.seconds));
  const lintCpu = median(lints.map((l) => l.stats.cpu_seconds));
  const peakRss = median(lints.map((l) => l.stats.max_rss_mib));
  const last = lints[lints.length - 1];
  const byRule = {};
  for (const f of last.findings) byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
  console.log(
    `bare YAML parse (yaml ${JSON.parse(readFileSync('node_modules/yaml/package.json', 'utf8')).version}, ${parse.documents} documents): ${parse.seconds.toFixed(3)} s wall, ${parse.cpuSeconds.toFixed(3)} s CPU (median of ${RUNS})`,
  );
  console.log(
    `updoc lint: ${lintSeconds.toFixed(3)} s in the engine (discover ${last.stats.discover_s}, parse+topology ${last.stats.parse_s}, rules ${last.stats.rules_s}), ${median(lints.map((l) => l.wall)).toFixed(3)} s wall with Node start-up, ${lintCpu.toFixed(3)} s CPU (the whole process, start-up included), peak RSS ${peakRss} MiB (median of ${RUNS}; CPU per run ${lints.map((l) => l.stats.cpu_seconds).join(', ')})`,
  );
  console.log(
    `  files ${last.summary.files}, paths followed ${JSON.stringify(last.summary.paths)}, findings ${last.summary.findings} ${JSON.stringify(byRule)}`,
  );
  const perSecond = objects / lintSeconds;
  const perCpuSecond = objects / lintCpu;
  const ratio = lintSeconds / parse.seconds;
  const cpuRatio = lintCpu / parse.cpuSeconds;
  console.log(`load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (${cpus().length} cores)`);
  console.log(
    `objects/s: ${Math.round(perCpuSecond)} per CPU second, ${Math.round(perSecond)} per wall second (target ≥ ${TARGET_OBJECTS_PER_S} on one core) · lint / bare parse: ${cpuRatio.toFixed(2)}× CPU, ${ratio.toFixed(2)}× wall (target ≤ ${TARGET_RATIO}×)`,
  );
  console.log(
    `targets (CPU): ${perCpuSecond >= TARGET_OBJECTS_PER_S ? 'met' : 'NOT met'} (objects/s), ${cpuRatio <= TARGET_RATIO ? 'met' : 'NOT met'} (ratio)`,
  );
} finally {
  cleanup();
}
