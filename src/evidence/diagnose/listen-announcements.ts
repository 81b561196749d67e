import { readLogWindow } from './log-window.js';

/**
 * Where backends say they listen. Application servers announce it when they start ("Tomcat started on port
 * 8081", "Uvicorn running on http://127.0.0.1:8000", "Listening at: http://0.0.0.0:8000"): the first lines of an
 * application log answer "is the backend running, and where?". Only the head of each file is read (bounded), and
 * gzip or binary files are skipped: start-up lines are at the top, and the streaming scanner reads the rest.
 */

export interface ListenAnnouncement {
  /** The bind address when the line says (`127.0.0.1`, `0.0.0.0`, `::`); undefined for "port 8081" alone. */
  address?: string;
  port: number;
  /** Which server said it: `Tomcat`, `Uvicorn`, `gunicorn`, … */
  server: string;
  file: string;
  line: number;
  /** The words that announced it (`Tomcat started on port 8081`). */
  said: string;
  /** The server software when the log tells (`Node.js`, `Uvicorn`, `gunicorn`, `Tomcat`): its defaults matter (keep-alive). */
  runtime?: string;
}

/** How much of a log's start is read for a backend's start-up lines. */
export const LISTEN_HEAD_BYTES = 256 * 1024;
const MAX_PER_FILE = 8;

const HOST = String.raw`(?<address>\[[0-9a-fA-F:.]+\]|[0-9]{1,3}(?:\.[0-9]{1,3}){3}|localhost|0\.0\.0\.0|\*)`;

/** One pattern per server family; `address` and `port` groups. Anchored on each server's own wording. */
const PATTERNS: readonly { server: string; pattern: RegExp }[] = [
  { server: 'Tomcat', pattern: /Tomcat started on port(?:\(s\))?:? (?<port>\d{1,5})\b/ },
  { server: 'Netty', pattern: /Netty started on port(?:\(s\))?:? (?<port>\d{1,5})\b/ },
  { server: 'Jetty', pattern: /Jetty started on port(?:\(s\))?:? (?<port>\d{1,5})\b/ },
  { server: 'Undertow', pattern: /Undertow started on port(?:\(s\))?:? (?<port>\d{1,5})\b/ },
  { server: 'Uvicorn', pattern: new RegExp(String.raw`Uvicorn running on https?://${HOST}:(?<port>\d{1,5})\b`) },
  { server: 'gunicorn', pattern: new RegExp(String.raw`Listening at: https?://${HOST}:(?<port>\d{1,5})\b`) },
  { server: 'Flask', pattern: new RegExp(String.raw`\* Running on https?://${HOST}:(?<port>\d{1,5})\b`) },
  { server: 'Hypercorn', pattern: new RegExp(String.raw`Running on https?://${HOST}:(?<port>\d{1,5})\b`) },
  { server: 'Grafana', pattern: new RegExp(String.raw`HTTP Server Listen"?\s+address=${HOST}?:(?<port>\d{1,5})\b`) },
  { server: 'the application', pattern: /\b[Ll]istening on port (?<port>\d{1,5})\b/ },
  {
    server: 'the application',
    pattern: new RegExp(
      String.raw`\b(?:[Ll]istening|[Ss]erver (?:is )?(?:listening|running|started)|[Ss]tarted server) (?:on|at) (?:https?://)?(?:${HOST})?:(?<port>\d{1,5})\b`,
    ),
  },
];

/** The server software a log's first lines reveal, for announcements that do not name it. */
const RUNTIME_HINTS: readonly { runtime: string; pattern: RegExp }[] = [
  { runtime: 'Node.js', pattern: /^> node \S+|\bnode(?:js)? [\w./-]+\.[cm]?js\b|\bExpress\b|^> [\w@/.-]+@\d[\w.-]* start$/m },
  { runtime: 'gunicorn', pattern: /\[INFO\] Starting gunicorn \d/ },
  { runtime: 'Uvicorn', pattern: /Uvicorn running on/ },
  { runtime: 'Tomcat', pattern: /Tomcat (?:initialized|started) with port/ },
];

const SERVER_RUNTIME: Record<string, string> = { Tomcat: 'Tomcat', Uvicorn: 'Uvicorn', gunicorn: 'gunicorn' };

const DEV_SERVER_LOOPBACK = /\bNetwork:\s+use --host to expose\b/;
const DEV_SERVER_LOCAL = /\bLocal:\s+https?:\/\/(?:localhost|127\.0\.0\.1):(?<port>\d{1,5})\b/;

export function findListenAnnouncements(file: string, text: string): ListenAnnouncement[] {
  const out: ListenAnnouncement[] = [];
  const hinted = RUNTIME_HINTS.find((h) => h.pattern.test(text))?.runtime;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length && out.length < MAX_PER_FILE; i++) {
    const line = lines[i];
    if (line.length > 4096) continue;
    // Vite (and other dev servers) print "Local: http://localhost:5173/" whatever they bind to; "Network: use --host
    // to expose" is what says the server listens on loopback only.
    if (DEV_SERVER_LOOPBACK.test(line)) {
      const local = lines
        .slice(Math.max(0, i - 3), i)
        .map((l) => DEV_SERVER_LOCAL.exec(l))
        .find((m) => m?.groups);
      if (local?.groups)
        out.push({
          address: '127.0.0.1',
          port: Number(local.groups.port),
          server: 'the dev server',
          file,
          line: i + 1,
          said: `${local[0].trim()} (${line.trim().slice(0, 80)})`,
        });
      continue;
    }
    if (!/port|unning|istening|tarted|Listen/.test(line)) continue;
    for (const { server, pattern } of PATTERNS) {
      const m = pattern.exec(line);
      if (!m?.groups) continue;
      const port = Number(m.groups.port);
      if (!(port > 0 && port < 65536)) continue;
      const raw = m.groups.address;
      const address = raw === undefined || raw === '*' ? undefined : raw.replace(/^\[|\]$/g, '');
      const runtime = SERVER_RUNTIME[server] ?? hinted;
      out.push({ ...(address ? { address } : {}), port, server, file, line: i + 1, said: m[0].slice(0, 200), ...(runtime ? { runtime } : {}) });
      break;
    }
  }
  return out;
}

/** Reads the head of each plain-text file and collects what it announces. */
export function readListenAnnouncements(files: readonly { display: string; path: string }[]): ListenAnnouncement[] {
  return files.flatMap((f) => {
    const window = readLogWindow(f.path, LISTEN_HEAD_BYTES);
    return window ? findListenAnnouncements(f.display, window.head) : [];
  });
}
