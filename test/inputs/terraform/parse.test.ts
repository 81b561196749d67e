// biome-ignore-all lint/suspicious/noTemplateCurlyInString: HCL templates are written ${...}
import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../../src/inputs/terraform/hcl-syntax.js';
import { parseTerraform } from '../../../src/inputs/terraform/parse-terraform.js';
import { lintProject } from '../../helpers/lint-project.js';
import { memoryInput } from '../compose/compose-input.js';

const at = (p: { line: number; column: number; endLine?: number; endColumn?: number } | undefined) =>
  p ? `${p.line}:${p.column}-${p.endLine}:${p.endColumn}` : undefined;

describe('HCL syntax', () => {
  const TEXT = `# hash comment
// slash comment
/* block
   comment */
resource "aws_lb" "main" {
  name     = "shop-\${var.env}"
  internal = false
  count    = var.enabled ? 1 : 0
  subnets  = [aws_subnet.a.id, aws_subnet.b.id,
              aws_subnet.c.id]
  tags = {
    Name  = "shop"
    "Env" = var.env
  }
  timeouts { create = "10m" }
  policy = <<-EOT
    {"a": "b"}
  EOT
  idle_timeout = 120
}
`;

  it('reads blocks, labels, attributes, one-line blocks, lists, objects, templates, heredocs and expressions with positions', () => {
    const { body, problems } = parseHcl('main.tf', TEXT);
    expect(problems).toEqual([]);
    const lb = body.blocks[0]!;
    expect([lb.type, lb.labels.map((l) => l.value)]).toEqual(['resource', ['aws_lb', 'main']]);
    const attr = (name: string) => lb.attributes.find((a) => a.name === name)!.value;
    expect(attr('name')).toMatchObject({ kind: 'string', value: 'shop-${var.env}', template: true });
    expect(attr('internal')).toMatchObject({ kind: 'bool', value: false });
    expect(attr('count')).toMatchObject({ kind: 'expression', text: 'var.enabled ? 1 : 0' });
    expect(attr('subnets')).toMatchObject({
      kind: 'list',
      items: [{ kind: 'reference', path: 'aws_subnet.a.id' }, { kind: 'reference' }, { kind: 'reference', path: 'aws_subnet.c.id' }],
    });
    expect(attr('tags')).toMatchObject({ kind: 'object', entries: [{ key: 'Name' }, { key: 'Env', value: { kind: 'reference', path: 'var.env' } }] });
    expect(attr('policy')).toMatchObject({ kind: 'string', value: '    {"a": "b"}' });
    expect(attr('idle_timeout')).toMatchObject({ kind: 'number', value: 120 });
    expect(at(attr('idle_timeout').at)).toBe('19:18-19:21');
    expect(at(attr('name').at)).toBe('6:14-6:31');
    expect(lb.blocks.map((b) => [b.type, b.attributes.map((a) => a.name)])).toEqual([['timeouts', ['create']]]);
    expect(at(lb.end)).toBe('20:1-20:2');
  });

  it('reports what it cannot read and goes on with the next line and the next block', () => {
    const { body, problems } = parseHcl(
      'bad.tf',
      'resource "a" "b" {\n  x = 1 2\n  ?? junk\n  y = 3\n}\nresource "c" "d" {\n  z = "open\n}\nresource "e" "f" {\n',
    );
    // `1 2` is kept as an expression (its text), not judged.
    expect(problems.map((p) => `${p.at.line}:${p.at.column} ${p.message}`).sort()).toEqual([
      '3:3 an attribute or block name was expected, found `?`',
      '7:7 unclosed string',
      '9:1 block `resource` is never closed',
    ]);
    expect(body.blocks.map((b) => [b.labels.map((l) => l.value).join('.'), b.attributes.map((a) => a.name)])).toEqual([
      ['a.b', ['x', 'y']],
      ['c.d', ['z']],
      ['e.f', []],
    ]);
  });

  it('never throws on truncated text', () => {
    for (let cut = 0; cut <= TEXT.length; cut += 3) expect(() => parseHcl('t.tf', TEXT.slice(0, cut))).not.toThrow();
  });
});

const ALB = `resource "aws_alb" "web" {
  name         = var.name
  idle_timeout = local.idle
}

resource "aws_alb_target_group" "web" {
  name        = "web"
  port        = "\${var.port}"
  protocol    = "HTTP"
  target_type = "ip"

  health_check {
    enabled = true
    path    = "/healthz"
    port    = 8081
    matcher = "200-299"
  }
}

resource "aws_lb_target_group" "admin" {
  name = "admin"
  port = 9000
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_alb.web.arn
  port              = 443
  default_action {
    type = "forward"
    forward {
      target_group {
        arn    = aws_alb_target_group.web.arn
        weight = 90
      }
    }
  }
}

resource "aws_lb_listener_rule" "admin" {
  listener_arn = aws_lb_listener.https.arn
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.admin.arn
  }
}

resource "aws_lb_target_group_attachment" "one" {
  target_group_arn = aws_lb_target_group.admin.arn
  target_id        = "10.0.1.7"
  port             = 9000
}
`;

