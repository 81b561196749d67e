import { cloudLbRules } from '../../../src/rules/cloud-lb/index.js';
import { describeRules } from '../../helpers/rule-runner.js';

describeRules(cloudLbRules);
