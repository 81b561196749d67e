import { dirname } from 'node:path';
import type { ConfigInput } from '../config/config-input.js';
import { type HclAttribute, type HclBlock, type HclValue, parseHcl } from './hcl-syntax.js';
import type {
  TerraformFacts,
  TerraformModule,
  TfAttachment,
  TfEcsService,
  TfHealthCheck,
  TfListener,
  TfLoadBalancer,
  TfTargetGroup,
  TfValue,
} from './model.js';

/** `aws_alb*` are the older names of the same resources. */
const ALIASES: Record<string, string> = {
  aws_alb: 'aws_lb',
  aws_alb_target_group: 'aws_lb_target_group',
  aws_alb_listener: 'aws_lb_listener',
  aws_alb_listener_rule: 'aws_lb_listener_rule',
  aws_alb_target_group_attachment: 'aws_lb_target_group_attachment',
};

interface Scope {
  variables: Map<string, HclValue>;
  locals: Map<string, HclValue>;
}

/**
 * Terraform `.tf` files, one module per directory: every resource block is kept, and the AWS load-balancer
 * resources are read into typed facts (variables' defaults and literal locals resolved). HCL syntax problems are
 * reported with their position; the rest of the file is still read.
 */
export function parseTerraform(input: ConfigInput): TerraformFacts {
  const facts: TerraformFacts = { modules: [], loadBalancers: [], targetGroups: [], listeners: [], attachments: [], ecsServices: [] };
  const byDirectory = new Map<string, { path: string; body: HclBlock }[]>();
  for (const file of input.files) {
    if (!/\.tf$/i.test(file.path)) continue;
    const { body, problems } = parseHcl(file.path, file.text);
    for (const p of problems) input.problem(p.at, `HCL: ${p.message}`);
    const dir = dirname(file.path);
    byDirectory.set(dir, [...(byDirectory.get(dir) ?? []), { path: file.path, body }]);
  }
  for (const [directory, files] of byDirectory) {
    const scope: Scope = { variables: new Map(), locals: new Map() };
    const module: TerraformModule = { directory, files: files.map((f) => f.path), resources: [] };
    for (const { body } of files) {
      for (const block of body.blocks) {
        if (block.type === 'variable' && block.labels[0]) {
          const def = block.attributes.find((a) => a.name === 'default');
          if (def) scope.variables.set(block.labels[0].value, def.value);
        } else if (block.type === 'locals') for (const a of block.attributes) scope.locals.set(a.name, a.value);
        else if (block.type === 'resource' && block.labels.length >= 2) {
          const written = block.labels[0]!.value;
          const type = ALIASES[written] ?? written;
          const name = block.labels[1]!.value;
          module.resources.push({ address: `${type}.${name}`, id: `${directory}:${type}.${name}`, type, name, module: directory, block, at: block.at });
        }
      }
    }
    facts.modules.push(module);
    readModule(module, scope, facts);
  }
  return facts;
}

