// Finds host names inside string values. A token is taken only where a program would read a host:
// a URL's host, a `host:port` pair, a name with a `.svc` label, the value of a host-like flag
// (`--peer=a,b`, `--join a,b`, `-h host`), a host-like shell assignment (`MASTER_HOST='db-0.db'`),
// or the whole value of a host-like env var or ConfigMap key. Free text (JSON, prose, config
// files) gives only the first three forms. `$VAR`, `${VAR}` and `$(VAR)` are variables, never
// hosts; `$(VAR)` is first expanded from the container's env as the kubelet does.
//
// One hand-written pass per form over the value's source text, each linear in its length (the
// regular expressions this replaces backtracked cubically on `-host-host…` and quadratically on
// `a.a.a.…`). Tokens are found in the scalar's source text, so their spans are exact whatever the
// quoting or block style.
import { makeSpan, type Span } from '../text/span';
import type { ContainerEnv, ValueSite } from '../kube/types';
import { isIP } from '../kube/names';
import { editDistance } from './nearNames';

export type HostForm = 'url' | 'host-port' | 'svc-name' | 'bare';

export interface HostToken {
  /** The host as written, or `$(NAME)` for a variable the kubelet leaves unexpanded. */
  readonly host: string;
  readonly span: Span;
  readonly form: HostForm;
  /** The port written after the host (`host:port`, `scheme://host:port`), or null. */
  readonly port: number | null;
  /** When the host came from expanding `$(NAME)`: where it is used, e.g. `$(DB_HOST) in args`. */
  readonly via: string | null;
  /** A `$(NAME)` in a host position that the container's env does not define. */
  readonly undefinedVariable: { readonly name: string; readonly suggestion: string | null; readonly definedLater: boolean } | null;
}

/** Flag names whose value is one or more hosts (`--master-host`, `--join`, `-Dredis.host`). */
const HOSTY_FLAG = /(host|addr|address|server|endpoint|peer|broker|seed|upstream|backend|master|primary|replica|dns|join)/i;
/** Env var and ConfigMap key names whose whole value is usually one or more host names. */
const HOSTY_LABEL = /(host|addr|address|server|endpoint|peers?|brokers?|seeds?|upstream|backend|master|primary|replica|dns|service|svc|url|uri|nodes?)$/i;
/** Shell variable names assigned a host (`MASTER_HOST=…`, `PEERS="a b"`). */
const HOSTY_SHELL_VAR = /(host|hosts|addr|address|server|servers|endpoint|peers?|brokers?|seeds?|upstream|master|primary|svc|url)$/i;
/** Env var names the kubelet defines for every Service of the namespace (`enableServiceLinks`). */
const SERVICE_LINK_VAR = /_(SERVICE_HOST|SERVICE_PORT(_[A-Z0-9_]+)?|PORT(_\d+_(TCP|UDP|SCTP)(_(PROTO|PORT|ADDR))?)?)$/;

/**
 * URL schemes whose authority is a bucket, a model repository or a path, not a DNS host
 * (`hf://google/gemma`, `s3://bucket/key`, `gs://…`, `file://…`).
 */
const NOT_NETWORK_SCHEMES = new Set(['hf', 's3', 's3a', 's3n', 'gs', 'gcs', 'az', 'abfs', 'abfss', 'wasb', 'wasbs', 'file']);

/** Protocol words before a port (`tcp:3306`, `udp:53` in proxy flags): a protocol, not a host. */
const PROTOCOL_WORDS = new Set(['tcp', 'udp', 'sctp', 'unix', 'http', 'https']);

/** Hosts that are never cluster DNS lookups. */
const NEVER_CLUSTER = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback', 'host.docker.internal']);

/** Real values name a handful of hosts; past this many, the rest of a value is not scanned. */
export const MAX_HOSTS_PER_VALUE = 200;
/** `$(VAR)` expansion stops adding text past this many characters (a value can reference a var many times). */
const MAX_EXPANSION = 65_536;
/** URL schemes are short; a longer run before `://` is not a scheme. */
const MAX_SCHEME = 32;
/** `user:password@` before a URL host is short; bounds the backward look from `@`. */
const MAX_USERINFO = 256;

/** How much of a value can name hosts. */
type ValueKind = 'shell' | 'text' | 'free';

