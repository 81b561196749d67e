import type { SourcePosition } from '../../core/position.js';
import type { SpringApp, SpringFacts, SpringSetting } from './model.js';
import { canonicalKey } from './read-files.js';

/** A typed setting: its value, or the default Spring Boot applies when nothing is written. */
export interface SpringValue<T> {
  value: T;
  /** Absent when the default applies. */
  setting?: SpringSetting;
}

export function setting(app: SpringApp, key: string): SpringSetting | undefined {
  return app.settings.get(canonicalKey(key));
}

function integerOf(s: SpringSetting | undefined): number | undefined {
  if (!s?.value || !/^-?\d+$/.test(s.value.trim())) return undefined;
  return Number(s.value.trim());
}

/** `server.port` (default 8080); undefined when it is written but cannot be resolved (`${PORT}` without a default). */
export function serverPort(app: SpringApp): SpringValue<number> | undefined {
  const s = setting(app, 'server.port');
  if (!s) return { value: 8080 };
  const port = integerOf(s);
  return port === undefined ? undefined : { value: port, setting: s };
}

/** `management.server.port` when it differs from the server port (actuator on its own listener); -1 disables it. */
export function managementPort(app: SpringApp): SpringValue<number> | undefined {
  const s = setting(app, 'management.server.port');
  const port = integerOf(s);
  if (!s || port === undefined) return undefined;
  const server = serverPort(app);
  return server && server.value === port ? undefined : { value: port, setting: s };
}

export function serverAddress(app: SpringApp): SpringSetting | undefined {
  const s = setting(app, 'server.address');
  return s?.value ? s : undefined;
}

/** `management.server.address` (only used when the management port is separate). */
export function managementAddress(app: SpringApp): SpringSetting | undefined {
  const s = setting(app, 'management.server.address');
  return s?.value ? s : undefined;
}

/** Spring Boot's Duration format: `20s`, `500ms`, `1m`, ISO-8601 `PT20S`, or a bare number in `unit` (milliseconds by default). */
export function parseSpringDuration(text: string, unit: 'ms' | 's' = 'ms'): number | undefined {
  const t = text.trim();
  if (/^-?\d+$/.test(t)) return unit === 'ms' ? Number(t) / 1000 : Number(t);
  const simple = /^(\d+(?:\.\d+)?)\s*(ns|us|ms|s|m|h|d)$/i.exec(t);
  if (simple) {
    const factor: Record<string, number> = { ns: 1e-9, us: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600, d: 86400 };
    return Number(simple[1]) * factor[simple[2]!.toLowerCase()]!;
  }
  const iso = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(t);
  if (iso && t.length > 1) return Number(iso[1] ?? 0) * 86400 + Number(iso[2] ?? 0) * 3600 + Number(iso[3] ?? 0) * 60 + Number(iso[4] ?? 0);
  return undefined;
}

export type WebServer = 'tomcat' | 'jetty' | 'undertow' | 'netty';

/** Which embedded server the settings point at (Tomcat unless another server's or WebFlux's settings appear). */
export function webServer(app: SpringApp): WebServer {
  const keys = [...app.settings.keys()];
  if (keys.some((k) => k.startsWith('server.netty.')) || setting(app, 'spring.main.web-application-type')?.value === 'reactive') return 'netty';
  if (keys.some((k) => k.startsWith('server.jetty.'))) return 'jetty';
  if (keys.some((k) => k.startsWith('server.undertow.'))) return 'undertow';
  return 'tomcat';
}

export interface KeepAlive {
  seconds: number;
  /** "server.tomcat.keep-alive-timeout=20s", "Tomcat default (connection timeout, 60 s)". */
  source: string;
  /** Written explicitly (a fix changes it) or Tomcat's default. */
  setting?: SpringSetting;
  at?: SourcePosition;
}

/**
 * How long embedded Tomcat keeps an idle keep-alive connection: `server.tomcat.keep-alive-timeout`, else the
 * connection timeout (`server.tomcat.connection-timeout`), else Tomcat's 60 s. Undefined for other servers.
 */
export function tomcatKeepAlive(app: SpringApp): KeepAlive | undefined {
  if (webServer(app) !== 'tomcat') return undefined;
  for (const key of ['server.tomcat.keep-alive-timeout', 'server.tomcat.connection-timeout']) {
    const s = setting(app, key);
    if (!s?.value) continue;
    const seconds = parseSpringDuration(s.value);
    if (seconds === undefined || seconds < 0) continue;
    return { seconds, source: `${key}=${s.value}${s.source.startsWith('env') || s.source.startsWith('-') ? ` (${s.source})` : ''}`, setting: s, at: s.at };
  }
  return { seconds: 60, source: 'embedded Tomcat default keep-alive timeout (the 60 s connection timeout)', at: app.at };
}

/** Where the actuator answers and on which port: `/actuator/health` on the management port, or on the server port under the context path. */
export function actuatorHealth(app: SpringApp): { path: string; port: number | undefined; onManagementPort: boolean } {
  const management = managementPort(app);
  const base = (setting(app, 'management.endpoints.web.base-path')?.value ?? '/actuator').replace(/\/$/, '');
  const prefix = management
    ? (setting(app, 'management.server.base-path')?.value ?? setting(app, 'management.server.servlet.context-path')?.value ?? '')
    : (setting(app, 'server.servlet.context-path')?.value ?? '');
  const path = `${prefix.replace(/\/$/, '')}${base}/health`.replace(/\/{2,}/g, '/');
  return { path, port: management?.value ?? serverPort(app)?.value, onManagementPort: management !== undefined };
}

/** The app's own signs that the actuator is on the classpath: some `management.*` setting is written. */
export function usesActuator(app: SpringApp): boolean {
  return [...app.settings.keys()].some((k) => k.startsWith('management.'));
}

/** Apps run by this runtime (`compose:<project>/<service>`, `k8s:<ns>/<Kind>/<name>`). */
export function springAppsOn(facts: SpringFacts, runtimeId: string | undefined): SpringApp[] {
  if (runtimeId === undefined) return [];
  return facts.apps.filter((a) => a.runtime?.runtimeId === runtimeId);
}
