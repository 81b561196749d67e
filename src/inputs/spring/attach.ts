import { sep } from 'node:path';
import type { LintFacts } from '../../evidence/lint-facts.js';
import { parseImageRef } from '../compose/image-defaults.js';
import type { ComposeProject, ComposeService } from '../compose/model.js';
import { composeIndex, runtimeIdOf } from '../compose/queries.js';
import { describe, workloadId } from '../kubernetes/index-objects.js';
import type { Container, Workload } from '../kubernetes/model.js';
import type { SpringRuntime } from './model.js';

/** What is known of an app before it is attached. */
export interface AppLocation {
  absoluteDirectory?: string;
  /** Absolute paths of its files. */
  absoluteFiles: string[];
  /** The module directory (above `src/main/resources`), absolute. */
  moduleDirectory?: string;
  module: string;
  name?: string;
}

/**
 * Which runtime runs a Spring app, from the strongest evidence to the weakest:
 * 1. a Compose service that builds its image from a context containing the files (`build: ./orders`),
 * 2. a Compose service that bind-mounts the files or their directory,
 * 3. the one Kubernetes workload whose manifest lives under the app's module directory (`orders/k8s/…`),
 * 4. the one Compose service or Kubernetes workload named like the app (`spring.application.name` or the module
 *    directory) by its name or its image (`ghcr.io/acme/orders:1.4`).
 * ConfigMap-held files are attached by the parser to the workloads that mount the ConfigMap.
 */
export function attachRuntime(app: AppLocation, earlier: Partial<LintFacts>, absoluteOf: (path: string) => string | undefined): SpringRuntime | undefined {
  const compose = earlier.compose;
  if (compose && app.absoluteDirectory) {
    let best: { project: ComposeProject; service: ComposeService; depth: number } | undefined;
    for (const { project, service } of composeIndex(compose).refs) {
      if (project.variantOf) continue;
      const context = service.build?.directory;
      if (!context || !within(app.absoluteDirectory, context)) continue;
      const depth = context.split(sep).length;
      if (!best || depth > best.depth) best = { project, service, depth };
    }
    if (best) return composeRuntime(earlier, best.service, `its image is built from \`${best.service.build!.context.value}\``);
    for (const { project, service } of composeIndex(compose).refs) {
      if (project.variantOf) continue;
      const mount = service.volumes.find((m) => m.hostPath && app.absoluteFiles.some((f) => f === m.hostPath || within(f, m.hostPath!)));
      if (mount) return composeRuntime(earlier, service, `\`${mount.source ?? mount.hostPath}\` is mounted into it`);
    }
  }
  const k8s = earlier.kubernetes;
  if (k8s && app.moduleDirectory) {
    const under = k8s.workloads.filter((w) => {
      const abs = absoluteOf(w.object.file);
      return abs !== undefined && within(abs, app.moduleDirectory!) && mainContainers(w).length > 0;
    });
    if (under.length === 1) return kubernetesRuntime(under[0]!, `its manifest ${under[0]!.object.file} is in the app's directory`, app);
  }
  const names = new Set([app.name, app.module].filter((n): n is string => n !== undefined && n !== '').map((n) => n.toLowerCase()));
  if (names.size === 0) return undefined;
  const candidates: (() => SpringRuntime)[] = [];
  for (const { project, service } of compose ? composeIndex(compose).refs : []) {
    // A service built from another directory runs other code, whatever its name.
    if (project.variantOf || service.build) continue;
    const image = service.image ? lastSegment(service.image.value) : undefined;
    if (names.has(service.name.toLowerCase()) || (image && names.has(image)))
      candidates.push(() => composeRuntime(earlier, service, 'it is named like the app'));
  }
  for (const workload of k8s?.workloads ?? []) {
    const containers = mainContainers(workload);
    if (names.has(workload.object.name.toLowerCase()) || containers.some((c) => names.has(lastSegment(c.image))))
      candidates.push(() => kubernetesRuntime(workload, 'it is named like the app', app));
  }
  return candidates.length === 1 ? candidates[0]!() : undefined;
}

export function composeRuntime(earlier: Partial<LintFacts>, service: ComposeService, how: string): SpringRuntime {
  const args = [...(service.entrypoint?.words ?? []), ...(service.command?.words ?? [])].map((value) => ({
    value,
    at: (service.command ?? service.entrypoint)!.at,
  }));
  return {
    platform: 'compose',
    runtimeId: runtimeIdOf(earlier.compose!, service),
    label: `Compose service \`${service.name}\``,
    how,
    env: service.environment.map((e) => ({ name: e.name, ...(e.value !== undefined ? { value: e.value } : {}), at: e.at })),
    args,
  };
}

export function kubernetesRuntime(workload: Workload, how: string, app?: Pick<AppLocation, 'name' | 'module'>): SpringRuntime {
  const containers = mainContainers(workload);
  const names = new Set([app?.name, app?.module].filter((n): n is string => !!n).map((n) => n.toLowerCase()));
  const container =
    containers.find((c) => names.has(c.name.toLowerCase()) || names.has(lastSegment(c.image))) ??
    containers.find((c) => /java|jdk|jre|spring|temurin|corretto/i.test(c.image)) ??
    containers[0];
  const runtime: SpringRuntime = {
    platform: 'kubernetes',
    runtimeId: workloadId(workload),
    label: describe(workload.object),
    how,
    env: (container?.env ?? []).map((e) => ({ name: e.name, ...(e.value ? { value: e.value.value } : {}), at: e.value?.at ?? e.at })),
    args: container ? [...container.command, ...container.args] : [],
  };
  if (container) runtime.container = container.name;
  return runtime;
}

export function mainContainers(workload: Workload): Container[] {
  return workload.template.containers.filter((c) => c.role === 'main');
}

function lastSegment(image: string): string {
  const repository = parseImageRef(image).repository;
  return repository.slice(repository.lastIndexOf('/') + 1).toLowerCase();
}

function within(path: string, directory: string): boolean {
  return path === directory || path.startsWith(directory.endsWith(sep) ? directory : directory + sep);
}