const VARS = `variable "name" {
  default = "web"
}
variable "port" {
  type    = number
  default = 8080
}
locals {
  idle = 30
}
`;

describe('Terraform facts', () => {
  it('resolves variables and locals, normalises aws_alb names and links listeners (and rules) to target groups', () => {
    const input = memoryInput({ 'infra/alb.tf': ALB, 'infra/variables.tf': VARS, 'other/main.tf': 'resource "aws_lb" "x" {}\n' });
    const tf = parseTerraform(input);
    expect(input.reported).toEqual([]);
    expect(tf.loadBalancers.map((l) => [l.resource.id, l.name?.value, l.idleTimeout?.value, l.idleTimeout?.via, at(l.idleTimeout?.at)])).toEqual([
      ['infra:aws_lb.web', 'web', 30, 'local.idle', '9:10-9:12'],
      ['other:aws_lb.x', undefined, undefined, undefined, undefined],
    ]);
    const web = tf.targetGroups.find((t) => t.resource.address === 'aws_lb_target_group.web')!;
    expect([web.port?.value, web.targetType, web.healthCheck?.path?.value, web.healthCheck?.port?.value, web.loadBalancers]).toEqual([
      8080,
      'ip',
      '/healthz',
      8081,
      ['aws_lb.web'],
    ]);
    const admin = tf.targetGroups.find((t) => t.resource.address === 'aws_lb_target_group.admin')!;
    expect([admin.targetType, admin.loadBalancers]).toEqual(['instance', ['aws_lb.web']]);
    expect(tf.attachments.map((a) => [a.targetGroup, a.targetId?.value, a.port?.value])).toEqual([['aws_lb_target_group.admin', '10.0.1.7', 9000]]);
  });

  it('reports HCL problems as parse errors of the file and adds the load balancers to the topology', async () => {
    const { facts, findings } = await lintProject({ 'infra/alb.tf': `${ALB}resource "broken" {\n  x = = 1\n}\n`, 'infra/variables.tf': VARS });
    expect(findings.filter((f) => f.rule === 'input/parse-error').map((f) => `${f.at.file}:${f.at.line}`)).toEqual(['infra/alb.tf:53']);
    expect(facts.topology.proxies.filter((p) => p.product === 'cloud-lb').map((p) => p.label)).toEqual(['AWS ALB `aws_lb.web`']);
    expect(facts.topology.edges.filter((e) => e.kind === 'routes-to' && e.from.startsWith('cloud-lb:')).map((e) => e.to)).toEqual([
      'cloud-lb:infra:aws_lb_target_group.web',
      'cloud-lb:infra:aws_lb_target_group.admin',
    ]);
  });
});

describe('real-world HCL', () => {
  it('reads modules full of for expressions, splats, conditionals, functions, dynamic blocks and templates without problems', () => {
    const text = `terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

locals {
  name        = "\${var.project}-\${terraform.workspace}"
  subnet_ids  = [for s in aws_subnet.private : s.id if s.map_public_ip_on_launch == false]
  by_az       = { for s in aws_subnet.private : s.availability_zone => s.id... }
  tags        = merge(var.tags, { Name = local.name, "kubernetes.io/role/elb" = "1" })
  ids         = aws_instance.web[*].id
  maybe       = var.enabled ? aws_lb.main[0].arn : null
  not_enabled = !var.enabled
  user_data   = <<-EOT
    #!/bin/bash
    echo "%{ if var.debug }debug%{ endif }"
  EOT
}

resource "aws_lb_target_group" "tg" {
  for_each    = toset(["a", "b"])
  name        = "tg-\${each.key}"
  port        = lookup(var.ports, each.key, 8080)
  protocol    = "HTTP"
  target_type = var.target_type

  dynamic "health_check" {
    for_each = var.health_checks
    content {
      path = health_check.value.path
    }
  }

  lifecycle {
    create_before_destroy = true
    ignore_changes        = [tags["Owner"]]
  }
}
`;
    const { problems } = parseHcl('main.tf', text);
    expect(problems).toEqual([]);
    const input = memoryInput({ 'main.tf': text });
    const tf = parseTerraform(input);
    expect(tf.targetGroups.map((t) => [t.port?.value, t.targetType])).toEqual([[undefined, 'unknown']]);
  });
});
