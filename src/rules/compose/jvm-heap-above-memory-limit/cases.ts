// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Compose variables are written ${VAR}, not template literals.
import type { RuleCase } from '../rule-case.js';

/** One service `api` (image, then `body` at the service's indentation plus 4). */
const api = (body: string, image = 'ghcr.io/example/api:3') => `services:
  api:
    image: ${image}
${body}`;

export default [
  {
    name: '-Xmx above mem_limit in JAVA_TOOL_OPTIONS (environment as a list)',
    files: { 'docker-compose.yml': api('    environment:\n      - JAVA_TOOL_OPTIONS=-Xmx1g\n    mem_limit: 768m\n') },
    expect: ['docker-compose.yml:5:9'],
    fixes: ['-XX:MaxRAMPercentage=75'],
  },
  {
    name: 'near miss: the same heap with room to spare',
    files: { 'docker-compose.yml': api('    environment:\n      - JAVA_TOOL_OPTIONS=-Xmx1g\n    mem_limit: 2g\n') },
    expect: [],
  },
  {
    name: 'deploy.resources.limits.memory in `gb` equal to the heap',
    files: {
      'compose.yaml': api(
        '    environment:\n      JAVA_TOOL_OPTIONS: -Xmx1g -XX:+UseG1GC\n    deploy:\n      resources:\n        limits:\n          memory: 1gb\n',
      ),
    },
    expect: ['compose.yaml:5:26'],
    fixes: ['-XX:MaxRAMPercentage=75 -XX:+UseG1GC'],
  },
  {
    name: 'a limit written 512MiB (go-units takes the `ib` ending) equal to a JAVA_OPTS heap',
    files: { 'compose.yaml': api('    environment:\n      JAVA_OPTS: "-Xms512m -Xmx512m"\n    mem_limit: 512MiB\n', 'tomcat:10.1-jre21') },
    expect: ['compose.yaml:5:18'],
    // -Xms512m is above the new maximum (75% of 512 MiB) and goes with it.
    fixes: ['-XX:MaxRAMPercentage=75'],
  },
  {
    name: 'near miss: a memory amount in deploy.resources.reservations only (a reservation is no limit)',
    files: {
      'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx2g\n    deploy:\n      resources:\n        reservations:\n          memory: 1g\n'),
    },
    expect: [],
  },
  {
    name: 'near miss: no memory limit at all (nothing to exceed)',
    files: { 'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx4g\n    mem_reservation: 1g\n') },
    expect: [],
  },
  {
    name: 'MaxRAMPercentage=100 gives the heap the whole limit',
    files: { 'compose.yaml': api('    environment:\n      JDK_JAVA_OPTIONS: "-XX:MaxRAMPercentage=100.0"\n    mem_limit: 1g\n') },
    expect: ['compose.yaml:5:25'],
    fixes: ['-XX:MaxRAMPercentage=75'],
  },
  {
    name: 'near miss: MaxRAMPercentage=75 with a limit',
    files: { 'compose.yaml': api('    environment:\n      JDK_JAVA_OPTIONS: "-XX:MaxRAMPercentage=75.0"\n    mem_limit: 1g\n') },
    expect: [],
  },
  {
    name: 'deploy.resources.limits.memory is the limit docker compose applies over mem_limit',
    files: {
      'compose.yaml': api(
        '    environment:\n      JAVA_TOOL_OPTIONS: -Xmx2g\n    mem_limit: 4g\n    deploy:\n      resources:\n        limits:\n          memory: 1g\n',
      ),
    },
    expect: ['compose.yaml:5:26'],
  },
  {
    name: 'the heap and the limit from ${VAR:-default} with literal defaults (no fix: the value is built from a variable)',
    files: { 'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: "-Xmx${JAVA_HEAP:-2g}"\n    mem_limit: ${API_MEMORY:-1g}\n') },
    expect: ['compose.yaml:5:26'],
    fixes: [undefined],
  },
  {
    name: 'near miss: .env sets the variable the default stood for',
    files: {
      'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: "-Xmx${JAVA_HEAP:-2g}"\n    mem_limit: ${API_MEMORY:-1g}\n'),
      '.env': 'JAVA_HEAP=512m\n',
    },
    expect: [],
  },
  {
    name: 'a string command: the whole command is rewritten',
    files: { 'compose.yaml': api('    command: java -Xms256m -Xmx1536m -jar /app/api.jar\n    mem_limit: 1g\n', 'eclipse-temurin:21-jre') },
    expect: ['compose.yaml:4:14'],
    fixes: ['java -Xms256m -XX:MaxRAMPercentage=75 -jar /app/api.jar'],
  },
  {
    name: 'an entrypoint list with the heap, the command its arguments',
    files: {
      'compose.yaml': api(
        '    entrypoint: ["java", "-Xmx2g", "-jar", "/app/api.jar"]\n    command: ["--server.port=8080"]\n    mem_limit: 1g\n',
        'eclipse-temurin:21-jre',
      ),
    },
    expect: ['compose.yaml:4:26'],
    fixes: ['-XX:MaxRAMPercentage=75'],
  },
  {
    name: 'near miss: JAVA_OPTS is not read when the command runs java itself without it',
    files: {
      'compose.yaml': api(
        '    environment:\n      JAVA_OPTS: -Xmx2g\n    command: ["java", "-jar", "/app/api.jar"]\n    mem_limit: 1g\n',
        'eclipse-temurin:21-jre',
      ),
    },
    expect: [],
  },
  {
    name: 'JAVA_OPTS passed on by a shell ($$JAVA_OPTS, left for the container)',
    files: {
      'compose.yaml': api(
        '    environment:\n      JAVA_OPTS: -Xmx2g\n    command: ["sh", "-c", "exec java $$JAVA_OPTS -jar /app/api.jar"]\n    mem_limit: 1g\n',
        'eclipse-temurin:21-jre',
      ),
    },
    expect: ['compose.yaml:5:18'],
  },
  {
    name: 'near miss: the command line overrides JAVA_TOOL_OPTIONS (the last flag wins)',
    files: {
      'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx2g\n    command: ["java", "-Xmx512m", "-jar", "/app/api.jar"]\n    mem_limit: 1g\n'),
    },
    expect: [],
  },
  {
    name: 'near miss: a fixed -Xmx beats a later MaxRAMPercentage (the JVM sizes from the limit only without one)',
    files: {
      'compose.yaml': api(
        '    environment:\n      JAVA_TOOL_OPTIONS: -Xmx512m\n    command: ["java", "-XX:MaxRAMPercentage=100", "-jar", "/app/api.jar"]\n    mem_limit: 1g\n',
      ),
    },
    expect: [],
  },
  {
    name: 'an -Xmx above the limit is not undone by a later MaxRAMPercentage=75 (two values: no fix)',
    files: {
      'compose.yaml': api(
        '    environment:\n      JAVA_TOOL_OPTIONS: -Xmx2g\n    command: ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/api.jar"]\n    mem_limit: 1g\n',
      ),
    },
    expect: ['compose.yaml:5:26'],
    fixes: [undefined],
  },
  {
    name: '_JAVA_OPTIONS overrides the command line',
    files: {
      'compose.yaml': api('    environment:\n      _JAVA_OPTIONS: -Xmx2g\n    command: ["java", "-Xmx512m", "-jar", "/app/api.jar"]\n    mem_limit: 1g\n'),
    },
    expect: ['compose.yaml:5:22'],
    // Two values hold maximum-heap flags: changing one would not be the whole fix.
    fixes: [undefined],
  },
  {
    name: 'near miss: a non-JVM image with -Xmx in a variable no JVM reads',
    files: { 'compose.yaml': api('    environment:\n      LOAD_TEST_ARGS: -Xmx2g\n    mem_limit: 512m\n', 'node:20-alpine') },
    expect: [],
  },
  {
    name: 'JAVA_TOOL_OPTIONS from an env_file',
    files: {
      'compose.yaml': api('    env_file: api.env\n    mem_limit: 1g\n'),
      'api.env': 'SPRING_PROFILES_ACTIVE=prod\nJAVA_TOOL_OPTIONS=-Xms1g -Xmx1g\n',
    },
    expect: ['api.env:2:19'],
  },
  {
    name: "JAVA_TOOL_OPTIONS from the Dockerfile's ENV",
    files: {
      'compose.yaml': 'services:\n  api:\n    build: ./api\n    mem_limit: 768m\n',
      'api/Dockerfile': 'FROM eclipse-temurin:21-jre\nCOPY target/api.jar /app/api.jar\nENV JAVA_TOOL_OPTIONS="-Xmx1g"\nCMD ["java", "-jar", "/app/api.jar"]\n',
    },
    expect: ['api/Dockerfile:3:5'],
  },
  {
    name: "an override file adding to `deploy` keeps the base file's memory limit",
    files: {
      'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx2g\n    deploy:\n      resources:\n        limits:\n          memory: 1g\n'),
      'compose.override.yaml': 'services:\n  api:\n    deploy:\n      restart_policy:\n        condition: on-failure\n',
    },
    expect: ['compose.yaml:5:26'],
  },
  {
    name: 'near miss: an override file raising mem_limit',
    files: {
      'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx2g\n    mem_limit: 1g\n'),
      'compose.override.yaml': 'services:\n  api:\n    mem_limit: 4g\n',
    },
    expect: [],
  },
  {
    name: "near miss: Kubernetes' 1Gi is no Compose byte value (Compose refuses the file; reported as an input problem)",
    files: { 'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx2g\n    mem_limit: 1Gi\n') },
    expect: [],
    inputProblems: [/invalid byte value `1Gi` for `mem_limit`/],
  },
  {
    name: 'near miss: mem_limit written as a list (an input problem at its line, the rest still read)',
    files: { 'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx2g\n    mem_limit: [1g]\n') },
    expect: [],
    inputProblems: [/`mem_limit` must be a byte value .*not a list/],
  },
  {
    name: 'a `deploy.resources` that is no mapping is an input problem; the mem_limit beside it still counts',
    files: { 'compose.yaml': api('    environment:\n      JAVA_TOOL_OPTIONS: -Xmx2g\n    mem_limit: 1g\n    deploy:\n      resources: [limits]\n') },
    expect: ['compose.yaml:5:26'],
    inputProblems: [/`deploy.resources` must be a mapping/],
  },
] satisfies RuleCase[];
