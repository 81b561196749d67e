import type { SourcePosition } from '../core/position.js';
import type { LintFacts } from '../evidence/lint-facts.js';
import type { BackendNode } from '../evidence/topology/model.js';
import type { SpringApp, SpringSetting } from '../inputs/spring/model.js';
import { actuatorHealth, springAppsOn, tomcatKeepAlive, usesActuator } from '../inputs/spring/queries.js';
import { type BackendHealthEndpoint, backendHealthEndpoints, backendKeepAlive, backendProcesses } from './backend-process.js';

/**
 * What runs behind a backend node, for the keep-alive and health-check rules of every proxy: the Spring app
 * its runtime runs (when the configs attach one) or what its image and command say (Node.js, gunicorn …).
 */

export interface BackendKeepAlive {
  seconds: number;
  source: string;
  at?: SourcePosition;
  /** Set when a Spring setting written in a file decides it: the spring rule reports those, proxies stay silent. */
  springSetting?: SpringSetting;
  app?: SpringApp;
}

export function springAppOf(facts: LintFacts, backend: BackendNode | undefined): SpringApp | undefined {
  if (!backend) return undefined;
  return springAppsOn(facts.spring, backend.runtime.id)[0];
}

/** How long the backend keeps an idle connection open, when the configs tell. */
export function keepAliveBehind(facts: LintFacts, backend: BackendNode | undefined): BackendKeepAlive | undefined {
  const app = springAppOf(facts, backend);
  if (app) {
    const tomcat = tomcatKeepAlive(app);
    if (!tomcat) return undefined;
    const out: BackendKeepAlive = { seconds: tomcat.seconds, source: `Spring app ${app.module}: ${tomcat.source}`, app };
    if (tomcat.at) out.at = tomcat.at;
    if (tomcat.setting?.property) out.springSetting = tomcat.setting;
    return out;
  }
  const known = backendKeepAlive(backendProcesses(facts, backend));
  if (!known) return undefined;
  return { seconds: known.seconds, source: known.source, ...(known.at ? { at: known.at } : {}) };
}

/** Health endpoints the backend's own configs use: Compose healthcheck, Kubernetes probes, the Spring actuator. */
export function healthEndpointsBehind(facts: LintFacts, backend: BackendNode | undefined): BackendHealthEndpoint[] {
  const out = backendHealthEndpoints(facts, backend);
  const app = springAppOf(facts, backend);
  if (app && usesActuator(app)) {
    const health = actuatorHealth(app);
    out.push({
      path: health.path,
      ...(health.port !== undefined ? { port: health.port } : {}),
      source: `Spring actuator of ${app.module}${health.onManagementPort ? ` on management.server.port ${health.port}` : ''}`,
      at: app.at,
    });
  }
  return out;
}

/** Paths that are clearly health endpoints (as opposed to `/`, which may well answer 200). */
export const HEALTH_PATH = /^\/(?:[\w.-]+\/)*(health\w*|ready\w*|readiness|live\w*|liveness|status|ping|alive)(?:\/[\w.-]+)?\/?$/i;

/** `/actuator/health/readiness` is served wherever `/actuator/health` is (probe groups). */
export function samePathFamily(a: string, b: string): boolean {
  const norm = (p: string) => p.replace(/\/+$/, '') || '/';
  const x = norm(a);
  const y = norm(b);
  return x === y || x.startsWith(`${y}/`) || y.startsWith(`${x}/`);
}