function readModule(module: TerraformModule, scope: Scope, facts: TerraformFacts): void {
  const listeners: TfListener[] = [];
  const targetGroups: TfTargetGroup[] = [];
  for (const resource of module.resources) {
    const b = resource.block;
    switch (resource.type) {
      case 'aws_lb': {
        const lb: TfLoadBalancer = { resource, type: str(scope, attr(b, 'load_balancer_type'))?.value ?? 'application' };
        const name = str(scope, attr(b, 'name'));
        if (name) lb.name = name;
        const idle = num(scope, attr(b, 'idle_timeout'));
        if (idle) lb.idleTimeout = idle;
        else if (attr(b, 'idle_timeout')) lb.idleTimeoutUnknown = true;
        const internal = resolve(scope, attr(b, 'internal'));
        if (internal?.kind === 'bool') lb.internal = internal.value;
        facts.loadBalancers.push(lb);
        break;
      }
      case 'aws_lb_target_group': {
        const targetType = str(scope, attr(b, 'target_type'));
        const tg: TfTargetGroup = { resource, targetType: targetType?.value ?? (attr(b, 'target_type') ? 'unknown' : 'instance'), loadBalancers: [] };
        if (targetType) tg.targetTypeAt = targetType.at;
        const name = str(scope, attr(b, 'name'));
        if (name) tg.name = name;
        const port = num(scope, attr(b, 'port'));
        if (port) tg.port = port;
        const protocol = str(scope, attr(b, 'protocol'));
        if (protocol) tg.protocol = protocol;
        const version = str(scope, attr(b, 'protocol_version'));
        if (version) tg.protocolVersion = version;
        const hc = b.blocks.find((x) => x.type === 'health_check');
        if (hc) tg.healthCheck = readHealthCheck(scope, hc);
        targetGroups.push(tg);
        facts.targetGroups.push(tg);
        break;
      }
      case 'aws_lb_listener':
      case 'aws_lb_listener_rule': {
        const listener: TfListener = { resource, targetGroups: forwardTargets(b) };
        const lbRef = refTo(attr(b, 'load_balancer_arn'), 'aws_lb') ?? refTo(attr(b, 'load_balancer_arn'), 'aws_alb');
        if (lbRef) listener.loadBalancer = lbRef;
        const listenerRef = refTo(attr(b, 'listener_arn'), 'aws_lb_listener') ?? refTo(attr(b, 'listener_arn'), 'aws_alb_listener');
        if (listenerRef) listener.loadBalancer = `listener:${listenerRef}`;
        const port = num(scope, attr(b, 'port'));
        if (port) listener.port = port;
        const protocol = str(scope, attr(b, 'protocol'));
        if (protocol) listener.protocol = protocol;
        listeners.push(listener);
        facts.listeners.push(listener);
        break;
      }
      case 'aws_lb_target_group_attachment': {
        const a: TfAttachment = { resource };
        const tg = refTo(attr(b, 'target_group_arn'), 'aws_lb_target_group') ?? refTo(attr(b, 'target_group_arn'), 'aws_alb_target_group');
        if (tg) a.targetGroup = tg;
        const id = str(scope, attr(b, 'target_id'));
        if (id) a.targetId = id;
        const port = num(scope, attr(b, 'port'));
        if (port) a.port = port;
        facts.attachments.push(a);
        break;
      }
      case 'aws_ecs_service': {
        const service: TfEcsService = { resource, loadBalancers: [] };
        for (const lb of b.blocks.filter((x) => x.type === 'load_balancer')) {
          const entry: TfEcsService['loadBalancers'][number] = { at: lb.at };
          const tg = refTo(attr(lb, 'target_group_arn'), 'aws_lb_target_group') ?? refTo(attr(lb, 'target_group_arn'), 'aws_alb_target_group');
          if (tg) entry.targetGroup = tg;
          const name = str(scope, attr(lb, 'container_name'));
          if (name) entry.containerName = name;
          const port = num(scope, attr(lb, 'container_port'));
          if (port) entry.containerPort = port;
          service.loadBalancers.push(entry);
        }
        facts.ecsServices.push(service);
        break;
      }
    }
  }
  // Which load balancers forward to each target group (rules reach theirs through the listener).
  const lbOfListener = new Map(listeners.filter((l) => l.resource.type === 'aws_lb_listener').map((l) => [l.resource.address, l.loadBalancer]));
  for (const l of listeners) {
    const lb = l.loadBalancer?.startsWith('listener:') ? lbOfListener.get(l.loadBalancer.slice('listener:'.length)) : l.loadBalancer;
    if (!lb) continue;
    for (const address of l.targetGroups) {
      const tg = targetGroups.find((t) => t.resource.address === address);
      if (tg && !tg.loadBalancers.includes(lb)) tg.loadBalancers.push(lb);
    }
  }
}

