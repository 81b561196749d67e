import { labelsMatch } from './labels.js';
import type { GatewayApiGateway, Ingress, IngressClass, IstioGateway, KubernetesFacts, Workload } from './model.js';
import type { PodEnd } from './network-policy.js';

/**
 * Where the proxy behind an Ingress, a Gateway API Gateway or an Istio Gateway runs: the controller's
 * workload when the input has it, otherwise what is known of it (e.g. "some other namespace").
 */
export interface ProxyLocation {
  /** The controller/gateway workload, when it is part of the input. */
  workload?: Workload;
  /** The source of the connections it opens, for NetworkPolicy evaluation. */
  source: PodEnd;
  /** "the ingress-nginx controller", "the Istio ingress gateway (istio=ingressgateway)". */
  label: string;
  /** Runs an Istio/Envoy data plane itself (gateways): mTLS toward STRICT backends works. */
  meshed?: boolean;
}

interface KnownController {
  product: string;
  controller: RegExp;
  classes: readonly string[];
  image?: RegExp;
  /** The traffic comes from outside the cluster's pod network (cloud load balancers). */
  outside?: boolean;
  meshed?: boolean;
}

const CONTROLLERS: readonly KnownController[] = [
  { product: 'ingress-nginx', controller: /^k8s\.io\/ingress-nginx/, classes: ['nginx'], image: /ingress-nginx\/controller|nginx-ingress-controller/ },
  { product: 'NGINX Ingress Controller', controller: /^nginx\.org\/ingress-controller/, classes: ['nginx'], image: /nginx\/nginx-ingress|nginx-plus-ingress/ },
  { product: 'Traefik', controller: /^traefik\.io\/ingress-controller/, classes: ['traefik'], image: /(?:^|\/)traefik(?::|$)/ },
  { product: 'HAProxy Ingress', controller: /haproxy/, classes: ['haproxy'], image: /haproxytech\/kubernetes-ingress|haproxy-ingress/ },
  { product: 'Kong', controller: /konghq\.com/, classes: ['kong'], image: /kong\/kubernetes-ingress-controller|(?:^|\/)kong(?::|$)/ },
  { product: 'Contour', controller: /projectcontour\.io/, classes: ['contour'], image: /projectcontour\/contour/ },
  { product: 'Istio ingress', controller: /^istio\.io\/ingress-controller/, classes: ['istio'], image: /istio\/proxyv2/, meshed: true },
  { product: 'AWS Load Balancer Controller', controller: /^ingress\.k8s\.aws\/alb/, classes: ['alb'], outside: true },
  { product: 'GKE Ingress', controller: /^k8s\.io\/ingress-gce/, classes: ['gce', 'gce-internal'], outside: true },
  {
    product: 'Azure Application Gateway',
    controller: /azure\/application-gateway/,
    classes: ['azure-application-gateway', 'azure/application-gateway'],
    outside: true,
  },
];

export function ingressClassOf(facts: KubernetesFacts, ingress: Ingress): { name?: string; ingressClass?: IngressClass } {
  const name = ingress.ingressClassName?.value ?? ingress.classAnnotation?.value;
  if (name !== undefined) {
    const ingressClass = facts.ingressClasses.find((c) => c.object.name === name);
    return ingressClass ? { name, ingressClass } : { name };
  }
  const fallback = facts.ingressClasses.find((c) => c.isDefault);
  return fallback ? { name: fallback.object.name, ingressClass: fallback } : {};
}

function isControllerWorkload(workload: Workload, controller: KnownController): boolean {
  return !!controller.image && workload.template.containers.some((c) => controller.image!.test(c.image));
}

const controllerCache = new WeakMap<KubernetesFacts, Map<KnownController | undefined, Workload[]>>();

/** Workloads running a known controller (of one product, or any): computed once per input. */
function controllerWorkloads(facts: KubernetesFacts, known: KnownController | undefined): Workload[] {
  let cache = controllerCache.get(facts);
  if (!cache) {
    cache = new Map();
    controllerCache.set(facts, cache);
  }
  let found = cache.get(known);
  if (!found) {
    found = facts.workloads.filter((w) => (known ? isControllerWorkload(w, known) : CONTROLLERS.some((c) => isControllerWorkload(w, c))));
    cache.set(known, found);
  }
  return found;
}

