/**
 * The files a user of the scenario's setup would have, written to `<state dir>/project/`: a Compose project
 * (`docker-compose.yml` + the proxy config it mounts) or, for VMs, each host's /etc files (nginx.conf, the
 * app's systemd unit, nftables.conf). `updoc lint <project>` reads them like a real project.
 */
import type { BackendSpec, FaultSpec, ScenarioSpec } from '../model.js';
import { renderHaproxyCfg } from './haproxy.js';
import { renderKubernetes } from './kubernetes.js';
import { renderNginxConf, userNginxPaths } from './nginx.js';

/** relative path → content */
export type ProjectFiles = Record<string, string>;

/** Where the proxy config sits in the project, and where the container (or VM) has it. */
export function proxyConfigPath(scenario: ScenarioSpec): { project: string; inside: string } {
  const proxy = scenario.proxy;
  if (scenario.platform === 'kubernetes') return { project: `k8s/${proxy.service}.yaml`, inside: '/etc/nginx/nginx.conf' };
  if (scenario.platform === 'vm') {
    return proxy.kind === 'nginx'
      ? { project: `${proxy.host}/etc/nginx/nginx.conf`, inside: '/etc/nginx/nginx.conf' }
      : { project: `${proxy.host}/etc/haproxy/haproxy.cfg`, inside: '/etc/haproxy/haproxy.cfg' };
  }
  return proxy.kind === 'nginx'
    ? { project: 'nginx/nginx.conf', inside: '/etc/nginx/nginx.conf' }
    : { project: 'haproxy/haproxy.cfg', inside: '/usr/local/etc/haproxy/haproxy.cfg' };
}

export function renderProject(scenario: ScenarioSpec): ProjectFiles {
  const files: ProjectFiles = {};
  const proxy = scenario.proxy;
  const config = proxyConfigPath(scenario);
  if (scenario.platform === 'kubernetes') {
    Object.assign(files, renderKubernetes(scenario));
    files['README.md'] = renderReadme(scenario, files);
    return files;
  }
  files[config.project] = proxy.kind === 'nginx' ? renderNginxConf(proxy, userNginxPaths(scenario.platform)) : renderHaproxyCfg(proxy);
  if (scenario.platform === 'compose') {
    files['docker-compose.yml'] = renderCompose(scenario, config);
  } else {
    for (const backend of scenario.backends) files[`${backend.host}/etc/systemd/system/${backend.service}.service`] = renderSystemdUnit(backend);
    for (const fault of scenario.faults ?? []) if (fault.kind === 'nft-drop') files[`${fault.host}/etc/nftables.conf`] = renderNftables(fault);
  }
  files['README.md'] = renderReadme(scenario, files);
  return files;
}

const q = (value: string) => JSON.stringify(value);

function renderCompose(scenario: ScenarioSpec, config: { project: string; inside: string }): string {
  const proxy = scenario.proxy;
  const hostNetworks = (host: string) => scenario.hosts.find((h) => h.name === host)?.networks ?? [];
  const out = [`# ${scenario.description}`, `# Rendered by \`updoc lab\` from the scenario "${scenario.name}".`, `name: ${scenario.project}`, '', 'services:'];
  out.push(`  ${proxy.service}:`, `    image: ${proxy.image}`, '    ports:', `      - ${q(`${proxy.publishedPort}:${proxy.port}`)}`);
  out.push('    volumes:', `      - ./${config.project}:${config.inside}:ro`);
  out.push('    networks:', ...hostNetworks(proxy.host).map((n) => `      - ${n}`));
  if (proxy.dependsOn) {
    out.push('    depends_on:');
    for (const service of proxy.dependsOn.services) {
      if (proxy.dependsOn.healthy) out.push(`      ${service}:`, '        condition: service_healthy');
      else out.push(`      - ${service}`);
    }
  }
  out.push('    restart: unless-stopped');
  for (const backend of scenario.backends) {
    out.push('', `  ${backend.service}:`, `    image: ${backend.image}`, `    working_dir: /srv/${backend.service}`);
    out.push(`    command: [${backend.command.map(q).join(', ')}]`);
    const env = Object.entries(backend.environment);
    if (env.length > 0) out.push('    environment:', ...env.map(([k, v]) => `      ${k}: ${q(v)}`));
    if (backend.expose.length > 0) out.push('    expose:', ...backend.expose.map((p) => `      - ${q(String(p))}`));
    if (backend.fdLimit) out.push('    ulimits:', '      nofile:', `        soft: ${backend.fdLimit}`, `        hard: ${backend.fdLimit}`);
    if (backend.healthcheck) {
      const b = backend.behaviour;
      const url = `${b.tls ? 'https' : 'http'}://127.0.0.1:${b.port}${backend.healthcheck}`;
      const test = ['CMD', 'wget', ...(b.tls ? ['--no-check-certificate'] : []), '-qO-', url];
      out.push('    healthcheck:', `      test: [${test.map(q).join(', ')}]`, '      interval: 5s', '      timeout: 3s', '      retries: 5');
    }
    out.push('    networks:', ...hostNetworks(backend.host).map((n) => `      - ${n}`), '    restart: unless-stopped');
  }
  out.push('', 'networks:', ...scenario.networks.map((n) => `  ${n}: {}`), '');
  return out.join('\n');
}

function renderSystemdUnit(backend: BackendSpec): string {
  const out = ['[Unit]', `Description=${backend.service} (Node.js)`, 'After=network-online.target', '', '[Service]'];
  for (const [k, v] of Object.entries(backend.environment)) out.push(`Environment=${k}=${v}`);
  out.push(`WorkingDirectory=/srv/${backend.service}`, `ExecStart=/usr/bin/${backend.command.join(' ')}`, 'Restart=on-failure', `User=${backend.service}`);
  if (backend.fdLimit) out.push(`LimitNOFILE=${backend.fdLimit}`);
  out.push('', '[Install]', 'WantedBy=multi-user.target', '');
  return out.join('\n');
}

/** The ruleset the lab loads into the host's namespace, as the host's /etc/nftables.conf. */
export function renderNftables(fault: Extract<FaultSpec, { kind: 'nft-drop' }>): string {
  return [
    '#!/usr/sbin/nft -f',
    'flush ruleset',
    '',
    'table inet filter {',
    '    chain input {',
    '        type filter hook input priority 0; policy accept;',
    `        tcp dport ${fault.port} drop comment ${q(fault.description)}`,
    '    }',
    '}',
    '',
  ].join('\n');
}

function renderReadme(scenario: ScenarioSpec, files: ProjectFiles): string {
  const logs =
    scenario.platform === 'compose'
      ? `docker compose logs ${scenario.proxy.service}`
      : scenario.platform === 'kubernetes'
        ? `kubectl logs -n ${scenario.project} deploy/${scenario.proxy.service}`
        : `/var/log/nginx/ on ${scenario.proxy.host}`;
  return [
    `# ${scenario.name}`,
    '',
    scenario.description,
    '',
    scenario.story,
    '',
    `Expected root cause: ${scenario.cause === null ? 'none (healthy baseline)' : `\`${scenario.cause}\``}.`,
    '',
    'Files:',
    '',
    ...Object.keys(files)
      .sort()
      .map((f) => `- \`${f}\``),
    '',
    `Rendered by \`updoc lab up ${scenario.name}\`; the proxy's logs (${logs} in a real setup) are in \`../logs/\`.`,
    '',
  ].join('\n');
}
