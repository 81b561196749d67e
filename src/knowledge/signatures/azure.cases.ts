import type { SignatureCases } from '../../core/signature-cases.js';

/** An Application Gateway v2 access-log record (ApplicationGatewayAccessLog), one JSON line. */
function agwLog(status: number, serverRouted: string, serverStatus: string, errorInfo: string): string {
  return `{"timeStamp":"2024-05-01T10:00:00+00:00","resourceId":"/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-PROD/PROVIDERS/MICROSOFT.NETWORK/APPLICATIONGATEWAYS/APPGW-PROD","listenerName":"https-listener","ruleName":"api-rule","backendPoolName":"api-pool","backendSettingName":"api-settings","operationName":"ApplicationGatewayAccess","category":"ApplicationGatewayAccessLog","properties":{"instanceId":"appgw_1","clientIP":"203.0.113.7","clientPort":51234,"httpMethod":"GET","originalRequestUriWithArgs":"/api/orders","requestUri":"/api/orders","requestQuery":"","userAgent":"curl/8.5.0","httpStatus":${status},"httpVersion":"HTTP/1.1","receivedBytes":120,"sentBytes":400,"clientResponseTime":0,"timeTaken":20.004,"WAFEvaluationTime":"0","WAFMode":"Detection","transactionId":"4f9a1c2e7d3b4a5f8e6d0c1b2a394857","sslEnabled":"on","sslCipher":"ECDHE-RSA-AES256-GCM-SHA384","sslProtocol":"TLSv1.2","serverRouted":"${serverRouted}","serverStatus":"${serverStatus}","serverResponseLatency":"-","upstreamSourcePort":"-","originalHost":"api.example.com","host":"api.example.com","error_info":"${errorInfo}"}}`;
}

/** A Front Door (Standard/Premium) access-log record, one JSON line. */
function afdLog(status: number, errorInfo: string): string {
  return `{"time":"2024-05-01T10:00:00.0000000Z","resourceId":"/SUBSCRIPTIONS/0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0/RESOURCEGROUPS/RG-EDGE/PROVIDERS/MICROSOFT.CDN/PROFILES/AFD-PROD","category":"FrontDoorAccessLog","operationName":"Microsoft.Cdn/Profiles/AccessLog/Write","properties":{"trackingReference":"20240501T100000Z-16b7f9d8c4dxwv2xhC1AMS0x1c00000001a0000000005b2c","httpMethod":"GET","httpVersion":"2.0.0.0","requestUri":"https://www.example.com:443/api/orders","hostName":"www.example.com","requestBytes":"612","responseBytes":"540","userAgent":"Mozilla/5.0","clientIp":"203.0.113.7","clientPort":"51234","socketIp":"203.0.113.7","timeToFirstByte":"30.012","timeTaken":"30.013","requestProtocol":"HTTPS","securityProtocol":"TLS 1.3","httpStatusCode":"${status}","httpStatusDetails":"${status}","pop":"AMS","cacheStatus":"CONFIG_NOCACHE","errorInfo":"${errorInfo}","endpoint":"www-example-ab12cd34.z01.azurefd.net","isReceivedFromClient":true,"originName":"api-prod.azurewebsites.net:443"}}`;
}

