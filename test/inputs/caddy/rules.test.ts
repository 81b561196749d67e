import { caddyRules } from '../../../src/rules/caddy/index.js';
import { describeRules } from '../envoy/rule-runner.js';

describeRules(caddyRules);
