import { RULE_DOMAINS } from '../../core/define-rule.js';
import { RULES } from '../../rules/index.js';
import { renderRulesJson, renderRulesMarkdown, renderRulesText } from '../../reporters/rules/rules.js';
import { createStyle } from '../../reporters/style.js';
import { type Command, EXIT, outputFormat, UsageError, useColor } from '../command.js';

const rules: Command = {
  name: 'rules',
  summary: 'List the lint rules (`--format markdown` generates docs/rules.md).',
  usage: 'updoc rules [--domain NAME] [--json | --format text|json|markdown]',
  allowPositionals: false,
  options: {
    domain: { type: 'string', short: 'd', description: `only this domain (${RULE_DOMAINS.join(', ')})`, valueName: 'NAME' },
  },
  async run({ values }, io) {
    const format = outputFormat(values, ['text', 'json', 'markdown']);
    const domain = typeof values.domain === 'string' ? values.domain : undefined;
    if (domain !== undefined && !(RULE_DOMAINS as readonly string[]).includes(domain)) {
      throw new UsageError(`unknown --domain "${domain.slice(0, 40)}"; use one of: ${RULE_DOMAINS.join(', ')}`);
    }
    const list = RULES.filter((r) => domain === undefined || r.domain === domain);
    io.stdout.write(
      format === 'json' ? renderRulesJson(list) : format === 'markdown' ? renderRulesMarkdown(list) : renderRulesText(list, createStyle(useColor(values, io))),
    );
    return EXIT.clean;
  },
};

export default rules;
