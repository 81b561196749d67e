import { describe, expect, it } from 'vitest';
import { type CheckKind, checkKind } from '../../src/core/check-kind.js';
import { CAUSES } from '../../src/knowledge/causes/index.js';
import { SIGNATURES } from '../../src/knowledge/signatures/index.js';

/** Real checks from the knowledge base and near misses of each side of the rule. */
const CASES: [text: string, kind: CheckKind, why: string][] = [
  ['kubectl get endpointslices -n {namespace} -l kubernetes.io/service-name={service}', 'command', 'a program'],
  ['curl -sv http://{host}:{port}/', 'command', 'a program'],
  ["ss -ltnp 'sport = :{port}'", 'command', 'a two-letter program'],
  ['pg_isready -h {host} -p {port}', 'command', 'underscore in the name'],
  ['php-fpm -tt', 'command', 'hyphen in the name'],
  ['python3 -c "import socket; print(socket.getaddrinfo(\'{host}\', {port}))"', 'command', 'digit in the name'],
  ["sudo ss -ltnp 'sport = :{port}'", 'command', 'sudo prefix'],
  ['time curl -s -o /dev/null --max-time 600 {url}', 'command', 'the shell keyword time'],
  ['PGPASSWORD=secret psql -h {host} -c "select 1"', 'command', 'an upper-case environment prefix'],
  ["pid=$(pgrep -o -x <process-name>); sudo grep 'open files' /proc/$pid/limits", 'command', 'a variable assignment first'],
  ['for i in $(seq 1 20); do curl -s -o /dev/null -w "%{http_code}\\n" {url}; done', 'command', 'a shell loop'],
  ['Get-NetTCPConnection -LocalPort {port} -State Listen', 'command', 'a PowerShell cmdlet is capitalised'],
  ['Test-NetConnection {host} -Port {port}', 'command', 'a PowerShell cmdlet is capitalised'],
  ['{proxy} -t', 'command', 'a placeholder first'],
  ['<path-to-binary> --version', 'command', 'an angle-bracket placeholder first'],
  ['./bin/check-health.sh', 'command', 'a relative path'],
  ['$(docker compose ps -q nginx)', 'command', 'a subshell'],
  ['ip route get {host}   # then check the firewall / security group / NetworkPolicy rules for port {port}', 'command', 'prose after # is a comment'],
  ['Read the transport failure reason: "delayed connect error: 111" = refused, "TLS error" = TLS mismatch', 'instruction', 'Read …'],
  ['Check security groups / firewall / NetworkPolicy for {host}:{port}.', 'instruction', 'Check …'],
  ["Compare the app keep-alive timeout with the proxy's upstream idle timeout", 'instruction', 'Compare …'],
  ['Look at the companion flag in the same line (UF = connect failed, UC = connection closed, UR = stream reset)', 'instruction', 'Look …'],
  ['Review the local/global rate limit descriptors for this route', 'instruction', 'Review …'],
  ['Measure the backend latency', 'instruction', 'Measure …'],
  ['From a host in the VPC: `curl -sv http://{host}:{port}/`', 'instruction', 'a command in backquotes inside a sentence'],
  [
    'Time the endpoint directly: `curl -s -o /dev/null -w "%{time_total}\\n" http://{host}:{port}/<path>`',
    'instruction',
    '"Time" capitalised is prose, "time" is the keyword',
  ],
  ['Back-end keep-alive timeout must be longer than the ELB idle timeout', 'instruction', 'a hyphenated capitalised word is no cmdlet'],
  ['CloudWatch: TargetTLSNegotiationErrorCount for the load balancer', 'instruction', 'a capitalised product name'],
  ['ECS: raise healthCheckGracePeriodSeconds if tasks are killed before they become healthy', 'instruction', 'an upper-case label'],
  ['Docker: `docker network inspect <network>   # are cloudflared and the app on the same network?`', 'instruction', 'a label, then the command'],
  ['docker: the app and the proxy must share a network', 'instruction', 'a lower-case program name used as a label'],
  ['If {host} is 127.0.0.1 or localhost inside a container, route to the service/container name instead.', 'instruction', 'If …'],
  ['Is NODE_EXTRA_CA_CERTS set to the internal CA bundle in this container?', 'instruction', 'a question'],
];

describe('checkKind', () => {
  it.each(CASES)('%s → %s (%s)', (text, kind) => {
    expect(checkKind(text)).toBe(kind);
  });
});

const signatureChecks = SIGNATURES.flatMap((s) => s.checks.map((text) => ({ where: s.id, text })));
const causeChecks = CAUSES.flatMap((c) =>
  Object.entries(c.confirm).flatMap(([env, checks]) => (checks ?? []).map((k) => ({ where: `${c.id} (${env})`, text: k.command }))),
);
const allChecks = [...signatureChecks, ...causeChecks];

