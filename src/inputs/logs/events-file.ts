import { readFileSync, statSync } from 'node:fs';
import type { EventKind } from './event-markers.js';
import { describeFsError } from './sources.js';
import { findTimestamp, parseEpoch, parseIso } from './timestamps.js';

/** A change the user knows about (deploy, restart, config push), from `--events FILE`. */
export interface KnownEvent {
  time: number;
  kind: EventKind;
  label: string;
  line: number;
}

const MAX_EVENTS_BYTES = 16 * 1024 * 1024;

/**
 * Reads an events file: one event per line, either `<timestamp> <what happened>` (any timestamp
 * format updoc reads in logs) or a JSON object with a time (`time`, `ts`, `timestamp`) and a label
 * (`label`, `event`, `message`, `msg`). Lines starting with `#` are comments.
 */
export function readEventsFile(path: string, referenceYear: number): { events: KnownEvent[]; skipped: number[] } {
  let text: string;
  try {
    if (statSync(path).size > MAX_EVENTS_BYTES) throw Object.assign(new Error(`larger than ${MAX_EVENTS_BYTES / 1024 / 1024} MiB`), { code: 'EFBIG' });
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the events file ${path}: ${describeFsError(error)}`);
  }
  const events: KnownEvent[] = [];
  const skipped: number[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const event = line.startsWith('{') ? fromJson(line) : fromText(line, referenceYear);
    if (event && Number.isFinite(event.time)) events.push({ ...event, kind: kindOf(event.label), line: i + 1 });
    else skipped.push(i + 1);
  });
  return { events, skipped };
}

function fromJson(line: string): { time: number; label: string } | null {
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
  const rawTime = value.time ?? value.ts ?? value.timestamp ?? value['@timestamp'];
  const time =
    typeof rawTime === 'number'
      ? parseEpoch(rawTime)
      : typeof rawTime === 'string'
        ? /^\d+(?:\.\d+)?$/.test(rawTime)
          ? parseEpoch(rawTime)
          : parseIso(rawTime)
        : Number.NaN;
  const label = [value.label, value.event, value.message, value.msg, value.text].find((v) => typeof v === 'string') as string | undefined;
  return { time, label: label ?? 'event' };
}

function fromText(line: string, referenceYear: number): { time: number; label: string } | null {
  const time = findTimestamp(line, referenceYear);
  if (Number.isNaN(time)) return null;
  // The label is what follows the timestamp (its first run of date/time characters).
  const label = line.replace(/^\[?[\d\-/:.TZ+,]+(?:\s+[\d:.,]+)?(?:\s?(?:Z|[+-]\d\d:?\d\d))?\]?\s*/, '').trim();
  return { time, label: label || 'event' };
}

function kindOf(label: string): EventKind {
  if (/\b(?:reload|reconfigur|config)/i.test(label)) return 'reload';
  if (/\b(?:restart|crash|oom|killed)/i.test(label)) return 'restart';
  if (/\b(?:stop|shut ?down|drain)/i.test(label)) return 'stop';
  if (/\b(?:start|boot|up)\b/i.test(label)) return 'start';
  return 'deploy';
}