/** The workload running the Ingress's controller, or what can be said about it. */
export function ingressControllerLocation(facts: KubernetesFacts, ingress: Ingress): ProxyLocation {
  const { name, ingressClass } = ingressClassOf(facts, ingress);
  const known = CONTROLLERS.find((c) =>
    ingressClass?.controller ? c.controller.test(ingressClass.controller) : name !== undefined && c.classes.includes(name),
  );
  const candidates = controllerWorkloads(facts, known);
  // Several controllers: the one whose flags name this class.
  const byClass =
    name !== undefined
      ? candidates.filter((w) =>
          w.template.containers.some((c) =>
            c.args.some((a) => new RegExp(`^--(?:ingress|controller)-class(?:-name)?=(?:.*/)?${escapeRegExp(name)}$`).test(a.value)),
          ),
        )
      : [];
  const workload = byClass.length === 1 ? byClass[0] : candidates.length === 1 ? candidates[0] : undefined;
  const product = known?.product ?? 'the ingress controller';
  if (workload) {
    const ns = workload.object.namespace;
    return {
      workload,
      source: {
        namespace: ns === undefined ? { kind: 'unspecified' } : { kind: 'known', name: ns },
        labels: workload.template.labels,
        hostNetwork: workload.template.hostNetwork,
      },
      label: `${product} (${workload.object.kind} \`${workload.object.name}\`)`,
      meshed: known?.meshed ?? false,
    };
  }
  if (known?.outside) return { source: { namespace: { kind: 'outside' } }, label: `${product} (a cloud load balancer outside the pod network)` };
  const location: ProxyLocation = { source: { namespace: { kind: 'elsewhere' } }, label: `${product}${name ? ` (class \`${name}\`)` : ''}` };
  if (known?.meshed) location.meshed = true;
  return location;
}

/** Pods of an Istio Gateway: its `selector` over workloads of the input (any namespace), else an unseen gateway. */
export function istioGatewayLocation(facts: KubernetesFacts, gateway: IstioGateway): ProxyLocation {
  const workloads = Object.keys(gateway.selector).length > 0 ? facts.workloads.filter((w) => labelsMatch(gateway.selector, w.template.labels)) : [];
  const selector = Object.entries(gateway.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  if (workloads.length === 1) {
    const w = workloads[0]!;
    const ns = w.object.namespace;
    return {
      workload: w,
      source: { namespace: ns === undefined ? { kind: 'unspecified' } : { kind: 'known', name: ns }, labels: w.template.labels },
      label: `the Istio gateway ${w.object.kind} \`${w.object.name}\``,
      meshed: true,
    };
  }
  return { source: { namespace: { kind: 'elsewhere' } }, label: `the Istio gateway (${selector || 'no selector'})`, meshed: true };
}

/** Gateway API: Istio and most implementations deploy the gateway pods in the Gateway's namespace, labelled with its name. */
export function gatewayApiLocation(facts: KubernetesFacts, gateway: GatewayApiGateway): ProxyLocation {
  const nameLabel = 'gateway.networking.k8s.io/gateway-name';
  const ns = gateway.object.namespace;
  const workload = facts.workloads.find((w) => w.template.labels[nameLabel] === gateway.object.name && facts.index.compatible(w.object.namespace, ns));
  const istio = gateway.className === 'istio' || gateway.className === 'istio-waypoint';
  if (workload) {
    return {
      workload,
      source: { namespace: ns === undefined ? { kind: 'unspecified' } : { kind: 'known', name: ns }, labels: workload.template.labels },
      label: `Gateway \`${gateway.object.name}\` (${workload.object.kind} \`${workload.object.name}\`)`,
      meshed: istio,
    };
  }
  if (istio) {
    // Istio's automated deployment: pods in the Gateway's namespace (their full label set is not written anywhere).
    return {
      source: { namespace: ns === undefined ? { kind: 'unspecified' } : { kind: 'known', name: ns } },
      label: `Gateway \`${gateway.object.name}\` (Istio-deployed pods)`,
      meshed: true,
    };
  }
  return {
    source: { namespace: { kind: 'elsewhere' } },
    label: `Gateway \`${gateway.object.name}\`${gateway.className ? ` (class \`${gateway.className}\`)` : ''}`,
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
