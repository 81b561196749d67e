import { X509Certificate } from 'node:crypto';
import { isIP, type Socket } from 'node:net';
import { connectTcp } from './tcp.js';
import { connect as tlsConnect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';

/**
 * The TLS step on an already-connected socket: what was negotiated, the chain as the server sent it,
 * and verification done as our own policy (verification errors are reported, not thrown).
 */

export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** DNS names and IP addresses the certificate is valid for. */
  sans: string[];
  validFrom: string;
  validTo: string;
  /** Days until expiry at probe time (negative once expired). */
  daysLeft: number;
  selfSigned: boolean;
  fingerprint256: string;
}

export interface TlsOutcome {
  /** The handshake completed and the certificate is acceptable (or `--insecure`). */
  ok: boolean;
  handshake: boolean;
  ms: number;
  protocol?: string;
  cipher?: string;
  /** Negotiated ALPN protocol, or null when the server chose none. */
  alpn?: string | null;
  /** SNI sent, or null when none was sent (IP literal without --sni). */
  sni: string | null;
  chain: CertificateInfo[];
  /** Chain verification against the trust store (or --ca). */
  chainVerified?: boolean;
  /** OpenSSL/Node verification code: DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, … */
  verifyError?: string;
  /** Whether the leaf certificate covers the name (or IP) we expected. */
  nameMatches?: boolean;
  expectedName?: string;
  /** The server answered with a TLS alert: it speaks TLS, but refused something in our hello. */
  alert?: boolean;
  /** Handshake failure code/message when the handshake itself failed. */
  code?: string;
  error?: string;
  meaning: string;
  socket?: TLSSocket;
}

export interface TlsOptions {
  timeoutMs: number;
  /** SNI and the name to verify; for IP literals no SNI is sent unless --sni is given. */
  host: string;
  sni?: string;
  alpn: readonly string[];
  /** `--ca FILE`: PEM, replacing the default trust store (as curl --cacert). */
  ca?: string;
  insecure: boolean;
}

export const VERIFY_MEANINGS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'the server presents a self-signed certificate: no client that verifies will accept it unless it is pinned or added as a CA (--ca)',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed root that is not trusted here (a private CA: give it with --ca)',
  CERT_HAS_EXPIRED: 'the certificate has expired: verifying clients (and proxies with verification on) refuse it',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet (clock skew, or a certificate issued for the future)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server sent no intermediate certificates and the issuer is not trusted here: incomplete chain or unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuing CA is unknown here: a private or missing CA (give it with --ca) or an incomplete chain',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer of a certificate in the chain is missing: incomplete chain',
  CERT_SIGNATURE_FAILURE: 'a certificate signature does not verify: wrong or corrupted chain',
  CERT_REVOKED: 'the certificate has been revoked',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not cover the name we asked for: hostname mismatch (wrong SNI, wrong certificate, or connecting by IP)',
};

export const HANDSHAKE_MEANINGS: { test: RegExp; meaning: string; mismatch?: 'plain-port' }[] = [
  {
    test: /wrong version number|packet length too long|unknown protocol|http request|ERR_SSL_WRONG_VERSION_NUMBER|record layer failure/i,
    meaning: 'the server did not answer with TLS: this port most likely speaks plain text (HTTP); use http:// or point the proxy at the TLS port',
    mismatch: 'plain-port',
  },
  {
    test: /certificate required|alert certificate required|alert bad certificate|peer did not return a certificate/i,
    meaning: 'the server requires a client certificate (mutual TLS)',
  },
  { test: /unrecognized name|alert unrecognized_name/i, meaning: 'the server does not know the SNI name sent: send the name it serves (--sni)' },
  {
    test: /protocol version|unsupported protocol|no protocols available/i,
    meaning: 'no TLS version in common (the server requires an older or newer TLS version)',
  },
  {
    test: /handshake failure|no shared cipher|sslv3 alert handshake/i,
    meaning: 'the server aborted the handshake: no shared cipher/curve, SNI required, or a client certificate is expected',
  },
  { test: /no application protocol/i, meaning: 'no ALPN protocol in common (the server requires h2 or http/1.1 and we offered the other)' },
  {
    test: /ECONNRESET|socket hang up|disconnected before secure/i,
    meaning: 'the server closed or reset the connection during the handshake: it does not expect TLS on this port, or it rejected our hello',
  },
  {
    test: /ETIMEDOUT|timed out/i,
    meaning: 'no TLS answer in time: the server waits for something else (it speaks a server-first protocol, or plain HTTP and waits for a request)',
  },
];

export function handshakeMeaning(message: string): { meaning: string; mismatch?: 'plain-port' } {
  const hit = HANDSHAKE_MEANINGS.find((m) => m.test.test(message));
  return hit ? { meaning: hit.meaning, ...(hit.mismatch ? { mismatch: hit.mismatch } : {}) } : { meaning: 'the TLS handshake failed' };
}

function describeName(name: string | undefined): string {
  return (name ?? '').replace(/\n/g, ', ');
}

