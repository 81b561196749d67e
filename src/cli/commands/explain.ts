import { explainText } from '../../diagnosis/explain.js';
import { InputError, readFileBounded, readStreamBounded, type TextInput } from '../../inputs/text/read-text.js';
import { PLATFORM_ALIASES } from '../../knowledge/context-hints.js';
import { renderExplainJson } from '../../reporters/explain/json.js';
import { renderExplainMarkdown } from '../../reporters/explain/markdown.js';
import { renderExplainText } from '../../reporters/explain/text.js';
import { createStyle } from '../../reporters/style.js';
import { type Command, EXIT, outputFormat, UsageError, useColor } from '../command.js';
import { platformOption } from '../platform-option.js';

const FORMATS = ['text', 'json', 'markdown'] as const;

const explain: Command = {
  name: 'explain',
  summary: 'Explain an upstream error message or log excerpt: what failed, at which phase, the likely root causes in your setup, the exact checks and the fix.',
  usage: 'updoc explain [TEXT... | -] [--file FILE] [--platform ENV] [--context "free text"] [--json | --format text|json|markdown]',
  details: [
    'Input: the text as arguments, `-` or a pipe for stdin, or --file. Multi-line excerpts, stack traces and JSON log lines are fine.',
    `Platforms: ${[...new Set(Object.values(PLATFORM_ALIASES))].join(', ')} (aliases: k8s, alb, …).`,
    '',
    'Examples:',
    '  updoc explain "connect() failed (111: Connection refused) while connecting to upstream, upstream: \\"http://127.0.0.1:3000/\\""',
    '  kubectl logs deploy/web -c istio-proxy --tail=200 | updoc explain --platform istio',
    '  updoc explain --file error.log --context "nginx container proxying to a node app in docker-compose, fails after idle periods"',
    '',
    'Exit codes: 0 something was recognised, 1 nothing matched, 2 usage or input error.',
  ].join('\n'),
  allowPositionals: true,
  options: {
    file: { type: 'string', description: 'read the text from FILE (first 4 MiB)', valueName: 'FILE' },
    platform: {
      type: 'string',
      short: 'p',
      description: 'your environment: docker, compose, kubernetes, istio, aws, gcp, azure, cloudflare, vm',
      valueName: 'ENV',
    },
    context: {
      type: 'string',
      short: 'c',
      description: 'describe the setup in your words ("nginx container … fails only after idle periods")',
      valueName: 'TEXT',
    },
  },
  async run({ values, positionals }, io) {
    const format = outputFormat(values, FORMATS);
    const environment = platformOption(values);

    let input: TextInput;
    try {
      input = await readInput(values.file as string | undefined, positionals, io);
    } catch (error) {
      if (error instanceof InputError) {
        io.stderr.write(`updoc explain: ${error.message}\n`);
        return EXIT.usage;
      }
      throw error;
    }
    if (input.text.trim() === '') {
      io.stderr.write(
        'updoc explain: the input is empty. Paste an error message, e.g. `updoc explain "upstream connect error or disconnect/reset before headers. reset reason: connection failure"`\n',
      );
      return EXIT.usage;
    }
    if (input.truncated)
      io.stderr.write(`updoc explain: ${input.origin} is larger than 4 MiB; only the first 4 MiB were analysed (use \`updoc logs\` for whole log files).\n`);

    const report = explainText(input.text, { environment, context: typeof values.context === 'string' ? values.context : undefined });
    const render =
      format === 'json'
        ? renderExplainJson(report)
        : format === 'markdown'
          ? renderExplainMarkdown(report)
          : renderExplainText(report, createStyle(useColor(values, io)));
    io.stdout.write(render);
    return report.causes.length > 0 ? EXIT.clean : EXIT.problems;
  },
};

async function readInput(file: string | undefined, positionals: string[], io: Parameters<Command['run']>[1]): Promise<TextInput> {
  if (file !== undefined) {
    if (positionals.length) throw new UsageError('give the text either as arguments or with --file, not both');
    return readFileBounded(file);
  }
  if (positionals.length === 1 && positionals[0] === '-') return readStreamBounded(io.stdin, 'stdin');
  if (positionals.length > 0) {
    const text = positionals.join(' ');
    return { text, bytes: Buffer.byteLength(text), truncated: false, origin: 'the arguments' };
  }
  if (io.stdin.isTTY) throw new UsageError('no input: pass the error text as an argument, pipe it on stdin, or use --file');
  return readStreamBounded(io.stdin, 'stdin');
}

export default explain;
