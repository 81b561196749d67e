import { envoyRules } from '../../../src/rules/envoy/index.js';
import { describeRules } from './rule-runner.js';

describeRules(envoyRules);
