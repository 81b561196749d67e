import type { RuleCase } from '../../rule-case.js';

const conf = (http: string, location: string) => `events {}
http {
${http}
  server {
    listen 80;
    location / {
      ${location}
    }
  }
}
`;

export default [
  {
    name: 'a cloud load balancer name, wherever nginx runs',
    files: { 'nginx.conf': conf('', 'proxy_pass https://internal-api-123456.eu-west-1.elb.amazonaws.com;') },
    expect: ['nginx.conf:7:26'],
  },
  {
    name: 'near miss: an IP address and an external host that does not rotate, runtime unknown',
    files: { 'nginx.conf': conf('', 'proxy_pass http://10.0.0.5:8080;\n      location /b { proxy_pass https://api.example.com; }') },
    expect: [],
  },
] satisfies RuleCase[];
