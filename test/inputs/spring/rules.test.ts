import { springRules } from '../../../src/rules/spring/index.js';
import { describeRules } from '../envoy/rule-runner.js';

describeRules(springRules);
