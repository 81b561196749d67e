import type { RuleCase } from '../../rule-case.js';

const conf = (location: string, path = '/') => `events {}
http {
  server {
    listen 80 http2;
    location ${path} {
      ${location}
    }
  }
}
`;

export default [
  {
    name: 'proxy_pass to port 50051, runtime unknown',
    files: { 'nginx.conf': conf('proxy_pass http://10.0.0.8:50051;') },
    expect: ['nginx.conf:6:7'],
    fixes: ['grpc_pass grpc://10.0.0.8:50051;'],
  },
  {
    name: 'proxy_pass in a gRPC service path location',
    files: { 'nginx.conf': conf('proxy_pass http://inventory:9000;', '/inventory.v2.StockService/') },
    expect: ['nginx.conf:6:7'],
  },
  {
    name: 'near miss: a gRPC service path without HTTP/2 is gRPC-Web, rightly proxied over HTTP/1.1',
    files: { 'nginx.conf': conf('proxy_pass http://inventory:8080;', '/inventory.v2.StockService/').replace('listen 80 http2;', 'listen 80;') },
    expect: [],
  },
  {
    name: 'near miss: grpc_pass to 50051, and proxy_pass to an ordinary REST path',
    files: { 'nginx.conf': conf('grpc_pass grpc://10.0.0.8:50051;\n      location /api/v1/ { proxy_pass http://10.0.0.9:8080; }') },
    expect: [],
  },
] satisfies RuleCase[];