export function certificateInfo(cert: X509Certificate, now = Date.now()): CertificateInfo {
  const sans = (cert.subjectAltName ?? '')
    .split(/,\s*/)
    .map((s) => s.replace(/^(DNS|IP Address):/, ''))
    .filter(Boolean);
  const validTo = new Date(cert.validTo);
  return {
    subject: describeName(cert.subject),
    issuer: describeName(cert.issuer),
    sans,
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now) / 86_400_000),
    selfSigned: cert.subject === cert.issuer && cert.verify(cert.publicKey),
    fingerprint256: cert.fingerprint256,
  };
}

/** The chain as sent, leaf first; stops at a self-issued certificate (Node links a root to itself). */
function peerChain(socket: TLSSocket): CertificateInfo[] {
  const chain: CertificateInfo[] = [];
  let current: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true) as DetailedPeerCertificate;
  const seen = new Set<string>();
  while (current?.raw && chain.length < 10) {
    const fp = current.fingerprint256;
    if (seen.has(fp)) break;
    seen.add(fp);
    try {
      chain.push(certificateInfo(new X509Certificate(current.raw)));
    } catch {
      break;
    }
    current = current.issuerCertificate;
  }
  return chain;
}

/** Hands `socket` to TLS. On failure the socket is destroyed; on success the TLS socket is returned. */
export function handshakeTls(socket: Socket, options: TlsOptions): Promise<TlsOutcome> {
  const started = performance.now();
  const hostIsIp = isIP(options.host) !== 0;
  const sni = options.sni ?? (hostIsIp ? null : options.host.replace(/\.$/, ''));
  const expectedName = options.sni ?? options.host.replace(/\.$/, '');
  return new Promise((resolve) => {
    let settled = false;
    const tlsSocket = tlsConnect({
      socket,
      ...(sni ? { servername: sni } : {}),
      ALPNProtocols: [...options.alpn],
      rejectUnauthorized: false,
      ...(options.ca ? { ca: options.ca } : {}),
      // Hostname checking is done below with X509Certificate so it is reported for IPs too.
      checkServerIdentity: () => undefined,
    });
    const finish = (outcome: TlsOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const fail = (code: string, message: string) => {
      tlsSocket.destroy();
      socket.destroy();
      const { meaning } = handshakeMeaning(`${code} ${message}`);
      const alert = /alert/i.test(message) && !/wrong version|http request/i.test(message);
      finish({ ok: false, handshake: false, ms: performance.now() - started, sni, chain: [], ...(alert ? { alert } : {}), code, error: message, meaning });
    };
    const timer = setTimeout(() => fail('ETIMEDOUT', `no TLS handshake within ${options.timeoutMs} ms`), options.timeoutMs);
    tlsSocket.once('error', (error: NodeJS.ErrnoException) => fail(error.code ?? 'ERROR', error.message));
    tlsSocket.once('secureConnect', () => {
      tlsSocket.on('error', () => {});
      const ms = performance.now() - started;
      const chain = peerChain(tlsSocket);
      const leaf = tlsSocket.getPeerX509Certificate();
      const nameMatches = leaf ? (isIP(expectedName) ? leaf.checkIP(expectedName) !== undefined : leaf.checkHost(expectedName) !== undefined) : false;
      const chainError = tlsSocket.authorizationError ? String(tlsSocket.authorizationError) : undefined;
      const verifyError = chainError ?? (nameMatches ? undefined : 'ERR_TLS_CERT_ALTNAME_INVALID');
      const verified = verifyError === undefined;
      const cipher = tlsSocket.getCipher();
      const meaning = verified
        ? 'TLS works and the certificate is valid for this name'
        : `${VERIFY_MEANINGS[verifyError] ?? `certificate verification failed (${verifyError})`}${options.insecure ? ' (ignored: --insecure)' : ''}`;
      finish({
        ok: verified || options.insecure,
        handshake: true,
        ms,
        protocol: tlsSocket.getProtocol() ?? undefined,
        cipher: cipher?.standardName ?? cipher?.name,
        alpn: tlsSocket.alpnProtocol || null,
        sni,
        chain,
        chainVerified: chainError === undefined,
        ...(verifyError ? { verifyError } : {}),
        nameMatches,
        expectedName,
        meaning,
        socket: tlsSocket,
      });
    });
  });
}

/**
 * A second, independent look at a port when plain HTTP failed: does a TLS handshake succeed there?
 * Confirms "plain HTTP spoken to a TLS port".
 */
export async function sniffTls(address: string, port: number, host: string, timeoutMs: number, zone?: string): Promise<boolean> {
  const connected = await connectTcp(address, port, { timeoutMs, ...(zone ? { zone } : {}) });
  if (!connected.ok || !connected.socket) return false;
  const outcome = await handshakeTls(connected.socket, { timeoutMs, host, alpn: ['h2', 'http/1.1'], insecure: true });
  outcome.socket?.destroy();
  connected.socket.destroy();
  return outcome.handshake;
}
