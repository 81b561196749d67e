import type { Signature } from '../../core/define-signature.js';
import { signatures as nginx } from './nginx.js';
import { signatures as ingressNginx } from './ingress-nginx.js';
import { signatures as envoy } from './envoy.js';
import { signatures as istio } from './istio.js';
import { signatures as haproxy } from './haproxy.js';
import { signatures as traefik } from './traefik.js';
import { signatures as caddy } from './caddy.js';
import { signatures as kong } from './kong.js';
import { signatures as apache } from './apache.js';
import { signatures as spring } from './spring.js';
import { signatures as aws } from './aws.js';
import { signatures as gcp } from './gcp.js';
import { signatures as azure } from './azure.js';
import { signatures as cloudflare } from './cloudflare.js';
import { signatures as node } from './node.js';
import { signatures as go } from './go.js';
import { signatures as java } from './java.js';
import { signatures as python } from './python.js';
import { signatures as curl } from './curl.js';
import { signatures as kubernetes } from './kubernetes.js';
import { signatures as os } from './os.js';

/**
 * Every signature, in match-priority order: more specific platforms first, the generic OS errno
 * entries last. Order matters only for display; scoring uses all matches.
 */
export const SIGNATURES: readonly Signature[] = [
  ...nginx,
  ...ingressNginx,
  ...envoy,
  ...istio,
  ...haproxy,
  ...traefik,
  ...caddy,
  ...kong,
  ...apache,
  ...spring,
  ...aws,
  ...gcp,
  ...azure,
  ...cloudflare,
  ...node,
  ...go,
  ...java,
  ...python,
  ...curl,
  ...kubernetes,
  ...os,
];

let signaturesById: ReadonlyMap<string, Signature> | undefined;

/** The knowledge base's signature with this id (one lookup table, built on first use). */
export function signatureWithId(id: string): Signature | undefined {
  signaturesById ??= new Map(SIGNATURES.map((s) => [s.id, s]));
  return signaturesById.get(id);
}