/** English words that start a sentence; a check starting with one in lower case is prose the rule would take for a command. */
const PROSE_START =
  /^(?:check|compare|look|read|review|measure|find|is|are|does|do|which|what|how|if|on|from|backend|security|client|the|a|an|use|run|see|make|ensure|verify|confirm|paste|repeat|enable|log)\b(?!=)/;
/** `for` starts a shell loop only as `for NAME in …`. */
const PROSE_FOR = /^for\s+(?!\w+\s+in\s)/;
/** A runnable command named in a sentence (a program with an option or a subcommand after it, or piped). */
const BARE_COMMAND =
  /(?:^|[\s(;:,])(?:kubectl|curl|nc|ss|docker|aws|gcloud|az|openssl|dig|nslookup|getent|mtr|dmesg|journalctl|iptables|istioctl|sudo|systemctl|grep|ip|echo|env)\s+(?:-{1,2}\w|[a-z][\w-]*\s|\|)/;

/** Shell words that start commands but are English words too ("for example", "time out"). */
const SHELL_WORDS = new Set(['for', 'time', 'while', 'if', 'sudo']);
/**
 * Every program a command check of the knowledge base starts with (read from it, so a new tool is covered as soon
 * as one check runs it), named in a sentence with an option or a pipe after it: `tcpdump -ni any`, `jq | …`.
 */
const programsRun = [
  ...new Set(
    allChecks.flatMap((c) => {
      const m = checkKind(c.text) === 'command' ? /^(?:sudo\s+)?([a-z_][\w.+-]*)/.exec(c.text.trim()) : null;
      return m && !SHELL_WORDS.has(m[1]) ? [m[1]] : [];
    }),
  ),
];
const PROGRAM_WITH_OPTIONS = new RegExp(String.raw`(?:^|[\s(;:,])(?:${programsRun.map((p) => p.replace(/[.+]/g, '\\$&')).join('|')})\s+(?:-{1,2}[A-Za-z]|\|)`);
const bareOutsideBackquotes = (text: string) => {
  const prose = text.replace(/`[^`]*`/g, '``');
  return BARE_COMMAND.test(prose) || PROGRAM_WITH_OPTIONS.test(prose);
};

describe('the detector of commands left bare in a sentence', () => {
  it('knows the programs the knowledge base runs, beyond a hand-kept list', () => {
    expect(programsRun).toEqual(expect.arrayContaining(['kubectl', 'curl', 'tcpdump', 'jq', 'keytool', 'openssl']));
    expect(programsRun).not.toContain('for');
  });

  it.each([
    ['Capture the handshake with tcpdump -ni any port {port} on the proxy host', true],
    ['Decode the token: jq -R . < token.txt', true],
    ['Check the keystore with keytool -list -v -keystore <file>', true],
    ['Capture the handshake with `tcpdump -ni any port {port}` on the proxy host', false],
    ['Compare the keep-alive timeout with the proxy idle timeout', false],
    ['Check the security group between nginx and {host}:{port}', false],
  ])('%s → bare: %s', (text, bare) => {
    expect(bareOutsideBackquotes(text)).toBe(bare);
  });
});

describe('every next check in the knowledge base is a command or an instruction', () => {
  it('reads the whole knowledge base (signatures and causes)', () => {
    expect(signatureChecks.length).toBeGreaterThan(900);
    expect(causeChecks.length).toBeGreaterThan(250);
  });

  it('writes instructions as sentences, so no lower-case prose passes for a command', () => {
    const prose = allChecks.filter((c) => checkKind(c.text) === 'command' && (PROSE_START.test(c.text) || PROSE_FOR.test(c.text)));
    expect(prose).toEqual([]);
  });

  it('keeps a command named inside an instruction in backquotes', () => {
    const bare = allChecks.filter((c) => checkKind(c.text) === 'instruction' && bareOutsideBackquotes(c.text));
    expect(bare).toEqual([]);
  });

  it('pairs its backquotes', () => {
    expect(allChecks.filter((c) => (c.text.match(/`/g)?.length ?? 0) % 2 !== 0)).toEqual([]);
  });

  it('has both kinds, and the taxonomy confirms causes with commands', () => {
    const instructions = signatureChecks.filter((c) => checkKind(c.text) === 'instruction');
    expect(instructions.length).toBeGreaterThan(100);
    expect(signatureChecks.length - instructions.length).toBeGreaterThan(500);
    expect(causeChecks.filter((c) => checkKind(c.text) === 'instruction')).toEqual([]);
  });
});
