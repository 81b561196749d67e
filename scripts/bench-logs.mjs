// `updoc logs` benchmark. Generates deterministic synthetic logs in a temporary directory (each file
// BENCH_LOG_MB MiB, default 1024): an nginx error log (~10% upstream errors plus decoy lines that
// mention "upstream" but are not failures), an nginx access log with upstream fields and retries, and an
// Envoy default-format access log (~5% UF/UH/URX/UC/UT plus NR/DC decoys). For each file it checks that
// updoc's per-upstream failure counts equal the counts kept while generating, then times updoc on one
// thread (UPDOC_LOG_JOBS=1) and on all cores against `rg PATTERN | mawk` pipelines that compute the same
// per-upstream counts (the best of a few spellings), and the gzip copy of the error log against
// `zcat | rg`. Prints MB/s (wall clock and per CPU second), peak RSS, ratios and the load average, and
// Node's floor on each plain file (scripts/bench-logs-floor.mjs: read it and count its lines, nothing else) and,
// on the nginx error log, the pipeline's own count done by the least a Node program needs for it.
// Deletes everything it wrote (BENCH_DIR keeps the files there, for iterating).
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { benchDir, ensureBuilt } from './bench-common.mjs';

const MB = Number(process.env.BENCH_LOG_MB ?? 1024);
const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const TARGET_MBPS = 800;
const TARGET_RSS_MIB = 256;
if (!(MB > 0)) throw new Error('BENCH_LOG_MB must be a positive number');
for (const tool of ['/usr/bin/rg', '/usr/bin/mawk', '/usr/bin/time']) if (!existsSync(tool)) throw new Error(`${tool} is needed for the comparison`);
ensureBuilt();
// BENCH_DIR keeps the generated files (and their expected counts) between runs, for iterating.
const { dir, kept: keep, cleanup } = benchDir('logs');

