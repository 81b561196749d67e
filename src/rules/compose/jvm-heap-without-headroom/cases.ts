// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written ${VAR}, not template literals.
import type { RuleCase } from '../rule-case.js';

/** One service `index` (image, then `body` at the service's indentation plus 4). */
const index = (body: string, image = 'ghcr.io/example/index:2') => `services:
  index:
    image: ${image}
${body}`;

export default [
  {
    name: 'a 900 MiB heap in 1g',
    files: { 'compose.yaml': index('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx900m\n    mem_limit: 1g\n') },
    expect: ['compose.yaml:5:26'],
    fixes: ['-XX:MaxRAMPercentage=75'],
  },
  {
    name: 'near miss: exactly three quarters of the limit',
    files: { 'compose.yaml': index('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx768m\n    mem_limit: 1g\n') },
    expect: [],
  },
  {
    name: 'MaxRAMPercentage=90 (environment as a list)',
    files: { 'compose.yaml': index('    environment:\n      - JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=90\n    mem_limit: 4g\n') },
    expect: ['compose.yaml:5:9'],
    fixes: ['-XX:MaxRAMPercentage=75'],
  },
  {
    name: 'near miss: MaxRAMPercentage=75 with a limit',
    files: { 'compose.yaml': index('    environment:\n      - JAVA_TOOL_OPTIONS=-XX:MaxRAMPercentage=75\n    mem_limit: 4g\n') },
    expect: [],
  },
  {
    name: 'near miss: a heap at or above the limit is the other rule',
    files: { 'compose.yaml': index('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx1g\n    mem_limit: 1g\n') },
    expect: [],
  },
  {
    name: 'a search engine heap in ES_JAVA_OPTS: the -Xms above the new maximum goes too',
    files: {
      'compose.yaml': index(
        "    environment:\n      discovery.type: single-node\n      ES_JAVA_OPTS: '-Xms3500m -Xmx3500m'\n    deploy:\n      resources:\n        limits:\n          memory: 4g\n",
        'docker.elastic.co/elasticsearch/elasticsearch:8.15.0',
      ),
    },
    expect: ['compose.yaml:6:21'],
    fixes: ['-XX:MaxRAMPercentage=75'],
  },
  {
    name: 'a fractional limit (1.5g) and a heap from ${VAR:-default}',
    files: { 'compose.yaml': index('    environment:\n      JAVA_OPTS: -Xmx${HEAP:-1300m}\n    mem_limit: 1.5g\n', 'tomcat:10.1-jre21') },
    expect: ['compose.yaml:5:18'],
    fixes: [undefined],
  },
  {
    name: 'a limit given as a number of bytes',
    files: { 'compose.yaml': index('    command: ["java", "-Xmx900m", "-jar", "/srv/index.jar"]\n    mem_limit: 1073741824\n', 'eclipse-temurin:21-jre') },
    expect: ['compose.yaml:4:23'],
    fixes: ['-XX:MaxRAMPercentage=75'],
  },
  {
    name: 'near miss: 1g only reserved (deploy.resources.reservations), the limit is 2g',
    files: {
      'compose.yaml': index(
        '    environment:\n      JAVA_TOOL_OPTIONS: -Xmx900m\n    deploy:\n      resources:\n        reservations:\n          memory: 1g\n        limits:\n          memory: 2g\n',
      ),
    },
    expect: [],
  },
  {
    name: 'near miss: a fixed heap with a third of the limit to spare',
    files: { 'compose.yaml': index("    environment:\n      ES_JAVA_OPTS: '-Xms2g -Xmx2g'\n    mem_limit: 3g\n") },
    expect: [],
  },
] satisfies RuleCase[];
