import type { CauseId } from '../core/ids.js';
import type { SetupFacts } from '../evidence/setup-facts.js';
import { CAUSE_TITLES } from '../knowledge/causes/titles.js';
import type { LocalSideReport, NetworkNamespaceRef } from '../probes/local/model.js';
import { addressLabel, httpAcceptable } from '../probes/report-readings.js';
import type { AddressReport, Cause, ProbeVerdict, TargetReport } from '../probes/run-probe.js';
import { type CauseEvidence, rankCauses } from './rank-causes.js';
import { isLoopbackHost } from '../core/loopback.js';
import { verdictWithoutRanking } from './probe-healthy.js';

/**
 * The verdict for one probed target: what the live steps and this machine's side say, turned into
 * taxonomy causes with the same ranking `explain` and `logs` use. Each failing address is one event;
 * the facets of that event (the connect errno, the local listeners, a firewall rule) combine within it,
 * so "refused" × "a listener on 127.0.0.1 only" lands on bind-loopback, not on not-listening.
 */

type Weights = Partial<Record<CauseId, number>>;

/** What each connect errno alone suggests; the local side sharpens it. */
const CONNECT_WEIGHTS: Record<string, Weights> = {
  ECONNREFUSED: {
    'not-listening': 0.45,
    'port-mismatch': 0.2,
    'bind-loopback': 0.15,
    'startup-order': 0.1,
    'network-blocked': 0.05,
    'wrong-host-localhost': 0.05,
  },
  ETIMEDOUT: { 'network-blocked': 0.6, 'config-error': 0.15, 'resource-exhaustion': 0.15, 'no-endpoints': 0.1 },
  EHOSTUNREACH: { 'network-blocked': 0.45, 'no-endpoints': 0.3, 'config-error': 0.25 },
  ENETUNREACH: { 'network-blocked': 0.5, 'config-error': 0.5 },
  ECONNRESET: { 'network-blocked': 0.4, 'upstream-reset': 0.3, 'resource-exhaustion': 0.3 },
  EADDRNOTAVAIL: { 'resource-exhaustion': 0.7, 'config-error': 0.3 },
  EPERM: { 'network-blocked': 1 },
  EACCES: { 'network-blocked': 1 },
  EINVAL: { 'config-error': 1 },
  EMFILE: { 'resource-exhaustion': 1 },
  ENFILE: { 'resource-exhaustion': 1 },
  ENOBUFS: { 'resource-exhaustion': 1 },
};

const HTTP_WEIGHTS: Record<string, Weights> = {
  ETIMEDOUT: { 'slow-upstream': 0.55, 'resource-exhaustion': 0.3, 'timeout-misaligned': 0.15 },
  ECONNRESET: { 'upstream-reset': 0.5, 'protocol-mismatch': 0.3, 'resource-exhaustion': 0.2 },
  HPE: { 'protocol-mismatch': 0.7, 'port-mismatch': 0.3 },
  H2: { 'protocol-mismatch': 0.8, 'upstream-reset': 0.2 },
};

function emptyFacts(): SetupFacts {
  return { tags: new Map(), targets: [], failures: new Set(), phases: new Set() };
}

const label = (a: Pick<AddressReport, 'address' | 'port' | 'zone'>) => addressLabel(a.address, a.port, a.zone);

function namespaceName(ns: NetworkNamespaceRef): string {
  if (ns.current) return 'this network namespace';
  const owner = ns.owner ? `, pid ${ns.owner.pid} ${ns.owner.name}` : '';
  return `network namespace ${ns.name ?? `net:[${ns.inode}]`}${owner}`;
}

function listenerText(local: LocalSideReport): string {
  return local.listeners
    .slice(0, 3)
    .map((l) => `${l.owner ? `${l.owner.name} (pid ${l.owner.pid})` : 'a process'} listens on ${addressLabel(l.address, l.port)}`)
    .join(', ');
}

/** "node (pid 4242) listens on 0.0.0.0:3000 in network namespace api, pid 4242 node, and answers from here on 198.18.1.11:3000". */
function elsewhereText(found: NonNullable<LocalSideReport['elsewhere']>): string {
  return found
    .slice(0, 2)
    .map((e) => {
      const who = e.listener.owner ? `${e.listener.owner.name} (pid ${e.listener.owner.pid})` : 'a process';
      // The listener's owner names the namespace well enough; its first process (often a DNS helper) is noise.
      const where = namespaceName(e.listener.owner ? { ...e.namespace, owner: undefined } : e.namespace);
      const reach = e.reachableAt ? `, and answers from here on ${addressLabel(e.reachableAt, e.listener.port)}` : ', not reachable from here';
      return `${who} listens on ${addressLabel(e.listener.address, e.listener.port)} in ${where}${reach}`;
    })
    .join('; ');
}

