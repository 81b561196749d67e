// `updoc diagnose` benchmark: a realistic project directory with a few MB of logs and its configs — a Compose
// project (nginx proxy + 12 backends on two networks), the nginx config with one location per backend (one of them
// sends to `localhost`, the known cause), and logs: an nginx error log and a `log_format` access log with upstream
// timings (BENCH_LOG_MB, default 4 MB in total, ~2% failures), plus backend start-up logs. Runs the built CLI
// `updoc diagnose DIR --json --stats` BENCH_RUNS times (default 5) and prints wall and CPU seconds (median, best),
// checking the verdict names wrong-host-localhost. Deletes what it wrote (BENCH_DIR keeps the files there).
import { spawnSync } from 'node:child_process';
import { benchDir, ensureBuilt, median, statsOf } from './bench-common.mjs';

const LOG_MB = Number(process.env.BENCH_LOG_MB ?? 4);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const BACKENDS = 12;

ensureBuilt();
const { dir, write, cleanup } = benchDir('diagnose');

// Deterministic pseudo-random numbers (mulberry32).
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const backends = Array.from({ length: BACKENDS }, (_, i) => ({ name: `svc${i}`, port: 3000 + i }));
write(
  'docker-compose.yml',
  `services:\n  proxy:\n    image: nginx:1.27-alpine\n    ports:\n      - "8080:80"\n    volumes:\n      - ./nginx/nginx.conf:/etc/nginx/nginx.conf:ro\n    networks: [front, back]\n${backends
    .map(
      (b) =>
        `  ${b.name}:\n    image: example/${b.name}:1.0\n    environment:\n      PORT: "${b.port}"\n    expose:\n      - "${b.port}"\n    networks: [back]\n`,
    )
    .join('')}networks:\n  front: {}\n  back: {}\n`,
);
const locations = backends
  .map((b, i) => `    location /${b.name}/ {\n      proxy_pass http://${i === 3 ? 'localhost' : b.name}:${b.port};\n      proxy_read_timeout 30s;\n    }\n`)
  .join('');
write(
  'nginx/nginx.conf',
  `events {}\nhttp {\n  log_format timed '$remote_addr - [$time_local] "$request" $status $body_bytes_sent ua="$upstream_addr" us="$upstream_status" uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time"';\n  access_log /var/log/nginx/access.log timed;\n  server {\n    listen 80;\n${locations}  }\n}\n`,
);

const errorLines = [];
const accessLines = [];
let bytes = 0;
let t = Date.UTC(2026, 10, 20, 8, 0, 0);
const two = (n) => String(n).padStart(2, '0');
const stamp = (ms) => {
  const d = new Date(ms);
  return {
    error: `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`,
    access: `20/Nov/2026:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`,
  };
};
while (bytes < LOG_MB * 1024 * 1024) {
  t += 40 + Math.floor(random() * 80);
  const i = Math.floor(random() * BACKENDS);
  const b = backends[i];
  const s = stamp(t);
  const client = `172.19.0.${1 + Math.floor(random() * 3)}`;
  const path = `/${b.name}/items/${Math.floor(random() * 5000)}`;
  let access;
  if (i === 3) {
    const error = `${s.error} [error] 29#29: *${accessLines.length} connect() failed (111: Connection refused) while connecting to upstream, client: ${client}, server: _, request: "GET ${path} HTTP/1.1", upstream: "http://127.0.0.1:${b.port}${path}", host: "localhost:8080"`;
    errorLines.push(error);
    bytes += error.length + 1;
    access = `${client} - [${s.access}] "GET ${path} HTTP/1.1" 502 157 ua="127.0.0.1:${b.port}" us="502" uct="-" uht="-" urt="0.000"`;
  } else {
    const rt = (0.002 + random() * 0.2).toFixed(3);
    access = `${client} - [${s.access}] "GET ${path} HTTP/1.1" 200 ${200 + Math.floor(random() * 9000)} ua="172.19.0.${10 + i}:${b.port}" us="200" uct="0.001" uht="${rt}" urt="${rt}"`;
  }
  accessLines.push(access);
  bytes += access.length + 1;
}
write('logs/error.log', `${errorLines.join('\n')}\n`);
write('logs/access.log', `${accessLines.join('\n')}\n`);
for (const b of backends) write(`logs/${b.name}.log`, `> ${b.name}@1.0.0 start\n> node server.js\n${b.name} listening on port ${b.port}\n`);

const runs = [];
let verdict;
for (let r = 0; r < RUNS; r++) {
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['bin/updoc.js', 'diagnose', dir, '--json', '--stats'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  const stats = statsOf(run.stderr);
  verdict = JSON.parse(run.stdout).verdict;
  runs.push({ wall, cpu: stats.cpu_seconds, engine: stats.seconds, rss: stats.max_rss_mib, logBytes: stats.log_bytes, lines: stats.log_lines });
}
cleanup();

const best = (xs) => Math.min(...xs);
const mb = (runs[0].logBytes / 1024 / 1024).toFixed(1);
console.log(
  `updoc diagnose on a project with ${mb} MiB of logs (${runs[0].lines} lines), ${BACKENDS + 1} Compose services, ${BACKENDS} proxied paths; ${RUNS} runs`,
);
console.log(`verdict: ${verdict.status} ${verdict.cause ?? ''} (${Math.round(verdict.confidence * 100)}%)`);
console.log(`wall (process, incl. Node start-up): median ${median(runs.map((r) => r.wall)).toFixed(3)} s, best ${best(runs.map((r) => r.wall)).toFixed(3)} s`);
console.log(
  `engine (diagnoseProject):          median ${median(runs.map((r) => r.engine)).toFixed(3)} s, best ${best(runs.map((r) => r.engine)).toFixed(3)} s`,
);
console.log(`CPU (user + system):               median ${median(runs.map((r) => r.cpu)).toFixed(3)} s, best ${best(runs.map((r) => r.cpu)).toFixed(3)} s`);
console.log(`peak RSS: ${median(runs.map((r) => r.rss)).toFixed(1)} MiB`);
if (verdict.cause !== 'wrong-host-localhost') {
  console.error('the benchmark project must be diagnosed as wrong-host-localhost');
  process.exitCode = 1;
}
