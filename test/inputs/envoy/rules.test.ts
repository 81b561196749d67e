import { envoyRules } from '../../../src/rules/envoy/index.js';
import { describeRules } from '../../helpers/rule-runner.js';

describeRules(envoyRules);