/** What this machine's side adds to a failed connect (same event: facets combine). */
function localEvidence(a: AddressReport, group: number): CauseEvidence[] {
  const local = a.local;
  if (!local) return [];
  const out: CauseEvidence[] = [];
  const where = namespaceName(local.namespace);
  const code = a.connect.code;
  const at = label(a);
  const drops = local.firewall.filter((f) => f.verdict === 'drop');
  const rejects = local.firewall.filter((f) => f.verdict === 'reject');
  const full = local.listeners.find((l) => l.queued !== undefined && l.backlog !== undefined && l.backlog > 0 && l.queued >= l.backlog);
  const starving = local.listeners
    .map((l) => l.owner)
    .find((o) => o?.openFiles !== undefined && o.maxOpenFiles !== undefined && o.maxOpenFiles > 0 && o.openFiles >= o.maxOpenFiles * 0.9);

  if (code === 'ECONNREFUSED') {
    const reached = (local.elsewhere ?? []).filter((e) => e.reachableAt !== undefined);
    const unreached = (local.elsewhere ?? []).filter((e) => e.reachableAt === undefined);
    if (local.listeners.length === 0 && reached.length > 0 && local.namespace.initial === false && isLoopbackHost(a.address))
      out.push({
        weights: { 'wrong-host-localhost': 1 },
        label: `refused on ${at}: nothing listens on port ${a.port} in ${where}, which is not the host's (a container's or pod's own), so localhost there is that namespace itself — ${elsewhereText(reached)}`,
        group,
      });
    else if (local.listeners.length === 0)
      out.push({
        weights: { 'not-listening': 1 },
        label: `refused on ${at}, and nothing listens on port ${a.port} in ${where}${unreached.length ? ` (${elsewhereText(unreached)})` : ''}`,
        group,
      });
    else if (!local.accepts) {
      const loopback = local.listeners.filter((l) => l.scope === 'loopback');
      const otherFamily = isLoopbackHost(a.address) && loopback.length > 0 && loopback.every((l) => l.family !== a.family);
      if (otherFamily)
        out.push({
          // Loopback is the right bind on the prober's own machine; the client dialled the other family.
          weights: { 'wrong-host-localhost': 0.7, 'bind-loopback': 0.3 },
          label: `refused on ${at}, but ${listenerText({ ...local, listeners: loopback })} only — the other loopback family — in ${where}: the IPv4/IPv6 localhost split`,
          group,
        });
      else if (loopback.length)
        out.push({
          weights: { 'bind-loopback': 1 },
          label: `refused on ${at}, but ${listenerText({ ...local, listeners: loopback })} only (loopback) in ${where}`,
          group,
        });
      else
        out.push({
          weights: { 'bind-loopback': 0.4, 'config-error': 0.4, 'port-mismatch': 0.2 },
          label: `refused on ${at}, but ${listenerText(local)} — a specific address other than ${a.address}`,
          group,
        });
    } else if (rejects.length)
      out.push({
        weights: { 'network-blocked': 1 },
        label: `refused on ${at} although a listener accepts it: a firewall rule rejects (${rejects[0].rule})`,
        group,
      });
    else
      out.push({
        weights: { 'startup-order': 0.5, 'resource-exhaustion': 0.3, other: 0.2 },
        label: `refused on ${at}, yet a listener accepts it now: it probably (re)started just after the probe`,
        group,
      });
  }
  if (code === 'ETIMEDOUT' || code === 'EPERM' || code === 'EACCES') {
    if (drops.length || rejects.length)
      out.push({
        weights: { 'network-blocked': 1 },
        label: `no answer from ${at}: ${drops.length ? 'an nft/iptables rule drops' : 'a rule rejects'} traffic to the port (${(drops[0] ?? rejects[0]).rule})`,
        group,
      });
    else if (full)
      out.push({
        weights: { 'resource-exhaustion': 1 },
        label: `no answer from ${at}: the listen backlog on ${full.address}:${full.port} is full (${full.queued}/${full.backlog})`,
        group,
      });
    else if (local.listeners.length === 0)
      out.push({
        weights: { 'network-blocked': 0.7, 'not-listening': 0.3 },
        label: `no answer from ${at}, and nothing listens on port ${a.port} in ${where}`,
        group,
      });
  }
  if (starving)
    out.push({
      weights: { 'resource-exhaustion': 1 },
      label: `${starving.name} (pid ${starving.pid}) has ${starving.openFiles} open files of its limit ${starving.maxOpenFiles}: it cannot accept new connections`,
      group,
    });
  if (full && code !== 'ETIMEDOUT')
    out.push({
      weights: { 'resource-exhaustion': 1 },
      label: `the listen backlog on ${full.address}:${full.port} is full (${full.queued}/${full.backlog})`,
      group,
    });
  return out;
}

