import { CAUSE_IDS, SIGNATURE_PLATFORMS } from '../../core/ids.js';
import { SIGNATURES } from '../../knowledge/signatures/index.js';
import { renderSignaturesJson, renderSignaturesMarkdown, renderSignaturesText } from '../../reporters/knowledge/signatures.js';
import { createStyle } from '../../reporters/style.js';
import { type Command, EXIT, outputFormat, UsageError, useColor } from '../command.js';

const signatures: Command = {
  name: 'signatures',
  summary: 'List the error signatures in the knowledge base (`--format markdown` generates docs/signatures.md).',
  usage: 'updoc signatures [--platform NAME] [--cause ID] [--json | --format text|json|markdown]',
  allowPositionals: false,
  options: {
    platform: { type: 'string', short: 'p', description: `only this platform (${SIGNATURE_PLATFORMS.join(', ')})`, valueName: 'NAME' },
    cause: { type: 'string', description: 'only signatures pointing at this root-cause id', valueName: 'ID' },
  },
  async run({ values }, io) {
    const format = outputFormat(values, ['text', 'json', 'markdown']);
    const platform = values.platform as string | undefined;
    if (platform && !(SIGNATURE_PLATFORMS as readonly string[]).includes(platform)) {
      throw new UsageError(`unknown --platform "${platform.slice(0, 40)}"; use one of: ${SIGNATURE_PLATFORMS.join(', ')}`);
    }
    const cause = values.cause as string | undefined;
    if (cause && !(CAUSE_IDS as readonly string[]).includes(cause)) throw new UsageError(`unknown --cause "${cause.slice(0, 40)}"; see \`updoc causes\``);
    const list = SIGNATURES.filter((s) => (!platform || s.platform === platform) && (!cause || (s.causes as Record<string, number>)[cause]));
    io.stdout.write(
      format === 'json'
        ? renderSignaturesJson(list)
        : format === 'markdown'
          ? renderSignaturesMarkdown(list)
          : renderSignaturesText(list, createStyle(useColor(values, io))),
    );
    return EXIT.clean;
  },
};

export default signatures;
