import type { SourcePosition } from '../../core/position.js';
import { shellWords } from './listen-hints.js';

/** What a Dockerfile says about the process it runs: the final (or target) stage's EXPOSE, HEALTHCHECK, ENV, CMD. */
export interface DockerfileFacts {
  expose: { port: number; protocol: 'tcp' | 'udp' | 'sctp'; at: SourcePosition }[];
  /** True when the stage defines a HEALTHCHECK other than `NONE`. */
  healthcheck: boolean;
  env: { name: string; value: string; at: SourcePosition }[];
  cmd?: { words: string[]; form: 'string' | 'list'; at: SourcePosition };
  entrypoint?: { words: string[]; form: 'string' | 'list'; at: SourcePosition };
  /** The image the stage is built FROM (an earlier stage followed to its own base), with the FROM line. */
  base?: { image: string; at: SourcePosition };
}

interface Instruction {
  keyword: string;
  args: string;
  line: number;
  column: number;
}

export function parseDockerfile(file: string, text: string, target?: string): DockerfileFacts {
  const stages: Instruction[][] = [[]];
  const stageNames: (string | undefined)[] = [undefined];
  const froms: (Instruction | undefined)[] = [undefined];
  for (const ins of instructions(text)) {
    if (ins.keyword === 'FROM') {
      stages.push([]);
      stageNames.push(/\bAS\s+(\S+)/i.exec(ins.args)?.[1]?.toLowerCase());
      froms.push(ins);
      continue;
    }
    stages[stages.length - 1]!.push(ins);
  }
  let index = stages.length - 1;
  if (target) {
    const named = stageNames.lastIndexOf(target.toLowerCase());
    if (named !== -1) index = named;
  }
  const facts: DockerfileFacts = { expose: [], healthcheck: false, env: [] };
  const at = (ins: Instruction): SourcePosition => ({ file, line: ins.line, column: ins.column });
  // `FROM [--platform=…] image [AS name]`; a stage built from an earlier stage inherits that stage's base.
  for (let stage = index, hops = 0; stage > 0 && hops < stages.length; hops++) {
    const from = froms[stage]!;
    const image = from.args.split(/\s+/).find((w) => !w.startsWith('--'));
    if (!image || image.includes('$')) break;
    const earlier = stageNames.lastIndexOf(image.toLowerCase(), stage - 1);
    if (earlier > 0) {
      stage = earlier;
      continue;
    }
    if (image.toLowerCase() !== 'scratch') facts.base = { image, at: at(from) };
    break;
  }
  for (const ins of stages[index] ?? []) {
    switch (ins.keyword) {
      case 'EXPOSE':
        for (const word of ins.args.split(/\s+/)) {
          const m = /^(\d{1,5})(?:-\d{1,5})?(?:\/(tcp|udp|sctp))?$/i.exec(word);
          if (m) facts.expose.push({ port: Number(m[1]), protocol: (m[2]?.toLowerCase() ?? 'tcp') as 'tcp', at: at(ins) });
        }
        break;
      case 'HEALTHCHECK':
        facts.healthcheck = !/^NONE\b/i.test(ins.args.trim());
        break;
      case 'ENV':
        facts.env.push(...envPairs(ins.args).map(([name, value]) => ({ name, value, at: at(ins) })));
        break;
      case 'CMD':
        facts.cmd = { ...commandWords(ins.args), at: at(ins) };
        break;
      case 'ENTRYPOINT':
        facts.entrypoint = { ...commandWords(ins.args), at: at(ins) };
        // A new ENTRYPOINT resets an inherited CMD (Docker semantics).
        facts.cmd = undefined;
        break;
    }
  }
  return facts;
}

function* instructions(text: string): Generator<Instruction> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    const m = /^(\s*)([A-Za-z]+)(\s+|$)/.exec(first);
    if (!m || first.trimStart().startsWith('#')) continue;
    const line = i + 1;
    let args = first.slice(m[0].length);
    while (args.endsWith('\\') && i + 1 < lines.length) {
      args = args.slice(0, -1);
      i++;
      if (lines[i]!.trimStart().startsWith('#')) continue;
      args += ` ${lines[i]}`;
    }
    yield { keyword: m[2]!.toUpperCase(), args: args.trim(), line, column: m[1]!.length + m[2]!.length + m[3]!.length + 1 };
  }
}

function commandWords(args: string): { words: string[]; form: 'string' | 'list' } {
  if (args.startsWith('[')) {
    try {
      const parsed = JSON.parse(args) as unknown;
      if (Array.isArray(parsed) && parsed.every((w) => typeof w === 'string')) return { words: parsed as string[], form: 'list' };
    } catch {
      // Not valid JSON: Docker runs it as a shell command.
    }
  }
  return { words: ['/bin/sh', '-c', args], form: 'string' };
}

function envPairs(args: string): [string, string][] {
  const words = shellWords(args);
  if (words.length >= 2 && !words[0]!.includes('=')) return [[words[0]!, words.slice(1).join(' ')]];
  return words.flatMap((w) => {
    const eq = w.indexOf('=');
    return eq > 0 ? [[w.slice(0, eq), w.slice(eq + 1)] as [string, string]] : [];
  });
}
