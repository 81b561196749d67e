import type { ListenSpec } from '../../evidence/topology/model.js';
import { imageDefaults } from './image-defaults.js';

import type { ComposeService, ListenHint } from './model.js';

/** Where a service's process listens, as far as its Compose settings, environment, command and Dockerfile tell. */
export interface ListenModel {
  specs: ListenSpec[];
  /** Some spec comes from the service's own settings (not only from its image's defaults). */
  declared: boolean;
  /** The bind address that applies to the process, with the setting that says so. */
  bind?: ListenHint;
}

const MAX_RANGE_EXPANSION = 100;

const cache = new WeakMap<ComposeService, ListenModel>();

export function listenModel(service: ComposeService): ListenModel {
  const cached = cache.get(service);
  if (cached) return cached;
  const bind = effectiveBind(service.listenHints);
  const specs: ListenSpec[] = [];
  const add = (spec: ListenSpec) => {
    if (specs.some((s) => s.port === spec.port && (s.protocol ?? 'tcp') === (spec.protocol ?? 'tcp'))) return;
    if (bind?.address !== undefined && spec.address === undefined) spec.address = bind.address;
    specs.push(spec);
  };
  for (const p of service.ports) {
    for (let port = p.target.start; port <= p.target.end && port - p.target.start < MAX_RANGE_EXPANSION; port++) {
      add({ port, protocol: p.protocol, source: 'ports', at: p.targetAt ?? p.at });
    }
  }
  for (const e of service.expose) {
    for (let port = e.port.start; port <= e.port.end && port - e.port.start < MAX_RANGE_EXPANSION; port++)
      add({ port, protocol: e.protocol, source: 'expose', at: e.at });
  }
  for (const h of service.listenHints) {
    if (h.port === undefined) continue;
    const spec: ListenSpec = { port: h.port, protocol: 'tcp', source: h.source, at: h.at };
    if (h.address !== undefined) spec.address = h.address;
    add(spec);
  }
  const declared = specs.length > 0;
  const commandSetsPort = service.listenHints.some((h) => h.port !== undefined && !h.source.startsWith('Dockerfile EXPOSE'));
  const defaults = service.image ? imageDefaults(service.image.value) : undefined;
  if (defaults && !commandSetsPort) {
    for (const port of defaults.ports) add({ port, protocol: 'tcp', source: `image default (${service.image!.value})`, at: service.image!.at });
  }
  const model: ListenModel = { specs, declared };
  if (bind) model.bind = bind;
  cache.set(service, model);
  return model;
}

/** A flag on the command line beats a tool's default, which beats an environment variable the tool may ignore. */
function effectiveBind(hints: readonly ListenHint[]): ListenHint | undefined {
  const withAddress = hints.filter((h) => h.address !== undefined);
  const isEnv = (h: ListenHint) => /^(?:environment|env_file|Dockerfile ENV) /.test(h.source);
  return withAddress.find((h) => !h.implied && !isEnv(h)) ?? withAddress.find((h) => h.implied) ?? withAddress.find(isEnv);
}
