import { defineSignature } from '../../core/define-signature.js';

const ALB_DOCS = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/application';
const ALB_TROUBLESHOOT = `${ALB_DOCS}/load-balancer-troubleshooting.html`;
const NLB_METRICS = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/load-balancer-cloudwatch-metrics.html';
const CLB_TROUBLESHOOT = 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/ts-elb-error-message.html';

/** A `*_processing_time` field: seconds, or -1 when the request could not be dispatched / the target closed. */
const TIME = String.raw`(?:-1|\d+(?:\.\d+)?)`;
/** A processing time that was measured (the target did answer something). */
const MEASURED = String.raw`\d+(?:\.\d+)?`;

/**
 * An ALB access-log line (docs: "Access logs for your Application Load Balancer"), from `type` up to
 * `target_status_code`: `type time elb client:port target:port request_processing_time
 * target_processing_time response_processing_time elb_status_code target_status_code`, then (optionally)
 * the target group name from `target_group_arn`. `sfx` keeps group names unique across alternatives.
 */
function albLine(o: { sfx?: string; target?: 'any' | 'none'; tpt: string; elb: string; tgt: string }): string {
  const s = o.sfx ?? '';
  const target = o.target === 'none' ? '-' : String.raw`(?:\[?(?<host${s}>[0-9a-f.:]+?)\]?:(?<port${s}>\d{1,5})|-)`;
  return (
    String.raw`\b(?:https?|h2|grpcs?|wss?) \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z app\/[\w.-]+\/[0-9a-f]+ ` +
    String.raw`\[?(?<client${s}>[0-9a-f.:]+?)\]?:\d{1,5} ${target} ${TIME} ${o.tpt} ${TIME} (?<status${s}>${o.elb}) ${o.tgt}(?= )` +
    String.raw`(?:[^\n]{0,2000}? arn:aws:elasticloadbalancing:[\w-]+:\d+:targetgroup\/(?<backend${s}>[\w-]+)\/)?`
  );
}

/** `key=value`, `"key": "value"`, `key: value` (Athena/JSON renderings of the same fields). */
const key = (name: string) => String.raw`\b${name}["']?\s*[:=]\s*["']?`;

/** Two key/value conditions on the same line, in either order (sfx-indexed group names). */
function pair(a: (sfx: string) => string, b: (sfx: string) => string, s1: string, s2: string): string {
  return String.raw`(?:${a(s1)}[^\n]{0,300}?${b(s1)}|${b(s2)}[^\n]{0,300}?${a(s2)})`;
}

const elbStatus = (code: string) => (sfx: string) => String.raw`${key('elb_status_code')}(?<status${sfx}>${code})\b`;
const targetStatusDash = () => String.raw`${key('target_status_code')}-(?![\w.])`;

/** `HTTP/1.1 502 Bad Gateway … Server: awselb/2.0` (curl -i, browser dev tools), either order. */
function awselbPage(code: string, reason: string, sfx: string): string {
  const status = String.raw`(?:HTTP\/[\d.]+ (?<status${sfx}>${code})\b|\b${code} ${reason})`;
  return String.raw`(?:${status}[\s\S]{0,500}?\bawselb\/[\d.]+|\bawselb\/[\d.]+[\s\S]{0,500}?\b${code} ${reason})`;
}

/** Optionally captures the target (`"Id": "10.0.1.12", "Port": 8080`) nearest before a health reason code. */
const TARGET_BEFORE = String.raw`(?:(?<=\bId["']?\s*[:=]\s*["']?(?<host>[^"',\s}]+)["']?,?\s*["']?Port["']?\s*[:=]\s*(?<port>\d{1,5})[\s\S]{0,400}?)|)`;