// ── deterministic generation ──────────────────────────────────────────────────────────────────────
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
const pad = (n, w = 2) => String(n).padStart(w, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const START = Date.UTC(2024, 2, 12, 0, 0, 0);
const PEERS = Array.from({ length: 24 }, (_, i) => `10.0.${Math.floor(i / 8)}.${10 + (i % 8)}:8080`);
const PATHS = ['/api/users', '/api/orders?page=2', '/api/cart', '/static/app.js', '/healthz', '/api/search?q=shoes'];

async function generate(path, lineAt, counts) {
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  const limit = MB * 1024 * 1024;
  let size = 0;
  let i = 0;
  const batch = [];
  while (size < limit) {
    const line = lineAt(i++, counts);
    batch.push(line);
    size += Buffer.byteLength(line) + 1;
    if (batch.length === 4096) {
      if (!out.write(`${batch.join('\n')}\n`)) await new Promise((r) => out.once('drain', r));
      batch.length = 0;
    }
  }
  if (batch.length) out.write(`${batch.join('\n')}\n`);
  await new Promise((r) => out.end(r));
}

const add = (counts, key, n = 1) => counts.set(key, (counts.get(key) ?? 0) + n);

function nginxErrorLine(r) {
  return (i, counts) => {
    const t = new Date(START + i * 7);
    const ts = `${t.getUTCFullYear()}/${pad(t.getUTCMonth() + 1)}/${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())}`;
    const peer = pick(r, PEERS);
    const ctx = `client: 172.18.${Math.floor(r() * 4)}.${Math.floor(r() * 250)}, server: api.example.com, request: "GET ${pick(r, PATHS)} HTTP/1.1"`;
    const x = r();
    if (x < 0.06) {
      add(counts, peer);
      return `${ts} [error] 31#31: *${i} connect() failed (111: Connection refused) while connecting to upstream, ${ctx}, upstream: "http://${peer}/api", host: "api.example.com"`;
    }
    if (x < 0.085) {
      add(counts, peer);
      return `${ts} [error] 31#31: *${i} upstream timed out (110: Connection timed out) while reading response header from upstream, ${ctx}, upstream: "http://${peer}/api", host: "api.example.com"`;
    }
    if (x < 0.095) {
      add(counts, 'backend');
      return `${ts} [error] 31#31: *${i} no live upstreams while connecting to upstream, ${ctx}, upstream: "http://backend/api", host: "api.example.com"`;
    }
    if (x < 0.1) {
      add(counts, peer);
      return `${ts} [error] 31#31: *${i} upstream prematurely closed connection while reading response header from upstream, ${ctx}, upstream: "http://${peer}/api", host: "api.example.com"`;
    }
    // Decoys: they mention upstream (or look like errors) but are not upstream failures.
    if (x < 0.3)
      return `${ts} [warn] 31#31: *${i} an upstream response is buffered to a temporary file /var/cache/nginx/proxy_temp/${i % 10}/00/00000${i % 100000} while reading upstream, ${ctx}, upstream: "http://${peer}/api", host: "api.example.com"`;
    if (x < 0.5) return `${ts} [info] 31#31: *${i} client 172.18.0.${i % 250} closed keepalive connection`;
    return `${ts} [notice] 31#31: *${i} "^/api/(.*)$" matches "/api/users", ${ctx}, host: "api.example.com"`;
  };
}

const ACCESS_FORMAT =
  '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" rt=$request_time ua="$upstream_addr" us="$upstream_status" uct="$upstream_connect_time" uht="$upstream_header_time" urt="$upstream_response_time"';

function nginxAccessLine(r) {
  return (i, counts) => {
    const t = new Date(START + i * 3);
    const ts = `${pad(t.getUTCDate())}/${MONTHS[t.getUTCMonth()]}/${t.getUTCFullYear()}:${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}:${pad(t.getUTCSeconds())} +0000`;
    const a = pick(r, PEERS);
    const b = pick(r, PEERS);
    const x = r();
    let status = 200;
    let ua = a;
    let us = '200';
    let uct = '0.001';
    let uht = '0.012';
    let urt = '0.013';
    let rt = '0.014';
    if (x < 0.02) {
      // refused on the first peer, retried on the next: two attempts, one failure
      ua = `${a}, ${b}`;
      us = '502, 200';
      uct = '-, 0.001';
      uht = '-, 0.010';
      urt = '0.000, 0.011';
      add(counts, a);
    } else if (x < 0.035) {
      status = 504;
      us = '504';
      uht = '-';
      urt = rt = '60.001';
      add(counts, a);
    } else if (x < 0.045) {
      status = 502;
      ua = `${a}, ${b}`;
      us = '502, 502';
      uct = '-, -';
      uht = '-, -';
      urt = '0.000, 0.000';
      add(counts, a);
      add(counts, b);
    } else if (x < 0.05) {
      status = 500; // the application's own error: reached fine, not an upstream failure
      us = '500';
    }
    return `10.1.${i % 200}.${i % 250} - - [${ts}] "GET ${pick(r, PATHS)} HTTP/1.1" ${status} ${Math.floor(r() * 40000)} "https://shop.example.com/" "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36" rt=${rt} ua="${ua}" us="${us}" uct="${uct}" uht="${uht}" urt="${urt}"`;
  };
}

function envoyLine(r) {
  return (i, counts) => {
    const t = new Date(START + i * 3).toISOString();
    const peer = pick(r, PEERS);
    const authority = pick(r, ['api.shop.svc', 'cart.shop.svc', 'search.shop.svc']);
    const x = r();
    let code = 200;
    let flags = '-';
    let host = peer;
    if (x < 0.02) [code, flags] = [503, 'UF,URX'];
    else if (x < 0.03) [code, flags] = [503, 'UF'];
    else if (x < 0.035) [code, flags, host] = [503, 'UH', '-'];
    else if (x < 0.042) [code, flags] = [503, 'UC'];
    else if (x < 0.05) [code, flags] = [504, 'UT'];
    else if (x < 0.06) [code, flags, host] = [404, 'NR', '-'];
    else if (x < 0.07) [code, flags] = [0, 'DC'];
    if (flags !== '-' && flags !== 'NR' && flags !== 'DC') add(counts, host === '-' ? authority : host);
    return `[${t}] "GET ${pick(r, PATHS)} HTTP/1.1" ${code} ${flags} 0 ${Math.floor(r() * 5000)} ${Math.floor(r() * 90)} ${flags === '-' ? Math.floor(r() * 80) : '-'} "10.1.0.${i % 250}" "curl/8.5.0" "${((i * 2654435761) >>> 0).toString(16)}-4e1a-9c1b-${pad(i % 1000, 4)}" "${authority}" "${host}"`;
  };
}

// ── independent per-upstream counts with ripgrep + mawk ───────────────────────────────────────────
const PIPELINES = {
  nginxError: {
    rg: ['-N', '--no-filename', 'while connecting to upstream|while reading response header from upstream'],
    awk: `/connect\\(\\) failed|upstream timed out|no live upstreams|prematurely closed/ { if (match($0, /upstream: "[a-z]+:\\/\\/[^\\/"]+/)) { u = substr($0, RSTART, RLENGTH); sub(/^upstream: "[a-z]+:\\/\\//, "", u); n[u]++ } } END { for (u in n) print u "\\t" n[u] }`,
  },
  nginxAccess: {
    rg: ['-N', '--no-filename', 'us="[^"]*50[234]'],
    awk: `{ if (match($0, / ua="[^"]*"/)) { ua = substr($0, RSTART + 5, RLENGTH - 6) } if (match($0, / us="[^"]*"/)) { us = substr($0, RSTART + 5, RLENGTH - 6) } k = split(ua, a, ", "); split(us, s, ", "); for (i = 1; i <= k; i++) if (s[i] ~ /^50[234]$/) n[a[i]]++ } END { for (u in n) print u "\\t" n[u] }`,
  },
  envoy: {
    rg: ['-N', '--no-filename', '" [0-9]+ [A-Z,]*(UF|UH|UC|UT|URX)'],
    awk: `{ if ($6 ~ /(^|,)(UF|UH|UC|UT|URX)(,|$)/) { h = $NF; gsub(/"/, "", h); if (h == "-") { h = $(NF - 1); gsub(/"/, "", h) } n[h]++ } } END { for (u in n) print u "\\t" n[u] }`,
  },
};

function timed(command, args, options = {}) {
  const r = spawnSync('/usr/bin/time', ['-v', command, ...args], { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options });
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)/.exec(r.stderr);
  const seconds = wall ? Number(wall[1] ?? 0) * 3600 + Number(wall[2]) * 60 + Number(wall[3]) : Number.NaN;
  const user = Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const sys = Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  const rssKiB = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds, cpu: user + sys, rssMiB: rssKiB / 1024 };
}