/** Evidence for one address that did not pass. */
function addressEvidence(report: TargetReport, a: AddressReport, group: number): CauseEvidence[] {
  const out: CauseEvidence[] = [];
  const at = label(a);
  if (a.deadline && !a.connect.code) return out;
  if (!a.connect.ok) {
    const code = a.connect.code ?? 'ERROR';
    if (code === 'DEADLINE') return out;
    const weights: Weights = { ...(CONNECT_WEIGHTS[code] ?? { other: 1 }) };
    let text = `${code === 'ETIMEDOUT' ? 'connect timed out' : code} on ${at}`;
    if (code === 'ECONNREFUSED' && isLoopbackHost(a.address)) {
      weights['wrong-host-localhost'] = 0.25;
      text += ' (a loopback target: from inside a container this is the container itself)';
    }
    if (code === 'ENETUNREACH' && isLoopbackHost(a.address)) {
      Object.assign(weights, { 'config-error': 0.7, 'network-blocked': 0.3 });
      text += ': no route even to loopback, so the lo interface is down in this network namespace (a namespace nobody brought up)';
    }
    // What this machine shows (listeners, rules) explains the errno; when it is decisive it stands alone.
    const local = localEvidence(a, group);
    return local.length ? local : [{ weights, label: text, group }];
  }
  if (a.tls && !a.tls.ok) {
    if (a.crossCheck?.tried === 'plain-http' && a.crossCheck.speaks === 'http')
      out.push({
        weights: { 'tls-mismatch': 0.75, 'port-mismatch': 0.25 },
        label: `TLS handshake with ${at} got an HTTP response: the port speaks plain HTTP`,
        group,
      });
    else if (!a.tls.handshake && /no application protocol/i.test(`${a.tls.error ?? ''} ${a.tls.meaning}`))
      out.push({
        weights: { 'protocol-mismatch': 1 },
        label: `${at} and we share no ALPN protocol (${report.scheme} needs ${/grpcs|h2/.test(report.scheme) ? 'h2' : 'http/1.1'}): ${a.tls.meaning}`,
        group,
      });
    else if (a.tls.handshake && a.tls.verifyError)
      out.push({ weights: { 'tls-mismatch': 1 }, label: `certificate of ${at} fails verification (${a.tls.verifyError}): ${a.tls.meaning}`, group });
    else out.push({ weights: { 'tls-mismatch': 0.75, 'protocol-mismatch': 0.25 }, label: `TLS handshake with ${at} failed: ${a.tls.meaning}`, group });
    return out;
  }
  const http = a.http;
  if (!http) return out;
  if (!http.ok) {
    if (a.crossCheck?.tried === 'tls' && a.crossCheck.speaks === 'tls-ok')
      out.push({
        weights: { 'tls-mismatch': 0.8, 'port-mismatch': 0.2 },
        label: `plain HTTP to ${at} failed and a TLS handshake there succeeds: plain HTTP was sent to a TLS port`,
        group,
      });
    else if (http.code === 'ALPN')
      out.push({ weights: { 'protocol-mismatch': 1 }, label: `${at} does not offer HTTP/2 by ALPN (${report.scheme} needs h2)`, group });
    else if (a.crossCheck?.tried === 'plain-http' && a.crossCheck.speaks === 'http')
      out.push({ weights: { 'protocol-mismatch': 1 }, label: `${at} answers HTTP/1.x but not HTTP/2 with prior knowledge (h2c)`, group });
    else {
      const key = http.code?.startsWith('HPE_') ? 'HPE' : http.protocol === 'h2' && http.code !== 'ETIMEDOUT' ? 'H2' : (http.code ?? 'ECONNRESET');
      out.push({ weights: HTTP_WEIGHTS[key] ?? { 'upstream-reset': 0.5, other: 0.5 }, label: `${http.protocol} to ${at}: ${http.meaning}`, group });
    }
    out.push(...localEvidence(a, group));
    return out;
  }
  if (httpAcceptable(http)) return out;
  for (const page of http.recognised.pages) out.push({ weights: page.causes, label: `${at} answered ${http.status}: ${page.title} — ${page.meaning}`, group });
  for (const signature of http.recognised.signatures.slice(0, 2))
    out.push({ weights: signature.causes, label: `${at} answered ${http.status}: ${signature.title}`, group, weight: 0.8 });
  if (http.health && !http.health.healthy)
    out.push({ weights: { 'no-healthy-upstream': 1 }, label: `health endpoint ${http.path} on ${at} reports ${http.health.summary}`, group });
  if (http.grpc && (http.grpc.serving === 'NOT_SERVING' || http.grpc.status === 'UNAVAILABLE'))
    out.push({
      weights: { 'no-healthy-upstream': 0.7, 'upstream-reset': 0.3 },
      label: `gRPC health on ${at}: ${http.grpc.serving ?? http.grpc.status}`,
      group,
    });
  if (out.length === 0) {
    const what = http.grpc
      ? `grpc-status ${http.grpc.status ?? 'none'} (HTTP ${http.status})`
      : `${http.status}${http.statusText ? ` ${http.statusText}` : ''}`;
    out.push({ weights: { other: 1 }, label: `${at} answered ${what} itself: the connection works, the application fails the request`, group });
  }
  return out;
}

