// Finds host names inside string values: URL hosts, host:port pairs, names with a `.svc` label,
// `--flag=host` arguments and whole values of host-like env vars. Tokens are found in the scalar's
// source text, so their spans are exact whatever the quoting or block style.
import { makeSpan, type Span } from '../text/span';
import type { ValueSite } from '../kube/types';
import { isIP } from './names';

export type HostForm = 'url' | 'host-port' | 'svc-name' | 'bare';

export interface HostToken {
  readonly host: string;
  readonly span: Span;
  readonly form: HostForm;
}

const HOST = '[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62})(?:\\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,62}))*\\.?';
const URL_HOST = new RegExp(`\\b[a-zA-Z][a-zA-Z0-9+.-]*://(?:[^\\s/@"']*@)?(${HOST})`, 'g');
const HOST_PORT = new RegExp(`(?<![A-Za-z0-9_.:/-])(${HOST}):(\\d{1,5})(?![\\d.])`, 'g');
const SVC_NAME = new RegExp(`(?<![A-Za-z0-9_.-])(${HOST})(?![A-Za-z0-9_-])`, 'g');
const FLAG_VALUE = /--?([A-Za-z0-9_.-]*(?:host|addr|address|server|endpoint|peer|broker|seed|upstream|backend|master|primary|replica|dns)[A-Za-z0-9_.-]*)[= ]([^\s,;"']+)/gi;
/** Env var and ConfigMap key names whose whole value is usually one or more host names. */
const HOSTY_LABEL = /(host|addr|address|server|endpoint|peers?|brokers?|seeds?|upstream|backend|master|primary|replica|dns|service|svc|url|uri|nodes?)$/i;

/** Hosts that are never cluster DNS lookups. */
const NEVER_CLUSTER = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback', 'host.docker.internal']);

/** Real values name a handful of hosts; past this many, the rest of a value is not scanned. */
export const MAX_HOSTS_PER_VALUE = 200;

export function findHostTokens(site: ValueSite): HostToken[] {
  const source = site.source;
  const base = site.span.start;
  const tokens: HostToken[] = [];
  // Characters already inside a token, so a later pattern cannot claim an overlapping one.
  const covered = new Uint8Array(source.length);
  const add = (host: string, offset: number, form: HostForm): void => {
    if (tokens.length >= MAX_HOSTS_PER_VALUE) return;
    const clean = host.replace(/\.$/, '');
    if (!isPlausibleHost(clean) || NEVER_CLUSTER.has(clean.toLowerCase()) || site.hostAliases.includes(clean.toLowerCase())) return;
    for (let i = offset; i < offset + host.length; i++) if (covered[i]) return;
    covered.fill(1, offset, offset + host.length);
    tokens.push({ host, span: makeSpan(base + offset, base + offset + host.length), form });
  };
  for (const m of source.matchAll(URL_HOST)) add(m[1]!, m.index! + m[0].length - m[1]!.length, 'url');
  for (const m of source.matchAll(HOST_PORT)) add(m[1]!, m.index!, 'host-port');
  for (const m of source.matchAll(SVC_NAME)) if (/\.svc(\.|$)/i.test(m[1]!)) add(m[1]!, m.index!, 'svc-name');
  for (const m of source.matchAll(FLAG_VALUE)) {
    const value = m[2]!;
    const offset = m.index! + m[0].length - value.length;
    const host = /^[A-Za-z0-9_.-]+/.exec(value)?.[0];
    if (host) add(host, offset, 'bare');
  }
  if ((site.field === 'env' || site.field === 'configmap' || site.field === 'probe') && site.label && (site.field === 'probe' || HOSTY_LABEL.test(site.label))) {
    // A whole value, or a comma/space separated list of hosts (e.g. KAFKA_BROKERS).
    const quote = source.startsWith('"') || source.startsWith("'") ? 1 : 0;
    const inner = source.slice(quote, source.length - quote);
    if (!/[\n{}[\]=]/.test(inner))
      for (const m of inner.matchAll(/[^\s,;]+/g)) {
        const host = /^[A-Za-z0-9_.-]+$/.exec(m[0])?.[0];
        if (host && /[A-Za-z]/.test(host)) add(host, quote + m.index!, 'bare');
      }
  }
  return tokens.sort((a, b) => a.span.start - b.span.start);
}

function isPlausibleHost(host: string): boolean {
  if (host.length === 0 || host.length > 253 || isIP(host)) return false;
  if (/^\d+(\.\d+)*$/.test(host)) return false; // version numbers, not hosts
  const labels = host.split('.');
  return labels.every((l) => l.length > 0 && l.length <= 63 && !l.startsWith('-') && !l.endsWith('-'));
}
