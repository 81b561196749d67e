import type { ConfigPlatform } from '../config/platform.js';
import { parseTerraform } from './parse-terraform.js';
import { terraformTopology } from './topology.js';

/** Terraform (HCL): AWS load balancers, target groups with health checks, listeners, attachments, ECS services. */
export const terraformPlatform: ConfigPlatform<'terraform'> = {
  key: 'terraform',
  parse: (input) => parseTerraform(input),
  topology: terraformTopology,
};
