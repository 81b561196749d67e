import type { Located, SourcePosition } from '../../core/position.js';
import type { LintFacts } from '../../evidence/lint-facts.js';
import { describe, workloadId } from '../../inputs/kubernetes/index-objects.js';
import type { Ingress, KubeObject, Service, ServicePort, Workload } from '../../inputs/kubernetes/model.js';
import { ingressClassOf } from '../../inputs/kubernetes/proxy-locations.js';
import { probePortNumber, servicePortFor, targetPortOf } from '../../inputs/kubernetes/service-ports.js';
import type { SpringApp } from '../../inputs/spring/model.js';
import { actuatorHealth, serverPort, springAppsOn, usesActuator } from '../../inputs/spring/queries.js';
import type { TfTargetGroup } from '../../inputs/terraform/model.js';

/**
 * Which application is behind a load balancer's target group, when the configs tell:
 * - a Kubernetes `TargetGroupBinding` naming the target group (by `targetGroupName`, or the name inside `targetGroupARN`),
 * - for `instance` targets, the NodePort/LoadBalancer Service whose `nodePort` is the target group's port,
 * - an `aws_ecs_service` whose `load_balancer` block names the target group (its container, matched to a Spring app by name),
 * - otherwise the one Spring app whose `server.port` is the target group's port.
 * And, for the AWS Load Balancer Controller, the Ingresses of class `alb` with their annotations.
 */
export interface LinkedBackend {
  /** "Service `orders` (namespace `shop`)", "ECS service `aws_ecs_service.orders`", "Spring app `orders`". */
  label: string;
  /** How the link was made, for messages. */
  how: string;
  service?: Service;
  servicePort?: ServicePort;
  workloads: Workload[];
  springApps: SpringApp[];
  /** The container port traffic reaches (ECS `container_port`, the Service's target port). */
  containerPort?: number;
  /** Target type the binding asks for (a TargetGroupBinding's `targetType`). */
  bindingTargetType?: Located<string>;
  at?: SourcePosition;
}

const linkCache = new WeakMap<TfTargetGroup, LinkedBackend[]>();

export function targetGroupLinks(facts: LintFacts, tg: TfTargetGroup): LinkedBackend[] {
  const cached = linkCache.get(tg);
  if (cached) return cached;
  const out = findLinks(facts, tg);
  linkCache.set(tg, out);
  return out;
}

function findLinks(facts: LintFacts, tg: TfTargetGroup): LinkedBackend[] {
  const out: LinkedBackend[] = [];
  const k8s = facts.kubernetes;
  const name = tg.name?.value;
  for (const object of k8s.objects) {
    if (object.kind !== 'TargetGroupBinding') continue;
    const spec = (object.value.spec ?? {}) as Record<string, unknown>;
    const byName = typeof spec.targetGroupName === 'string' && spec.targetGroupName === name;
    const byArn = typeof spec.targetGroupARN === 'string' && name !== undefined && spec.targetGroupARN.includes(`:targetgroup/${name}/`);
    if (!byName && !byArn) continue;
    const ref = (spec.serviceRef ?? {}) as Record<string, unknown>;
    if (typeof ref.name !== 'string') continue;
    const service = k8s.index.services(ref.name, object.namespace)[0];
    if (!service) continue;
    const port = typeof ref.port === 'number' || typeof ref.port === 'string' ? servicePortFor(service, ref.port) : service.ports[0];
    const link = serviceLink(facts, service, port, `TargetGroupBinding \`${object.name}\` binds it to ${describe(service.object)}`, object);
    if (typeof spec.targetType === 'string') link.bindingTargetType = { value: spec.targetType, at: object.pos(['spec', 'targetType']) };
    out.push(link);
  }
  if (out.length > 0) return out;
  if (tg.targetType === 'instance' && tg.port) {
    for (const service of k8s.services) {
      if (service.type !== 'NodePort' && service.type !== 'LoadBalancer') continue;
      const ports = (((service.object.value.spec ?? {}) as Record<string, unknown>).ports ?? []) as Record<string, unknown>[];
      const index = ports.findIndex((p) => p.nodePort === tg.port!.value);
      if (index < 0) continue;
      out.push(serviceLink(facts, service, service.ports[index], `${describe(service.object)} has nodePort ${tg.port.value}`, service.object));
    }
    if (out.length > 0) return out;
  }
  for (const ecs of facts.terraform.ecsServices) {
    if (ecs.resource.module !== tg.resource.module) continue;
    for (const lb of ecs.loadBalancers) {
      if (lb.targetGroup !== tg.resource.address) continue;
      const container = lb.containerName?.value.toLowerCase();
      const apps = facts.spring.apps.filter(
        (a) => container !== undefined && (a.module.toLowerCase() === container || a.name?.value.toLowerCase() === container),
      );
      const link: LinkedBackend = {
        label: `ECS service \`${ecs.resource.address}\``,
        how: `its \`load_balancer\` block names ${tg.resource.address}`,
        workloads: [],
        springApps: apps,
        at: lb.at,
      };
      if (lb.containerPort) link.containerPort = lb.containerPort.value;
      out.push(link);
    }
  }
  if (out.length > 0) return out;
  if (tg.port) {
    const apps = facts.spring.apps.filter((a) => serverPort(a)?.value === tg.port!.value);
    if (apps.length === 1) {
      const app = apps[0]!;
      out.push({
        label: `Spring app \`${app.name?.value ?? app.module}\``,
        how: `the only Spring app listening on ${tg.port.value}`,
        workloads: [],
        springApps: [app],
        containerPort: tg.port.value,
        at: app.at,
      });
    }
  }
  return out;
}

