import { displayLine } from '../../inputs/text/sanitize.js';
import { addressLabel } from '../../probes/report-readings.js';
import type { AddressReport, ProbeReport, ProbeStep, TargetReport } from '../../probes/run-probe.js';
import { percent, type Style, wrapText } from '../style.js';

const WIDTH = 100;
/** With more targets than this, healthy ones get one line each (their steps are in --json). */
const DETAILED_UP_TO = 5;

/**
 * A `curl -v`-like step list per target, each step explained, then the verdict. Everything that came
 * from the network or the command line passes through displayLine().
 */
export function renderProbeText(report: ProbeReport, style: Style): string {
  const out: string[] = [];
  const from = report.vantage === 'current' ? 'from this machine' : `from ${report.vantage}`;
  out.push(
    style.bold(`updoc probe — ${report.summary.targets} target${report.summary.targets === 1 ? '' : 's'} ${from}`) +
      style.dim(`  (timeout ${report.settings.timeoutMs} ms per step, deadline ${report.settings.deadlineMs} ms)`),
  );
  for (const bad of report.invalid) out.push(style.yellow(`  ! line ${bad.line}: ${displayLine(bad.error, 200)}: ${displayLine(bad.input, 80)}`));
  out.push('');

  const detailed = report.targets.length <= DETAILED_UP_TO;
  for (const target of report.targets) {
    out.push(...renderTarget(target, style, detailed || !target.ok));
  }
  if (report.via) {
    out.push(style.bold(`Through the proxy (--via ${displayLine(report.via.target, 200)})`));
    out.push(...renderTarget(report.via, style, true).map((l) => `  ${l}`));
  }

  const s = report.summary;
  const line = `${s.ok} healthy, ${s.failed} failed${s.invalid ? `, ${s.invalid} invalid line${s.invalid === 1 ? '' : 's'}` : ''} in ${Math.round(report.ms)} ms${report.deadlineReached ? ' — the deadline was reached' : ''}`;
  out.push(s.failed || s.invalid ? style.red(line) : style.green(line), '');
  return out.join('\n');
}

function renderTarget(target: TargetReport, style: Style, detailed: boolean): string[] {
  const out: string[] = [];
  const mark = target.ok ? style.green('✓') : style.red('✗');
  const where = target.line !== undefined ? style.dim(` (line ${target.line})`) : '';
  out.push(
    `${mark} ${style.bold(displayLine(target.target, 200))}${where}  ${target.ok ? style.green(displayLine(target.summary, 200)) : style.red('FAILED')}`,
  );
  if (!detailed) return out;

  // Each address's certificate, headers and timing follow its last step, as curl -v shows them in line.
  const lastStepOf = new Map<string, number>();
  target.steps.forEach((step, i) => {
    if (step.address) lastStepOf.set(step.address, i);
  });
  target.steps.forEach((step, i) => {
    out.push(...renderStep(step, style));
    for (const a of target.addresses) if (lastStepOf.get(addressLabel(a.address, a.port, a.zone)) === i) out.push(...renderAddressDetail(a, style));
  });

  if (!target.ok) {
    out.push(`  ${style.bold('Verdict:')} ${wrapText(displayLine(target.summary, 600), WIDTH - 11, ' '.repeat(11)).trimStart()}`);
    // The best cause always; the others only while they still carry weight.
    target.causes
      .filter((c, i) => i === 0 || c.score >= 0.1)
      .slice(0, 4)
      .forEach((c, i) => {
        const colour = i === 0 ? style.red : i < 2 ? style.yellow : style.dim;
        out.push(`    ${colour(style.bold(c.id.padEnd(22)))} ${percent(c.score).padStart(4)}  ${c.title}`);
        out.push(style.dim(wrapText(displayLine(c.why, 800), WIDTH - 8, '        ')));
      });
    if (target.causes[0]) out.push(style.dim(`    checks and fixes: updoc causes ${target.causes[0].id}`));
  }
  out.push('');
  return out;
}

const STEP_WIDTH = 12;

function renderStep(step: ProbeStep, style: Style): string[] {
  const mark = step.ok ? style.green('✓') : style.red('✗');
  const ms = step.ms > 0 ? style.dim(` ${step.ms} ms`) : '';
  const head = `  ${mark} ${style.cyan(step.step.padEnd(STEP_WIDTH))}`;
  const body = wrapText(displayLine(step.detail, 1200), WIDTH - STEP_WIDTH - 6, ' '.repeat(STEP_WIDTH + 5)).trimStart();
  return [`${head}${body}${ms}`];
}

function renderAddressDetail(a: AddressReport, style: Style): string[] {
  const out: string[] = [];
  const pad = ' '.repeat(STEP_WIDTH + 5);
  if (a.tls?.handshake) {
    a.tls.chain.slice(0, 4).forEach((cert, i) => {
      const validity = cert.daysLeft >= 0 ? `valid until ${cert.validTo.slice(0, 10)}` : `EXPIRED ${cert.validTo.slice(0, 10)}`;
      out.push(
        style.dim(
          `${pad}cert ${i}: ${displayLine(cert.subject, 100)}${cert.sans.length ? ` · SANs ${displayLine(cert.sans.slice(0, 6).join(', '), 120)}` : ''} · issuer ${displayLine(cert.issuer, 80)} · ${validity}${cert.selfSigned ? ' · self-signed' : ''}`,
        ),
      );
    });
  }
  if (a.http?.ok) {
    for (const [name, value] of Object.entries(a.http.headers).slice(0, 8)) out.push(style.dim(`${pad}< ${name}: ${displayLine(value, 120)}`));
    if (a.http.bodySnippet && (!a.ok || a.http.health)) out.push(style.dim(`${pad}< ${displayLine(a.http.bodySnippet, 160)}`));
    for (const hint of a.http.recognised.hints.slice(0, 3)) out.push(style.dim(`${pad}· ${hint}`));
    const t = a.timing;
    out.push(
      style.dim(
        `${pad}timing: ${t.dnsMs !== undefined ? `dns ${t.dnsMs} ms · ` : ''}connect ${t.connectMs} ms · ${t.tlsMs !== undefined ? `tls ${t.tlsMs} ms · ` : ''}first byte ${t.firstByteMs ?? '?'} ms · total ${t.totalMs} ms`,
      ),
    );
  }
  return out;
}
