import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SEVERITIES, SEVERITY_RANK, type Severity } from '../../core/define-rule.js';
import { LintUsageError, lint } from '../../diagnosis/lint.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { LINT_FORMATS, renderLintJson, renderLintMarkdown, renderLintSarif, renderLintText } from '../../reporters/lint/index.js';
import { createStyle } from '../../reporters/style.js';
import { type Command, EXIT, outputFormat, UsageError, useColor, writeStats } from '../command.js';

declare const UPDOC_VERSION: string;

/** Findings at or above this severity make the exit code 1; info findings are advice. */
const DEFAULT_FAIL_LEVEL: Severity = 'warning';

const lintCommand: Command = {
  name: 'lint',
  summary: 'Follow every proxy → backend path through nginx, HAProxy, Compose, Kubernetes, Istio … configs and report what breaks it.',
  usage:
    'updoc lint [PATH | -]... [--fail-level error|warning|info] [--rule ID]... [--disable ID]... [--config FILE] [--json | --format text|json|sarif|markdown]',
  details: [
    'PATH: files or directories (default: the current directory), or - for standard input (named by --stdin-filename).',
    'Directories are read recursively: nginx.conf, conf.d/, sites-*/, docker-compose*.yml / compose*.yaml with .env,',
    'Kubernetes and Istio YAML/JSON, haproxy.cfg, Envoy, Traefik, Caddyfile, Spring application*.properties|yml,',
    'Terraform *.tf. node_modules, .git, vendor and caches are skipped, and so are Helm chart templates (lint the',
    'output of `helm template` instead). Files over 8 MiB (maxFileSize in .updoc.yaml) and binary files are not read.',
    '',
    'Rule ids accept `<domain>/*` (e.g. --disable "istio/*"). `updoc rules` lists every rule.',
    'Suppress: `# updoc-ignore <rule>` on the line or the line above, `# updoc-ignore-file <rule>`, the Kubernetes',
    'annotation updoc.dev/ignore, or .updoc.yaml (disable: [...], ignore: [{rule, path}], exclude: [...], maxFileSize).',
    '',
    'Examples:',
    '  updoc lint',
    '  updoc lint deploy/ nginx/nginx.conf --format sarif > updoc.sarif',
    '  helm template shop ./chart | updoc lint - nginx/',
    '',
    `Exit codes (every format): 0 no finding at or above --fail-level (default ${DEFAULT_FAIL_LEVEL}), 1 such findings,`,
    '2 usage error (unknown option or rule, missing PATH, malformed .updoc.yaml). Unreadable or unparsable files',
    'are findings (input/*), not exit 2, so the rest is still checked.',
  ].join('\n'),
  allowPositionals: true,
  options: {
    'fail-level': {
      type: 'string',
      description: `exit 1 when a finding is at or above this severity: error, warning or info (default ${DEFAULT_FAIL_LEVEL})`,
      valueName: 'LEVEL',
    },
    rule: { type: 'string', multiple: true, description: 'run only this rule (repeatable; input/* rules always run)', valueName: 'ID' },
    disable: { type: 'string', multiple: true, description: 'do not run this rule (repeatable)', valueName: 'ID' },
    config: { type: 'string', description: 'settings file (default: .updoc.yaml in the current or first given directory)', valueName: 'FILE' },
    'stdin-filename': { type: 'string', description: 'name (and so the kind) of the configuration read from `-` (default stdin.yaml)', valueName: 'NAME' },
    stats: { type: 'boolean', description: 'print timings, objects/s and peak memory on stderr (for benchmarks)', hidden: true },
  },
  async run({ values, positionals }, io) {
    const format = outputFormat(values, LINT_FORMATS);
    const failLevel = (typeof values['fail-level'] === 'string' ? values['fail-level'] : DEFAULT_FAIL_LEVEL).toLowerCase();
    if (!(SEVERITIES as readonly string[]).includes(failLevel))
      throw new UsageError(`unknown --fail-level "${displayLine(failLevel, 40)}"; use error, warning or info`);
    let stdin: { name: string; bytes: Uint8Array } | undefined;
    if (positionals.includes('-')) {
      if (io.stdin.isTTY) throw new UsageError('`-` reads configuration from standard input: pipe it in (helm template … | updoc lint -)');
      const name = typeof values['stdin-filename'] === 'string' ? values['stdin-filename'] : 'stdin.yaml';
      stdin = { name, bytes: await readBounded(io.stdin, STDIN_LIMIT_BYTES) };
    }
    const started = process.hrtime.bigint();
    const cwd = process.cwd();
    let result: ReturnType<typeof lint>;
    try {
      result = lint({
        paths: positionals.filter((p) => p !== '-'),
        stdin,
        cwd,
        configFile: typeof values.config === 'string' ? values.config : undefined,
        only: stringList(values.rule),
        disable: stringList(values.disable),
      });
    } catch (error) {
      if (error instanceof LintUsageError) throw new UsageError(displayLine(error.message, 400));
      throw error;
    }
    const version = typeof UPDOC_VERSION === 'string' ? UPDOC_VERSION : 'dev';
    io.stdout.write(
      format === 'json'
        ? renderLintJson(result)
        : format === 'sarif'
          ? renderLintSarif(result, { toolVersion: version, sourceRoot: cwd, rulesDocUrl: rulesDocUrl() })
          : format === 'markdown'
            ? renderLintMarkdown(result)
            : renderLintText(result, createStyle(useColor(values, io))),
    );
    if (values.stats) lintStats(io, result, started);
    const threshold = SEVERITY_RANK[failLevel as Severity];
    return result.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold) ? EXIT.problems : EXIT.clean;
  },
};

/** Standard input is read up to this (then refused as too large); the per-file limit of .updoc.yaml applies below it. */
const STDIN_LIMIT_BYTES = 64 * 1024 * 1024;

/** Reads at most `limit + 1` bytes, so an overlong input is detected without being buffered whole. */
async function readBounded(stream: NodeJS.ReadableStream, limit: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(buf.subarray(0, limit + 1 - size));
    size += Math.min(buf.length, limit + 1 - size);
    if (size > limit) break;
  }
  return Buffer.concat(chunks, size);
}

function stringList(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
}

/** docs/rules.md of this installation, as a file URL (the package ships docs/): SARIF helpUri must be absolute. */
function rulesDocUrl(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'docs', 'rules.md');
    if (existsSync(candidate)) return pathToFileURL(candidate).href;
    dir = dirname(dir);
  }
  return pathToFileURL(resolve('docs', 'rules.md')).href;
}

function lintStats(io: Parameters<Command['run']>[1], result: ReturnType<typeof lint>, started: bigint): void {
  const t = result.timings;
  writeStats(
    io,
    Number(process.hrtime.bigint() - started) / 1e9,
    { files: result.facts.files.length, findings: result.findings.length, paths: result.facts.topology.paths.length },
    { discover_s: t.discover.toFixed(3), parse_s: t.parse.toFixed(3), rules_s: t.rules.toFixed(3) },
  );
}

export default lintCommand;