export const signatures = [
  defineSignature({
    id: 'aws/alb-502-target-connection-failed',
    catalog: 'AWS-ALB-502-CONN',
    platform: 'aws',
    title: 'ALB 502: the target refused, reset or closed the connection (target_status_code -, target_processing_time -1)',
    keywords: [' app/', 'elb_status_code', 'targetconnectionerrorcount'],
    pattern: new RegExp(
      [albLine({ tpt: '-1', elb: '502', tgt: '-' }), pair(elbStatus('502'), targetStatusDash, '_2', '_3'), String.raw`\bTargetConnectionErrorCount\b`].join(
        '|',
      ),
      'i',
    ),
    phase: 'connect',
    status: 502,
    meaning:
      "The ALB could not get a response from the target: the connection was refused, or the target closed it (RST or FIN) while the ALB still had a request outstanding, so no target status was logged. Most often the target's keep-alive timeout is shorter than the ALB idle timeout (60 s), or nothing listens on the target-group port.",
    causes: {
      'keepalive-race': 0.4,
      'not-listening': 0.25,
      'port-mismatch': 0.18,
      'upstream-reset': 0.15,
    },
    checks: [
      'aws elbv2 describe-target-health --target-group-arn <target-group-arn>   # target group {backend}',
      'From a host in the same VPC/subnet: `curl -sv http://{host}:{port}/`',
      'Compare the target keep-alive timeout (Node keepAliveTimeout, nginx keepalive_timeout, gunicorn --keep-alive) with the ALB idle timeout: `aws elbv2 describe-load-balancer-attributes --load-balancer-arn <alb-arn>`',
      'On the target: `ss -ltnp "sport = :{port}"`',
    ],
    fix: 'Make the target keep idle connections open longer than the ALB idle timeout (e.g. Node server.keepAliveTimeout = 65000) and make sure the app listens on 0.0.0.0 on the target-group port.',
    source: `${ALB_TROUBLESHOOT}#http-502-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-502-bad-gateway',
    catalog: 'AWS-ALB-502-CONN',
    platform: 'aws',
    title: '502 Bad Gateway served by the ALB (Server: awselb/2.0)',
    keywords: ['awselb', 'httpcode_elb_502_count'],
    pattern: new RegExp([awselbPage('502', 'Bad Gateway', ''), String.raw`\bHTTPCode_ELB_502_Count\b`].join('|'), 'i'),
    phase: 'connect',
    status: 502,
    meaning:
      'The Application Load Balancer itself generated the 502 (the awselb server header): it reached no target that returned a valid response. The page alone does not say whether the target refused, reset, or answered with invalid HTTP/TLS; the access log (elb_status_code, target_status_code, target_processing_time) does.',
    causes: {
      'keepalive-race': 0.3,
      'not-listening': 0.22,
      'port-mismatch': 0.15,
      'upstream-reset': 0.13,
      'protocol-mismatch': 0.1,
      'tls-mismatch': 0.1,
    },
    checks: [
      'Find the request in the ALB access log (S3/Athena) and read elb_status_code, target_status_code, target_processing_time and target:port',
      'aws elbv2 describe-target-health --target-group-arn <target-group-arn>',
      'CloudWatch: compare HTTPCode_ELB_502_Count with TargetConnectionErrorCount and TargetTLSNegotiationErrorCount',
    ],
    fix: 'Use the access-log fields to pick the case: keep-alive timeout on the target longer than the ALB idle timeout, the right target-group port/protocol, or a target that answers valid HTTP.',
    source: `${ALB_TROUBLESHOOT}#http-502-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-502-invalid-target-response',
    catalog: 'AWS-ALB-502-MALFORMED',
    platform: 'aws',
    title: 'ALB 502: the target answered, but not with a valid HTTP response (or TLS to the target failed)',
    keywords: [' app/', 'elb_status_code', 'targettlsnegotiationerrorcount'],
    pattern: new RegExp(
      [
        albLine({ tpt: MEASURED, elb: '502', tgt: String.raw`(?:-|(?<detail>\d{3}))` }),
        albLine({ sfx: '_2', tpt: '-1', elb: '502', tgt: String.raw`(?<detail_2>\d{3})` }),
        pair(elbStatus('502'), (s) => String.raw`${key('target_status_code')}(?<detail${s}>\d{3})\b`, '_3', '_4'),
        String.raw`\bTargetTLSNegotiationErrorCount\b`,
      ].join('|'),
      'i',
    ),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The ALB reached the target but could not use what came back: a malformed or oversized response (headers too large, bad Content-Length), or a failed TLS handshake with the target. An HTTPS target group pointing at a plaintext port (or HTTP at a TLS port) looks like this.',
    causes: {
      'protocol-mismatch': 0.4,
      'tls-mismatch': 0.32,
      'port-mismatch': 0.2,
      other: 0.08,
    },
    checks: [
      'aws elbv2 describe-target-groups --names {backend} --query "TargetGroups[].[Protocol,Port,ProtocolVersion]"',
      'From a host in the VPC: `curl -sv http://{host}:{port}/` and `curl -skv https://{host}:{port}/` (which one speaks the protocol the target group uses?)',
      'CloudWatch: TargetTLSNegotiationErrorCount for the load balancer',
    ],
    fix: 'Match the target-group protocol (HTTP/HTTPS, HTTP1/HTTP2/gRPC) to what the target really serves on that port, and keep response headers under the ALB limits.',
    source: `${ALB_TROUBLESHOOT}#http-502-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-503-no-registered-targets',
    catalog: 'AWS-ALB-503',
    platform: 'aws',
    title: 'ALB 503: the target group has no registered targets',
    keywords: [' app/', 'elb_status_code', 'awselb', 'httpcode_elb_503_count', 'no registered targets'],
    pattern: new RegExp(
      [
        albLine({ target: 'none', tpt: TIME, elb: '503', tgt: '-' }),
        String.raw`${key('elb_status_code')}(?<status_2>503)\b`,
        awselbPage('503', 'Service Temporarily Unavailable', '_3'),
        String.raw`\bHTTPCode_ELB_503_Count\b`,
        String.raw`\btarget groups? for the load balancer ha(?:ve|s) no registered targets`,
      ].join('|'),
      'i',
    ),
    phase: 'policy',
    status: 503,
    meaning:
      'The listener rule forwarded to a target group with no registered targets, so the ALB answered 503 itself without contacting anything. (When targets are registered but all unhealthy, the ALB fails open and still sends them traffic.)',
    causes: {
      'no-endpoints': 0.6,
      'config-error': 0.4,
    },
    checks: [
      'aws elbv2 describe-target-health --target-group-arn <target-group-arn>   # empty list = no registered targets',
      'aws elbv2 describe-rules --listener-arn <listener-arn>   # does the rule forward to the target group you expect?',
      'ECS/EKS: is the service scaled to 0 or failing to start? `aws ecs describe-services --cluster <cluster> --services <service>`',
    ],
    fix: 'Register targets in the target group the rule forwards to (scale the ECS service/ASG up, fix the target-group binding), or point the rule at the right target group.',
    source: `${ALB_TROUBLESHOOT}#http-503-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-504-target-connect-timeout',
    catalog: 'AWS-ALB-504-CONNECT',
    platform: 'aws',
    title: 'ALB 504 with target_processing_time -1: no connection to the target',
    keywords: [' app/', 'elb_status_code'],
    pattern: new RegExp(
      [albLine({ tpt: '-1', elb: '504', tgt: '-' }), pair(elbStatus('504'), () => String.raw`${key('target_processing_time')}-1(?![\d.])`, '_2', '_3')].join(
        '|',
      ),
      'i',
    ),
    phase: 'connect',
    status: 504,
    meaning:
      'The ALB could not establish a TCP connection to the target before its 10-second connect timeout: SYNs were dropped (security group or network ACL) or the target is down without answering. The same -1 is logged when the target never answered within the idle timeout, so check the duration.',
    causes: {
      'network-blocked': 0.55,
      'not-listening': 0.3,
      'slow-upstream': 0.15,
    },
    checks: [
      "Compare the log's request_creation_time with its time field: about 10 s = connect timeout, about the idle timeout (60 s) = the target accepted but never answered",
      'Security group of the target must allow the ALB security group on port {port}: `aws ec2 describe-security-groups --group-ids <target-sg>`',
      'Network ACLs of the target subnet must allow the port and the return traffic on ephemeral ports 1024-65535',
      'From a host in the ALB subnet: `nc -vz -w 5 {host} {port}`',
    ],
    fix: 'Allow the ALB security group inbound on the target port (and return traffic in the NACLs), and make sure the target is running and listening on that port.',
    source: `${ALB_TROUBLESHOOT}#http-504-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-504-target-response-timeout',
    catalog: 'AWS-ALB-504-IDLE',
    platform: 'aws',
    title: 'ALB 504 after the target accepted the request: no response before the idle timeout',
    keywords: [' app/'],
    pattern: new RegExp(albLine({ tpt: MEASURED, elb: '504', tgt: '-' }), 'i'),
    phase: 'read-headers',
    status: 504,
    meaning:
      'The connection to the target was established and the request sent, but the target did not answer before the ALB idle timeout (60 s by default), or it declared a Content-Length larger than the body it sent.',
    causes: {
      'slow-upstream': 0.6,
      'timeout-misaligned': 0.4,
    },
    checks: [
      'Time the request directly against the target: `curl -s -o /dev/null -w "%{time_starttransfer}\\n" http://{host}:{port}/<path>`',
      'aws elbv2 describe-load-balancer-attributes --load-balancer-arn <alb-arn>   # idle_timeout.timeout_seconds',
      'CloudWatch TargetResponseTime for target group {backend}',
    ],
    fix: 'Speed up the slow endpoint (or make it asynchronous), or raise the ALB idle timeout above the longest legitimate response time.',
    source: `${ALB_TROUBLESHOOT}#http-504-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-504-gateway-timeout',
    catalog: 'AWS-ALB-504-IDLE',
    platform: 'aws',
    title: '504 Gateway Time-out served by the ALB (Server: awselb/2.0)',
    keywords: ['awselb', 'httpcode_elb_504_count'],
    pattern: new RegExp([awselbPage('504', 'Gateway Time-?out', ''), String.raw`\bHTTPCode_ELB_504_Count\b`].join('|'), 'i'),
    phase: 'read-headers',
    status: 504,
    meaning:
      'The Application Load Balancer timed out waiting for the target: either it could not connect within 10 s (security group/NACL) or the target did not answer before the idle timeout (60 s). The access-log line of the request tells which.',
    causes: {
      'slow-upstream': 0.35,
      'network-blocked': 0.3,
      'timeout-misaligned': 0.2,
      'not-listening': 0.15,
    },
    checks: [
      'Find the request in the ALB access log: target_processing_time -1 and about 10 s total = connect timeout; otherwise the target was too slow',
      'aws elbv2 describe-load-balancer-attributes --load-balancer-arn <alb-arn>   # idle_timeout.timeout_seconds',
      'CloudWatch: TargetConnectionErrorCount (connect failures) vs TargetResponseTime (slow target)',
    ],
    fix: 'If the connection failed, open the target security group/NACL to the ALB; if the target was slow, speed it up or raise the ALB idle timeout.',
    source: `${ALB_TROUBLESHOOT}#http-504-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-460-client-closed',
    catalog: 'AWS-ALB-460',
    platform: 'aws',
    title: 'ALB 460: the client closed the connection before the response',
    keywords: [' app/', 'elb_status_code'],
    pattern: new RegExp(
      [albLine({ tpt: TIME, elb: '460', tgt: String.raw`(?:-|\d{3})` }), String.raw`${key('elb_status_code')}(?<status_2>460)\b`].join('|'),
      'i',
    ),
    phase: 'read-headers',
    status: 460,
    meaning:
      'The client gave up and closed the connection before the ALB had a response for it. The target is usually slower than the client timeout (a proxy, SDK or browser timeout in front of the ALB).',
    causes: {
      'timeout-misaligned': 0.55,
      'slow-upstream': 0.45,
    },
    checks: [
      'Compare the client timeout (SDK, upstream proxy, API gateway) with the target response time in CloudWatch TargetResponseTime',
      'Time the endpoint directly: `curl -s -o /dev/null -w "%{time_total}\\n" http://{host}:{port}/<path>`',
    ],
    fix: 'Give the client a timeout longer than the slowest legitimate response, or make the endpoint faster/asynchronous.',
    source: `${ALB_TROUBLESHOOT}#http-460-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-463-too-many-forwarded-ips',
    catalog: 'AWS-ALB-463',
    platform: 'aws',
    title: 'ALB 463: X-Forwarded-For header with more than 30 IP addresses',
    keywords: [' app/', 'elb_status_code'],
    pattern: new RegExp(
      [albLine({ tpt: TIME, elb: '463', tgt: String.raw`(?:-|\d{3})` }), String.raw`${key('elb_status_code')}(?<status_2>463)\b`].join('|'),
      'i',
    ),
    phase: 'policy',
    status: 463,
    meaning:
      'The request arrived with an X-Forwarded-For header listing more than 30 addresses, which the ALB rejects. That almost always means a request loop (the ALB, directly or via another proxy, forwarding to itself) or an excessive proxy chain.',
    causes: {
      'config-error': 1,
    },
    checks: [
      'Look at the X-Forwarded-For of a failing request: repeated addresses mean a loop',
      'Check that no target, CDN origin or proxy points back at the ALB DNS name',
    ],
    fix: 'Break the forwarding loop (the target or a proxy must not send the request back to this load balancer) or strip X-Forwarded-For at the edge.',
    source: `${ALB_TROUBLESHOOT}#http-463-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-464-protocol-incompatible',
    catalog: 'AWS-ALB-464',
    platform: 'aws',
    title: 'ALB 464: request protocol incompatible with the target group protocol version',
    keywords: [' app/', 'elb_status_code', 'incompatible with the target group'],
    pattern: new RegExp(
      [
        albLine({ tpt: TIME, elb: '464', tgt: String.raw`(?:-|\d{3})` }),
        String.raw`${key('elb_status_code')}(?<status_2>464)\b`,
        String.raw`\brequest protocol is incompatible with the target group protocol version`,
      ].join('|'),
      'i',
    ),
    phase: 'policy',
    status: 464,
    meaning:
      'The incoming request uses a protocol version the target group cannot take, e.g. HTTP/1.1 requests to a gRPC or HTTP/2 target group, or gRPC to an HTTP/1 target group. The ALB answers without contacting a target.',
    causes: {
      'protocol-mismatch': 0.65,
      'config-error': 0.35,
    },
    checks: [
      'aws elbv2 describe-target-groups --names {backend} --query "TargetGroups[].ProtocolVersion"',
      'Check which protocol the client really speaks (`curl --http1.1` vs `curl --http2`, gRPC client over TLS)',
    ],
    fix: 'Use a target group whose protocol version matches the clients (HTTP1 for plain HTTP/1.1 clients, gRPC only for gRPC traffic), or route the two kinds of traffic with separate rules.',
    source: `${ALB_TROUBLESHOOT}#http-464-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-561-idp-unauthorized',
    catalog: 'AWS-ALB-561',
    platform: 'aws',
    title: 'ALB 561: the identity provider returned an error (authenticate action)',
    keywords: [' app/', 'elb_status_code'],
    pattern: new RegExp(
      [albLine({ tpt: TIME, elb: '561', tgt: String.raw`(?:-|\d{3})` }), String.raw`${key('elb_status_code')}(?<status_2>561)\b`].join('|'),
      'i',
    ),
    phase: 'policy',
    status: 561,
    meaning:
      "The ALB's authenticate-oidc/authenticate-cognito action got an error code from the identity provider; this is an authentication failure, not a backend connectivity problem.",
    causes: {
      'config-error': 0.7,
      other: 0.3,
    },
    checks: [
      "Read the log line's error_reason field (Auth* codes) for the exact authentication failure",
      'aws elbv2 describe-rules --listener-arn <listener-arn>   # check the authenticate action: client id/secret, issuer, token and user-info endpoints',
    ],
    fix: 'Fix the authenticate action configuration (client secret, endpoints, callback URL registered at the IdP).',
    source: `${ALB_TROUBLESHOOT}#http-561-issues`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/alb-000-http2-goaway',
    catalog: 'AWS-ALB-000',
    platform: 'aws',
    title: 'ALB sends response code 000: HTTP/2 connection closed with GOAWAY',
    keywords: ['response code of 000', 'laststreamid=19999'],
    pattern: /\b(?:load balancer|ALB)\b[^\n]{0,80}?\bresponse code of 000\b|\bserver sent GOAWAY and closed the connection; LastStreamID=19999\b/i,
    phase: 'read-headers',
    status: null,
    meaning:
      'On an HTTP/2 connection the ALB sent GOAWAY and closed it (a compressed header over 8 KB, or 10,000 requests served on the connection), so in-flight requests get no status at all. LastStreamID=19999 is exactly the 10,000th request.',
    causes: {
      other: 1,
    },
    checks: [
      'Check whether the client retries requests on a new connection after GOAWAY (Go http2, gRPC and most HTTP/2 clients should)',
      'Check the size of request headers (large cookies or tokens)',
    ],
    fix: 'Let the client retry idempotent requests on a new connection after GOAWAY, and keep request headers small.',
    source: `${ALB_TROUBLESHOOT}#response-code-000`,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'aws/target-health-response-code-mismatch',
    catalog: 'AWS-TG-HEALTH',
    platform: 'aws',
    title: 'Target.ResponseCodeMismatch: health checks failed with these codes: [N]',
    keywords: ['target.responsecodemismatch', 'health checks failed with these codes'],
    pattern: new RegExp(
      String.raw`(?:\bTarget\.ResponseCodeMismatch\b|\bHealth checks failed with these codes: \[(?<detail>[\d, ]+)\])` +
        TARGET_BEFORE +
        String.raw`(?:(?=[\s\S]{0,400}?these codes: \[(?<detail_2>[\d, ]+)\])|)`,
      'i',
    ),
    phase: 'health-check',
    status: null,
    meaning:
      'The target answered the health check, but with a status code outside the matcher (200 by default): usually a wrong health-check path (404), a redirect (301/302), or an auth-protected path (401/403).',
    causes: {
      'config-error': 0.45,
      'port-mismatch': 0.2,
      'no-healthy-upstream': 0.2,
      other: 0.15,
    },
    checks: [
      'aws elbv2 describe-target-groups --names {backend} --query "TargetGroups[].[HealthCheckPath,HealthCheckPort,Matcher]"',
      'From a host in the VPC: `curl -sv http://{host}:{port}<health-check-path>`',
    ],
    fix: 'Point the health check at a path that returns 200 without auth or redirects, or widen the success codes (Matcher) to what the endpoint really returns.',
    source: `${ALB_DOCS}/target-group-health-checks.html#target-health-reason-codes`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/target-health-timeout',
    catalog: 'AWS-TG-HEALTH',
    platform: 'aws',
    title: 'Target.Timeout: health check request timed out',
    keywords: ['target.timeout'],
    pattern: new RegExp(String.raw`\bTarget\.Timeout\b` + TARGET_BEFORE, 'i'),
    phase: 'health-check',
    status: null,
    meaning:
      'The load balancer got no health-check answer within the timeout: the security group or network ACL silently drops its traffic, or the endpoint is too slow or hangs.',
    causes: {
      'network-blocked': 0.45,
      'slow-upstream': 0.25,
      'not-listening': 0.15,
      'port-mismatch': 0.15,
    },
    checks: [
      'The target security group must allow the load balancer security group (or VPC CIDR for NLB) on the health-check port',
      'From a host in the VPC: `curl -sv -m 10 http://{host}:{port}<health-check-path>`',
      'aws elbv2 describe-target-groups --names {backend} --query "TargetGroups[].[HealthCheckPort,HealthCheckTimeoutSeconds]"',
    ],
    fix: 'Allow the load balancer to reach the health-check port, and make the health endpoint answer quickly (no slow dependency calls).',
    source: `${ALB_DOCS}/target-group-health-checks.html#target-health-reason-codes`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/target-health-failed',
    catalog: 'AWS-TG-HEALTH',
    platform: 'aws',
    title: 'Target.FailedHealthChecks: health checks failed (connection failed)',
    keywords: ['target.failedhealthchecks'],
    pattern: new RegExp(String.raw`\bTarget\.FailedHealthChecks\b` + TARGET_BEFORE, 'i'),
    phase: 'health-check',
    status: null,
    meaning:
      'Health checks to the target failed without an HTTP answer: the connection was refused or closed, typically because nothing listens on the health-check port (the app is down, or the check is sent to a port other than the one the app serves, so every target stays unhealthy) or the app listens only on 127.0.0.1.',
    causes: {
      'not-listening': 0.3,
      'no-healthy-upstream': 0.25,
      'network-blocked': 0.2,
      'port-mismatch': 0.15,
      'bind-loopback': 0.1,
    },
    checks: [
      'On the target: `ss -ltnp "sport = :{port}"   # listening on 0.0.0.0, not 127.0.0.1?`',
      'From a host in the VPC: `nc -vz -w 5 {host} {port}`',
      'aws elbv2 describe-target-groups --names {backend} --query "TargetGroups[].[Port,HealthCheckPort,HealthCheckProtocol]"',
    ],
    fix: 'Make the app listen on 0.0.0.0 on the port the health check uses, and allow the load balancer to reach it.',
    source: `${ALB_DOCS}/target-group-health-checks.html#target-health-reason-codes`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/target-not-in-service',
    catalog: 'AWS-TG-HEALTH',
    platform: 'aws',
    title: 'Target not receiving traffic (Target.NotRegistered / NotInUse / InvalidState / IpUnusable / DeregistrationInProgress / HealthCheckDisabled)',
    keywords: [
      'target.notregistered',
      'target.notinuse',
      'target.invalidstate',
      'target.ipunusable',
      'target.deregistrationinprogress',
      'target.healthcheckdisabled',
    ],
    pattern: new RegExp(
      String.raw`\bTarget\.(?<detail>NotRegistered|NotInUse|InvalidState|IpUnusable|DeregistrationInProgress|HealthCheckDisabled)\b` + TARGET_BEFORE,
      'i',
    ),
    phase: 'health-check',
    status: null,
    meaning:
      'The target is not in service for this load balancer: not registered, in an Availability Zone the load balancer does not use, stopped/terminated, being deregistered, or the target group is not used by any listener rule.',
    causes: {
      'no-endpoints': 0.5,
      'config-error': 0.5,
    },
    checks: [
      'aws elbv2 describe-target-health --target-group-arn <target-group-arn>',
      'aws elbv2 describe-load-balancers --names <alb-name> --query "LoadBalancers[].AvailabilityZones"   # target AZ enabled?',
      'aws elbv2 describe-rules --listener-arn <listener-arn>   # is the target group used by a rule?',
    ],
    fix: 'Register the right targets, enable their Availability Zones on the load balancer, and attach the target group to a listener rule.',
    source: `${ALB_DOCS}/target-group-health-checks.html#target-health-reason-codes`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/target-registration-in-progress',
    catalog: 'AWS-TG-HEALTH',
    platform: 'aws',
    title: 'Elb.InitialHealthChecking / Elb.RegistrationInProgress: target not yet in service',
    keywords: ['elb.initialhealthchecking', 'elb.registrationinprogress'],
    pattern: new RegExp(String.raw`\bElb\.(?<detail>InitialHealthChecking|RegistrationInProgress)\b` + TARGET_BEFORE, 'i'),
    phase: 'health-check',
    status: null,
    meaning:
      'The target was just registered and has not yet passed the required number of health checks; until it does, it receives no traffic (503s or fail-open routing in the meantime).',
    causes: {
      'startup-order': 0.7,
      'no-healthy-upstream': 0.3,
    },
    checks: [
      'Re-run `aws elbv2 describe-target-health --target-group-arn <target-group-arn>` after HealthyThresholdCount x HealthCheckIntervalSeconds',
      'ECS: raise healthCheckGracePeriodSeconds if tasks are killed before they become healthy',
    ],
    fix: 'Wait for the initial checks, or shorten the health-check interval/threshold; deploy new targets before removing old ones.',
    source: `${ALB_DOCS}/target-group-health-checks.html#target-health-reason-codes`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/target-health-internal-error',
    catalog: 'AWS-TG-HEALTH',
    platform: 'aws',
    title: 'Elb.InternalError: health checks failed due to an internal error',
    keywords: ['elb.internalerror'],
    pattern: new RegExp(String.raw`\bElb\.InternalError\b` + TARGET_BEFORE, 'i'),
    phase: 'health-check',
    status: null,
    meaning: 'The load balancer could not run the health check because of an internal error on the AWS side, not because of the target.',
    causes: {
      other: 0.8,
      'no-healthy-upstream': 0.2,
    },
    checks: [
      'Check the AWS Health Dashboard for Elastic Load Balancing events in the region',
      'Re-run `aws elbv2 describe-target-health --target-group-arn <target-group-arn>` a few minutes later',
    ],
    fix: 'Usually transient; if it persists, open an AWS support case with the target group ARN.',
    source: `${ALB_DOCS}/target-group-health-checks.html#target-health-reason-codes`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/nlb-load-balancer-reset',
    catalog: 'AWS-NLB-RST',
    platform: 'aws',
    title: 'NLB TCP_ELB_Reset_Count: resets generated by the Network Load Balancer',
    keywords: ['tcp_elb_reset_count'],
    pattern: /\bTCP_ELB_Reset_Count\b/i,
    phase: 'read-body',
    status: null,
    meaning:
      'The Network Load Balancer itself reset TCP flows: most often an idle flow passed the 350-second NLB idle timeout and a later packet was answered with RST, or traffic reached a target that was deregistered or unhealthy.',
    causes: {
      'timeout-misaligned': 0.45,
      'keepalive-race': 0.3,
      'network-blocked': 0.15,
      'no-healthy-upstream': 0.1,
    },
    checks: [
      'Compare client/target TCP keep-alive or connection-pool idle time with the NLB idle timeout (350 s for TCP)',
      'aws elbv2 describe-target-health --target-group-arn <target-group-arn>',
      'If a target calls its own service through the NLB with client IP preservation on, that hairpin connection times out',
    ],
    fix: 'Send TCP keep-alives (or recycle pooled connections) more often than every 350 s, and keep targets registered and healthy while they still hold flows.',
    source: NLB_METRICS,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/nlb-target-reset',
    catalog: 'AWS-NLB-RST',
    platform: 'aws',
    title: 'NLB TCP_Target_Reset_Count: resets sent by the targets',
    keywords: ['tcp_target_reset_count'],
    pattern: /\bTCP_Target_Reset_Count\b/i,
    phase: 'connect',
    status: null,
    meaning:
      'Targets behind the Network Load Balancer answered with TCP RST: nothing listening on the target port (refused), or the application closing connections abruptly.',
    causes: {
      'not-listening': 0.3,
      'upstream-reset': 0.3,
      'keepalive-race': 0.2,
      'port-mismatch': 0.2,
    },
    checks: [
      'On the target: `ss -ltnp "sport = :{port}"`',
      'aws elbv2 describe-target-groups --names {backend} --query "TargetGroups[].[Port,HealthCheckPort]"',
    ],
    fix: 'Make the application listen on the target-group port and close idle connections gracefully.',
    source: NLB_METRICS,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/clb-backend-at-capacity',
    catalog: 'AWS-CLB',
    platform: 'aws',
    title: 'Classic ELB 503: Back-end server is at capacity (surge queue full)',
    keywords: ['back-end server is at capacity', 'spillovercount'],
    pattern: /\bBack-end server is at capacity\b|\bSpilloverCount\b/i,
    phase: 'pool',
    status: 503,
    meaning:
      'The Classic Load Balancer could not open connections to the back-end instances fast enough: its surge queue (1024 requests) filled up and further requests were rejected with 503. It also happens when no healthy instance is registered.',
    causes: {
      'resource-exhaustion': 0.5,
      'no-healthy-upstream': 0.3,
      'slow-upstream': 0.2,
    },
    checks: [
      'CloudWatch for the load balancer: SurgeQueueLength, SpilloverCount, HealthyHostCount, Latency',
      'aws elb describe-instance-health --load-balancer-name <clb-name>',
    ],
    fix: 'Add back-end capacity (more or larger instances, Auto Scaling on latency/queue), fix slow requests that hold connections, and make sure instances are InService.',
    source: `${CLB_TROUBLESHOOT}#ts-elb-errorcodes-http503`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/clb-gateway-timeout',
    catalog: 'AWS-CLB',
    platform: 'aws',
    title: 'Classic ELB: HTTP/1.1 504 GATEWAY_TIMEOUT',
    keywords: ['504 gateway_timeout'],
    pattern: /\bHTTP\/1\.[01] (?<status>504) GATEWAY_TIMEOUT\b/,
    phase: 'read-headers',
    status: 504,
    meaning:
      'The Classic Load Balancer closed the request because the back-end instance did not answer within the idle timeout (60 s by default), or the back-end closed the connection first.',
    causes: {
      'slow-upstream': 0.45,
      'timeout-misaligned': 0.3,
      'keepalive-race': 0.25,
    },
    checks: [
      'aws elb describe-load-balancer-attributes --load-balancer-name <clb-name>   # ConnectionSettings.IdleTimeout',
      'CloudWatch Latency and BackendConnectionErrors for the load balancer',
      'Back-end keep-alive timeout must be longer than the ELB idle timeout',
    ],
    fix: 'Make the back-end answer within the idle timeout (or raise it), and keep back-end keep-alive timeouts above the ELB idle timeout.',
    source: `${CLB_TROUBLESHOOT}#ts-elb-errorcodes-http504`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'aws/clb-access-log-backend-failed',
    catalog: 'AWS-CLB',
    platform: 'aws',
    title: 'Classic ELB access log: 502/503/504 with no back-end response (processing times -1)',
    keywords: [' -1 502 ', ' -1 503 ', ' -1 504 '],
    pattern:
      /\b\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z [\w-]+ (?<client>[\d.]+):\d{1,5} (?:(?<host>[\d.]+):(?<port>\d{1,5})|-) -?[\d.]+ -?[\d.]+ -1 (?<status>50[234]) (?:-|0) /,
    phase: 'connect',
    status: [502, 503, 504],
    meaning:
      'The Classic Load Balancer answered 5xx itself and got nothing from the back-end instance (back-end status 0 or -): 503 when no instance could take the request (none healthy, surge queue full), 504 on idle timeout, 502 when the back-end closed or reset the connection.',
    causes: {
      'no-healthy-upstream': 0.3,
      'slow-upstream': 0.25,
      'keepalive-race': 0.25,
      'resource-exhaustion': 0.2,
    },
    checks: [
      'aws elb describe-instance-health --load-balancer-name <clb-name>',
      'From a host in the VPC: `curl -sv http://{host}:{port}/`',
      'CloudWatch: HealthyHostCount, SurgeQueueLength, SpilloverCount, BackendConnectionErrors',
    ],
    fix: 'Keep instances healthy and with spare capacity, and make the back-end keep-alive timeout longer than the ELB idle timeout.',
    source: 'https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/access-log-collection.html',
    evidence: 'kb',
  }),
];
