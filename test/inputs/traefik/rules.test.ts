import { traefikRules } from '../../../src/rules/traefik/index.js';
import { describeRules } from '../../helpers/rule-runner.js';

describeRules(traefikRules);
