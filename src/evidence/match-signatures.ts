import type { Signature } from '../core/define-signature.js';
import type { FieldName, Fields } from '../core/ids.js';
import { FIELD_NAMES } from '../core/ids.js';
import type { TextRecord } from '../inputs/text/records.js';

export interface SignatureMatch {
  signature: Signature;
  /** Index of the record (logical message) the match was found in. */
  record: number;
  /** The event the record belongs to (an exception and its cause chain share one). */
  incident: number;
  /** 1-based physical line in the input where that record starts. */
  line: number;
  /** The matched text (may contain control characters: sanitise before printing). */
  text: string;
  fields: Fields;
}

const FIELD_SET: ReadonlySet<string> = new Set(FIELD_NAMES);

/** Turns regex groups into fields: `host_2` → `host`; the first non-empty value of a name wins. */
export function groupsToFields(groups: Record<string, string | undefined> | undefined): Fields {
  const fields: Fields = {};
  if (!groups) return fields;
  for (const [rawName, value] of Object.entries(groups)) {
    if (value === undefined || value === '') continue;
    const name = rawName.replace(/_\d+$/, '');
    if (!FIELD_SET.has(name)) continue;
    const key = name as FieldName;
    if (fields[key] === undefined) fields[key] = value;
  }
  return fields;
}

/** Host/port/scheme derived from an `upstream` value when the pattern did not capture them. */
export function splitUpstream(upstream: string): Fields {
  const out: Fields = {};
  const url = /^(?<scheme>[a-z][a-z0-9+.-]*):\/\/(?<rest>.*)$/i.exec(upstream);
  let rest = upstream;
  if (url?.groups) {
    out.scheme = url.groups.scheme.toLowerCase();
    rest = url.groups.rest ?? '';
  }
  if (/^unix:/i.test(rest)) {
    out.host = rest.replace(/:$/, '');
    return out;
  }
  const hostPort = /^(?:\[(?<v6>[0-9a-f:.%\w]+)\]|(?<name>[^\s/:?#]+))(?::(?<port>\d{1,5}))?/i.exec(rest);
  if (hostPort?.groups) {
    const host = hostPort.groups.v6 ?? hostPort.groups.name;
    if (host) out.host = host;
    if (hostPort.groups.port) out.port = hostPort.groups.port;
    const path = rest.slice(hostPort[0].length);
    if (path.startsWith('/') && path.length > 1) out.path = path;
  } else {
    // IPv6 without brackets as nginx sometimes prints it is ambiguous; keep as host.
    const bare = /^([0-9a-f:]+:[0-9a-f]*)$/i.exec(rest);
    if (bare) out.host = bare[1];
  }
  return out;
}

/** The keyword prefilter, then the regex: the one place a signature is tried against text. */
function execSignature(signature: Signature, text: string, lowerText: string): RegExpExecArray | null {
  let hit = false;
  for (const keyword of signature.keywords) {
    if (lowerText.includes(keyword)) {
      hit = true;
      break;
    }
  }
  return hit ? signature.pattern.exec(text) : null;
}

function fieldsOf(signature: Signature, m: RegExpExecArray): Fields {
  const fields: Fields = { ...signature.fields, ...groupsToFields(m.groups) };
  if (fields.upstream && (!fields.host || !fields.port)) {
    const derived = splitUpstream(fields.upstream);
    for (const [k, v] of Object.entries(derived) as [FieldName, string][]) {
      if (fields[k] === undefined) fields[k] = v;
    }
  }
  return fields;
}

export function matchSignature(signature: Signature, text: string, lowerText: string): Fields | null {
  const m = execSignature(signature, text, lowerText);
  return m ? fieldsOf(signature, m) : null;
}

/**
 * Runs every signature over every record; one match per (signature, record). A record's later variants
 * (the JSON-decoded message, a rejoined wrapped line) can only add fields the first match lacked.
 */
export function matchRecords(records: readonly TextRecord[], signatures: readonly Signature[]): SignatureMatch[] {
  const matches: SignatureMatch[] = [];
  records.forEach((record, index) => {
    const found = new Map<Signature, SignatureMatch>();
    for (const variant of record.variants) {
      const lower = variant.toLowerCase();
      for (const signature of signatures) {
        const m = execSignature(signature, variant, lower);
        if (!m) continue;
        const fields = fieldsOf(signature, m);
        const previous = found.get(signature);
        if (previous) {
          for (const [k, v] of Object.entries(fields) as [FieldName, string][]) if (previous.fields[k] === undefined) previous.fields[k] = v;
          continue;
        }
        const match = { signature, record: index, incident: record.incident, line: record.line, text: m[0], fields };
        found.set(signature, match);
        matches.push(match);
      }
    }
  });
  return matches;
}