/**
 * The pipelines compared with: the same search and count in a few spellings (locale, memory maps),
 * the fastest of which is "the best rg | mawk pipeline". They run rg and mawk at once: two cores.
 */
const PIPELINE_VARIANTS = [
  { name: 'rg | mawk', env: '', rg: [] },
  { name: 'LC_ALL=C rg --mmap | mawk', env: 'LC_ALL=C ', rg: ['--mmap'] },
  { name: 'LC_ALL=C rg --no-mmap | mawk', env: 'LC_ALL=C ', rg: ['--no-mmap'] },
];

function pipelineCounts(file, spec, gz, variant = PIPELINE_VARIANTS[0]) {
  const rg = `${variant.env}/usr/bin/rg ${[...variant.rg, ...spec.rg].map(shellQuote).join(' ')}`;
  const source = gz ? `zcat ${shellQuote(file)} | ${rg}` : `${rg} ${shellQuote(file)}`;
  const r = timed('/bin/sh', ['-c', `${source} | ${variant.env}/usr/bin/mawk ${shellQuote(spec.awk)}`]);
  const counts = new Map(
    r.stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.split('\t')[0], Number(l.split('\t')[1])]),
  );
  return { ...r, counts, variant: variant.name };
}

/** `zcat | rg -c`: the speed gzip input must reach. */
function zcatRg(file, spec) {
  return timed('/bin/sh', [
    '-c',
    `zcat ${shellQuote(file)} | /usr/bin/rg -c ${spec.rg
      .filter((a) => a !== '-N' && a !== '--no-filename')
      .map(shellQuote)
      .join(' ')}`,
  ]);
}

