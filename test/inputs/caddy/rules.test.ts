import { caddyRules } from '../../../src/rules/caddy/index.js';
import { describeRules } from '../../helpers/rule-runner.js';

describeRules(caddyRules);
