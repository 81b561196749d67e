import type { Signature } from '../../core/define-signature.js';
import type { SignaturePlatform } from '../../core/ids.js';
import type { AccessFailure } from '../../inputs/logs/formats/types.js';
import { BARE_STATUSES } from '../../knowledge/bare-statuses.js';
import { SIGNATURES, signatureWithId } from '../../knowledge/signatures/index.js';

let byCatalog: Map<string, Signature> | null = null;

/** The first signature of each catalog entry. */
function catalogs(): Map<string, Signature> {
  if (!byCatalog) {
    byCatalog = new Map();
    for (const s of SIGNATURES) if (!byCatalog.has(s.catalog)) byCatalog.set(s.catalog, s);
  }
  return byCatalog;
}

const bare = new Map<string, Signature>();

/**
 * The signature for a request-log failure that no signature's pattern matched: the catalog entry its
 * status fields name, or what the bare status says.
 */
export function fallbackSignature(failure: AccessFailure, platform: SignaturePlatform): Signature {
  const known =
    (failure.fallback.signature && signatureWithId(failure.fallback.signature)) || (failure.fallback.catalog && catalogs().get(failure.fallback.catalog));
  if (known) return known;
  return bareStatusSignature(failure.status, platform);
}

/** A signature by id: the knowledge base's, or a bare-status one (`status/502` of a platform). */
export function signatureById(id: string, platform: SignaturePlatform): Signature | null {
  const known = signatureWithId(id);
  if (known) return known;
  const bareStatus = /^status\/(\d+)$/.exec(id);
  return bareStatus ? bareStatusSignature(Number(bareStatus[1]), platform) : null;
}

/** The signature of a bare 502/503/504 (one per status and platform). */
function bareStatusSignature(httpStatus: number | null, platform: SignaturePlatform): Signature {
  const status = BARE_STATUSES.find((b) => b.status === httpStatus) ?? BARE_STATUSES[0];
  const key = `${status.status}/${platform}`;
  let signature = bare.get(key);
  if (!signature) {
    signature = {
      id: `status/${status.status}`,
      catalog: `STATUS-${status.status}`,
      platform,
      title: `${status.title} in the request log`,
      keywords: [],
      pattern: /(?!)/,
      phase: status.phase,
      status: status.status,
      meaning: status.meaning,
      causes: status.causes,
      checks: [],
      fix: 'Find the error-log line of the same request: it names the failing step.',
      source: '',
      evidence: 'kb',
    };
    bare.set(key, signature);
  }
  return signature;
}