function serviceLink(facts: LintFacts, service: Service, port: ServicePort | undefined, how: string, object: KubeObject): LinkedBackend {
  const workloads = service.selector ? facts.kubernetes.index.workloadsSelectedBy(service.selector, service.object.namespace) : [];
  const link: LinkedBackend = {
    label: describe(service.object),
    how,
    service,
    workloads,
    springApps: workloads.flatMap((w) => springAppsOn(facts.spring, workloadId(w))),
    at: object.at,
  };
  if (port) {
    link.servicePort = port;
    const target = targetPortOf(port);
    const number = typeof target === 'number' ? target : workloads.map((w) => containerPortNumber(w, target)).find((n) => n !== undefined);
    if (number !== undefined) link.containerPort = number;
  }
  return link;
}

function containerPortNumber(workload: Workload, name: string | undefined): number | undefined {
  if (name === undefined) return undefined;
  for (const c of workload.template.containers) for (const p of c.ports) if (p.name?.value === name && p.containerPort) return p.containerPort.value;
  return undefined;
}

export interface ExpectedHealth {
  path: string;
  port?: number;
  /** "readinessProbe of container `orders`", "Spring actuator of orders (management port 8081)". */
  source: string;
  at: SourcePosition;
}

/** What the backend itself calls healthy: readiness probes of its pods, the Spring actuator it runs. */
export function expectedHealth(link: LinkedBackend): ExpectedHealth[] {
  const out: ExpectedHealth[] = [];
  for (const w of link.workloads) {
    for (const c of w.template.containers) {
      const probe = c.readinessProbe;
      if (c.role === 'init' || probe?.handler !== 'http' || !probe.path || !probe.port) continue;
      const port = probePortNumber(c, probe.port.value);
      out.push({
        path: probe.path,
        ...(port !== undefined ? { port } : {}),
        source: `readinessProbe of container \`${c.name}\` in ${describe(w.object)}`,
        at: probe.at,
      });
    }
  }
  for (const app of link.springApps) {
    if (!usesActuator(app)) continue;
    const health = actuatorHealth(app);
    out.push({
      path: health.path,
      ...(health.port !== undefined ? { port: health.port } : {}),
      source: `Spring actuator of \`${app.name?.value ?? app.module}\`${health.onManagementPort ? ` on management.server.port ${health.port}` : ''}`,
      at: app.at,
    });
  }
  return out;
}

/** Ports something listens on behind the link (container ports, Spring's server and management ports). */
export function listeningPorts(link: LinkedBackend): number[] {
  const ports = new Set<number>();
  for (const w of link.workloads) for (const c of w.template.containers) for (const p of c.ports) if (p.containerPort) ports.add(p.containerPort.value);
  for (const app of link.springApps) {
    const server = serverPort(app)?.value;
    if (server !== undefined) ports.add(server);
    const management = app.settings.get('management.server.port')?.value;
    if (management && /^\d+$/.test(management)) ports.add(Number(management));
  }
  if (link.containerPort !== undefined) ports.add(link.containerPort);
  return [...ports];
}

// ---------------------------------------------------------------- AWS Load Balancer Controller Ingresses

const PREFIX = 'alb.ingress.kubernetes.io/';

export interface AlbIngressBackend {
  ingress: Ingress;
  route: string;
  service: Service;
  servicePort?: ServicePort;
  link: LinkedBackend;
  /** Annotation (Service first, then Ingress) with where it is written. */
  annotation(name: string): { value: string; at: SourcePosition; on: KubeObject } | undefined;
}

const albCache = new WeakMap<LintFacts, AlbIngressBackend[]>();

/** Backends of Ingresses the AWS Load Balancer Controller serves (class `alb`, or an IngressClass with its controller). */
export function albIngressBackends(facts: LintFacts): AlbIngressBackend[] {
  const cached = albCache.get(facts);
  if (cached) return cached;
  const k8s = facts.kubernetes;
  const out: AlbIngressBackend[] = [];
  for (const ingress of k8s.ingresses) {
    const { name, ingressClass } = ingressClassOf(k8s, ingress);
    const alb = ingressClass?.controller ? /^ingress\.k8s\.aws\/alb$/.test(ingressClass.controller) : name === 'alb';
    if (!alb) continue;
    for (const backend of ingress.backends) {
      if (!backend.serviceName) continue;
      const service = k8s.index.services(backend.serviceName.value, ingress.object.namespace)[0];
      if (!service) continue;
      const port = backend.port ? servicePortFor(service, backend.port.value) : undefined;
      const link = serviceLink(facts, service, port, `Ingress \`${ingress.object.name}\` routes ${backend.route} to it`, ingress.object);
      const annotation = (key: string) => {
        for (const object of [service.object, ingress.object]) {
          const value = object.annotations[PREFIX + key];
          if (value !== undefined) return { value, at: object.pos(['metadata', 'annotations', PREFIX + key]), on: object };
        }
        return undefined;
      };
      out.push({ ingress, route: backend.route, service, ...(port ? { servicePort: port } : {}), link, annotation });
    }
  }
  albCache.set(facts, out);
  return out;
}

/** `idle_timeout.timeout_seconds=120` inside `load-balancer-attributes`. */
export function idleFromAttributes(value: string): number | undefined {
  const m = /(?:^|,)\s*idle_timeout\.timeout_seconds\s*=\s*(\d+)/.exec(value);
  return m ? Number(m[1]) : undefined;
}
