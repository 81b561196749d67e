import { projectInput } from './helpers.js';
import { parseNginxConfigs } from '../../../src/inputs/nginx/index.js';
import { parseHaproxyConfigs } from '../../../src/inputs/haproxy/index.js';
import { nginxTargets } from '../../../src/inputs/nginx/topology.js';
const files: Record<string, string> = {};
for (let p = 0; p < 50; p++) {
  files[`p${p}/nginx/nginx.conf`] = `events {}\nhttp {\n  resolver 127.0.0.11 valid=10s;\n  include /etc/nginx/conf.d/*.conf;\n}\n`;
  for (let s = 0; s < 10; s++) {
    files[`p${p}/nginx/conf.d/s${s}.conf`] =
      `upstream u${s} {\n  zone u${s} 64k;\n  server api${s}:3000 resolve;\n  keepalive 16;\n  keepalive_timeout 4s;\n}\nserver {\n  listen 80;\n  server_name s${s}.example.com;\n  location /api/ {\n    proxy_http_version 1.1;\n    proxy_set_header Connection "";\n    proxy_set_header Host $host;\n    proxy_pass http://u${s};\n  }\n  location / {\n    set $b http://web${s}:8080;\n    proxy_pass $b;\n  }\n}\n`;
  }
}
let hap = 'global\ndefaults\n  mode http\n  timeout connect 5s\n  timeout client 30s\n  timeout server 30s\nfrontend fe\n  bind :80\n';
for (let b = 0; b < 500; b++) hap += `  use_backend b${b} if { hdr(host) s${b}.example.com }\n`;
for (let b = 0; b < 500; b++) hap += `backend b${b}\n  option httpchk GET /healthz\n  server s1 app${b}:3000 check\n  server s2 app${b}b:3000 check\n`;
files['haproxy/haproxy.cfg'] = hap;
const p = projectInput(files);
const bytes = Object.values(files).reduce((n, t) => n + t.length, 0);
for (let round = 0; round < 5; round++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const facts = parseNginxConfigs(p.input);
  let targets = 0;
  for (const c of facts.configs) targets += nginxTargets(c).length;
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  const h = parseHaproxyConfigs(p.input);
  const t2 = performance.now();
  console.log(
    `nginx: ${facts.configs.length} configs, ${facts.configs.reduce((n, c) => n + c.servers.length, 0)} server blocks, ${targets} targets: ${(t1 - t0).toFixed(1)} ms wall, ${((c1.user + c1.system) / 1000).toFixed(1)} ms CPU; haproxy 500 backends: ${(t2 - t1).toFixed(1)} ms; ${(bytes / 1024).toFixed(0)} KiB`,
  );
}
p.cleanup();
{
  const { parseNginxText } = await import('../../../src/inputs/nginx/syntax.js');
  const texts = Object.entries(files).filter(([k]) => !k.endsWith('.cfg'));
  for (let r = 0; r < 5; r++) {
    const c0 = process.cpuUsage();
    for (const [k, t] of texts) parseNginxText(k, t);
    const c1 = process.cpuUsage(c0);
    console.log(`parse only: ${((c1.user + c1.system) / 1000).toFixed(1)} ms CPU`);
  }
}