export function findHostTokens(site: ValueSite): HostToken[] {
  if (site.label !== null && CERTIFICATE_NAME_LABEL.test(site.label)) return [];
  return new HostScanner(site).scan();
}

/**
 * Env vars and keys that name a TLS identity (`TLS_RELAY_SERVER_NAME`, `SSL_SNI`): the name the
 * peer's certificate must carry, checked against the certificate, never looked up in DNS.
 */
const CERTIFICATE_NAME_LABEL = /(^|_)(TLS|SSL)_(\w+_)?(SERVER_NAME|SERVERNAME|SNI)$|(^|_)SNI(_HOST(NAME)?)?$/i;

/** Is this a host name a value can mean: a valid lowercase DNS name that is not an IP or a version? */
export function isDnsHostName(host: string): boolean {
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253 || isIP(name)) return false;
  let labelStart = 0;
  let allDigits = true;
  for (let i = 0; i <= name.length; i++) {
    const c = i < name.length ? name.charCodeAt(i) : DOT;
    if (c === DOT) {
      const length = i - labelStart;
      if (length === 0 || length > 63 || name.charCodeAt(labelStart) === DASH || name.charCodeAt(i - 1) === DASH) return false;
      labelStart = i + 1;
    } else if (isLowerAlnum(c)) {
      if (!isDigit(c)) allDigits = false;
    } else if (c !== DASH) return false;
  }
  return !allDigits; // `1.2.3` is a version, not a host
}

const DOT = 46;
const DASH = 45;
const COLON = 58;
const SLASH = 47;
const DOLLAR = 36;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isLowerAlnum(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 122);
}
function isLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
/** Characters a host-like word is made of; uppercase and `_` included so `MY_HOST` stays one word. */
function isWordChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === DOT || c === DASH || c === 95;
}
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}
function isSchemeChar(c: number): boolean {
  return isLetter(c) || isDigit(c) || c === 43 || c === DOT || c === DASH;
}

/** One piece of the expanded text: literal source text, or the value of one `$(NAME)`. */
interface Segment {
  readonly outStart: number;
  readonly outEnd: number;
  /** Offsets in the site's source: the literal text, or the whole `$(NAME)` reference. */
  readonly srcStart: number;
  readonly srcEnd: number;
  /** For an expansion: the variable and, when its value is written literally, that value's span. */
  readonly variable: { readonly name: string; readonly valueSpan: Span | null } | null;
}

/** The value after `$(NAME)` expansion, mapped back to the source. */
interface Expanded {
  readonly text: string;
  readonly segments: readonly Segment[];
  /** Start offsets (in `text`) of `$(NAME)` references left as written because NAME is undefined. */
  readonly undefinedAt: ReadonlyMap<number, string>;
}

/**
 * Expands `$(NAME)` as the kubelet does for env values, command and args
 * (k8s.io/kubernetes third_party/forked/golang/expansion): a defined NAME is replaced by its value,
 * `$$` is a literal `$`, and an undefined NAME is left as written.
 */
function expand(site: ValueSite): Expanded {
  const source = site.source;
  const env = site.env;
  if (!env || !source.includes('$')) return { text: source, segments: [{ outStart: 0, outEnd: source.length, srcStart: 0, srcEnd: source.length, variable: null }], undefinedAt: new Map() };
  const visible = visibleVariables(env, site.field === 'env' ? (site.envIndex ?? env.vars.length) : env.vars.length);
  const segments: Segment[] = [];
  const undefinedAt = new Map<number, string>();
  let text = '';
  let literalStart = 0;
  const flushLiteral = (end: number): void => {
    if (end > literalStart) {
      segments.push({ outStart: text.length, outEnd: text.length + end - literalStart, srcStart: literalStart, srcEnd: end, variable: null });
      text += source.slice(literalStart, end);
    }
  };
  for (let i = 0; i < source.length - 1; i++) {
    if (source.charCodeAt(i) !== DOLLAR) continue;
    const next = source.charCodeAt(i + 1);
    if (next === DOLLAR) {
      // `$$` → `$`: keep the first, drop the second.
      flushLiteral(i + 1);
      literalStart = i + 2;
      i++;
      continue;
    }
    if (next !== 40) continue;
    const close = source.indexOf(')', i + 2);
    if (close < 0) break;
    const name = source.slice(i + 2, close);
    const definition = visible.get(name);
    if (definition && definition.value !== null && text.length < MAX_EXPANSION) {
      flushLiteral(i);
      const value = definition.value;
      segments.push({ outStart: text.length, outEnd: text.length + value.length, srcStart: i, srcEnd: close + 1, variable: { name, valueSpan: definition.valueSpan } });
      text += value;
      literalStart = close + 1;
    } else if (!definition && !env.hasEnvFrom && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !SERVICE_LINK_VAR.test(name)) {
      undefinedAt.set(text.length + (i - literalStart), name);
    }
    i = close;
  }
  flushLiteral(source.length);
  return { text, segments, undefinedAt };
}

