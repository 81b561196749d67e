import type { ExplainReport } from '../../diagnosis/explain.js';
import { displayLine } from '../../inputs/text/sanitize.js';
import { percent, type Style, wrapText } from '../style.js';
import { checkTextLine } from '../next-check.js';

const WIDTH = 100;

/** Human-readable explain output. Every string from the input goes through displayLine(). */
export function renderExplainText(report: ExplainReport, style: Style): string {
  const out: string[] = [];
  if (report.causes.length === 0) return renderNothing(report, style);

  if (report.matches.length) {
    const groups = groupMatches(report.matches);
    out.push(
      style.bold(`Recognised ${groups.length} signature${groups.length === 1 ? '' : 's'}`) +
        style.dim(report.phase ? `  (failure phase: ${report.phase})` : ''),
    );
    for (const { match: m, lines } of groups) {
      const status = Array.isArray(m.status) ? m.status.join('/') : (m.status ?? 'n/a');
      const where = lines.length === 1 ? `line ${lines[0]}` : `${lines.length}× (lines ${lines.slice(0, 5).join(', ')}${lines.length > 5 ? ', …' : ''})`;
      out.push(`  ${style.cyan('●')} ${style.bold(m.signature)}  ${style.dim(`${m.platform} · ${m.phase} · client gets ${status} · ${where}`)}`);
      out.push(`    ${displayLine(m.text, WIDTH - 4)}`);
      const fields = Object.entries(m.fields).map(([k, v]) => `${k}=${displayLine(String(v), 80)}`);
      if (fields.length) out.push(style.dim(`    ${fields.join('  ')}`));
      out.push(wrapText(m.meaning, WIDTH - 4, '    '));
    }
  } else if (report.statusOnly) {
    out.push(style.bold(`Only a status was recognised: ${report.statusOnly.title}`));
    out.push(wrapText(report.statusOnly.meaning, WIDTH - 4, '    '));
    out.push(style.dim("    A status alone fits many causes; paste the proxy's error log line for a sharper answer."));
  }

  out.push('');
  out.push(style.bold('Likely root causes') + style.dim(`  (commands for: ${report.environment.id}, from ${report.environment.from})`));
  report.causes.slice(0, 5).forEach((c, i) => {
    const colour = i === 0 ? style.red : i < 3 ? style.yellow : style.dim;
    out.push(`  ${i + 1}. ${colour(style.bold(c.id.padEnd(22)))} ${percent(c.score).padStart(4)}  ${c.title}`);
    out.push(wrapText(displayLine(c.why, 1000), WIDTH - 7, '       '));
  });

  if (report.checks.length) {
    out.push('');
    out.push(style.bold('Next checks'));
    for (const c of report.checks) {
      out.push(checkTextLine(c, style, 300));
      out.push(style.dim(wrapText(displayLine(c.expect, 1000), WIDTH - 6, '      ')));
    }
  }
  if (report.fixes.length) {
    out.push('');
    out.push(style.bold('Fix'));
    for (const f of report.fixes) {
      out.push(`  ${style.bold(f.cause)}:`);
      out.push(wrapText(displayLine(f.fix, 2000), WIDTH - 4, '    '));
    }
  }
  out.push('');
  return out.join('\n');
}

/** The same signature on the same target, repeated in a log excerpt, is shown once with its lines. */
function groupMatches(matches: ExplainReport['matches']): { match: ExplainReport['matches'][number]; lines: number[] }[] {
  const groups = new Map<string, { match: ExplainReport['matches'][number]; lines: number[] }>();
  for (const m of matches) {
    const key = `${m.signature}|${m.fields.host ?? ''}|${m.fields.port ?? ''}|${m.fields.backend ?? ''}`;
    const group = groups.get(key);
    if (group) group.lines.push(m.line);
    else groups.set(key, { match: m, lines: [m.line] });
  }
  return [...groups.values()];
}

function renderNothing(_report: ExplainReport, style: Style): string {
  return [
    style.bold('No upstream error recognised in the input.'),
    '',
    'Paste one of these instead (the more of the line, the better):',
    '  • the proxy\'s error log line, e.g. nginx: "connect() failed (111: Connection refused) while connecting to upstream, …, upstream: \\"http://…\\""',
    '  • the response body or status your client got, e.g. "upstream connect error or disconnect/reset before headers. reset reason: …"',
    '  • an access log line with its status and flags (Envoy/Istio response flags, HAProxy termination state, ALB codes)',
    '  • the client\'s full exception, including "Caused by:" lines (Java, Node, Go, Python)',
    '',
    'Run `updoc signatures` to see every message updoc knows.',
    '',
  ].join('\n');
}
