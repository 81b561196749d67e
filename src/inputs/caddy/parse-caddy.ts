import { basename } from 'node:path';
import type { ConfigFile, ConfigInput } from '../config/config-input.js';
import type { CaddyConfig, CaddyFacts } from './model.js';
import { readCaddyfile } from './read-caddyfile.js';
import { readCaddyJson } from './read-json.js';

/** `Caddyfile`, `Caddyfile.dev`, `site.caddyfile`, `*.caddy` (imported pieces are read through their importer). */
const CADDYFILE = /^(?:Caddyfile(?:\..+)?|.+\.caddyfile|.+\.caddy)$/i;

/**
 * Caddy configurations: Caddyfiles (snippets and `import`s expanded, so an imported file is not read twice) and
 * native JSON configs (`apps.http.servers`).
 */
export function parseCaddy(given: ConfigInput): CaddyFacts {
  // A file imported by another is also read on its own: each problem is reported once.
  const seen = new Set<string>();
  const input = Object.create(given, {
    problem: {
      value: (at: Parameters<ConfigInput['problem']>[0], message: string) => {
        const key = `${at.file}:${at.line}:${at.column}:${message}`;
        if (seen.has(key)) return;
        seen.add(key);
        given.problem(at, message);
      },
    },
  }) as ConfigInput;
  const configs: CaddyConfig[] = [];
  const candidates = input.files.filter((f) => CADDYFILE.test(basename(f.path)));
  const imported = new Set<string>();
  const read: CaddyConfig[] = [];
  for (const file of candidates) {
    const config = readCaddyfile(input, file);
    if (!config) continue;
    read.push(config);
    for (const f of config.files) if (f !== file.path) imported.add(f);
  }
  configs.push(...read.filter((c) => !imported.has(c.file)));
  for (const file of input.files) {
    if (!/\.json$/i.test(file.path) || !file.text.includes('"apps"')) continue;
    for (const doc of input.yaml(file).docs) {
      const config = readCaddyJson(doc, file as ConfigFile);
      if (config) configs.push(config);
    }
  }
  return { configs };
}