function visibleVariables(env: ContainerEnv, count: number): Map<string, ContainerEnv['vars'][number]> {
  const visible = new Map<string, ContainerEnv['vars'][number]>();
  for (let i = 0; i < count && i < env.vars.length; i++) visible.set(env.vars[i]!.name, env.vars[i]!);
  return visible;
}

class HostScanner {
  private readonly expanded: Expanded;
  private readonly text: string;
  private readonly tokens: HostToken[] = [];
  /** Start offsets (in the expanded text) already taken by a token. */
  private readonly taken = new Set<number>();
  private readonly kind: ValueKind;

  constructor(private readonly site: ValueSite) {
    this.expanded = expand(site);
    this.text = this.expanded.text;
    this.kind = valueKind(site, this.text);
  }

  scan(): HostToken[] {
    this.scanWords();
    if (this.kind !== 'free') this.scanFlags();
    if (this.kind === 'shell') this.scanShellAssignments();
    if (this.site.field === 'probe' || (this.site.label && (this.site.field === 'env' || this.site.field === 'configmap') && HOSTY_LABEL.test(this.site.label))) this.scanWholeValue();
    if (this.site.precedingArg && isHostyFlagWord(this.site.precedingArg)) this.scanList(this.firstNonQuote());
    return this.tokens.sort((a, b) => a.span.start - b.span.start);
  }