function dnsEvidence(report: TargetReport): CauseEvidence[] {
  const dns = report.dns;
  if (!dns || dns.ok) return [];
  const direct = dns.direct;
  const outcomes = new Set(direct.map((d) => d.outcome));
  const servers = direct.map((d) => `${d.server} ${d.outcome}`).join(', ');
  const tried = dns.expansion.candidates.map((c) => c.name).join(', ');
  const kube = /\.svc(\.|$)|cluster\.local/.test(`${dns.name} ${dns.resolvConf.search.join(' ')}`);
  if (outcomes.has('NODATA') && !outcomes.has('NXDOMAIN'))
    return [
      {
        weights: { 'no-endpoints': 0.5, 'dns-failure': 0.5 },
        label: `"${dns.name}" exists but has no A/AAAA record (${servers}); a headless Service without ready pods answers like this`,
        group: 0,
      },
    ];
  if (direct.length && [...outcomes].every((o) => o === 'NXDOMAIN' || o === 'NODATA'))
    return [
      {
        weights: kube ? { 'dns-failure': 0.75, 'no-endpoints': 0.25 } : { 'dns-failure': 1 },
        label: `"${dns.name}" does not exist: NXDOMAIN from ${direct.map((d) => d.server).join(', ')} for ${tried}`,
        group: 0,
      },
    ];
  if (direct.length) return [{ weights: { 'dns-failure': 0.75, 'network-blocked': 0.25 }, label: `"${dns.name}" cannot be resolved: ${servers}`, group: 0 }];
  const system = dns.system;
  return [
    {
      weights: { 'dns-failure': 1 },
      label: `getaddrinfo cannot resolve "${dns.name}" (${system?.outcome ?? 'no answer'}${system?.code ? `, ${system.code}` : ''})`,
      group: 0,
    },
  ];
}

/**
 * Ranking depends on the weights and the grouping, not on the labels, and a run over many targets meets
 * the same few shapes again and again (a thousand refused ports): rank each shape once with placeholder
 * labels, then put each target's own labels in.
 */
const RANKED = new Map<string, ReturnType<typeof rankCauses>>();
const PLACEHOLDER = /\u0000(\d+)\u0000/g;

function toCauses(evidence: readonly CauseEvidence[]): Cause[] {
  const key = JSON.stringify(evidence.map((e) => [e.weights, e.group, e.weight ?? 1]));
  let ranked = RANKED.get(key);
  if (!ranked) {
    ranked = rankCauses(
      evidence.map((e, i) => ({ ...e, label: `\u0000${i}\u0000` })),
      emptyFacts(),
    );
    if (RANKED.size > 1000) RANKED.clear();
    RANKED.set(key, ranked);
  }
  const fill = (text: string) => text.replace(PLACEHOLDER, (_, i: string) => evidence[Number(i)]?.label ?? '');
  return ranked.map((c) => ({ id: c.id, score: c.score, why: fill(c.why), title: CAUSE_TITLES[c.id] }));
}

