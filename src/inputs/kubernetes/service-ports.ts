import type { Container, ContainerPort, Service, ServicePort, Workload } from './model.js';

/** A Service port by number (its `port`) or by name, as Ingress, HTTPRoute and DNS clients refer to it. */
export function servicePortFor(service: Service, ref: number | string): ServicePort | undefined {
  return typeof ref === 'number' ? service.ports.find((p) => p.port === ref) : service.ports.find((p) => p.name?.value === ref);
}

/**
 * The pod port a Service port forwards to: `targetPort` (number or name), defaulting to `port`. A quoted
 * number (`targetPort: "8080"`) is neither: the API server rejects it, so it resolves to nothing.
 */
export function targetPortOf(servicePort: ServicePort): number | string | undefined {
  const target = servicePort.targetPort?.value;
  if (target === undefined) return servicePort.port;
  if (typeof target === 'string' && /^\d+$/.test(target)) return undefined;
  return target;
}

/** Containers that serve traffic: main containers and native sidecars (not plain init containers). */
export function servingContainers(workload: Workload): Container[] {
  return workload.template.containers.filter((c) => c.role !== 'init');
}

export interface ContainerPortMatch {
  container: Container;
  /** The declared port; absent when a numeric target matches no declaration but none is declared at all. */
  port?: ContainerPort;
  number?: number;
}

/**
 * Finds the container port a targetPort (or probe/policy port) names. A name must be declared; a number
 * works even undeclared (containerPort is informational), so it only fails when ports are declared and none
 * is that number: then `undefined`; with no declaration at all the result is `undeclared`.
 */
export function containerPortFor(workload: Workload, ref: number | string, protocol = 'TCP'): ContainerPortMatch | 'undeclared' | undefined {
  const containers = servingContainers(workload);
  for (const container of containers) {
    for (const port of container.ports) {
      if (port.protocol !== protocol) continue;
      if (typeof ref === 'string' ? port.name?.value === ref : port.containerPort?.value === ref) {
        const match: ContainerPortMatch = { container, port };
        if (port.containerPort) match.number = port.containerPort.value;
        return match;
      }
    }
  }
  if (typeof ref === 'number' && (!containers.some((c) => c.ports.length > 0) || portsAddedAtRuntime(workload))) return 'undeclared';
  return undefined;
}

/**
 * Istio gateway pods (`image: auto`, `inject.istio.io/templates: gateway`) get their listener ports from the
 * injection template; the manifest only declares the metrics port.
 */
export function portsAddedAtRuntime(workload: Workload): boolean {
  const template = workload.template;
  return template.annotations['inject.istio.io/templates'] !== undefined || template.containers.some((c) => c.image === 'auto');
}

/** Every declared serving port of the workload, "8080 (http)" style, for messages. */
export function describeContainerPorts(workload: Workload): string {
  const ports = servingContainers(workload).flatMap((c) =>
    c.ports.flatMap((p) =>
      p.containerPort ? [`${p.containerPort.value}${p.name ? ` (\`${p.name.value}\`)` : ''}${p.protocol !== 'TCP' ? `/${p.protocol}` : ''}`] : [],
    ),
  );
  return ports.length === 0 ? 'no ports' : ports.join(', ');
}

export function describeServicePorts(service: Service): string {
  const ports = service.ports.flatMap((p) => (p.port !== undefined ? [`${p.port}${p.name ? ` (\`${p.name.value}\`)` : ''}`] : []));
  return ports.length === 0 ? 'no ports' : ports.join(', ');
}

/** The serving container that declares this port (by name first, then number). */
export function containerServing(workload: Workload, port: number, name?: string): Container | undefined {
  const containers = servingContainers(workload);
  return (
    (name ? containers.find((c) => c.ports.some((p) => p.name?.value === name)) : undefined) ??
    containers.find((c) => c.ports.some((p) => p.containerPort?.value === port)) ??
    (containers.length === 1 ? containers[0] : undefined)
  );
}

/** A probe's port as a number (a name is looked up in the same container, as the kubelet does). */
export function probePortNumber(container: Container, port: number | string): number | undefined {
  if (typeof port === 'number') return port;
  return container.ports.find((p) => p.name?.value === port)?.containerPort?.value;
}
