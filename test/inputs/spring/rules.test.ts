import { springRules } from '../../../src/rules/spring/index.js';
import { describeRules } from '../../helpers/rule-runner.js';

describeRules(springRules);