function shellQuote(s) {
  return `'${s.replace(/'/g, "'\\''")}'`;
}

/** `jobs`: threads (UPDOC_LOG_JOBS); undefined: updoc's default (the available cores). */
function updocCounts(file, extra = [], jobs = undefined) {
  const env = { ...process.env };
  if (jobs === undefined) delete env.UPDOC_LOG_JOBS;
  else env.UPDOC_LOG_JOBS = String(jobs);
  const r = timed(process.execPath, ['bin/updoc.js', 'logs', '--json', '--stats', ...extra, file], { env });
  if (r.status !== 1) throw new Error(`updoc exited ${r.status} on ${file}:\n${r.stderr.slice(-2000)}`);
  const out = JSON.parse(r.stdout);
  const stats = /max_rss_mib=([\d.]+)/.exec(r.stderr);
  return { ...r, counts: new Map(out.byUpstream.map((u) => [u.upstream, u.count])), json: out, selfRssMiB: stats ? Number(stats[1]) : Number.NaN };
}

function sameCounts(a, b) {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

function diff(expected, got) {
  const keys = [...new Set([...expected.keys(), ...got.keys()])].filter((k) => expected.get(k) !== got.get(k)).slice(0, 5);
  return keys.map((k) => `${k}: expected ${expected.get(k) ?? 0}, got ${got.get(k) ?? 0}`).join('; ');
}

const best = (runs) => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a));

/**
 * Node's floor on the file (scripts/bench-logs-floor.mjs): `threads` threads that read it into WebAssembly memory and
 * count its newlines with updoc's SIMD scanner, nothing else. Throws when the line count is not the file's.
 */
function floorRun(file, threads, lines) {
  const r = timed(process.execPath, ['scripts/bench-logs-floor.mjs', file, String(threads)]);
  if (r.status !== 0 || Number(r.stdout.trim()) !== lines)
    throw new Error(`floor run on ${file} failed (${r.status}): ${r.stdout.trim()} lines, expected ${lines}\n${r.stderr.slice(-1000)}`);
  return r;
}

/**
 * The bench pipeline's own count on the nginx error log, done by the least a Node program needs for it
 * (scripts/bench-logs-floor.mjs nginx-error-count) on all cores. Throws when its counts are not the generator's.
 */
function countFloorRun(file, expected) {
  const r = timed(process.execPath, ['scripts/bench-logs-floor.mjs', file, String(availableParallelism()), 'nginx-error-count']);
  const counts = r.status === 0 ? new Map(JSON.parse(r.stdout)) : new Map();
  if (!sameCounts(expected, counts)) throw new Error(`count floor on ${file} failed (${r.status}): ${diff(expected, counts)}\n${r.stderr.slice(-1000)}`);
  return r;
}

/** Newlines of a file (`wc -l`: what the floor script counts; the generated files end with one). */
function lineCount(file) {
  const r = spawnSync('/usr/bin/wc', ['-l', file], { encoding: 'utf8' });
  return Number(r.stdout.trim().split(/\s+/)[0]);
}

