import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';
import type { Finding, Rule, Severity } from '../../core/define-rule.js';
import type { SourcePosition } from '../../core/position.js';
import type { LintResult } from '../../diagnosis/lint.js';
import { ruleAnchor } from './view.js';

export interface SarifOptions {
  toolVersion: string;
  /** Absolute directory relative paths are resolved against (the working directory of the run). */
  sourceRoot: string;
  /** Absolute URL of docs/rules.md; each rule's helpUri is this plus `#<anchor>`. */
  rulesDocUrl: string;
}

const SRCROOT = '%SRCROOT%';
const LEVEL: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/**
 * SARIF 2.1.0 for code-scanning UIs: rule metadata with help text and links, relative URIs against `%SRCROOT%`,
 * `partialFingerprints` that survive line shifts, fixes as SARIF `fixes`, the broken path as a `codeFlow`.
 */
export function renderLintSarif(result: LintResult, options: SarifOptions): string {
  const ruleIndex = new Map(result.rules.map((r, i) => [r.id, i]));
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'updoc',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: options.rulesDocUrl,
            rules: result.rules.map((rule) => ruleDescriptor(rule, options)),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.sourceRoot) } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.notes.map((note) => ({ level: 'note' as const, message: { text: note } })),
          },
        ],
        results: result.findings.map((finding) => sarifResult(finding, ruleIndex.get(finding.rule), result.sources.get(finding.at.file))),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function ruleDescriptor(rule: Rule, options: SarifOptions): Sarif.ReportingDescriptor {
  const anchor = ruleAnchor(rule.id);
  const catalog = rule.catalog && rule.catalog.length > 0 ? rule.catalog : undefined;
  return {
    id: rule.id,
    name: pascalCase(rule.id.slice(rule.id.indexOf('/') + 1)),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs.why },
    help: {
      text: `${rule.docs.remediation}\n\nDocumentation: docs/rules.md#${anchor}`,
      markdown: `${rule.docs.remediation}\n\n[Documentation](docs/rules.md#${anchor})`,
    },
    helpUri: `${options.rulesDocUrl}#${anchor}`,
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: { tags: [rule.domain, rule.cause, ...(catalog ?? [])], cause: rule.cause, ...(catalog ? { catalog } : {}) },
  };
}

function sarifResult(finding: Finding, index: number | undefined, source: string | undefined): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.rule,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding.at) }],
    partialFingerprints: { 'updoc/v1': fingerprint(finding, source) },
  };
  if (index !== undefined) result.ruleIndex = index;
  if (finding.related && finding.related.length > 0) {
    result.relatedLocations = finding.related.map((r, id) => ({ id, physicalLocation: physicalLocation(r.at), message: { text: r.message } }));
  }
  if (finding.fix) {
    const fix = finding.fix;
    result.fixes = [
      {
        description: { text: fix.description },
        artifactChanges: [
          {
            artifactLocation: artifactLocation(fix.file),
            replacements: [
              {
                deletedRegion: { startLine: fix.line, startColumn: fix.column, endLine: fix.endLine, endColumn: fix.endColumn },
                insertedContent: { text: fix.replacement },
              },
            ],
          },
        ],
      },
    ];
  }
  if (finding.path && finding.path.length > 0) {
    result.codeFlows = [
      {
        message: { text: finding.path.map((s) => s.text).join(' → ') },
        threadFlows: [
          {
            locations: finding.path.map((step) => ({
              location: { message: { text: step.text }, ...(step.at ? { physicalLocation: physicalLocation(step.at) } : {}) },
              kinds: [step.kind, step.status],
            })),
          },
        ],
      },
    ];
  }
  return result;
}

function physicalLocation(at: SourcePosition): Sarif.PhysicalLocation {
  const region: Sarif.Region = { startLine: Math.max(1, at.line), startColumn: Math.max(1, at.column) };
  if (at.endLine !== undefined && at.endLine >= at.line) region.endLine = at.endLine;
  if (at.endColumn !== undefined && (at.endLine === undefined || at.endLine > at.line || at.endColumn >= at.column)) region.endColumn = at.endColumn;
  return { artifactLocation: artifactLocation(at.file), region };
}

/** Paths under the working directory are relative (`nginx/nginx.conf`), others absolute file URIs. */
function artifactLocation(file: string): Sarif.ArtifactLocation {
  if (file.startsWith('/')) return { uri: pathToFileURL(file).href };
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SRCROOT };
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(directory).href;
  return href.endsWith('/') ? href : `${href}/`;
}

/** Stable across line shifts: the rule, the file, the text of the cited line and the message, not the line number. */
function fingerprint(finding: Finding, source: string | undefined): string {
  const lineText = source?.split(/\r?\n/, finding.at.line)[finding.at.line - 1]?.trim() ?? '';
  return createHash('sha256').update(`${finding.rule}\u0000${finding.at.file}\u0000${lineText}\u0000${finding.message}`).digest('hex').slice(0, 32);
}

function pascalCase(kebab: string): string {
  return kebab
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}
