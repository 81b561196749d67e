import { composeRules } from '../../../src/rules/compose/index.js';
import { describeRules } from '../../helpers/rule-runner.js';

describeRules(composeRules);