async function main() {
  const files = [
    { name: 'nginx error log', file: join(dir, 'error.txt'), line: nginxErrorLine(rng(1)), pipeline: PIPELINES.nginxError, gz: true },
    // The access log is read with its log_format given, as a user with a custom format would.
    {
      name: 'nginx access log',
      file: join(dir, 'access.txt'),
      line: nginxAccessLine(rng(2)),
      pipeline: PIPELINES.nginxAccess,
      args: ['--log-format', ACCESS_FORMAT],
    },
    { name: 'Envoy access log', file: join(dir, 'envoy.txt'), line: envoyLine(rng(3)), pipeline: PIPELINES.envoy },
  ];
  console.log(
    `updoc logs benchmark: ${MB} MiB per file, ${RUNS} run(s) each (best kept), node ${process.version}, ${dir}, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const rows = [];
  let failed = false;
  for (const f of files) {
    f.file = f.file.replace(/\.txt$/, `-${MB}.txt`);
    const countsFile = `${f.file}.counts.json`;
    const t0 = Date.now();
    if (keep && existsSync(countsFile)) f.expected = new Map(JSON.parse(readFileSync(countsFile, 'utf8')));
    else {
      f.expected = new Map();
      await generate(f.file, f.line, f.expected);
      if (keep) writeFileSync(countsFile, JSON.stringify([...f.expected]));
    }
    const size = statSync(f.file).size;
    console.log(
      `\n${f.name}: generated ${(size / 1048576).toFixed(0)} MiB in ${((Date.now() - t0) / 1000).toFixed(1)} s, ${[...f.expected.values()].reduce((a, b) => a + b, 0)} upstream failures on ${f.expected.size} upstreams`,
    );
    const variants = [{ label: f.name, file: f.file, gz: false }];
    if (f.gz) {
      const gzFile = `${f.file}.gz`;
      if (!keep || !existsSync(gzFile)) await pipeline(createReadStream(f.file), createGzip({ level: 6 }), createWriteStream(gzFile));
      variants.push({ label: `${f.name} (.gz)`, file: gzFile, gz: true });
    }
    for (const v of variants) {
      // Warm the page cache, then measure.
      spawnSync('/bin/sh', ['-c', `cat ${shellQuote(v.file)} > /dev/null`]);
      const single = best(Array.from({ length: RUNS }, () => updocCounts(v.file, f.args, 1)));
      const both = best(Array.from({ length: RUNS }, () => updocCounts(v.file, f.args)));
      const pipelines = PIPELINE_VARIANTS.map((variant) => best(Array.from({ length: RUNS }, () => pipelineCounts(v.file, f.pipeline, v.gz, variant))));
      const p = best(pipelines);
      const zcat = v.gz ? best(Array.from({ length: RUNS }, () => zcatRg(v.file, f.pipeline))) : null;
      const lines = v.gz ? 0 : lineCount(v.file);
      const floor = v.gz ? null : best(Array.from({ length: RUNS }, () => floorRun(v.file, availableParallelism(), lines)));
      const floorSingle = v.gz ? null : best(Array.from({ length: RUNS }, () => floorRun(v.file, 1, lines)));
      const countFloor = !v.gz && f.pipeline === PIPELINES.nginxError ? best(Array.from({ length: RUNS }, () => countFloorRun(v.file, f.expected))) : null;
      const okUpdoc = sameCounts(f.expected, single.counts) && sameCounts(f.expected, both.counts);
      const okPipe = sameCounts(f.expected, p.counts);
      if (!okUpdoc) failed = true;
      rows.push({ label: v.label, gz: v.gz, mib: size / 1048576, single, both, p, zcat, floor, floorSingle, countFloor, okUpdoc, okPipe });
      console.log(
        `  ${v.label}: counts ${okUpdoc ? 'match' : `DIFFER (${diff(f.expected, single.counts)} / ${diff(f.expected, both.counts)})`} (best pipeline ${p.variant}: ${okPipe ? 'matches too' : `differs: ${diff(f.expected, p.counts)}`})`,
      );
      for (const x of pipelines) console.log(`    ${x.variant}: ${(size / 1e6 / x.seconds).toFixed(0)} MB/s`);
    }
  }
  const mbps = (r, x) => (r.mib * 1.048576) / x.seconds;
  const cpuMbps = (r, x) => (r.mib * 1.048576) / x.cpu;
  console.log(
    '\n| input | updoc 1 thread MB/s (wall) | per CPU-s | peak RSS | updoc all cores MB/s (wall) | per CPU-s | peak RSS | best pipeline MB/s (wall) | updoc all cores / pipeline | counts |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const reference = r.zcat ? `${mbps(r, r.p).toFixed(0)} (zcat \\| rg: ${mbps(r, r.zcat).toFixed(0)})` : mbps(r, r.p).toFixed(0);
    console.log(
      `| ${r.label} | ${mbps(r, r.single).toFixed(0)} | ${cpuMbps(r, r.single).toFixed(0)} | ${r.single.rssMiB.toFixed(0)} MiB | ${mbps(r, r.both).toFixed(0)} | ${cpuMbps(r, r.both).toFixed(0)} | ${r.both.rssMiB.toFixed(0)} MiB | ${reference} | ${(mbps(r, r.both) / mbps(r, r.p)).toFixed(2)}× | ${r.okUpdoc ? 'equal' : 'DIFFER'} |`,
    );
  }
  console.log(
    `\nNode's floor (scripts/bench-logs-floor.mjs: read() into WebAssembly memory and count newlines with updoc's SIMD scanner, nothing else), ${availableParallelism()} threads / 1 thread:`,
  );
  for (const r of rows.filter((x) => x.floor))
    console.log(
      `  ${r.label}: ${mbps(r, r.floor).toFixed(0)} / ${mbps(r, r.floorSingle).toFixed(0)} MB/s; best pipeline ${(mbps(r, r.p) / mbps(r, r.floor)).toFixed(2)}× the floor's throughput; updoc all cores ${(mbps(r, r.both) / mbps(r, r.floor)).toFixed(2)}×, one thread ${(mbps(r, r.single) / mbps(r, r.floorSingle)).toFixed(2)}× (one-thread floor)`,
    );
  for (const r of rows.filter((x) => x.countFloor))
    console.log(
      `  ${r.label}, the pipeline's own count done by the least a Node program needs (scripts/bench-logs-floor.mjs nginx-error-count, counts equal): ${mbps(r, r.countFloor).toFixed(0)} MB/s on ${availableParallelism()} threads, ${(mbps(r, r.countFloor) / mbps(r, r.p)).toFixed(2)}× the best pipeline`,
    );
  const plain = rows.filter((r) => !r.gz);
  const worstSingle = Math.min(...plain.map((r) => mbps(r, r.single)));
  const worstRatio = Math.min(...plain.map((r) => mbps(r, r.both) / mbps(r, r.p)));
  const gz = rows.filter((r) => r.gz);
  const worstGz = Math.min(...gz.map((r) => mbps(r, r.both) / mbps(r, r.zcat)));
  const worstRss = Math.max(...rows.flatMap((r) => [r.single.rssMiB, r.both.rssMiB]));
  console.log(
    `\ntargets: >= ${TARGET_MBPS} MB/s on one core -> ${worstSingle >= TARGET_MBPS ? 'met' : 'NOT met'} (slowest ${worstSingle.toFixed(0)} MB/s); ` +
      `all cores >= best pipeline -> ${worstRatio >= 1 ? 'met' : 'NOT met'} (worst ${worstRatio.toFixed(2)}×); ` +
      `gzip >= zcat | rg -> ${worstGz >= 1 ? 'met' : 'NOT met'} (${worstGz.toFixed(2)}×); ` +
      `peak RSS < ${TARGET_RSS_MIB} MiB -> ${worstRss < TARGET_RSS_MIB ? 'met' : 'NOT met'} (${worstRss.toFixed(0)} MiB)`,
  );
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  if (failed) process.exitCode = 1;
}

try {
  await main();
} finally {
  cleanup();
}