  /** URLs, `host:port` and `.svc` names: one pass over the maximal runs of word characters. */
  private scanWords(): void {
    const text = this.text;
    let i = 0;
    while (i < text.length && this.tokens.length < MAX_HOSTS_PER_VALUE) {
      if (!isWordChar(text.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
      this.classifyWord(start, i);
    }
  }

  private classifyWord(start: number, end: number): void {
    const text = this.text;
    const before = start > 0 ? text.charCodeAt(start - 1) : -1;
    const variableName = before === 40 && start > 1 && text.charCodeAt(start - 2) === DOLLAR && text.charCodeAt(end) === 41;
    if (variableName) {
      // `$(NAME)`: a host position makes an undefined NAME a problem; otherwise it is just a variable.
      const name = this.expanded.undefinedAt.get(start - 2);
      if (name !== undefined && (this.isUrlHostAt(start - 2) || this.portAt(end + 1) !== null)) this.addVariable(start - 2, end + 1, name, this.isUrlHostAt(start - 2) ? 'url' : 'host-port');
      return;
    }
    if (this.touchesVariable(start, end)) return;
    const word = text.slice(start, end);
    const port = this.portAt(end);
    if (this.isUrlHostAt(start)) {
      if (this.isUserInfo(end)) return;
      this.add(start, word.endsWith('.') && port === null ? word.slice(0, -1) : word, 'url', port);
    } else if (port !== null && before !== COLON && before !== SLASH && !PROTOCOL_WORDS.has(word.toLowerCase())) {
      this.add(start, word, 'host-port', port);
    } else if (hasSvcLabel(word)) {
      this.add(start, word, 'svc-name', null);
    }
  }

  /**
   * `$VAR`, `${VAR}`, `$(VAR)`, a template or a `<placeholder>` right before or after: the word is
   * part of a variable or of a value to fill in (`db.<your-namespace>.svc`).
   */
  private touchesVariable(start: number, end: number): boolean {
    const text = this.text;
    const before = start > 0 ? text.charCodeAt(start - 1) : -1;
    const after = end < text.length ? text.charCodeAt(end) : -1;
    if (before === DOLLAR || before === 125 || before === 41) return true;
    if ((before === 123 || before === 40) && start > 1 && text.charCodeAt(start - 2) === DOLLAR) return true;
    // Joined to a placeholder by a dot; XML text (`<host>db-0.db:8020</host>`) touches no dot.
    if ((before === 62 && text.charCodeAt(start) === DOT) || (after === 60 && text.charCodeAt(end - 1) === DOT)) return true;
    return after === DOLLAR || after === 123;
  }

  /** Does a URL host start at `start` (`scheme://host` or `scheme://user:pw@host`)? */
  private isUrlHostAt(start: number): boolean {
    const text = this.text;
    let at = start;
    if (at > 0 && text.charCodeAt(at - 1) === 64) {
      // Back over the user info to the `//`.
      let k = at - 2;
      const limit = Math.max(0, at - 1 - MAX_USERINFO);
      while (k >= limit) {
        const c = text.charCodeAt(k);
        if (c === SLASH || c === 64 || c === 34 || c === 39 || isSpace(c)) break;
        k--;
      }
      if (k < 0 || text.charCodeAt(k) !== SLASH) return false;
      at = k + 1;
    }
    if (at < 3 || text.charCodeAt(at - 1) !== SLASH || text.charCodeAt(at - 2) !== SLASH || text.charCodeAt(at - 3) !== COLON) return false;
    let k = at - 4;
    const limit = Math.max(0, at - 3 - MAX_SCHEME);
    while (k >= limit && isSchemeChar(text.charCodeAt(k))) k--;
    const schemeStart = k + 1;
    if (schemeStart >= at - 3 || !isLetter(text.charCodeAt(schemeStart))) return false;
    if (NOT_NETWORK_SCHEMES.has(text.slice(schemeStart, at - 3).toLowerCase())) return false;
    return k < 0 || !isWordChar(text.charCodeAt(k)); // a longer word is not a scheme
  }

  /** Is the word ending at `end` a URL's user info (`user@`, `user:password@`)? */
  private isUserInfo(end: number): boolean {
    const text = this.text;
    const limit = Math.min(text.length, end + MAX_USERINFO);
    for (let k = end; k < limit; k++) {
      const c = text.charCodeAt(k);
      if (c === 64) return true;
      if (c === SLASH || c === 34 || c === 39 || isSpace(c) || c === 63 || c === 35) return false;
    }
    return false;
  }

  /** The port of `:1234` at `colon` (not followed by more of a word: `1.2:3.4`, `12:30pm`), or null. */
  private portAt(colon: number): number | null {
    const text = this.text;
    if (text.charCodeAt(colon) !== COLON) return null;
    let k = colon + 1;
    while (k < text.length && k - colon <= 6 && isDigit(text.charCodeAt(k))) k++;
    const digits = k - colon - 1;
    if (digits < 1 || digits > 5 || (k < text.length && isWordChar(text.charCodeAt(k)))) return null;
    const port = Number(text.slice(colon + 1, k));
    return port >= 1 && port <= 65535 ? port : null;
  }

  /** Flags with a host-like name: `--name=value`, and in scripts `--name value`, `-h value`; values comma-separated. */
  private scanFlags(): void {
    const text = this.text;
    for (let i = 0; i < text.length && this.tokens.length < MAX_HOSTS_PER_VALUE; i++) {
      if (text.charCodeAt(i) !== DASH || !isFlagBoundary(i > 0 ? text.charCodeAt(i - 1) : -1)) continue;
      const flagStart = i;
      let nameStart = i + 1;
      if (text.charCodeAt(nameStart) === DASH) nameStart++;
      let nameEnd = nameStart;
      while (nameEnd < text.length && isWordChar(text.charCodeAt(nameEnd))) nameEnd++;
      const name = text.slice(nameStart, nameEnd);
      i = nameEnd - 1;
      if (name.length === 0 || !isHostyFlagName(name, nameStart - flagStart)) continue;
      const separator = text.charCodeAt(nameEnd);
      if (separator === 61) this.scanList(nameEnd + 1);
      else if ((separator === 32 || separator === 9) && this.kind === 'shell') {
        let valueStart = nameEnd;
        while (text.charCodeAt(valueStart) === 32 || text.charCodeAt(valueStart) === 9) valueStart++;
        if (text.charCodeAt(valueStart) !== DASH) this.scanList(valueStart);
      }
    }
  }

  /** `NAME=value`, `NAME='value'`, `NAME="a b"` in a shell script, for host-like names. */
  private scanShellAssignments(): void {
    const text = this.text;
    for (let i = text.indexOf('='); i > 0 && this.tokens.length < MAX_HOSTS_PER_VALUE; i = text.indexOf('=', i + 1)) {
      let k = i - 1;
      while (k >= 0 && (isLetter(text.charCodeAt(k)) || isDigit(text.charCodeAt(k)) || text.charCodeAt(k) === 95)) k--;
      const name = text.slice(k + 1, i);
      if (!name || !HOSTY_SHELL_VAR.test(name) || (k >= 0 && !isSpace(text.charCodeAt(k)) && !';(&|"\''.includes(text[k]!))) continue;
      const quote = text.charCodeAt(i + 1);
      if (quote === 34 || quote === 39) this.scanList(i + 2, String.fromCharCode(quote));
      else this.scanList(i + 1);
    }
  }

  /** The whole value of a host-like env var or key: one host, or a list of them. */
  private scanWholeValue(): void {
    const text = this.text;
    const start = this.firstNonQuote();
    const end = text.length - (start > 0 && text.endsWith(text[0]!) ? 1 : 0);
    for (let i = start; i < end; i++) if (text.charCodeAt(i) === 10 || '{}[]='.includes(text[i]!)) return; // structured, not a list
    this.scanList(start, null, end);
  }

  private firstNonQuote(): number {
    const first = this.text.charCodeAt(0);
    return first === 34 || first === 39 ? 1 : 0;
  }

  /**
   * Hosts listed from `start`: `a`, `a:1`, `a,b:2`, and with `separator` (inside quotes) also
   * space-separated. Stops at the first element that is not a host.
   */
  private scanList(start: number, quote: string | null = null, end = this.text.length): void {
    const text = this.text;
    let i = start;
    while (i < end && this.tokens.length < MAX_HOSTS_PER_VALUE) {
      let e = i;
      while (e < end && isWordChar(text.charCodeAt(e))) e++;
      const port = this.portAt(e);
      const after = port !== null ? this.afterPort(e) : e;
      const next = after < end ? text.charCodeAt(after) : -1;
      const listEnd = next === -1 || next === 44 || next === 59 || isSpace(next) || (quote !== null && text[after] === quote) || next === 34 || next === 39;
      if (e === i) {
        // `$(NAME)` left unexpanded in a host position.
        const name = this.expanded.undefinedAt.get(i);
        if (name === undefined) return;
        this.addVariable(i, i + name.length + 3, name, 'bare');
        i += name.length + 3;
      } else {
        if (!listEnd || this.touchesVariable(i, e)) return;
        this.add(i, text.slice(i, e), port !== null ? 'host-port' : 'bare', port);
        i = after;
      }
      // Next element: after a comma, or (inside quotes and whole values) after spaces.
      const c = i < end ? text.charCodeAt(i) : -1;
      if (c === 44 || c === 59) i++;
      else if (c === 32 && (quote !== null || end !== text.length || this.isWholeValueList())) while (i < end && text.charCodeAt(i) === 32) i++;
      else return;
    }
  }

  private isWholeValueList(): boolean {
    return this.site.field === 'env' || this.site.field === 'configmap' || this.site.field === 'probe';
  }

  private afterPort(colon: number): number {
    let k = colon + 1;
    while (isDigit(this.text.charCodeAt(k))) k++;
    return k;
  }

  private add(start: number, host: string, form: HostForm, port: number | null): void {
    if (this.tokens.length >= MAX_HOSTS_PER_VALUE || this.taken.has(start)) return;
    const clean = host.endsWith('.') ? host.slice(0, -1) : host;
    if (!isDnsHostName(host) || NEVER_CLUSTER.has(clean) || this.site.hostAliases.includes(clean)) return;
    const mapped = this.sourceSpan(start, start + host.length);
    if (!mapped) return;
    this.taken.add(start);
    this.tokens.push({ host, span: mapped.span, form, port, via: mapped.via, undefinedVariable: null });
  }

  private addVariable(start: number, end: number, name: string, form: HostForm): void {
    if (this.tokens.length >= MAX_HOSTS_PER_VALUE || this.taken.has(start)) return;
    const mapped = this.sourceSpan(start, end);
    if (!mapped) return;
    this.taken.add(start);
    const defined = this.site.env ? visibleVariables(this.site.env, this.site.field === 'env' ? (this.site.envIndex ?? this.site.env.vars.length) : this.site.env.vars.length) : new Map();
    this.tokens.push({ host: `$(${name})`, span: mapped.span, form, port: null, via: null, undefinedVariable: { name, suggestion: closestName(name, [...defined.keys()]), definedLater: this.site.env?.vars.some((v) => v.name === name) ?? false } });
  }

  /**
   * The span in the file of expanded text [start, end). A host that lies inside one variable's
   * literal value points at that value (where a fix belongs); otherwise at the source text, with
   * `$(NAME)` references taken whole.
   */
  private sourceSpan(start: number, end: number): { span: Span; via: string | null } | null {
    const base = this.site.span.start;
    const segments = this.expanded.segments;
    const first = segmentAt(segments, start);
    const last = segmentAt(segments, end - 1);
    if (!first || !last) return null;
    if (first === last && first.variable) {
      const via = `$(${first.variable.name}) in ${this.site.field}`;
      const valueSpan = first.variable.valueSpan;
      if (valueSpan) return { span: makeSpan(valueSpan.start + start - first.outStart, valueSpan.start + end - first.outStart), via };
      return { span: makeSpan(base + first.srcStart, base + first.srcEnd), via };
    }
    const from = first.variable ? first.srcStart : first.srcStart + start - first.outStart;
    const to = last.variable ? last.srcEnd : last.srcStart + end - last.outStart;
    return { span: makeSpan(base + from, base + to), via: first.variable || last.variable ? `$(…) in ${this.site.field}` : null };
  }
}

function segmentAt(segments: readonly Segment[], offset: number): Segment | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid]!;
    if (offset < s.outStart) hi = mid - 1;
    else if (offset >= s.outEnd) lo = mid + 1;
    else return s;
  }
  return undefined;
}

