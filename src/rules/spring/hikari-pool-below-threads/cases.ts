import type { RuleCase } from '../../rule-case.js';
import { nginxSite, springCompose } from '../examples.js';

export default [
  {
    name: '400 threads written, the default pool of 10 (reported at the threads, no fix there)',
    files: {
      'docker-compose.yml': springCompose(),
      'nginx/default.conf': nginxSite(),
      'orders/src/main/resources/application.yml':
        'spring:\n  datasource:\n    url: jdbc:postgresql://db:5432/orders\nserver:\n  tomcat:\n    threads:\n      max: 400\n',
    },
    expect: ['orders/src/main/resources/application.yml:7:12'],
    fixes: [undefined],
  },
  {
    name: 'near miss: 20 connections for 200 threads; and a reactive (Netty) app',
    files: {
      'docker-compose.yml': springCompose(),
      'nginx/default.conf': nginxSite(),
      'orders/src/main/resources/application.properties': 'spring.datasource.url=jdbc:postgresql://db/orders\nspring.datasource.hikari.maximum-pool-size=20\n',
      'gateway/src/main/resources/application.properties': 'spring.main.web-application-type=reactive\nspring.datasource.hikari.maximum-pool-size=2\n',
    },
    expect: [],
  },
] satisfies RuleCase[];
