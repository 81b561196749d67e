import { haproxyRules } from '../../../src/rules/haproxy/index.js';
import { nginxRules } from '../../../src/rules/nginx/index.js';
import { describeRules } from '../../helpers/rule-runner.js';

describeRules([...nginxRules, ...haproxyRules]);
