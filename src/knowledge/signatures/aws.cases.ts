import type { SignatureCases } from '../../core/signature-cases.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup';
const TRACE = '"Root=1-58337262-36d228ad5d99923122bbe354"';

export default {
  'aws/alb-502-target-connection-failed': {
    match: [
      {
        text: `http 2024-05-01T10:00:00.123456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2817 10.0.1.12:80 0.000 -1 -1 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:00.100000Z "forward" "-" "-" "10.0.1.12:80" "-" "-" "-"`,
        fields: { status: '502', host: '10.0.1.12', port: '80', client: '203.0.113.5', backend: 'my-targets' },
      },
      {
        text: `https 2024-06-14T08:31:07.845201Z app/prod-api-alb/9f0e4a1b2c3d4e5f 198.51.100.23:53944 172.31.44.7:3000 0.001 -1 -1 502 - 812 272 "POST https://api.example.com:443/v1/orders HTTP/1.1" "okhttp/4.12.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}/prod-api-tg/0a1b2c3d4e5f6a7b "Root=1-666bff4b-0d1e2f3a4b5c6d7e8f9a0b1c" "api.example.com" "arn:aws:acm:us-east-1:123456789012:certificate/3b1d7a2e-5f4c-4c1a-9e6b-2f8d1c0a9b7e" 0 2024-06-14T08:31:07.844000Z "forward" "-" "-" "172.31.44.7:3000" "-" "-" "-" TID_5c1e2a4b7d8f4e0a9b3c`,
        fields: { status: '502', host: '172.31.44.7', port: '3000', backend: 'prod-api-tg' },
      },
      {
        text: '{"elb_status_code":"502","target_status_code":"-","target_processing_time":"-1.0","request_url":"https://api.example.com:443/v1/orders"}',
        fields: { status: '502' },
      },
    ],
    nearMiss: [
      // Target answered (measured time, status 502 from the app itself passed through).
      `http 2024-05-01T10:00:01.223456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2818 10.0.1.12:80 0.000 0.004 0.000 502 502 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:01.200000Z "forward" "-" "-" "10.0.1.12:80" "502" "-" "-"`,
      // Healthy request.
      `http 2024-05-01T10:00:02.123456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2819 10.0.1.12:80 0.000 0.012 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:02.100000Z "forward" "-" "-" "10.0.1.12:80" "200" "-" "-"`,
      // Connect timeout, not a refusal.
      `http 2024-05-01T10:00:13.123456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2820 10.0.1.12:80 -1 -1 -1 504 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:03.100000Z "forward" "-" "-" "10.0.1.12:80" "-" "-" "-"`,
    ],
  },
  'aws/alb-502-bad-gateway': {
    match: [
      {
        text: 'HTTP/1.1 502 Bad Gateway\nServer: awselb/2.0\nDate: Wed, 01 May 2024 10:00:00 GMT\nContent-Type: text/html\nContent-Length: 122\nConnection: keep-alive',
        fields: { status: '502' },
      },
      { text: 'HTTP/2 502 \nserver: awselb/2.0\ndate: Fri, 14 Jun 2024 08:31:07 GMT\ncontent-type: text/html\ncontent-length: 122' },
      { text: 'CloudWatch alarm "alb-5xx" in ALARM: HTTPCode_ELB_502_Count > 10 for 3 datapoints within 15 minutes' },
    ],
    nearMiss: [
      'HTTP/1.1 503 Service Temporarily Unavailable\nServer: awselb/2.0\nDate: Wed, 01 May 2024 10:00:00 GMT\nContent-Type: text/html\nContent-Length: 162',
      'HTTP/1.1 502 Bad Gateway\nServer: nginx/1.22.1\nDate: Wed, 01 May 2024 10:00:00 GMT\nContent-Type: text/html\nContent-Length: 157',
      'HTTP/1.1 301 Moved Permanently\nServer: awselb/2.0\nDate: Wed, 01 May 2024 10:00:00 GMT\nLocation: https://www.example.com:443/',
    ],
  },
  'aws/alb-502-invalid-target-response': {
    match: [
      {
        text: `https 2024-05-01T11:12:44.552301Z app/web-alb/50dc6c495c0c9188 203.0.113.9:40112 10.0.2.31:8443 0.000 0.003 -1 502 - 118 272 "GET https://app.example.com:443/ HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}/web-https/73e2d6bc24d8a067 ${TRACE} "app.example.com" "-" 0 2024-05-01T11:12:44.549000Z "forward" "-" "-" "10.0.2.31:8443" "-" "-" "-"`,
        fields: { status: '502', host: '10.0.2.31', port: '8443', backend: 'web-https' },
      },
      {
        text: `http 2024-05-01T11:14:02.101201Z app/web-alb/50dc6c495c0c9188 203.0.113.9:40120 10.0.2.31:8080 0.000 -1 -1 502 200 118 272 "GET http://app.example.com:80/report HTTP/1.1" "curl/8.5.0" - - ${TG}/web-http/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T11:14:02.090000Z "forward" "-" "-" "10.0.2.31:8080" "200" "-" "-"`,
        fields: { status: '502', detail: '200', port: '8080' },
      },
      { text: 'TargetTLSNegotiationErrorCount Sum 148 (app/web-alb/50dc6c495c0c9188, 5 minutes)' },
    ],
    nearMiss: [
      `http 2024-05-01T10:00:00.123456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2817 10.0.1.12:80 0.000 -1 -1 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:00.100000Z "forward" "-" "-" "10.0.1.12:80" "-" "-" "-"`,
      `https 2024-05-01T11:12:45.552301Z app/web-alb/50dc6c495c0c9188 203.0.113.9:40113 10.0.2.31:8443 0.000 0.021 0.000 404 404 118 272 "GET https://app.example.com:443/missing HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}/web-https/73e2d6bc24d8a067 ${TRACE} "app.example.com" "-" 0 2024-05-01T11:12:45.530000Z "forward" "-" "-" "10.0.2.31:8443" "404" "-" "-"`,
    ],
  },
  'aws/alb-503-no-registered-targets': {
    match: [
      {
        text: `https 2024-05-01T10:02:11.481093Z app/prod-alb/50dc6c495c0c9188 198.51.100.23:53944 - -1 -1 -1 503 - 215 345 "GET https://api.example.com:443/v1/orders HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}/prod-api/73e2d6bc24d8a067 ${TRACE} "api.example.com" "arn:aws:acm:us-east-1:123456789012:certificate/3b1d7a2e-5f4c-4c1a-9e6b-2f8d1c0a9b7e" 0 2024-05-01T10:02:11.480000Z "forward" "-" "-" "-" "-" "-" "-"`,
        fields: { status: '503', client: '198.51.100.23', backend: 'prod-api' },
      },
      {
        text: 'HTTP/1.1 503 Service Temporarily Unavailable\nServer: awselb/2.0\nDate: Wed, 01 May 2024 10:02:11 GMT\nContent-Type: text/html\nContent-Length: 162\nConnection: keep-alive',
        fields: { status: '503' },
      },
      { text: 'elb_status_code: 503  target_status_code: -  target_port_list: -' },
    ],
    nearMiss: [
      // The application itself answered 503 through the ALB.
      `https 2024-05-01T10:02:12.481093Z app/prod-alb/50dc6c495c0c9188 198.51.100.23:53945 10.0.3.14:8080 0.000 0.002 0.000 503 503 215 345 "GET https://api.example.com:443/v1/orders HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}/prod-api/73e2d6bc24d8a067 ${TRACE} "api.example.com" "-" 0 2024-05-01T10:02:12.470000Z "forward" "-" "-" "10.0.3.14:8080" "503" "-" "-"`,
      'HTTP/1.1 503 Service Unavailable: Back-end server is at capacity\nContent-Length: 0\nConnection: keep-alive',
    ],
  },
  'aws/alb-504-target-connect-timeout': {
    match: [
      {
        text: `http 2024-05-01T10:00:13.123456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2820 10.0.1.12:8080 -1 -1 -1 504 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:03.100000Z "forward" "-" "-" "10.0.1.12:8080" "-" "-" "-"`,
        fields: { status: '504', host: '10.0.1.12', port: '8080', backend: 'my-targets' },
      },
      {
        text: 'elb_status_code=504 target_status_code=- target_processing_time=-1 target_ip=10.0.1.12 target_port=8080',
        fields: { status: '504' },
      },
    ],
    nearMiss: [
      `http 2024-05-01T10:01:03.223456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2821 10.0.1.12:8080 0.000 60.001 -1 504 - 34 366 "GET http://www.example.com:80/report HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:03.200000Z "forward" "-" "-" "10.0.1.12:8080" "-" "-" "-"`,
      `http 2024-05-01T10:00:00.123456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2817 10.0.1.12:80 0.000 -1 -1 502 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:00.100000Z "forward" "-" "-" "10.0.1.12:80" "-" "-" "-"`,
    ],
  },
  'aws/alb-504-target-response-timeout': {
    match: [
      {
        text: `http 2024-05-01T10:01:03.223456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2821 10.0.1.12:8080 0.000 60.001 -1 504 - 34 366 "GET http://www.example.com:80/report HTTP/1.1" "curl/8.0" - - ${TG}/reports-tg/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:03.200000Z "forward" "-" "-" "10.0.1.12:8080" "-" "-" "-"`,
        fields: { status: '504', host: '10.0.1.12', port: '8080', backend: 'reports-tg' },
      },
    ],
    nearMiss: [
      `http 2024-05-01T10:00:13.123456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2820 10.0.1.12:8080 -1 -1 -1 504 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:03.100000Z "forward" "-" "-" "10.0.1.12:8080" "-" "-" "-"`,
      `http 2024-05-01T10:01:03.223456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2822 10.0.1.12:8080 0.000 58.412 0.000 504 504 34 366 "GET http://www.example.com:80/report HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:05.200000Z "forward" "-" "-" "10.0.1.12:8080" "504" "-" "-"`,
    ],
  },
  'aws/alb-504-gateway-timeout': {
    match: [
      {
        text: 'HTTP/1.1 504 Gateway Time-out\nServer: awselb/2.0\nDate: Wed, 01 May 2024 10:01:03 GMT\nContent-Type: text/html\nContent-Length: 132\nConnection: keep-alive',
        fields: { status: '504' },
      },
      { text: 'HTTP/2 504 \nserver: awselb/2.0\ndate: Wed, 01 May 2024 10:01:03 GMT\ncontent-type: text/html\ncontent-length: 132' },
      { text: 'ALARM: "api-alb-504s" HTTPCode_ELB_504_Count >= 5 for LoadBalancer app/api-alb/50dc6c495c0c9188' },
    ],
    nearMiss: [
      'HTTP/1.1 504 Gateway Time-out\nServer: nginx/1.22.1\nDate: Wed, 01 May 2024 10:01:03 GMT\nContent-Type: text/html',
      'HTTP/1.1 502 Bad Gateway\nServer: awselb/2.0\nDate: Wed, 01 May 2024 10:00:00 GMT\nContent-Type: text/html\nContent-Length: 122',
    ],
  },
  'aws/alb-460-client-closed': {
    match: [
      {
        text: `https 2024-05-01T12:00:31.004521Z app/api-alb/50dc6c495c0c9188 198.51.100.77:61022 10.0.4.20:8080 0.000 -1 -1 460 - 430 0 "POST https://api.example.com:443/v1/export HTTP/1.1" "python-requests/2.31.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}/api-tg/73e2d6bc24d8a067 ${TRACE} "api.example.com" "-" 0 2024-05-01T12:00:01.001000Z "forward" "-" "-" "10.0.4.20:8080" "-" "-" "-"`,
        fields: { status: '460', host: '10.0.4.20', port: '8080' },
      },
      { text: 'elb_status_code = 460', fields: { status: '460' } },
    ],
    nearMiss: [
      `https 2024-05-01T12:00:32.004521Z app/api-alb/50dc6c495c0c9188 198.51.100.77:61023 10.0.4.20:8080 0.000 0.250 0.000 400 400 430 120 "POST https://api.example.com:443/v1/export HTTP/1.1" "python-requests/2.31.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}/api-tg/73e2d6bc24d8a067 ${TRACE} "api.example.com" "-" 0 2024-05-01T12:00:31.750000Z "forward" "-" "-" "10.0.4.20:8080" "400" "-" "-"`,
    ],
  },
  'aws/alb-463-too-many-forwarded-ips': {
    match: [
      {
        text: `http 2024-05-01T12:05:00.000111Z app/edge-alb/50dc6c495c0c9188 10.0.0.15:40022 - -1 -1 -1 463 - 2048 0 "GET http://edge.example.com:80/ HTTP/1.1" "Amazon CloudFront" - - - "-" "-" "-" 0 2024-05-01T12:05:00.000000Z "-" "-" "-" "-" "-" "-" "-"`,
        fields: { status: '463', client: '10.0.0.15' },
      },
    ],
    nearMiss: [
      `http 2024-05-01T12:05:01.000111Z app/edge-alb/50dc6c495c0c9188 10.0.0.15:40023 - -1 -1 -1 400 - 2048 0 "GET http://edge.example.com:80/ HTTP/1.1" "-" - - - "-" "-" "-" 0 2024-05-01T12:05:01.000000Z "-" "-" "-" "-" "-" "-" "-"`,
    ],
  },
  'aws/alb-464-protocol-incompatible': {
    match: [
      {
        text: `https 2024-05-01T12:10:00.300111Z app/grpc-alb/50dc6c495c0c9188 198.51.100.8:51000 - -1 -1 -1 464 - 160 0 "GET https://grpc.example.com:443/ HTTP/1.1" "curl/8.5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}/grpc-tg/73e2d6bc24d8a067 ${TRACE} "grpc.example.com" "-" 0 2024-05-01T12:10:00.300000Z "forward" "-" "-" "-" "-" "-" "-"`,
        fields: { status: '464', backend: 'grpc-tg' },
      },
      { text: 'HTTP 464: The incoming request protocol is incompatible with the target group protocol version.' },
    ],
    nearMiss: [
      `h2 2024-05-01T12:10:01.300111Z app/grpc-alb/50dc6c495c0c9188 198.51.100.8:51001 10.0.5.5:50051 0.000 0.004 0.000 200 200 160 90 "POST https://grpc.example.com:443/helloworld.Greeter/SayHello HTTP/2.0" "grpc-go/1.64.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 ${TG}/grpc-tg/73e2d6bc24d8a067 ${TRACE} "grpc.example.com" "-" 0 2024-05-01T12:10:01.290000Z "forward" "-" "-" "10.0.5.5:50051" "200" "-" "-"`,
    ],
  },
  'aws/alb-561-idp-unauthorized': {
    match: [
      {
        text: `https 2024-05-01T12:20:00.100111Z app/portal-alb/50dc6c495c0c9188 198.51.100.44:50001 - 0.245 -1 -1 561 - 620 410 "GET https://portal.example.com:443/oauth2/idpresponse?code=abc&state=xyz HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 - ${TRACE} "portal.example.com" "-" 0 2024-05-01T12:20:00.050000Z "authenticate" "-" "AuthTokenEpRequestFailed" "-" "-" "-" "-"`,
        fields: { status: '561' },
      },
    ],
    nearMiss: [
      `https 2024-05-01T12:20:01.100111Z app/portal-alb/50dc6c495c0c9188 198.51.100.44:50002 - 0.003 -1 -1 302 - 620 410 "GET https://portal.example.com:443/ HTTP/1.1" "Mozilla/5.0" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 - ${TRACE} "portal.example.com" "-" 0 2024-05-01T12:20:01.090000Z "authenticate" "-" "-" "-" "-" "-" "-"`,
    ],
  },
  'aws/alb-000-http2-goaway': {
    match: [
      { text: 'The load balancer sends a response code of 000 with HTTP/2 connections when the header is larger than 8K' },
      {
        text: '2024/05/01 12:30:00 Post "https://api.example.com/v1/events": http2: server sent GOAWAY and closed the connection; LastStreamID=19999, ErrCode=NO_ERROR, debug=""',
      },
    ],
    nearMiss: [
      '2024/05/01 12:30:00 Post "https://api.example.com/v1/events": http2: server sent GOAWAY and closed the connection; LastStreamID=1999, ErrCode=NO_ERROR, debug=""',
      '$ curl -s -o /dev/null -w "%{http_code}" https://api.example.com/ -> 000',
    ],
  },
  'aws/target-health-response-code-mismatch': {
    match: [
      {
        text: '{\n    "TargetHealthDescriptions": [\n        {\n            "Target": {\n                "Id": "10.0.1.12",\n                "Port": 8080,\n                "AvailabilityZone": "us-east-1a"\n            },\n            "HealthCheckPort": "8080",\n            "TargetHealth": {\n                "State": "unhealthy",\n                "Reason": "Target.ResponseCodeMismatch",\n                "Description": "Health checks failed with these codes: [404]"\n            }\n        }\n    ]\n}',
        fields: { host: '10.0.1.12', port: '8080', detail: '404' },
      },
      { text: 'i-0f76fade4d3c2b1a0  80  unhealthy  Health checks failed with these codes: [502]', fields: { detail: '502' } },
    ],
    nearMiss: [
      '{"Target": {"Id": "10.0.1.12", "Port": 8080}, "HealthCheckPort": "8080", "TargetHealth": {"State": "unhealthy", "Reason": "Target.Timeout", "Description": "Request timed out"}}',
      '{"Target": {"Id": "10.0.1.13", "Port": 8080}, "HealthCheckPort": "8080", "TargetHealth": {"State": "healthy"}}',
    ],
  },
  'aws/target-health-timeout': {
    match: [
      {
        text: '{"TargetHealthDescriptions": [{"Target": {"Id": "10.0.1.12", "Port": 8080, "AvailabilityZone": "us-east-1a"}, "HealthCheckPort": "8080", "TargetHealth": {"State": "unhealthy", "Reason": "Target.Timeout", "Description": "Request timed out"}}]}',
        fields: { host: '10.0.1.12', port: '8080' },
      },
      { text: 'TARGETHEALTH\tRequest timed out\tTarget.Timeout\tunhealthy' },
    ],
    nearMiss: [
      '{"Target": {"Id": "10.0.1.12", "Port": 8080}, "TargetHealth": {"State": "unhealthy", "Reason": "Target.FailedHealthChecks", "Description": "Health checks failed"}}',
      '2024-05-01T10:00:00Z ERROR ReadTimeout: Request timed out after 5000ms',
    ],
  },
  'aws/target-health-failed': {
    match: [
      {
        text: '{"Target": {"Id": "10.0.6.41", "Port": 3000}, "HealthCheckPort": "3000", "TargetHealth": {"State": "unhealthy", "Reason": "Target.FailedHealthChecks", "Description": "Health checks failed"}}',
        fields: { host: '10.0.6.41', port: '3000' },
      },
    ],
    nearMiss: [
      '{"Target": {"Id": "10.0.6.41", "Port": 3000}, "TargetHealth": {"State": "unhealthy", "Reason": "Target.ResponseCodeMismatch", "Description": "Health checks failed with these codes: [404]"}}',
    ],
  },
  'aws/target-not-in-service': {
    match: [
      {
        text: '{"Target": {"Id": "i-0abc1234def567890", "Port": 80}, "TargetHealth": {"State": "unused", "Reason": "Target.NotInUse", "Description": "Target is in an Availability Zone that is not enabled for the load balancer"}}',
        fields: { detail: 'NotInUse', host: 'i-0abc1234def567890', port: '80' },
      },
      {
        text: '{"Target": {"Id": "10.0.7.9", "Port": 8080}, "TargetHealth": {"State": "draining", "Reason": "Target.DeregistrationInProgress", "Description": "Target deregistration is in progress"}}',
        fields: { detail: 'DeregistrationInProgress' },
      },
    ],
    nearMiss: [
      '{"Target": {"Id": "10.0.7.9", "Port": 8080}, "TargetHealth": {"State": "initial", "Reason": "Elb.RegistrationInProgress", "Description": "Target registration is in progress"}}',
    ],
  },
  'aws/target-registration-in-progress': {
    match: [
      {
        text: '{"Target": {"Id": "10.0.7.10", "Port": 8080}, "HealthCheckPort": "8080", "TargetHealth": {"State": "initial", "Reason": "Elb.InitialHealthChecking", "Description": "Initial health checks in progress"}}',
        fields: { detail: 'InitialHealthChecking', host: '10.0.7.10' },
      },
    ],
    nearMiss: [
      '{"Target": {"Id": "10.0.7.10", "Port": 8080}, "TargetHealth": {"State": "unhealthy", "Reason": "Elb.InternalError", "Description": "Health checks failed due to an internal error"}}',
    ],
  },
  'aws/target-health-internal-error': {
    match: [
      {
        text: '{"Target": {"Id": "10.0.7.11", "Port": 8080}, "TargetHealth": {"State": "unhealthy", "Reason": "Elb.InternalError", "Description": "Health checks failed due to an internal error"}}',
        fields: { host: '10.0.7.11', port: '8080' },
      },
    ],
    nearMiss: [
      '{"Target": {"Id": "10.0.7.11", "Port": 8080}, "TargetHealth": {"State": "initial", "Reason": "Elb.InitialHealthChecking", "Description": "Initial health checks in progress"}}',
    ],
  },
  'aws/nlb-load-balancer-reset': {
    match: [{ text: 'AWS/NetworkELB TCP_ELB_Reset_Count Sum 1,284 LoadBalancer net/db-nlb/0a1b2c3d4e5f6a7b' }],
    nearMiss: ['AWS/NetworkELB TCP_Client_Reset_Count Sum 12 LoadBalancer net/db-nlb/0a1b2c3d4e5f6a7b'],
  },
  'aws/nlb-target-reset': {
    match: [{ text: 'ALARM: "nlb-target-resets" TCP_Target_Reset_Count > 100 (LoadBalancer net/api-nlb/0a1b2c3d4e5f6a7b)' }],
    nearMiss: ['AWS/NetworkELB TCP_ELB_Reset_Count Sum 3 LoadBalancer net/api-nlb/0a1b2c3d4e5f6a7b'],
  },
  'aws/clb-backend-at-capacity': {
    match: [
      { text: 'HTTP/1.1 503 Service Unavailable: Back-end server is at capacity\nContent-Length: 0\nConnection: keep-alive' },
      { text: 'AWS/ELB SpilloverCount Sum 2,311 LoadBalancerName legacy-web' },
    ],
    nearMiss: [
      'HTTP/1.1 503 Service Temporarily Unavailable\nServer: awselb/2.0\nContent-Type: text/html\nContent-Length: 162',
      'AWS/ELB SurgeQueueLength Maximum 3 LoadBalancerName legacy-web',
    ],
  },
  'aws/clb-gateway-timeout': {
    match: [
      {
        text: 'HTTP/1.1 504 GATEWAY_TIMEOUT\nContent-Length: 0\nConnection: keep-alive',
        fields: { status: '504' },
      },
    ],
    nearMiss: [
      '2024-05-01 10:00:00.123 ERROR 1 --- [ctor-http-nio-3] a.w.r.e.AbstractErrorWebExceptionHandler : [5f2c1a0b-12]  500 Server Error for HTTP GET "/api/orders"\norg.springframework.web.server.ResponseStatusException: 504 GATEWAY_TIMEOUT "Response took longer than timeout: PT30S"',
      'HTTP/1.1 504 Gateway Time-out\nServer: awselb/2.0\nContent-Type: text/html',
    ],
  },
  'aws/clb-access-log-backend-failed': {
    match: [
      {
        text: '2024-05-01T10:15:03.945958Z legacy-web 192.168.131.39:2817 10.0.0.1:80 -1 -1 -1 504 0 0 0 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.88.1" - -',
        fields: { status: '504', host: '10.0.0.1', port: '80', client: '192.168.131.39' },
      },
      {
        text: '2024-05-01T10:15:04.100000Z legacy-web 192.168.131.40:2818 - -1 -1 -1 503 0 0 0 "GET http://www.example.com:80/ HTTP/1.1" "Mozilla/5.0" - -',
        fields: { status: '503' },
      },
    ],
    nearMiss: [
      '2024-05-01T10:15:05.945958Z legacy-web 192.168.131.39:2819 10.0.0.1:80 0.000073 0.001048 0.000057 200 200 0 29 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.88.1" - -',
      `http 2024-05-01T10:00:13.123456Z app/my-alb/50dc6c495c0c9188 203.0.113.5:2820 10.0.1.12:8080 -1 -1 -1 504 - 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/8.0" - - ${TG}/my-targets/73e2d6bc24d8a067 ${TRACE} "-" "-" 0 2024-05-01T10:00:03.100000Z "forward" "-" "-" "10.0.1.12:8080" "-" "-" "-"`,
    ],
  },
} satisfies SignatureCases;
