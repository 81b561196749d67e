import { defineSignature } from '../../core/define-signature.js';

const AGW_DOCS = 'https://learn.microsoft.com/en-us/azure/application-gateway';
const AFD_TROUBLESHOOT = 'https://learn.microsoft.com/en-us/azure/frontdoor/troubleshoot-issues';
const AFD_LOGS = 'https://learn.microsoft.com/en-us/azure/frontdoor/front-door-diagnostics';

/** `key=value` (flat rendering), `"key": "value"` (JSON), `key: value`; Log Analytics adds `_s`/`_d`. */
const kv = (key: string, value: string) => String.raw`\b${key}(?:_[sd])?["']?\s*(?:[:=]|==)\s*["']?${value}`;
/** Optionally captures a key/value printed before the match on the same line (nearest first). */
const before = (key: string, value: string, n = 3000) => String.raw`(?:(?<=${kv(key, value)}[^\n]{0,${n}}?)|)`;
/** Optionally captures a key/value printed after the match on the same line. */
const after = (key: string, value: string, n = 3000) => String.raw`(?:(?=[^\n]{0,${n}}?${kv(key, value)})|)`;

/** Application Gateway access log (v2): error_info value plus the routed server, status and pool around it. */
function agwErrorInfo(value: string): RegExp {
  return new RegExp(
    String.raw`\b(?<detail>${value})\b` +
      before('serverRouted', String.raw`(?<upstream>[\w.\[\]:-]*:\d{1,5})\b`) +
      before('httpStatus', String.raw`(?<status>\d{3})\b`) +
      before('backendPoolName', String.raw`(?<backend>[\w.-]+)`, 4000) +
      after('serverRouted', String.raw`(?<upstream_2>[\w.\[\]:-]*:\d{1,5})\b`) +
      after('httpStatus', String.raw`(?<status_2>\d{3})\b`),
    'i',
  );
}

/** Front Door access log `errorInfo` (also printed as `ErrorInfo: OriginTimeout` in docs and support replies). */
function afdErrorInfo(values: string): RegExp {
  return new RegExp(
    kv('error_?info', `(?<detail>${values})\\b`) +
      before('httpStatusCode', String.raw`(?<status>\d{3})\b`) +
      after('httpStatusCode', String.raw`(?<status_2>\d{3})\b`) +
      after('originName', String.raw`(?<upstream>[\w.-]+(?::\d{1,5})?)`) +
      before('originName', String.raw`(?<upstream_2>[\w.-]+(?::\d{1,5})?)`),
    'i',
  );
}

