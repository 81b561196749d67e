import { cloudLbRules } from '../../../src/rules/cloud-lb/index.js';
import { describeRules } from '../envoy/rule-runner.js';

describeRules(cloudLbRules);