/** Verdict for one target. */
export function diagnoseTarget(report: TargetReport): ProbeVerdict {
  const plain = verdictWithoutRanking(report);
  if (plain) return plain;
  const dns = dnsEvidence(report);
  if (report.addresses.length === 0) {
    const causes = toCauses(dns);
    return { ok: false, summary: causes[0] ? `${causes[0].why} → ${causes[0].id}` : 'no address to probe', causes };
  }
  const failing = report.addresses.filter((a) => !a.ok);
  const evidence = failing.flatMap((a, i) => addressEvidence(report, a, i + 1));
  const passing = report.addresses.filter((a) => a.ok);
  if (passing.length && report.dns) {
    // Part of the name works: say so, and for localhost-style names point at the address family.
    const families = new Set(report.addresses.map((a) => a.family));
    const loopback = report.addresses.every((a) => isLoopbackHost(a.address));
    const refusedFamilies = new Set(failing.filter((a) => a.connect.code === 'ECONNREFUSED').map((a) => a.family));
    const splitByFamily = failing.every((a) => a.connect.code === 'ECONNREFUSED') && passing.every((a) => !refusedFamilies.has(a.family));
    if (families.size > 1 && loopback)
      evidence.push({
        // One family refused, the other answering, for one localhost name: the client, not the bind, decides.
        weights: splitByFamily ? { 'wrong-host-localhost': 1 } : { 'bind-loopback': 0.6, 'wrong-host-localhost': 0.4 },
        label: `"${report.host}" resolves to ${report.addresses.map((a) => a.address).join(' and ')}, but only ${passing.map((a) => a.address).join(', ')} accepts: the server listens on one loopback family only${splitByFamily ? ', the IPv4/IPv6 localhost split (a client that tries the other family first is refused)' : ''}`,
        group: 100,
        weight: 0.5,
      });
  }
  const causes = toCauses(evidence);
  if (report.deadline && causes.length === 0) return { ok: false, summary: 'not fully probed: the --deadline was reached', causes };
  const partly = passing.length ? `works on ${passing.map(label).join(', ')}; ` : '';
  const top = causes[0];
  return { ok: false, summary: top ? `${partly}${top.why} → ${top.id}` : `${partly}failed`, causes };
}

/** Compares the direct probe with the same request through the proxy (--via). */
export function compareVia(direct: TargetReport, via: TargetReport): { ok: boolean; conclusion: string; causes: Cause[] } {
  const status = (r: TargetReport) => {
    const a = r.addresses.find((x) => x.http?.status !== undefined) ?? r.addresses[0];
    return a?.http?.status !== undefined
      ? `${a.http.status}`
      : a
        ? a.connect.ok
          ? a.tls && !a.tls.ok
            ? 'TLS failure'
            : 'no HTTP answer'
          : (a.connect.code ?? 'failed')
        : 'unresolved';
  };
  if (direct.ok && via.ok)
    return {
      ok: true,
      conclusion: `the same request works through the proxy ${via.target} (${status(via)}) and directly (${status(direct)})`,
      causes: direct.causes,
    };
  if (direct.ok && !via.ok) {
    const proxyAnswered = via.addresses.some((a) => a.http?.ok);
    if (!proxyAnswered)
      return {
        ok: false,
        conclusion: `the backend answers directly (${status(direct)}), but the proxy ${via.target} itself cannot be reached (${status(via)})`,
        causes: via.causes,
      };
    // The backend demonstrably listens and answers, so what the proxy's page suggests is kept except
    // the causes the direct answer rules out; the proxy-side causes come first.
    const ruledOut = new Set<CauseId>(['not-listening', 'startup-order', 'slow-upstream']);
    const weights: Weights = { 'config-error': 0.3, 'port-mismatch': 0.25, 'wrong-host-localhost': 0.2, 'network-blocked': 0.15, 'dns-failure': 0.1 };
    const pages = via.addresses.flatMap((a) => a.http?.recognised.pages ?? []);
    for (const page of pages)
      for (const [id, w] of Object.entries(page.causes) as [CauseId, number][])
        if (!ruledOut.has(id)) weights[id] = (weights[id] ?? 0) + (0.5 * w) / pages.length;
    const evidence: CauseEvidence[] = [
      {
        weights,
        label: `the backend answers directly (${status(direct)}) but not through ${via.target} (${status(via)}${pages[0] ? `, ${pages[0].title}` : ''}): the proxy's upstream address, port or network path is wrong`,
        group: 1,
      },
    ];
    return {
      ok: false,
      conclusion: `works directly (${status(direct)}), fails through the proxy ${via.target} (${status(via)}): the fault is in the proxy's configuration or its network path to the backend`,
      causes: toCauses(evidence),
    };
  }
  if (!direct.ok && via.ok)
    return {
      ok: false,
      conclusion: `works through the proxy ${via.target} (${status(via)}) but not directly from here (${status(direct)}): the proxy reaches the backend another way (another address or network); probe from the proxy's vantage point (--from)`,
      causes: direct.causes,
    };
  return {
    ok: false,
    conclusion: `fails directly (${status(direct)}) and through the proxy ${via.target} (${status(via)}): the backend itself is the problem`,
    causes: direct.causes,
  };
}
