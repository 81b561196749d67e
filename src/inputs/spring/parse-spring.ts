import { basename, dirname, sep } from 'node:path';
import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ConfigFile, ConfigInput } from '../config/config-input.js';
import type { ConfigMap } from '../kubernetes/model.js';
import { type AppLocation, attachRuntime, kubernetesRuntime } from './attach.js';
import type { SpringApp, SpringFacts, SpringFile, SpringRuntime } from './model.js';
import { readSpringFile, SPRING_FILE } from './read-files.js';
import { activeProfiles, effectiveSettings } from './settings.js';

/** Test resources configure tests, not the running app. */
const TEST_RESOURCES = /(^|[\\/])src[\\/](test|it|integrationTest)[\\/]|(^|[\\/])test[\\/]resources[\\/]/;
/** Build output holds copies of the sources' files. */
const BUILD_OUTPUT = /(^|[\\/])(target|build|out|bin)[\\/](classes|resources|main)[\\/]/;

/**
 * Spring Boot applications: the `application*.properties|yml` files of each directory (one app), and those
 * held in Kubernetes ConfigMaps. Runs after Compose and Kubernetes, so each app is attached to the runtime
 * that runs it and the runtime's environment (`SERVER_PORT`, `SPRING_PROFILES_ACTIVE`) is applied.
 */
export function parseSpring(input: ConfigInput, earlier: Partial<LintFacts>): SpringFacts {
  const byDirectory = new Map<string, ConfigFile[]>();
  for (const file of input.files) {
    if (!SPRING_FILE.test(basename(file.path)) || TEST_RESOURCES.test(file.path) || BUILD_OUTPUT.test(file.path)) continue;
    const dir = dirname(file.absolutePath);
    byDirectory.set(dir, [...(byDirectory.get(dir) ?? []), file]);
  }
  const absoluteOf = (path: string) => input.files.find((f) => f.path === path)?.absolutePath;
  const apps: SpringApp[] = [];
  for (const [absoluteDirectory, group] of byDirectory) {
    const files = group.flatMap((f) => readSpringFile(input, f.path, basename(f.path), f.text) ?? []);
    if (files.length === 0 || !files.some(hasProperties)) continue;
    const moduleDirectory = moduleDirectoryOf(absoluteDirectory);
    const location: AppLocation = {
      absoluteDirectory,
      absoluteFiles: group.map((f) => f.absolutePath),
      moduleDirectory,
      module: basename(moduleDirectory),
    };
    const name = applicationName(files);
    if (name) location.name = name;
    const runtime = generatedConfigMapRuntime(earlier, group) ?? attachRuntime(location, earlier, absoluteOf);
    apps.push(buildApp(`spring:${dirname(group[0]!.path)}`, dirname(group[0]!.path), location, files, runtime));
  }
  for (const configMap of earlier.kubernetes?.configMaps ?? []) apps.push(...configMapApps(input, earlier, configMap));
  return { apps };
}

function hasProperties(file: SpringFile): boolean {
  return file.documents.some((d) => d.properties.length > 0);
}

function applicationName(files: readonly SpringFile[]): string | undefined {
  for (const f of files)
    for (const d of f.documents) {
      const p = d.properties.find((x) => x.canonical === 'spring.application.name');
      if (p && !p.value.includes('${')) return p.value;
    }
  return undefined;
}

/** `orders/src/main/resources` → `orders`; `orders/config` → `orders`; otherwise the directory itself. */
function moduleDirectoryOf(directory: string): string {
  const parts = directory.split(sep);
  const src = parts.lastIndexOf('src');
  if (src > 0 && parts[src + 1] === 'main') return parts.slice(0, src).join(sep) || sep;
  const last = parts[parts.length - 1];
  if (last === 'config' || last === 'resources') return parts.slice(0, -1).join(sep) || sep;
  return directory;
}

function buildApp(id: string, directory: string, location: AppLocation, files: SpringFile[], runtime: SpringRuntime | undefined): SpringApp {
  const profiles = activeProfiles(files, runtime);
  const main = files.find((f) => !f.profile) ?? files[0]!;
  const app: SpringApp = {
    id,
    directory,
    module: location.module,
    files,
    activeProfiles: profiles.profiles,
    settings: effectiveSettings(files, profiles.profiles, runtime),
    at: main.documents[0]?.firstKeyAt ?? { file: main.path, line: 1, column: 1 },
  };
  if (location.absoluteDirectory) app.absoluteDirectory = location.absoluteDirectory;
  if (profiles.from) app.activeProfilesFrom = profiles.from;
  const name = files.flatMap((f) => f.documents.flatMap((d) => d.properties)).find((p) => p.canonical === 'spring.application.name');
  if (name) app.name = { value: name.value, at: name.at };
  if (runtime) app.runtime = runtime;
  return app;
}

/** `application.yml` in a ConfigMap: an app per ConfigMap, run by the workloads that mount it (the first one decides the environment). */
function configMapApps(input: ConfigInput, earlier: Partial<LintFacts>, configMap: ConfigMap): SpringApp[] {
  const files: SpringFile[] = [];
  for (const entry of configMap.entries) {
    if (!SPRING_FILE.test(entry.key)) continue;
    // A configMapGenerator source file is read as a file of its own directory already.
    if (configMap.object === undefined || entry.file !== configMap.object.file) continue;
    const where = { file: entry.file, line: entry.line, column: entry.column, exactLines: entry.exactLines, at: entry.at };
    const file = readSpringFile(input, `${entry.file}#${entry.key}`, entry.key, entry.text, where);
    if (file && hasProperties(file)) files.push(file);
  }
  if (files.length === 0) return [];
  const k8s = earlier.kubernetes!;
  const mounting = k8s.workloads.filter(
    (w) => k8s.index.compatible(w.object.namespace, configMap.namespace) && w.template.volumes.some((v) => v.configMaps.includes(configMap.name)),
  );
  const location: AppLocation = { absoluteFiles: [], module: configMap.name };
  const runtime = mounting[0] ? kubernetesRuntime(mounting[0], `it mounts ConfigMap \`${configMap.name}\``, { module: configMap.name }) : undefined;
  const id = `spring:${configMap.object?.file ?? files[0]!.path}#${configMap.namespace ?? '-'}/${configMap.name}`;
  return [buildApp(id, configMap.object?.file ?? files[0]!.path, location, files, runtime)];
}

/** Files a kustomization.yaml `configMapGenerator` turns into a ConfigMap: the app runs in the workload mounting it. */
function generatedConfigMapRuntime(earlier: Partial<LintFacts>, group: readonly ConfigFile[]): SpringRuntime | undefined {
  const k8s = earlier.kubernetes;
  if (!k8s) return undefined;
  const paths = new Set(group.map((f) => f.path));
  for (const configMap of k8s.configMaps) {
    if (configMap.object !== undefined || !configMap.entries.some((e) => paths.has(e.file))) continue;
    const workload = k8s.workloads.find(
      (w) => k8s.index.compatible(w.object.namespace, configMap.namespace) && w.template.volumes.some((v) => v.configMaps.includes(configMap.name)),
    );
    if (workload) return kubernetesRuntime(workload, `it mounts ConfigMap \`${configMap.name}\`, generated from the file`);
  }
  return undefined;
}
