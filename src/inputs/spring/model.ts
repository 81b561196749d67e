import type { Located, SourcePosition } from '../../core/position.js';

/**
 * What the Spring parser gathers: one application per directory of `application*.properties|yml` files (or
 * per Kubernetes ConfigMap holding them), its effective settings for the profiles that are active, and the
 * runtime (Compose service, Kubernetes workload) that runs it, when the configs tell.
 */
export interface SpringFacts {
  apps: SpringApp[];
}

export interface SpringApp {
  /** `spring:<directory>` or `spring:<yaml file>#<namespace>/<configmap>`. */
  id: string;
  /** Display directory of the files (the YAML file for a ConfigMap). */
  directory: string;
  /** Absolute directory, for matching Compose build contexts and mounts. */
  absoluteDirectory?: string;
  /** The module's name: the directory above `src/main/resources` (or above `config/`, or the directory itself). */
  module: string;
  /** `spring.application.name`, when set. */
  name?: Located<string>;
  files: SpringFile[];
  /** Profiles in effect, and what says so (`spring.profiles.active`, `SPRING_PROFILES_ACTIVE` of the runtime). */
  activeProfiles: string[];
  activeProfilesFrom?: string;
  /** Effective settings by canonical key (lower case, without `-` and `_`): files in profile order, then the runtime's overrides. */
  settings: Map<string, SpringSetting>;
  /** Where it runs, when the configs tell. */
  runtime?: SpringRuntime;
  /** Where an app-level finding without a better place is reported (the first line of its main file). */
  at: SourcePosition;
}

export interface SpringFile {
  path: string;
  format: 'properties' | 'yaml';
  /** Profile of a file named `application-<profile>.*`. */
  profile?: string;
  /** Documents of the file (Spring splits on `#---` and YAML `---`), each with its activation profile. */
  documents: SpringDocument[];
  /** Embedded in a ConfigMap. */
  embedded?: boolean;
}

export interface SpringDocument {
  /** `spring.config.activate.on-profile` (or legacy `spring.profiles`); undefined = always applies. */
  onProfile?: string;
  /** First line where a key can be inserted (the first key of the document). */
  firstKeyAt?: SourcePosition;
  properties: SpringProperty[];
}

export interface SpringProperty {
  /** As written (`server.port`, `server.tomcat.keepAliveTimeout`). */
  key: string;
  /** Canonical form for lookups: lower case, no `-`/`_` (Spring's relaxed binding). */
  canonical: string;
  /** The value as written (placeholders unresolved). */
  value: string;
  at: SourcePosition;
  keyAt: SourcePosition;
  file: string;
  format: 'properties' | 'yaml';
}

/** A setting's effective value, after profiles, placeholders and the runtime's overrides. */
export interface SpringSetting {
  key: string;
  /** Placeholders (`${PORT:8080}`) resolved from the runtime's environment, other settings and defaults; undefined when they cannot be. */
  value?: string;
  /** The written value. */
  written: string;
  /** Where the value that wins is written (a properties/YAML value, or the runtime's env var / flag). */
  at: SourcePosition;
  /** `file` (application*.properties|yml), `profile <p>`, `env SERVER_PORT`, `--server.port flag`. */
  source: string;
  /** The property itself, when the winning value is written in a Spring file (fixes edit it). */
  property?: SpringProperty;
  /** Set when an environment variable named in a placeholder decided the value (`${PORT:8080}` with PORT=3000). */
  fromVariable?: string;
}

export interface SpringRuntime {
  platform: 'compose' | 'kubernetes';
  /** Topology runtime id: `compose:<project>/<service>` or `k8s:<ns>/<Kind>/<name>`. */
  runtimeId: string;
  label: string;
  /** How the link was made, said of the runtime, for messages: "its image is built from `./orders`". */
  how: string;
  /** The container running the app (Kubernetes), when known. */
  container?: string;
  /** Environment of the process (Compose `environment`/`env_file`, container `env`). */
  env: { name: string; value?: string; at: SourcePosition }[];
  /** Command line words (Compose `command`/`entrypoint`, container `command`/`args`). */
  args: Located<string>[];
}