export const signatures = [
  defineSignature({
    id: 'azure/app-gateway-502-bad-gateway',
    catalog: 'AZ-AGW-502',
    platform: 'azure',
    title: 'Application Gateway 502: Web server received an invalid response while acting as a gateway or proxy server',
    keywords: ['received an invalid response while acting as a gateway', 'microsoft-azure-application-gateway'],
    pattern:
      /\b502 - Web server received an invalid response while acting as a gateway or proxy server\b|\b502 Bad Gateway\b[\s\S]{0,300}?\bMicrosoft-Azure-Application-Gateway\/v\d/i,
    phase: 'health-check',
    status: 502,
    meaning:
      'Application Gateway had no backend that gave it a valid response: the backend pool is empty, every member is unhealthy in Backend Health, or the request to the chosen member failed (NSG/UDR/custom DNS blocking, backend not answering).',
    causes: {
      'no-healthy-upstream': 0.4,
      'no-endpoints': 0.2,
      'network-blocked': 0.25,
      'config-error': 0.15,
    },
    checks: [
      'az network application-gateway show-backend-health -g <resource-group> -n <appgw-name> -o table',
      'az network application-gateway address-pool list -g <resource-group> --gateway-name <appgw-name> -o table   # empty pool?',
      'Check the probe (host, path, port, protocol) and the NSG/UDR on the backend subnet',
    ],
    fix: 'Fix what Backend Health reports for each member (probe settings, NSG/UDR, backend not running); an empty pool needs members.',
    source: `${AGW_DOCS}/application-gateway-troubleshooting-502`,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'azure/app-gateway-backend-cannot-connect',
    catalog: 'AZ-AGW-HEALTH',
    platform: 'azure',
    title: 'Backend health: Cannot connect to backend server (NSG/UDR/Firewall or wrong port)',
    keywords: ['cannot connect to backend server', 'cannot connect to server'],
    pattern:
      /\bCannot connect to (?:backend )?server\. Check whether any NSG\/UDR\/Firewall is blocking access to the server\.(?: Check if application is running on correct port\.?)?/i,
    phase: 'health-check',
    status: 502,
    meaning:
      "Application Gateway's health probe could not open a TCP connection to the backend member: a network security group, route (UDR) or firewall blocks it, or nothing listens on the probe port.",
    causes: {
      'network-blocked': 0.45,
      'not-listening': 0.3,
      'port-mismatch': 0.25,
    },
    checks: [
      'az network application-gateway show-backend-health -g <resource-group> -n <appgw-name>',
      'az network nsg rule list -g <resource-group> --nsg-name <backend-nsg> -o table   # allow the AppGW subnet to the backend port',
      'On the backend: `ss -ltnp   # listening on 0.0.0.0 on the backend-settings port?`',
    ],
    fix: 'Allow traffic from the Application Gateway subnet to the backend port (NSG, UDR, firewall) and make the app listen on the port the backend settings use.',
    source: `${AGW_DOCS}/application-gateway-backend-health-troubleshooting`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/app-gateway-probe-timeout',
    catalog: 'AZ-AGW-HEALTH',
    platform: 'azure',
    title: 'Backend health: backend response to the health probe took longer than the probe time-out',
    keywords: ['more than the time-out threshold'],
    pattern: /\bTime taken by the backend to respond to application gateway['’]s health probe is more than the time-out threshold in the probe setting/i,
    phase: 'health-check',
    status: 502,
    meaning:
      'The backend accepted the health probe connection but did not answer within the probe time-out; either the health endpoint is slow or packets are silently dropped on the way back.',
    causes: {
      'slow-upstream': 0.5,
      'network-blocked': 0.3,
      'timeout-misaligned': 0.2,
    },
    checks: [
      'Time the probe path from a VM in the AppGW VNet: `curl -s -o /dev/null -w "%{time_total}\\n" http://<backend-ip>:<port><probe-path>`',
      'az network application-gateway probe show -g <resource-group> --gateway-name <appgw-name> -n <probe-name>   # timeout, interval',
    ],
    fix: 'Make the health endpoint answer quickly (no slow dependency checks) or raise the probe time-out.',
    source: `${AGW_DOCS}/application-gateway-backend-health-troubleshooting`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/app-gateway-probe-status-mismatch',
    catalog: 'AZ-AGW-HEALTH',
    platform: 'azure',
    title: "Backend health: the backend's HTTP status did not match the probe setting",
    keywords: ['did not match the probe setting', 'received invalid status code'],
    pattern:
      /\bStatus code of the backend['’]s HTTP response did not match the probe setting\.?\s*Expected:\s*(?<detail>[\d-]+(?:\s*,\s*[\d-]+)*)?[^\n]{0,40}?Received:\s*(?<detail_2>\d{3})|\bReceived invalid status code(?: from the backend server)?\b|\bBody of the backend['’]s HTTP response did not match the probe setting/i,
    phase: 'health-check',
    status: 502,
    meaning:
      'The backend answered the health probe, but with a status (or body) outside what the probe accepts (200-399 by default): usually a wrong probe path or host header (404), an auth-protected path (401/403), or the app reporting itself unhealthy (5xx).',
    causes: {
      'config-error': 0.5,
      'port-mismatch': 0.2,
      'no-healthy-upstream': 0.2,
      other: 0.1,
    },
    checks: [
      'az network application-gateway probe show -g <resource-group> --gateway-name <appgw-name> -n <probe-name>   # path, host, match.statusCodes',
      'curl -sv -H "Host: <probe-host>" http://<backend-ip>:<port><probe-path>',
    ],
    fix: 'Point the probe at a path and host header that return 200 without auth or redirects, or widen the accepted status codes.',
    source: `${AGW_DOCS}/application-gateway-backend-health-troubleshooting`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/app-gateway-backend-certificate-invalid',
    catalog: 'AZ-AGW-HEALTH',
    platform: 'azure',
    title: 'Backend health: backend certificate does not match / not trusted / expired',
    keywords: ['common name (cn)', 'trusted root certificate', 'certificate is expired', 'backend certificate is invalid'],
    pattern:
      /\bThe Common Name \(CN\) of the backend (?:server )?certificate do(?:es not|esn['’]t) match\b|\bThe root certificate of the server certificate used by the backend do(?:es not|esn['’]t) match the trusted root certificate\b|\bBackend (?:server )?certificate is (?:expired|invalid)\b/i,
    phase: 'tls',
    status: 502,
    meaning:
      'The probe reached the backend over HTTPS, but its certificate is not acceptable to Application Gateway: the CN/SAN does not match the probe host, the chain does not end at the trusted root uploaded to the gateway, or it is expired.',
    causes: {
      'tls-mismatch': 0.8,
      'config-error': 0.2,
    },
    checks: [
      'openssl s_client -connect <backend-ip>:443 -servername <probe-host> -showcerts </dev/null | openssl x509 -noout -subject -issuer -dates -ext subjectAltName',
      'Compare the backend chain root with the trusted root certificates in the backend settings',
    ],
    fix: 'Serve a valid, unexpired certificate whose name matches the probe/backend host name, and upload its root CA to the backend settings (v1) or use a publicly trusted one.',
    source: `${AGW_DOCS}/application-gateway-backend-health-troubleshooting`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/app-gateway-backend-fqdn-unresolved',
    catalog: 'AZ-AGW-HEALTH',
    platform: 'azure',
    title: "Backend health: unable to resolve the backend's FQDN",
    keywords: ['fqdn'],
    pattern:
      /\b(?:Unable to|could not|couldn['’]t|failed to) resolve (?:the )?(?:backend(?:['’]s| server['’]s| pool member['’]s)? )?FQDN\b|\bDNS resolution failed for the backend[^\n]{0,40}?FQDN\b/i,
    phase: 'dns',
    status: 502,
    meaning:
      "Application Gateway could not resolve the backend member's host name: the FQDN is wrong, or the DNS server configured on the VNet (custom DNS) cannot resolve it (private zones not linked).",
    causes: {
      'dns-failure': 0.75,
      'config-error': 0.25,
    },
    checks: [
      'az network vnet show -g <resource-group> -n <vnet> --query dhcpOptions.dnsServers   # custom DNS on the AppGW VNet?',
      'From a VM in the same VNet: `nslookup <backend-fqdn>`',
    ],
    fix: 'Fix the backend FQDN, or make the VNet DNS resolve it (link the private DNS zone, forward from the custom DNS server).',
    source: `${AGW_DOCS}/application-gateway-backend-health-troubleshooting`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/app-gateway-no-live-upstream',
    catalog: 'AZ-AGW-ERRORINFO',
    platform: 'azure',
    title: 'Application Gateway access log: ERRORINFO_UPSTREAM_NO_LIVE_UPSTREAM',
    keywords: ['errorinfo_upstream_no_live_upstream'],
    pattern: agwErrorInfo('ERRORINFO_UPSTREAM_NO_LIVE_UPSTREAM'),
    phase: 'health-check',
    status: 502,
    meaning:
      'Application Gateway had no healthy backend member to send the request to: every member of the pool is failing its health probe, or the pool is empty.',
    causes: {
      'no-healthy-upstream': 0.7,
      'no-endpoints': 0.3,
    },
    checks: [
      'az network application-gateway show-backend-health -g <resource-group> -n <appgw-name> -o table',
      'Pool {backend}: check the probe and the NSG/UDR for each unhealthy member',
    ],
    fix: 'Fix the health-probe failures shown in Backend Health, or add members to the pool.',
    source: `${AGW_DOCS}/http-response-codes`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/app-gateway-upstream-closed-connection',
    catalog: 'AZ-AGW-ERRORINFO',
    platform: 'azure',
    title: 'Application Gateway access log: ERRORINFO_UPSTREAM_CLOSED_CONNECTION',
    keywords: ['errorinfo_upstream_closed_connection'],
    pattern: agwErrorInfo('ERRORINFO_UPSTREAM_CLOSED_CONNECTION'),
    phase: 'read-headers',
    status: 502,
    meaning:
      'The backend closed the connection before sending a complete response: a reused keep-alive connection the backend had already timed out, or the app crashing/resetting mid-request.',
    causes: {
      'keepalive-race': 0.5,
      'upstream-reset': 0.4,
      'protocol-mismatch': 0.1,
    },
    checks: [
      'Backend keep-alive timeout must be longer than the gateway keeps idle connections (set it to 120 s or more)',
      'Look for crashes or restarts on {upstream} at the time of the errors',
    ],
    fix: 'Raise the backend keep-alive timeout and fix crashes; make sure the backend settings protocol (HTTP/HTTPS) matches the backend port.',
    source: `${AGW_DOCS}/http-response-codes`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/app-gateway-upstream-timed-out',
    catalog: 'AZ-AGW-ERRORINFO',
    platform: 'azure',
    title: 'Application Gateway: ERRORINFO_UPSTREAM_TIMED_OUT / 504 Gateway Time-out',
    keywords: ['errorinfo_upstream_timed_out', 'microsoft-azure-application-gateway'],
    pattern: new RegExp(
      `${agwErrorInfo('ERRORINFO_UPSTREAM_TIMED_OUT').source}|\\b504 Gateway Time-?out\\b[\\s\\S]{0,300}?\\bMicrosoft-Azure-Application-Gateway\\/v\\d`,
      'i',
    ),
    phase: 'read-headers',
    status: 504,
    meaning: 'The backend did not answer within the request time-out of the backend settings (20 s by default), so Application Gateway returned 504.',
    causes: {
      'slow-upstream': 0.6,
      'timeout-misaligned': 0.3,
      'network-blocked': 0.1,
    },
    checks: [
      'az network application-gateway http-settings list -g <resource-group> --gateway-name <appgw-name> --query "[].{name:name,timeout:requestTimeout}" -o table',
      'Time the request directly against {upstream} from a VM in the VNet',
    ],
    fix: 'Make the backend faster, or raise requestTimeout in the backend settings above the longest legitimate response time.',
    source: `${AGW_DOCS}/http-response-codes`,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/front-door-origin-timeout',
    catalog: 'AZ-AFD-ERRORINFO',
    platform: 'azure',
    title: 'Front Door: ErrorInfo OriginTimeout',
    keywords: ['origintimeout'],
    pattern: afdErrorInfo('OriginTimeout'),
    phase: 'read-headers',
    status: 504,
    meaning: 'Front Door connected to the origin but did not receive a response within the origin response timeout (30 s by default).',
    causes: {
      'slow-upstream': 0.65,
      'timeout-misaligned': 0.35,
    },
    checks: [
      'Time the request directly against the origin: `curl -s -o /dev/null -w "%{time_starttransfer}\\n" https://{upstream}/<path>`',
      'az afd profile show -g <resource-group> --profile-name <profile> --query originResponseTimeoutSeconds',
    ],
    fix: 'Make the origin answer faster, or raise the origin response timeout (up to 240 s) on the Front Door profile.',
    source: AFD_TROUBLESHOOT,
    evidence: 'doc',
  }),
  defineSignature({
    id: 'azure/front-door-origin-connection-failed',
    catalog: 'AZ-AFD-ERRORINFO',
    platform: 'azure',
    title: 'Front Door: ErrorInfo OriginConnectionError / OriginConnectionRefused / OriginConnectionAborted',
    keywords: ['originconnectionerror', 'originconnectionrefused', 'originconnectionaborted'],
    pattern: afdErrorInfo('OriginConnectionError|OriginConnectionRefused|OriginConnectionAborted'),
    phase: 'connect',
    status: [502, 503],
    meaning:
      'Front Door could not establish (or keep) a connection to the origin: refused because nothing listens on the origin port, blocked by the origin firewall/NSG/access restrictions not allowing the AzureFrontDoor.Backend service tag, or aborted by the origin.',
    causes: {
      'not-listening': 0.35,
      'network-blocked': 0.35,
      'upstream-reset': 0.2,
      'port-mismatch': 0.1,
    },
    checks: [
      'curl -sv https://{upstream}/ from outside Azure   # reachable at all?',
      'Origin access restrictions/NSG must allow the AzureFrontDoor.Backend service tag on the origin HTTP/HTTPS ports',
      'az afd origin show -g <resource-group> --profile-name <profile> --origin-group-name <group> --origin-name <origin>   # host name, ports',
    ],
    fix: 'Allow AzureFrontDoor.Backend to the origin ports and make the origin listen on the HTTP/HTTPS ports configured on the Front Door origin.',
    source: AFD_LOGS,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/front-door-origin-invalid-response',
    catalog: 'AZ-AFD-ERRORINFO',
    platform: 'azure',
    title: 'Front Door: ErrorInfo OriginInvalidResponse / OriginError / ResponseHeaderTooBig',
    keywords: ['origininvalidresponse', 'originerror', 'responseheadertoobig'],
    pattern: afdErrorInfo('OriginInvalidResponse|OriginError|ResponseHeaderTooBig'),
    phase: 'read-headers',
    status: 502,
    meaning: 'The origin answered, but Front Door could not use the response: malformed HTTP, headers too large, or another origin-side error.',
    causes: {
      'protocol-mismatch': 0.45,
      'upstream-reset': 0.3,
      other: 0.25,
    },
    checks: [
      'curl -sv https://{upstream}/<path> and inspect the raw response (status line, header sizes)',
      'Check that the forwarding protocol (HTTP/HTTPS) matches what the origin port serves',
    ],
    fix: 'Make the origin return valid HTTP with reasonably sized headers on the protocol and port Front Door uses.',
    source: AFD_LOGS,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/front-door-origin-dns-failure',
    catalog: 'AZ-AFD-ERRORINFO',
    platform: 'azure',
    title: 'Front Door: ErrorInfo DNSFailure / DNSNameNotResolved / DNSTimeout',
    keywords: ['dnsfailure', 'dnsnamenotresolved', 'dnstimeout'],
    pattern: afdErrorInfo('DNSFailure|DNSNameNotResolved|DNSTimeout'),
    phase: 'dns',
    status: 503,
    meaning: "Front Door could not resolve the origin's host name.",
    causes: {
      'dns-failure': 0.8,
      'config-error': 0.2,
    },
    checks: ['nslookup {host}', 'az afd origin list -g <resource-group> --profile-name <profile> --origin-group-name <group> -o table   # host names'],
    fix: 'Fix the origin host name or its public DNS records.',
    source: AFD_LOGS,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/front-door-origin-tls-failure',
    catalog: 'AZ-AFD-ERRORINFO',
    platform: 'azure',
    title: 'Front Door: ErrorInfo SSLHandshakeError / SSLMismatchedSNI / SSLInvalidRootCertificate / CertificateNameCheckFailed',
    keywords: ['sslhandshakeerror', 'sslmismatchedsni', 'sslinvalidrootcertificate', 'certificatenamecheckfailed', 'certificateerror'],
    pattern: afdErrorInfo('SSLHandshakeError|SSLMismatchedSNI|SSLInvalidRootCertificate|CertificateNameCheckFailed|CertificateError'),
    phase: 'tls',
    status: 502,
    meaning:
      'The HTTPS connection from Front Door to the origin failed: the origin certificate does not match the origin host header/SNI, is not from a trusted CA, or the origin does not speak TLS on the HTTPS port.',
    causes: {
      'tls-mismatch': 0.8,
      'config-error': 0.2,
    },
    checks: [
      'openssl s_client -connect {host}:443 -servername <origin-host-header> </dev/null | openssl x509 -noout -subject -ext subjectAltName',
      'Check the origin host header and "certificate subject name validation" setting of the origin',
    ],
    fix: 'Make the origin present a publicly trusted certificate that matches the origin host header, or correct the origin host header.',
    source: AFD_LOGS,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/front-door-client-disconnected',
    catalog: 'AZ-AFD-ERRORINFO',
    platform: 'azure',
    title: 'Front Door: ErrorInfo ClientDisconnected',
    keywords: ['clientdisconnected'],
    pattern: afdErrorInfo('ClientDisconnected'),
    phase: 'read-headers',
    status: null,
    meaning: 'The client closed the connection before Front Door could send the response; the origin was usually slower than the client timeout.',
    causes: {
      'timeout-misaligned': 0.55,
      'slow-upstream': 0.45,
    },
    checks: ['Compare the client timeout with timeToFirstByte/timeTaken of these requests in the access log'],
    fix: 'Give clients a longer timeout or make the origin respond faster.',
    source: AFD_LOGS,
    evidence: 'kb',
  }),
  defineSignature({
    id: 'azure/front-door-service-unavailable-page',
    catalog: 'AZ-AFD-ERRORINFO',
    platform: 'azure',
    title: "Front Door error page: Our services aren't available right now",
    keywords: ['services aren'],
    pattern: /\bOur services aren['’]t available right now\b/i,
    phase: 'connect',
    status: [502, 503, 504],
    meaning:
      "Front Door's own error page: it could not get a usable response from the origin (timeout, connection or TLS failure). The Ref A/B/C tracking reference finds the request in the access log, whose errorInfo names the exact reason.",
    causes: {
      'slow-upstream': 0.3,
      'tls-mismatch': 0.25,
      'not-listening': 0.2,
      'network-blocked': 0.15,
      'dns-failure': 0.1,
    },
    checks: [
      'Look up the tracking reference (Ref A) in the FrontDoorAccessLog and read errorInfo',
      'curl -sv https://<origin-host>/ directly (bypassing Front Door) with the origin host header',
    ],
    fix: 'Follow the errorInfo of the request: speed up the origin or raise the timeout, fix the origin certificate/host header, or open the origin to Front Door.',
    source: AFD_TROUBLESHOOT,
    evidence: 'kb',
  }),
];