export default {
  'azure/app-gateway-502-bad-gateway': {
    match: [
      {
        text: '502 - Web server received an invalid response while acting as a gateway or proxy server.\nThere is a problem with the page you are looking for, and it cannot be displayed. When the Web server (while acting as a gateway or proxy) contacted the upstream content server, it received an invalid response from the content server.',
      },
      {
        text: '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\n</body>\n</html>',
      },
    ],
    nearMiss: [
      '<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>nginx</center>\n</body>\n</html>',
      '<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\n</body>\n</html>',
    ],
  },
  'azure/app-gateway-backend-cannot-connect': {
    match: [
      {
        text: 'Unhealthy  10.1.2.4  Cannot connect to backend server. Check whether any NSG/UDR/Firewall is blocking access to the server. Check if application is running on correct port.',
      },
      {
        text: '{"address": "10.1.2.5", "health": "Unhealthy", "healthProbeLog": "Cannot connect to backend server. Check whether any NSG/UDR/Firewall is blocking access to the server. Check if application is running on correct port."}',
      },
    ],
    nearMiss: [
      '{"address": "10.1.2.4", "health": "Healthy", "healthProbeLog": "Success. Received 200 status code"}',
      "Time taken by the backend to respond to application gateway's health probe is more than the time-out threshold in the probe setting.",
    ],
  },
  'azure/app-gateway-probe-timeout': {
    match: [
      {
        text: '{"address": "10.1.2.6", "health": "Unhealthy", "healthProbeLog": "Time taken by the backend to respond to application gateway\'s health probe is more than the time-out threshold in the probe setting."}',
      },
    ],
    nearMiss: [
      'Cannot connect to backend server. Check whether any NSG/UDR/Firewall is blocking access to the server. Check if application is running on correct port.',
    ],
  },
  'azure/app-gateway-probe-status-mismatch': {
    match: [
      {
        text: '{"address": "10.1.2.7", "health": "Unhealthy", "healthProbeLog": "Status code of the backend\'s HTTP response did not match the probe setting. Expected:200-399 Received:404."}',
        fields: { detail: '200-399' },
      },
      { text: 'Unhealthy  api-prod.azurewebsites.net  Received invalid status code: 401 in the backend server’s HTTP response.' },
    ],
    nearMiss: ['{"address": "10.1.2.7", "health": "Healthy", "healthProbeLog": "Success. Received 200 status code"}'],
  },
  'azure/app-gateway-backend-certificate-invalid': {
    match: [
      { text: "Unhealthy  10.1.2.8  The Common Name (CN) of the backend certificate doesn't match the host header of the probe." },
      {
        text: 'The root certificate of the server certificate used by the backend does not match the trusted root certificate added to the application gateway. Ensure that you add the correct root certificate to allowlist the backend.',
      },
      { text: 'Backend certificate is invalid. Current date is not within the "Valid from" and "Valid to" date range on the certificate.' },
    ],
    nearMiss: ['Cannot connect to backend server. Check whether any NSG/UDR/Firewall is blocking access to the server.'],
  },
  'azure/app-gateway-backend-fqdn-unresolved': {
    match: [
      { text: 'Unhealthy  api.internal.contoso.com  Unable to resolve the FQDN of the backend server. Check the DNS settings of the virtual network.' },
      { text: "Application Gateway could not resolve the backend's FQDN api.internal.contoso.com" },
    ],
    nearMiss: ['Healthy  api.internal.contoso.com  Success. Received 200 status code (backend FQDN api.internal.contoso.com)'],
  },
  'azure/app-gateway-no-live-upstream': {
    match: [
      {
        text: agwLog(502, '-', '-', 'ERRORINFO_UPSTREAM_NO_LIVE_UPSTREAM'),
        fields: { status: '502', backend: 'api-pool', detail: 'ERRORINFO_UPSTREAM_NO_LIVE_UPSTREAM' },
      },
      {
        text: 'AzureDiagnostics | where error_info_s == "ERRORINFO_UPSTREAM_NO_LIVE_UPSTREAM" | summarize count() by backendPoolName_s',
      },
    ],
    nearMiss: [agwLog(200, '10.1.2.4:8080', '200', 'ERRORINFO_NO_ERROR'), agwLog(504, '10.1.2.4:8080', '-', 'ERRORINFO_UPSTREAM_TIMED_OUT')],
  },
  'azure/app-gateway-upstream-closed-connection': {
    match: [
      {
        text: agwLog(502, '10.1.2.4:8080', '-', 'ERRORINFO_UPSTREAM_CLOSED_CONNECTION'),
        fields: { status: '502', upstream: '10.1.2.4:8080', host: '10.1.2.4', port: '8080', backend: 'api-pool' },
      },
    ],
    nearMiss: [agwLog(200, '10.1.2.4:8080', '200', 'ERRORINFO_NO_ERROR')],
  },
  'azure/app-gateway-upstream-timed-out': {
    match: [
      {
        text: agwLog(504, '10.1.2.9:8443', '-', 'ERRORINFO_UPSTREAM_TIMED_OUT'),
        fields: { status: '504', host: '10.1.2.9', port: '8443', detail: 'ERRORINFO_UPSTREAM_TIMED_OUT' },
      },
      {
        text: '<html>\n<head><title>504 Gateway Time-out</title></head>\n<body>\n<center><h1>504 Gateway Time-out</h1></center>\n<hr><center>Microsoft-Azure-Application-Gateway/v2</center>\n</body>\n</html>',
      },
    ],
    nearMiss: [
      agwLog(502, '10.1.2.4:8080', '-', 'ERRORINFO_UPSTREAM_CLOSED_CONNECTION'),
      '<html>\n<head><title>504 Gateway Time-out</title></head>\n<body>\n<center><h1>504 Gateway Time-out</h1></center>\n<hr><center>nginx/1.22.1</center>\n</body>\n</html>',
    ],
  },
  'azure/front-door-origin-timeout': {
    match: [
      {
        text: afdLog(504, 'OriginTimeout'),
        fields: { detail: 'OriginTimeout', status: '504', upstream: 'api-prod.azurewebsites.net:443', host: 'api-prod.azurewebsites.net' },
      },
      { text: 'Clients get 504 from Front Door; the access log shows ErrorInfo: OriginTimeout for these requests.' },
    ],
    nearMiss: [afdLog(200, 'NoError'), afdLog(502, 'OriginConnectionError')],
  },
  'azure/front-door-origin-connection-failed': {
    match: [
      {
        text: afdLog(502, 'OriginConnectionRefused'),
        fields: { detail: 'OriginConnectionRefused', status: '502', host: 'api-prod.azurewebsites.net', port: '443' },
      },
      { text: 'AzureDiagnostics | where ErrorInfo_s == "OriginConnectionError"', fields: { detail: 'OriginConnectionError' } },
    ],
    nearMiss: [afdLog(504, 'OriginTimeout'), afdLog(200, 'NoError')],
  },
  'azure/front-door-origin-invalid-response': {
    match: [{ text: afdLog(502, 'OriginInvalidResponse'), fields: { detail: 'OriginInvalidResponse', status: '502' } }],
    nearMiss: [afdLog(502, 'OriginConnectionAborted')],
  },
  'azure/front-door-origin-dns-failure': {
    match: [{ text: afdLog(503, 'DNSNameNotResolved'), fields: { detail: 'DNSNameNotResolved', status: '503' } }],
    nearMiss: [afdLog(200, 'NoError'), '2024-05-01T10:00:00Z WARN dns: DNSTimeout while resolving api-prod.azurewebsites.net (retrying)'],
  },
  'azure/front-door-origin-tls-failure': {
    match: [
      { text: afdLog(502, 'CertificateNameCheckFailed'), fields: { detail: 'CertificateNameCheckFailed', status: '502' } },
      { text: 'errorInfo=SSLMismatchedSNI httpStatusCode=502', fields: { detail: 'SSLMismatchedSNI' } },
    ],
    nearMiss: [afdLog(504, 'OriginTimeout')],
  },
  'azure/front-door-client-disconnected': {
    match: [{ text: afdLog(499, 'ClientDisconnected'), fields: { detail: 'ClientDisconnected', status: '499' } }],
    nearMiss: [afdLog(200, 'NoError')],
  },
  'azure/front-door-service-unavailable-page': {
    match: [
      {
        text: "Our services aren't available right now\nWe're working to restore all services as soon as possible. Please check back soon.\n0bU0yZgAAAAC8Xk3k1Kx7T4oO4j1bK1c+QU1TMDRFREdFMDQxMwBlZGI1ZjdkOS0xNjYzLTQ0ZjctOTM2Mi02ZjM4NzJmOWY2MjY=",
      },
    ],
    nearMiss: ["We're working to restore all services as soon as possible. Please check back soon. (maintenance page, status 200)"],
  },
} satisfies SignatureCases;
