import type { LintFacts } from '../../evidence/lint-facts.js';
import type { ComposeNetwork } from '../../inputs/compose/model.js';
import { attachedNetworks, composeIndex, type ServiceRef } from '../../inputs/compose/queries.js';
import type { TraefikContainer, TraefikInstance } from '../../inputs/traefik/model.js';
import { instanceOf, isEnabled } from '../../inputs/traefik/queries.js';

export interface NetworkView {
  container: TraefikContainer;
  instance: TraefikInstance;
  backend: ServiceRef;
  traefik: ServiceRef;
  /** Networks of the container, and which of them Traefik is attached to too. */
  networks: ComposeNetwork[];
  shared: ComposeNetwork[];
}

/** Enabled label containers whose Traefik instance runs in Compose, with the networks each side is on. */
export function networkViews(facts: LintFacts): NetworkView[] {
  const out: NetworkView[] = [];
  const index = composeIndex(facts.compose);
  for (const container of facts.traefik.containers) {
    if (!isEnabled(facts.traefik, container)) continue;
    const instance = instanceOf(facts.traefik, container);
    const backend = index.byRuntimeId.get(container.runtimeId);
    const traefik = instance?.runtimeId ? index.byRuntimeId.get(instance.runtimeId) : undefined;
    if (!instance || !backend || !traefik || backend.service === traefik.service) continue;
    if (backend.service.networkMode || traefik.service.networkMode) continue;
    const networks = attachedNetworks(backend.project, backend.service);
    const own = new Set(attachedNetworks(traefik.project, traefik.service).map((n) => n.actualName));
    out.push({ container, instance, backend, traefik, networks, shared: networks.filter((n) => own.has(n.actualName)) });
  }
  return out;
}

export function networkNames(networks: readonly ComposeNetwork[]): string {
  return networks.map((n) => `\`${n.actualName}\``).join(', ');
}
