import type { Located, SourcePosition } from '../../core/position.js';
import type { HclBlock, HclValue } from './hcl-syntax.js';

/**
 * What the Terraform parser gathers: the AWS load-balancer resources of every module directory (`aws_lb` /
 * `aws_alb`, target groups, listeners and rules, attachments, ECS services' `load_balancer` blocks), with
 * variables' defaults and locals resolved and the position of every value.
 */
export interface TerraformFacts {
  modules: TerraformModule[];
  loadBalancers: TfLoadBalancer[];
  targetGroups: TfTargetGroup[];
  listeners: TfListener[];
  attachments: TfAttachment[];
  ecsServices: TfEcsService[];
}

export interface TerraformModule {
  /** Display directory of the module's `.tf` files. */
  directory: string;
  files: string[];
  resources: TfResource[];
}

export interface TfResource {
  /** `aws_lb_target_group.api` (unique within its module). */
  address: string;
  /** `<directory>:<address>`: unique across modules. */
  id: string;
  type: string;
  name: string;
  module: string;
  block: HclBlock;
  at: SourcePosition;
}

/** A value with its position, resolved through `var.*` defaults and `local.*` when they are literals. */
export interface TfValue<T> extends Located<T> {
  /** The expression as written when it was resolved from a variable or local (`var.idle_timeout`). */
  via?: string;
}

export interface TfLoadBalancer {
  resource: TfResource;
  /** `application` (default), `network` or `gateway`. */
  type: string;
  name?: TfValue<string>;
  /** Seconds; AWS's default for an ALB is 60. */
  idleTimeout?: TfValue<number>;
  /** `idle_timeout` is written but its value is not known statically (a variable without a default, an expression). */
  idleTimeoutUnknown?: boolean;
  internal?: boolean;
}

export interface TfHealthCheck {
  at: SourcePosition;
  /** Where attributes of the block can be added (its closing brace). */
  end?: SourcePosition;
  enabled?: boolean;
  path?: TfValue<string>;
  /** A number, or `traffic-port` (the default). */
  port?: TfValue<number | 'traffic-port'>;
  protocol?: TfValue<string>;
  matcher?: TfValue<string>;
}

export interface TfTargetGroup {
  resource: TfResource;
  name?: TfValue<string>;
  port?: TfValue<number>;
  protocol?: TfValue<string>;
  /** `HTTP1` (default), `HTTP2`, `GRPC`. */
  protocolVersion?: TfValue<string>;
  /** `instance` (default), `ip`, `lambda`, `alb`; `unknown` when written as an expression updoc cannot evaluate. */
  targetType: string;
  targetTypeAt?: SourcePosition;
  healthCheck?: TfHealthCheck;
  /** Load balancers whose listeners (or listener rules) forward here. */
  loadBalancers: string[];
}

export interface TfListener {
  resource: TfResource;
  /** Address of the `aws_lb` it belongs to. */
  loadBalancer?: string;
  port?: TfValue<number>;
  protocol?: TfValue<string>;
  /** Target groups its default action or rules forward to (addresses). */
  targetGroups: string[];
}

export interface TfAttachment {
  resource: TfResource;
  targetGroup?: string;
  targetId?: TfValue<string>;
  port?: TfValue<number>;
}

export interface TfEcsService {
  resource: TfResource;
  loadBalancers: { targetGroup?: string; containerName?: TfValue<string>; containerPort?: TfValue<number>; at: SourcePosition }[];
}

export type { HclBlock, HclValue };
