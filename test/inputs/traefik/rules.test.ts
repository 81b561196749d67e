import { traefikRules } from '../../../src/rules/traefik/index.js';
import { describeRules } from '../envoy/rule-runner.js';

describeRules(traefikRules);