/** Is `word` a label right before a `.svc` label somewhere (`api.prod.svc`, `a.b.svc.cluster.local.`)? */
function hasSvcLabel(word: string): boolean {
  const at = word.indexOf('.svc');
  for (let i = at; i > 0; i = word.indexOf('.svc', i + 1)) {
    const after = word.charCodeAt(i + 4);
    if (Number.isNaN(after) || after === DOT) return true;
  }
  return false;
}

/** Shell scripts (args, command, `.sh` keys) get assignments; JSON, prose and config files only the strong forms. */
function valueKind(site: ValueSite, text: string): ValueKind {
  if (site.field === 'args' || site.field === 'command') return 'shell';
  if (site.field !== 'configmap') return 'text';
  const label = site.label ?? '';
  const inner = text.replace(/^[|>][-+0-9]*\s*|^["']/, '').trimStart();
  if (/\.(sh|bash)$/i.test(label) || inner.startsWith('#!')) return 'shell';
  if (/\.(json|md|txt|html?|tmpl|tpl)$/i.test(label) || inner.startsWith('{') || inner.startsWith('[') || text.includes('\n')) return 'free';
  return 'text';
}

/** A flag starts at a word's start, not inside a word (`multi-master` is no `-master` flag). */
function isFlagBoundary(c: number): boolean {
  return c === -1 || isSpace(c) || c === 34 || c === 39 || c === 91 || c === 40 || c === 44 || c === 61;
}

function isHostyFlagName(name: string, dashes: number): boolean {
  if (dashes === 1 && name === 'h') return true; // `mysql -h db`, `redis-cli -h cache`
  return HOSTY_FLAG.test(name);
}

/** A list item that is a host-like flag on its own (`--join`, `-h`): the next item is its value. */
function isHostyFlagWord(word: string): boolean {
  const m = /^["']?(--?)([A-Za-z0-9_.-]+)["']?$/.exec(word);
  return m !== null && isHostyFlagName(m[2]!, m[1]!.length);
}

/** The defined name nearest to a misspelt one (at most 2 edits), for "did you mean $(…)". */
function closestName(name: string, names: readonly string[]): string | null {
  let best: { name: string; distance: number } | null = null;
  for (const candidate of names) {
    const distance = editDistance(name, candidate, 2);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name ?? null;
}
