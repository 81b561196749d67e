import type { Located, SourcePosition } from '../../core/position.js';

/**
 * What the Compose parser gathers: one project per `docker compose up` (a base file with its override, an
 * extra `-f` file layered on it, or a standalone file), after interpolation, `extends` and override merging.
 * Every value keeps the position where it was written (in whichever file of the project that was).
 */
export interface ComposeFacts {
  projects: ComposeProject[];
}

export interface ComposeProject {
  /** `<display path of the first file>` plus the extra files, unique among projects. */
  id: string;
  /** Project name (`name:`, `COMPOSE_PROJECT_NAME` in `.env`, else the directory name, normalised as Compose does). */
  name: string;
  nameSource: 'name' | 'env' | 'directory';
  nameAt?: SourcePosition;
  /** Absolute directory of the first file: relative paths (volumes, build contexts, `.env`) resolve against it. */
  directory: string;
  /** Display paths of the files merged, in merge order (base, overrides, includes). */
  files: string[];
  /** Set when this project is the base file layered with an extra file (`-f compose.yml -f compose.prod.yml`). */
  variantOf?: string;
  /** No file of the project stands alone (a lone override file): references may point into files not given. */
  partial: boolean;
  services: ComposeService[];
  /** Declared top-level networks plus the implicit `default` when some service uses it. */
  networks: ComposeNetwork[];
  volumes: ComposeVolume[];
  /** Variables referenced while unset in `.env` (Compose would take them from the shell or use a blank). */
  unsetVariables: ComposeVariableUse[];
}

export interface ComposeVariableUse {
  name: string;
  at: SourcePosition;
  /** `${VAR:-x}` / `${VAR-x}`: a default was given, so the value is known. */
  defaulted: boolean;
  /** `${VAR:?message}`: Compose refuses to run while the variable is unset. */
  required?: string;
}

export interface ComposeNetwork {
  /** Key under top-level `networks:` (`default` for the implicit one). */
  key: string;
  /** Name Docker gives it: `name:`, the key of an external network, else `<project>_<key>`. */
  actualName: string;
  external: boolean;
  internal: boolean;
  driver?: Located<string>;
  /** Position of the key; undefined for the implicit `default`. */
  at?: SourcePosition;
  implicit: boolean;
}

export interface ComposeVolume {
  key: string;
  actualName: string;
  external: boolean;
  at: SourcePosition;
}

export interface PortRange {
  start: number;
  end: number;
}

export type PortProtocol = 'tcp' | 'udp' | 'sctp';

export interface ComposePort {
  /** Container side. */
  target: PortRange;
  /** Host side; undefined when not published on a fixed port (`"3000"`: Docker picks an ephemeral host port). */
  published?: PortRange;
  hostIp?: string;
  protocol: PortProtocol;
  syntax: 'short' | 'long';
  /** As written (after interpolation), for messages. */
  text: string;
  at: SourcePosition;
  targetAt?: SourcePosition;
  publishedAt?: SourcePosition;
}

export interface ComposeExpose {
  port: PortRange;
  protocol: PortProtocol;
  at: SourcePosition;
}

export interface ServiceNetwork {
  /** Key of the top-level network. */
  name: string;
  aliases: Located<string>[];
  ipv4Address?: Located<string>;
  ipv6Address?: Located<string>;
  /** Where the service names this network; undefined for the implicit `default`. */
  at?: SourcePosition;
  implicit: boolean;
}

export type NetworkModeKind = 'host' | 'none' | 'bridge' | 'service' | 'container' | 'other';

export interface NetworkMode {
  kind: NetworkModeKind;
  /** The service or container named by `service:x` / `container:x`. */
  target?: string;
  text: string;
}

export type DependencyCondition = 'service_started' | 'service_healthy' | 'service_completed_successfully';

export interface ComposeDependency {
  service: string;
  condition: DependencyCondition;
  /** False when written in list form (Compose then waits for `service_started`). */
  conditionWritten: boolean;
  restart: boolean;
  required: boolean;
  at: SourcePosition;
  conditionAt?: SourcePosition;
}

export type HealthcheckTestForm = 'CMD' | 'CMD-SHELL' | 'string' | 'NONE';

export interface ComposeHealthcheck {
  at: SourcePosition;
  /** `disable: true` or `test: ["NONE"]`. */
  disabled: boolean;
  test?: { form: HealthcheckTestForm; args: string[]; at: SourcePosition };
  /** The address the test probes, when recognisable (`curl http://localhost:8080/health`, `nc -z localhost 5432`). */
  probe?: { host: string; port: number; at: SourcePosition };
  interval?: Located<string>;
  timeout?: Located<string>;
  retries?: Located<string>;
  startPeriod?: Located<string>;
}

export interface ComposeEnvVar {
  name: string;
  /** Undefined for `- NAME` without a value (taken from the shell). */
  value?: string;
  at: SourcePosition;
  /** `environment` in the Compose file, `env_file` (position in that file), or the Dockerfile's `ENV`. */
  source: 'environment' | 'env_file' | 'Dockerfile';
}

export interface ComposeCommand {
  /** Words after shell splitting (a string command is split as a shell would). */
  words: string[];
  /** How it was written. */
  form: 'string' | 'list';
  at: SourcePosition;
  /** A string command in a Compose file as written (after interpolation), before it is split into `words`. */
  text?: string;
  /** Where each word of a list command in a Compose file is written (one per word of `words`). */
  wordsAt?: SourcePosition[];
  /** Where the value came from: the Compose key, or the Dockerfile instruction when Compose sets none. */
  source: 'command' | 'entrypoint' | 'Dockerfile CMD' | 'Dockerfile ENTRYPOINT';
}

