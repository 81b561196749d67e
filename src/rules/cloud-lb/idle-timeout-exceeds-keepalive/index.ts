import { defineRule } from '../../../core/define-rule.js';
import type { SourcePosition } from '../../../core/position.js';
import type { LintFacts } from '../../../evidence/lint-facts.js';
import type { BackendNode } from '../../../evidence/topology/model.js';
import { describe, workloadId } from '../../../inputs/kubernetes/index-objects.js';
import type { NginxDirective } from '../../../inputs/nginx/model.js';
import { parseDuration } from '../../../inputs/nginx/values.js';
import { tomcatKeepAlive } from '../../../inputs/spring/queries.js';
import { replaceValue } from '../../text-edits.js';
import { backendKeepAlive, backendProcesses } from '../../backend-process.js';
import { albIngress, webWorkload } from '../examples.js';
import { albIngressBackends, idleFromAttributes, type LinkedBackend, targetGroupLinks } from '../links.js';

const WEB = `          image: node:22-alpine
          command: ["node", "server.js"]
          ports:
            - containerPort: 3000
`;

interface KeepAlive {
  seconds: number;
  source: string;
  at?: SourcePosition;
}

export default defineRule({
  id: 'cloud-lb/idle-timeout-exceeds-keepalive',
  domain: 'cloud-lb',
  cause: 'keepalive-race',
  severity: 'warning',
  title: "The load balancer's idle timeout is not shorter than the backend's keep-alive timeout",
  catalog: ['X12'],
  docs: {
    why: 'An AWS ALB reuses its connections to a target for up to its idle timeout (60 s by default). A backend that closes idle keep-alive connections sooner — Node.js after 5 s, gunicorn after 2 s, embedded Tomcat after 60 s (a tie is a race too) — can close one just as the ALB sends a request on it: the ALB returns `502 Bad Gateway` (`HTTPCode_ELB_502_Count`, target reset) now and then, mostly for the first request after a pause.',
    problem: {
      description: 'The ALB keeps idle connections 60 s (default); the Node.js pods close them after 5 s.',
      files: { 'k8s/ingress.yaml': albIngress('alb.ingress.kubernetes.io/target-type: ip\n'), 'k8s/web.yaml': webWorkload(WEB) },
    },
    fixed: {
      files: {
        'k8s/ingress.yaml': albIngress(
          'alb.ingress.kubernetes.io/target-type: ip\nalb.ingress.kubernetes.io/load-balancer-attributes: idle_timeout.timeout_seconds=4\n',
        ),
        'k8s/web.yaml': webWorkload(WEB),
      },
    },
    remediation:
      "Make the backend's keep-alive timeout longer than the load balancer's idle timeout (Node.js: `server.keepAliveTimeout = 65000` and `headersTimeout` above it; Tomcat: `server.tomcat.keep-alive-timeout=75s`), or lower the load balancer's `idle_timeout` below it.",
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#connection-idle-timeout',
      'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#load-balancer-attributes',
    ],
  },
  check(ctx) {
    for (const lb of ctx.facts.terraform.loadBalancers) {
      if (lb.type !== 'application' || lb.idleTimeoutUnknown) continue;
      const idle = lb.idleTimeout?.value ?? 60;
      for (const tg of ctx.facts.terraform.targetGroups) {
        if (tg.resource.module !== lb.resource.module || !tg.loadBalancers.includes(lb.resource.address)) continue;
        const found = targetGroupLinks(ctx.facts, tg)
          .flatMap((link) => keepAlivesBehind(ctx.facts, link).map((k) => ({ link, k })))
          .find(({ k }) => idle >= k.seconds);
        if (!found) continue;
        const safe = Math.max(1, Math.floor(found.k.seconds) - 1);
        const fix =
          lb.idleTimeout && !lb.idleTimeout.via
            ? replaceValue(ctx.facts, lb.idleTimeout.at, String(safe), `close idle connections before the backend does`)
            : undefined;
        ctx.report({
          message: `AWS ALB \`${lb.resource.address}\` keeps idle connections ${idle} s${lb.idleTimeout ? '' : ' (the default idle_timeout)'}, but ${found.link.label} behind ${tg.resource.address} closes them after ${found.k.seconds} s (${found.k.source}): requests on a closing connection get 502 now and then.`,
          at: lb.idleTimeout?.at ?? lb.resource.at,
          ...(fix ? { fix } : {}),
          ...(found.k.at ? { related: [{ at: found.k.at, message: found.k.source }] } : {}),
        });
        break;
      }
    }
    const seen = new Set<string>();
    for (const backend of albIngressBackends(ctx.facts)) {
      const attributes = backend.annotation('load-balancer-attributes');
      const idle = (attributes ? idleFromAttributes(attributes.value) : undefined) ?? 60;
      const found = keepAlivesBehind(ctx.facts, backend.link).find((k) => idle >= k.seconds);
      const key = `${backend.ingress.object.file}:${backend.ingress.object.name}:${backend.service.object.name}`;
      if (!found || seen.has(key)) continue;
      seen.add(key);
      ctx.report({
        message: `the ALB of Ingress \`${backend.ingress.object.name}\` keeps idle connections ${idle} s${attributes ? '' : ' (default)'}, but ${backend.link.label} closes them after ${found.seconds} s (${found.source}): requests on a closing connection get 502 now and then.`,
        at: attributes?.at ?? backend.ingress.object.at,
        ...(found.at ? { related: [{ at: found.at, message: found.source }] } : {}),
      });
    }
  },
});

