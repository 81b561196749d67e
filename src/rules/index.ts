import type { Rule } from '../core/define-rule.js';
import { caddyRules } from './caddy/index.js';
import { cloudLbRules } from './cloud-lb/index.js';
import { composeRules } from './compose/index.js';
import { envoyRules } from './envoy/index.js';
import { haproxyRules } from './haproxy/index.js';
import { inputRules } from './input/index.js';
import { istioRules } from './istio/index.js';
import { kubernetesRules } from './kubernetes/index.js';
import { nginxRules } from './nginx/index.js';
import { springRules } from './spring/index.js';
import { traefikRules } from './traefik/index.js';

/** Every lint rule, by domain. `updoc rules` lists them; docs/rules.md is generated from them. */
export const RULES: readonly Rule[] = [
  ...inputRules,
  ...nginxRules,
  ...haproxyRules,
  ...envoyRules,
  ...traefikRules,
  ...caddyRules,
  ...composeRules,
  ...kubernetesRules,
  ...istioRules,
  ...springRules,
  ...cloudLbRules,
];
