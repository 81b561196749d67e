import { CAUSES } from '../../knowledge/causes/index.js';
import { SIGNATURES } from '../../knowledge/signatures/index.js';
import { renderCausesJson, renderCausesMarkdown, renderCausesText } from '../../reporters/knowledge/causes.js';
import { createStyle } from '../../reporters/style.js';
import { type Command, EXIT, outputFormat, useColor } from '../command.js';

const causes: Command = {
  name: 'causes',
  summary: 'List the root-cause taxonomy (`--format markdown` generates docs/causes.md).',
  usage: 'updoc causes [--json | --format text|json|markdown]',
  allowPositionals: false,
  options: {},
  async run({ values }, io) {
    const format = outputFormat(values, ['text', 'json', 'markdown']);
    io.stdout.write(
      format === 'json'
        ? renderCausesJson(CAUSES)
        : format === 'markdown'
          ? renderCausesMarkdown(CAUSES, SIGNATURES)
          : renderCausesText(CAUSES, createStyle(useColor(values, io))),
    );
    return EXIT.clean;
  },
};

export default causes;
