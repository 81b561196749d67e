import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverConfigFiles, isConfigFileName } from '../../src/inputs/config/discover.js';
import { DEFAULT_MAX_FILE_BYTES, NODE_FILE_SYSTEM } from '../../src/inputs/config/read-config-file.js';
import { tempProject } from './helpers.js';

function discover(root: string, paths = ['.']) {
  return discoverConfigFiles(paths, { cwd: root, fs: NODE_FILE_SYSTEM, maxFileBytes: DEFAULT_MAX_FILE_BYTES });
}

describe('which file names are configuration', () => {
  it.each([
    ['nginx.conf', 'etc', true],
    ['default.conf', 'conf.d', true],
    ['default.conf.template', 'templates', true],
    ['example.com', 'sites-enabled', true],
    ['example.com', 'sites-available', true],
    ['example.com', 'docs', false],
    ['example.com.bak', 'sites-enabled', false],
    ['default', 'conf.d', false],
    ['.hidden', 'sites-enabled', false],
    ['haproxy.cfg', 'haproxy', true],
    ['docker-compose.yml', 'app', true],
    ['docker-compose.override.yaml', 'app', true],
    ['compose.yaml', 'app', true],
    ['.env', 'app', true],
    ['.env.local', 'app', false],
    ['deployment.yaml', 'k8s', true],
    ['envoy.json', 'envoy', true],
    ['application.properties', 'resources', true],
    ['application-prod.properties', 'resources', true],
    ['bootstrap.properties', 'resources', true],
    ['messages.properties', 'resources', false],
    ['alb.tf', 'infra', true],
    ['Caddyfile', 'caddy', true],
    ['Caddyfile.prod', 'caddy', true],
    ['traefik.toml', 'traefik', true],
    ['package.json', 'app', false],
    ['package-lock.json', 'app', false],
    ['pnpm-lock.yaml', 'app', false],
    ['tsconfig.build.json', 'app', false],
    ['.updoc.yaml', 'app', false],
    ['main.go', 'cmd', false],
    ['README.md', 'app', false],
  ])('%s in %s/ → %s', (name, parent, expected) => {
    expect(isConfigFileName(name, parent)).toBe(expected);
  });
});

describe('discovery', () => {
  it('walks directories recursively in sorted order and skips dependency, VCS and build-output directories', () => {
    const p = tempProject({
      'docker-compose.yml': 'services: {}\n',
      'nginx/nginx.conf': 'events {}\n',
      'nginx/conf.d/api.conf': 'server {}\n',
      'k8s/b.yaml': 'kind: Service\n',
      'k8s/a.yaml': 'kind: Deployment\n',
      'node_modules/pkg/docker-compose.yml': 'services: {}\n',
      '.git/config.yaml': 'x: 1\n',
      'vendor/chart/values.yaml': 'x: 1\n',
      'java/pom.xml': '<project/>\n',
      'java/target/classes/application.properties': 'server.port=8080\n',
      'java/src/main/resources/application.properties': 'server.port=8080\n',
      'notes.txt': 'not configuration\n',
    });
    try {
      const d = discover(p.root);
      expect(d.files.map((f) => f.path)).toEqual([
        'docker-compose.yml',
        'java/src/main/resources/application.properties',
        'k8s/a.yaml',
        'k8s/b.yaml',
        'nginx/conf.d/api.conf',
        'nginx/nginx.conf',
      ]);
      expect(d.problems).toEqual([]);
      expect(d.files.every((f) => !f.explicit && f.absolutePath.startsWith(p.root))).toBe(true);
    } finally {
      p.cleanup();
    }
  });

  it('skips unrendered Helm templates with a note, and reads any file named explicitly', () => {
    const p = tempProject({
      'chart/Chart.yaml': 'name: shop\n',
      'chart/values.yaml': 'replicas: 2\n',
      'chart/templates/deployment.yaml': 'replicas: {{ .Values.replicas }}\n',
      'my-proxy.txt': 'server { listen 80; }\n',
    });
    try {
      const d = discover(p.root, ['chart', 'my-proxy.txt']);
      expect(d.files.map((f) => [f.path, f.explicit ?? false])).toEqual([
        ['chart/Chart.yaml', false],
        ['chart/values.yaml', false],
        ['my-proxy.txt', true],
      ]);
      expect(d.notes).toEqual(['chart/templates: Helm chart templates are not rendered; lint the output of `helm template` instead']);
    } finally {
      p.cleanup();
    }
  });

  it('walks a skipped-by-name directory when it is named explicitly, and reads a file given twice once', () => {
    const p = tempProject({ 'vendor/docker-compose.yml': 'services: {}\n' });
    try {
      expect(discover(p.root, ['vendor', 'vendor/docker-compose.yml']).files.map((f) => f.path)).toEqual(['vendor/docker-compose.yml']);
    } finally {
      p.cleanup();
    }
  });

  it('a directory reachable directly and through a symbolic link is read once, under its real path', () => {
    const p = tempProject({ 'a/compose.yaml': 'services: {}\n', 'z-real/nginx.conf': 'events {}\n' });
    try {
      symlinkSync('../z-real', join(p.root, 'a/linked'));
      const d = discover(p.root);
      expect(d.files.map((f) => f.path)).toEqual(['a/compose.yaml', 'z-real/nginx.conf']);
      expect(d.notes).toEqual(['a/linked: symbolic link to a directory already read (z-real); not read twice']);
    } finally {
      p.cleanup();
    }
  });

  it('follows symbolic links to directories but stops at cycles', () => {
    const p = tempProject({ 'deploy/k8s/svc.yaml': 'kind: Service\n', 'shared/nginx.conf': 'events {}\n' });
    try {
      symlinkSync('..', join(p.root, 'deploy/k8s/parent'));
      symlinkSync('../shared', join(p.root, 'deploy/shared-link'));
      mkdirSync(join(p.root, 'deploy/empty'));
      const d = discover(p.root, ['deploy']);
      expect(d.files.map((f) => f.path)).toEqual(['deploy/k8s/svc.yaml', 'deploy/shared-link/nginx.conf']);
      expect(d.notes).toEqual(['deploy/k8s/parent: symbolic link to a directory already read (deploy); not read twice']);
    } finally {
      p.cleanup();
    }
  });
});