/** Keep-alive timeouts of what runs behind a link; Spring keep-alives written in a file are spring/keep-alive-below-proxy-idle's. */
function keepAlivesBehind(facts: LintFacts, link: LinkedBackend): KeepAlive[] {
  const out: KeepAlive[] = [];
  for (const app of link.springApps) {
    const k = tomcatKeepAlive(app);
    if (k && !k.setting?.property)
      out.push({ seconds: k.seconds, source: `Spring app \`${app.name?.value ?? app.module}\`: ${k.source}`, ...(k.at ? { at: k.at } : {}) });
  }
  for (const workload of link.workloads) {
    if (link.springApps.some((a) => a.runtime?.runtimeId === workloadId(workload))) continue;
    const node: BackendNode = {
      id: workloadId(workload),
      runtime: { platform: 'kubernetes', id: workloadId(workload), label: describe(workload.object) },
      label: describe(workload.object),
      listens: [],
    };
    const known = backendKeepAlive(backendProcesses(facts, node));
    if (known) out.push({ seconds: known.seconds, source: known.source, ...(known.at ? { at: known.at } : {}) });
    const nginx = nginxKeepAlive(facts, node.id);
    if (nginx) out.push(nginx);
  }
  return out;
}

/** nginx running in the workload: its client-side `keepalive_timeout` (default 75 s). */
function nginxKeepAlive(facts: LintFacts, runtimeId: string): KeepAlive | undefined {
  const proxy = facts.topology.proxies.find((p) => p.product === 'nginx' && p.runtime?.id === runtimeId);
  const config = proxy && facts.nginx.configs.find((c) => c.id === proxy.id);
  if (!config) return undefined;
  const find = (list: readonly NginxDirective[]): NginxDirective | undefined => {
    for (const d of list) {
      if (d.name === 'upstream') continue;
      if (d.name === 'keepalive_timeout') return d;
      const inner = d.block && find(d.block);
      if (inner) return inner;
    }
    return undefined;
  };
  const directive = find(config.directives);
  const seconds = directive?.args[0] ? parseDuration(directive.args[0].value) : 75;
  if (seconds === undefined || seconds === 0) return undefined;
  return {
    seconds,
    source: directive ? `nginx keepalive_timeout ${directive.args[0]!.value}` : 'nginx default keepalive_timeout 75s',
    at: directive?.at ?? proxy!.at,
  };
}
