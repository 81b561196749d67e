/**
 * A next check is either a shell command to paste (`kubectl get pods`, `sudo ss -ltnp`) or an instruction for a person
 * ("Compare the app's keep-alive timeout with …"). Reporters print only commands behind a `$` prompt.
 */
export type CheckKind = 'command' | 'instruction';

/**
 * The start of a command: a lower-case program or shell keyword (`kubectl`, `pg_isready`, `php-fpm`, `sudo`, `for`,
 * `time`), an environment assignment (`PGHOST=db psql`, `pid=$(pgrep …)`), a PowerShell cmdlet (`Get-NetTCPConnection`,
 * `Test-NetConnection`), or a path, placeholder or subshell (`./run`, `{proxy}`, `<tool>`, `$(…)`, `(…)`). A program name
 * directly followed by `:` is a label ("docker: …"), not a command. Everything else — a sentence starting with a
 * capitalised word ("Check …", "From a host in the VPC: `curl …`", "CloudWatch: …", "ECS: …") — is an instruction.
 * The knowledge base writes instructions as sentences (test/check-kind.test.ts holds it to that), so the first word
 * decides without a list of programs.
 */
const COMMAND_START = /^(?:[a-z_][\w.+-]*(?=\s|$|;|\|)|[A-Za-z_]\w*=|[A-Z][a-z]+-[A-Z][A-Za-z]*(?=\s|$)|[{<$./~([])/;

export function checkKind(text: string): CheckKind {
  return COMMAND_START.test(text.trimStart()) ? 'command' : 'instruction';
}