function readHealthCheck(scope: Scope, block: HclBlock): TfHealthCheck {
  const hc: TfHealthCheck = { at: block.at };
  if (block.end) hc.end = block.end;
  const enabled = resolve(scope, attr(block, 'enabled'));
  if (enabled?.kind === 'bool') hc.enabled = enabled.value;
  const path = str(scope, attr(block, 'path'));
  if (path) hc.path = path;
  const port = str(scope, attr(block, 'port'));
  if (port?.value === 'traffic-port') hc.port = { ...port, value: 'traffic-port' };
  else if (port && /^\d+$/.test(port.value)) hc.port = { ...port, value: Number(port.value) };
  const protocol = str(scope, attr(block, 'protocol'));
  if (protocol) hc.protocol = protocol;
  const matcher = str(scope, attr(block, 'matcher'));
  if (matcher) hc.matcher = matcher;
  return hc;
}

/** Target groups a listener's `default_action` (or a rule's `action`) forwards to, `forward { target_group { arn } }` included. */
function forwardTargets(block: HclBlock): string[] {
  const out: string[] = [];
  for (const action of block.blocks.filter((b) => b.type === 'default_action' || b.type === 'action')) {
    const direct = refTo(attr(action, 'target_group_arn'), 'aws_lb_target_group') ?? refTo(attr(action, 'target_group_arn'), 'aws_alb_target_group');
    if (direct) out.push(direct);
    for (const forward of action.blocks.filter((b) => b.type === 'forward'))
      for (const tg of forward.blocks.filter((b) => b.type === 'target_group')) {
        const ref = refTo(attr(tg, 'arn'), 'aws_lb_target_group') ?? refTo(attr(tg, 'arn'), 'aws_alb_target_group');
        if (ref) out.push(ref);
      }
  }
  return out;
}

function attr(block: HclBlock, name: string): HclAttribute | undefined {
  return block.attributes.find((a) => a.name === name);
}

/** `aws_lb_target_group.api.arn` → `aws_lb_target_group.api` (aliases normalised). */
function refTo(a: HclAttribute | undefined, type: string): string | undefined {
  if (a?.value.kind !== 'reference') return undefined;
  const m = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\[[^\]]*\])?\./.exec(`${a.value.path}.`);
  if (!m || m[1] !== type) return undefined;
  return `${ALIASES[type] ?? type}.${m[2]}`;
}

/** Follows `var.x` (default) and `local.x` a few steps; a literal stays itself. */
function resolve(scope: Scope, a: HclAttribute | undefined): HclValue | undefined {
  let value = a?.value;
  for (let i = 0; i < 5 && value?.kind === 'reference'; i++) {
    const m = /^(var|local)\.([A-Za-z0-9_-]+)$/.exec(value.path);
    if (!m) return value;
    const next = (m[1] === 'var' ? scope.variables : scope.locals).get(m[2]!);
    if (!next) return value;
    value = next;
  }
  if (value?.kind === 'string' && value.template) {
    // `"${var.port}"`: a template that is exactly one resolvable reference.
    const m = /^\$\{\s*((?:var|local)\.[A-Za-z0-9_-]+)\s*\}$/.exec(value.value);
    if (m) {
      const inner = resolve(scope, { name: '', nameAt: value.at, at: value.at, value: { kind: 'reference', path: m[1]!, at: value.at, text: m[1]! } });
      if (inner && inner.kind !== 'reference') return inner;
    }
  }
  return value;
}

/** The value's position is where it is written in the resource (a fix changes it there, or the variable it names). */
function str(scope: Scope, a: HclAttribute | undefined): TfValue<string> | undefined {
  const v = resolve(scope, a);
  if (!a || !v) return undefined;
  const text =
    v.kind === 'string' && !v.template ? v.value : v.kind === 'number' || v.kind === 'bool' ? String(v.kind === 'number' ? v.value : v.value) : undefined;
  if (text === undefined) return undefined;
  return { value: text, at: v !== a.value ? v.at : a.value.at, ...(v !== a.value ? { via: a.value.text } : {}) };
}

function num(scope: Scope, a: HclAttribute | undefined): TfValue<number> | undefined {
  const v = resolve(scope, a);
  if (!a || !v) return undefined;
  const n = v.kind === 'number' ? v.value : v.kind === 'string' && /^\d+$/.test(v.value) ? Number(v.value) : undefined;
  if (n === undefined) return undefined;
  return { value: n, at: v !== a.value ? v.at : a.value.at, ...(v !== a.value ? { via: a.value.text } : {}) };
}