export interface ComposeMount {
  type: 'bind' | 'volume' | 'tmpfs' | 'other';
  /** As written (after interpolation). */
  source?: string;
  /** Absolute host path for bind mounts. */
  hostPath?: string;
  target: string;
  readOnly: boolean;
  at: SourcePosition;
}

export interface ComposeLink {
  service: string;
  alias: string;
  at: SourcePosition;
}

export interface ComposeExtraHost {
  host: string;
  address: string;
  at: SourcePosition;
}

export interface ComposeLabel {
  key: string;
  value: string;
  at: SourcePosition;
}

/** What the service's build tells: the context directory and what its Dockerfile says. */
export interface ComposeBuild {
  context: Located<string>;
  /** Absolute context directory. */
  directory: string;
  dockerfile?: Located<string>;
  /** Display path of the Dockerfile when it could be read. */
  dockerfilePath?: string;
  /** Dockerfile `HEALTHCHECK` (other than `NONE`): true/false when the Dockerfile was read, undefined otherwise. */
  dockerfileHealthcheck?: boolean;
  /** The image the Dockerfile's stage is built FROM (`node:20-alpine`), when it could be read. */
  baseImage?: Located<string>;
  /** The Dockerfile's ENTRYPOINT and CMD words (what runs unless Compose overrides them). */
  dockerfileCommand?: string[];
}

/** A Compose byte value (`768m`, `1gb`, `512MiB`, a number of bytes) and the bytes it means. */
export interface ComposeByteValue {
  /** As written (after interpolation). */
  text: string;
  bytes: number;
  at: SourcePosition;
}

/** The memory limit Docker gives a service's container, and the key that sets it. */
export interface ComposeMemoryLimit extends ComposeByteValue {
  key: 'mem_limit' | 'deploy.resources.limits.memory';
}

/**
 * Something a service's settings say about where its process listens: `HOST=127.0.0.1`, `--port 8000`,
 * `flask run` (127.0.0.1:5000 unless told otherwise), `EXPOSE 3000` in its Dockerfile.
 */
export interface ListenHint {
  port?: number;
  address?: string;
  /** "environment HOST", "command --host", "flask run default", "Dockerfile EXPOSE". */
  source: string;
  at: SourcePosition;
  /** The tool's default, not written (e.g. `flask run` without `--host`). */
  implied?: boolean;
  /** Exactly where the address is written, when known (a value in an env_file). */
  addressAt?: SourcePosition;
}

/**
 * What a service's keys say: as one file writes them (`ServiceDraft`, before override files and `extends`) or
 * merged (`ComposeService`).
 */
export interface ServiceSettings {
  name: string;
  /** Position of the service key (in the file that defines the service first). */
  at: SourcePosition;
  /** Where the service's body starts (first key): insertion point and indentation for fixes. */
  body?: SourcePosition;
  image?: Located<string>;
  build?: ComposeBuild;
  containerName?: Located<string>;
  hostname?: Located<string>;
  ports: ComposePort[];
  expose: ComposeExpose[];
  /** Position of the `expose:` key, for fixes. */
  exposeAt?: SourcePosition;
  /** The `networks:` entries; on a ComposeService the implicit `default` when none and no `network_mode`. */
  networks: ServiceNetwork[];
  /** The `networks:` key when written (undefined = implicit default), with its form for fixes. */
  networksAt?: SourcePosition;
  networksForm?: 'list' | 'map' | 'flow';
  /** A network name came from an unset variable: the service is on a network updoc cannot name. */
  networksIncomplete?: boolean;
  networkMode?: Located<NetworkMode>;
  dependsOn: ComposeDependency[];
  dependsOnAt?: SourcePosition;
  /** Position of the `depends_on` value and its form (for fixes). */
  dependsOnValueAt?: SourcePosition;
  dependsOnForm?: 'list' | 'map' | 'flow-list' | 'flow-map';
  healthcheck?: ComposeHealthcheck;
  /** `environment:`; on a ComposeService merged with `env_file` and the Dockerfile's ENV. */
  environment: ComposeEnvVar[];
  command?: ComposeCommand;
  entrypoint?: ComposeCommand;
  /** `mem_limit` (a byte value; 0 means none). */
  memLimit?: ComposeByteValue;
  /** `deploy.resources.limits.memory` (a byte value; 0 means none). */
  deployMemoryLimit?: ComposeByteValue;
  volumes: ComposeMount[];
  labels: ComposeLabel[];
  profiles: Located<string>[];
  links: ComposeLink[];
  extraHosts: ComposeExtraHost[];
}

export interface ComposeService extends ServiceSettings {
  /** Id of the project this service belongs to. */
  project: string;
  /** Listening evidence from environment, command and Dockerfile (ports and bind addresses). */
  listenHints: ListenHint[];
  /** Whether the image (or Dockerfile) may define its own HEALTHCHECK that we cannot see. */
  imageHealthcheck: 'none' | 'present' | 'unknown';
  /**
   * What the container runs: Compose's `entrypoint` and `command`, else the Dockerfile's ENTRYPOINT and CMD (a
   * Compose `entrypoint` drops the Dockerfile's CMD). A part left undefined is the image's, not known here.
   */
  runs?: { entrypoint?: ComposeCommand; command?: ComposeCommand };
  /**
   * The container's memory limit: `deploy.resources.limits.memory`, else `mem_limit` (docker compose sets the
   * container's memory from `mem_limit`, then from a non-zero `deploy.resources.limits.memory` over it). Undefined
   * when neither sets one (or both say 0, no limit).
   */
  memoryLimit?: ComposeMemoryLimit;
}
