import { isAbsolute, posix } from 'node:path';
import { hasGlob, type IncludeResolution, segmentMatcher } from './include-paths.js';

/** One file of an `nginx -T` dump: its path on the dumped machine and where its text starts in the dump. */
export interface DumpSegment {
  path: string;
  /** 1-based line of the dump holding the segment's first line. */
  line: number;
  text: string;
}

export interface NginxDump {
  segments: Map<string, DumpSegment>;
  /** The first file dumped is the main nginx.conf; relative includes resolve against its directory. */
  main: DumpSegment;
  prefix: string;
}

const MARKER = /^# configuration file (\/\S*):\s*$/;

/**
 * Splits the output of `nginx -T` (often pasted into issues and support threads) into the files it shows:
 * each starts with `# configuration file /path:`. Undefined when the text is not such a dump.
 */
export function splitNginxDump(text: string): NginxDump | undefined {
  if (!text.includes('# configuration file /')) return undefined;
  const lines = text.split('\n');
  const segments = new Map<string, DumpSegment>();
  let current: { path: string; line: number; lines: string[] } | undefined;
  const close = () => {
    if (current && !segments.has(current.path)) segments.set(current.path, { path: current.path, line: current.line, text: current.lines.join('\n') });
  };
  lines.forEach((line, i) => {
    const m = MARKER.exec(line.replace(/\r$/, ''));
    if (m) {
      close();
      current = { path: m[1], line: i + 2, lines: [] };
    } else current?.lines.push(line);
  });
  close();
  const main = segments.values().next().value as DumpSegment | undefined;
  if (!main) return undefined;
  return { segments, main, prefix: posix.dirname(main.path) };
}

/** An include resolved among the dumped files, as nginx resolved it on the dumped machine. */
export function resolveInDump(pattern: string, dump: NginxDump): IncludeResolution {
  const absolute = isAbsolute(pattern) ? posix.normalize(pattern) : posix.join(dump.prefix, pattern);
  if (!hasGlob(absolute)) {
    return dump.segments.has(absolute) ? { kind: 'files', files: [absolute] } : { kind: 'missing', looked: [absolute], expected: false };
  }
  const parts = absolute.split('/');
  const matchers = parts.map((p) => (hasGlob(p) ? segmentMatcher(p) : undefined));
  const files = [...dump.segments.keys()]
    .filter((path) => {
      const candidate = path.split('/');
      return candidate.length === parts.length && candidate.every((c, i) => (matchers[i] ? matchers[i]!.test(c) : c === parts[i]));
    })
    .sort();
  return files.length > 0 ? { kind: 'files', files } : { kind: 'empty' };
}
