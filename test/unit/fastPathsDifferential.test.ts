// The CLI's fast paths (issue 13) against the simple implementation they replace, on the benchmark
// corpora (typical, and nearly every reference broken) and on generated workspaces built to hit the
// corners (a Service declared in several files, EndpointSlices that profiles read differently,
// ExternalName chains, pod names, SRV and PTR questions). The fast paths: a name is resolved once
// per catalog state (`Catalog.memo`), the other DNS profiles are asked only when the answer looked
// at the profile, suggestions are computed once per name and namespace, a Service's endpoints once
// per declaration, typo lookups compare a namespace's few names directly and are remembered, and a
// suggestion's candidates are only asked whether they answer (`queryAnswers`). The reference below is the code before them, kept here: every profile
// asked for every name, nothing remembered. Problems, suggestions, fixes, explanations, answers
// and the catalog facts each file read must be exactly the same.
import * as assert from 'node:assert/strict';
import { Catalog, analyzeFiles, checkFile, explainService, findHostTokens, resolveFqdn, searchCandidates, type CatalogFact, type DnsProfile, type FqdnResult, type Resolution } from '../../shared/src/index';
import * as resolveModule from '../../shared/src/dns/resolve';
import { memoLimits } from '../../shared/src/model/catalog';
import { editDistance, isTypoOf, NearNameIndex } from '../../shared/src/dns/nearNames';
import { DNS_PROFILES } from '../../shared/src/core/options';
import { generateCorpus, random, type CorpusKind } from '../bench/corpus';

type QueryOptions = Parameters<typeof resolveModule.resolveQuery>[2];

// ---------------------------------------------------------------------------------------------
// The reference: resolveQuery as it was before the fast paths (every profile, every time).

function labelCount(name: string, zone: string): number {
  if (name === zone) return 0;
  return (name.endsWith(`.${zone}`) ? name.slice(0, -zone.length - 1) : name).split('.').length;
}

function clusterShaped(catalog: Catalog, name: string, best: FqdnResult | null): boolean {
  if (best !== null && best.depth >= 3) return true;
  const last = name.slice(name.lastIndexOf('.') + 1);
  return last === 'svc' || last === 'pod' || catalog.namespaceExists(last);
}

function referenceWithProfile(catalog: Catalog, query: string, options: QueryOptions, profile: DnsProfile): { fqdn: string | null; result: FqdnResult } {
  const zone = catalog.options.clusterDomain;
  let best: { fqdn: string; result: FqdnResult; unmatched: number } | null = null;
  let nodataHit: { fqdn: string; result: FqdnResult } | null = null;
  let forwarded: { fqdn: string; result: FqdnResult } | null = null;
  const literal = query.toLowerCase().replace(/\.$/, '');
  for (const candidate of searchCandidates(query, options.fromNamespace, zone)) {
    const result = resolveFqdn(catalog, candidate, options.type, profile);
    if (result.status === 'answer') return { fqdn: candidate, result };
    if (result.status === 'forwarded') {
      forwarded ??= { fqdn: candidate, result };
      continue;
    }
    if (result.status === 'nodata' && !nodataHit) nodataHit = { fqdn: candidate, result };
    const unmatched = labelCount(candidate, zone) - result.depth;
    const better =
      !best ||
      unmatched < best.unmatched ||
      (unmatched === best.unmatched && (result.depth > best.result.depth || (result.depth === best.result.depth && candidate === literal)));
    if (better) best = { fqdn: candidate, result, unmatched };
  }
  if (nodataHit) return nodataHit;
  if (forwarded && forwarded.fqdn.includes('.') && !options.clusterOnly && !clusterShaped(catalog, literal, best?.result ?? null)) return forwarded;
  if (best) return { fqdn: best.fqdn, result: best.result };
  return { fqdn: forwarded?.fqdn ?? null, result: { status: 'nxdomain', answer: null, reason: `"${query}" matches nothing in cluster DNS.`, depth: 0 } };
}

const LABEL: Record<DnsProfile, string> = { coredns: 'CoreDNS', 'kube-dns': 'kube-dns', spec: 'the DNS spec' };

function referenceResolveQuery(catalog: Catalog, query: string, options: QueryOptions): Resolution {
  const type = options.type.toUpperCase();
  const reverse = type === 'PTR' ? reverseOf(query.replace(/\.$/, '')) : null;
  const asked = reverse ? `${reverse}.` : query;
  const profile = catalog.options.profile;
  const primary = referenceWithProfile(catalog, asked, options, profile);
  const notes: string[] = [];
  let portable = true;
  for (const other of DNS_PROFILES) {
    if (other === profile) continue;
    const alt = referenceWithProfile(catalog, asked, options, other);
    if ((alt.result.status === 'answer') !== (primary.result.status === 'answer')) {
      portable = false;
      notes.push(`${LABEL[other]}: ${alt.result.status.toUpperCase()}. ${alt.result.reason}`);
    }
  }
  return { query, type, fqdn: primary.fqdn, status: primary.result.status, answer: primary.result.answer, portable, notes, reason: primary.result.reason };
}

/**
 * Whether a name answers: the status of referenceResolveQuery, which only the configured profile
 * decides (the others only add portability notes), so only that profile is asked, and only the
 * facts that decide it are read.
 */
function referenceQueryAnswers(catalog: Catalog, query: string, options: QueryOptions): boolean {
  const reverse = options.type.toUpperCase() === 'PTR' ? reverseOf(query.replace(/\.$/, '')) : null;
  return referenceWithProfile(catalog, reverse ? `${reverse}.` : query, options, catalog.options.profile).result.status === 'answer';
}

/** The reverse name of an IPv4 address (the generated inputs ask PTR for IPv4 only). */
function reverseOf(ip: string): string | null {
  const parts = ip.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p)) ? `${[...parts].reverse().join('.')}.in-addr.arpa` : null;
}

/** The edit distance before the fast paths: the whole banded table, no shared prefix or suffix skipped. */
function referenceEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (a === b) return 0;
  const over = max + 1;
  let beforePrevious = new Array<number>(b.length + 1).fill(over);
  let previous = new Array<number>(b.length + 1).fill(over);
  for (let j = 0; j <= Math.min(b.length, max); j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const current = new Array<number>(b.length + 1).fill(over);
    current[0] = i <= max ? i : over;
    let rowMin = current[0]!;
    for (let j = Math.max(1, i - max); j <= Math.min(b.length, i + max); j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, beforePrevious[j - 2]! + 1);
      current[j] = Math.min(value, over);
      rowMin = Math.min(rowMin, current[j]!);
    }
    if (rowMin > max) return over;
    [beforePrevious, previous] = [previous, current];
  }
  return Math.min(previous[b.length]!, over);
}

/** The typo lookup before the fast paths: every name's deletion strings indexed, nothing remembered. */
class ReferenceNearNames {
  private readonly byDeletion = new Map<string, string[]>();
  private readonly unindexed: string[] = [];

  constructor(names: Iterable<string>) {
    let variants = 0;
    for (const name of names) {
      if (variants < 1_000_000 && name.length <= 63) {
        const deletions = deletionVariants(name);
        variants += deletions.size;
        for (const d of deletions) this.byDeletion.set(d, [...(this.byDeletion.get(d) ?? []), name]);
      } else this.unindexed.push(name);
    }
  }

  typosOf(word: string): string[] {
    const found = new Set<string>();
    const checked = new Set<string>();
    if (word.length <= 65)
      for (const d of deletionVariants(word))
        for (const name of this.byDeletion.get(d) ?? []) {
          if (checked.has(name)) continue;
          checked.add(name);
          if (isTypoOf(word, name)) found.add(name);
        }
    for (const name of this.unindexed.slice(0, 20_000)) if (isTypoOf(word, name)) found.add(name);
    return [...found];
  }
}

function deletionVariants(word: string): Set<string> {
  const variants = new Set<string>([word]);
  for (let i = 0; i < word.length; i++) {
    const one = word.slice(0, i) + word.slice(i + 1);
    variants.add(one);
    for (let j = i; j < one.length; j++) variants.add(one.slice(0, j) + one.slice(j + 1));
  }
  return variants;
}

const referenceIndexes = new WeakMap<object, ReferenceNearNames>();

/** Runs `fn` with the engine on the reference path: no memo, every profile, typos found the old way. */
function onReferencePath<T>(fn: () => T): T {
  const memo = Object.getOwnPropertyDescriptor(Catalog.prototype, 'memo')!;
  const typosOf = Object.getOwnPropertyDescriptor(NearNameIndex.prototype, 'typosOf')!;
  const shipped = resolveModule.resolveQuery;
  Object.defineProperty(Catalog.prototype, 'memo', { ...memo, value: (_key: string, compute: () => unknown) => compute() });
  Object.defineProperty(NearNameIndex.prototype, 'typosOf', {
    ...typosOf,
    value(this: NearNameIndex, word: string) {
      let reference = referenceIndexes.get(this);
      // The names as given (in order): the index keeps them in `names`.
      if (!reference) referenceIndexes.set(this, (reference = new ReferenceNearNames((this as unknown as { names: Set<string> }).names)));
      return reference.typosOf(word);
    },
  });
  const shippedAnswers = resolveModule.queryAnswers;
  Object.defineProperty(resolveModule, 'resolveQuery', { value: referenceResolveQuery, configurable: true, writable: true });
  Object.defineProperty(resolveModule, 'queryAnswers', { value: referenceQueryAnswers, configurable: true, writable: true });
  try {
    return fn();
  } finally {
    Object.defineProperty(Catalog.prototype, 'memo', memo);
    Object.defineProperty(NearNameIndex.prototype, 'typosOf', typosOf);
    Object.defineProperty(resolveModule, 'resolveQuery', { value: shipped, configurable: true, writable: true });
    Object.defineProperty(resolveModule, 'queryAnswers', { value: shippedAnswers, configurable: true, writable: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Generated workspaces that hit the corners.

function cornerWorkspace(seed: number): { path: string; text: string }[] {
  const rnd = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)]!;
  const namespaces = ['default', 'prod', 'data'];
  const names = ['api', 'db', 'cache', 'web', 'queue'];
  const hosts: string[] = [];
  const files: { path: string; text: string }[] = [{ path: 'ns.yaml', text: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: prod}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: data}\n' }];
  for (let i = 0; i < 14; i++) {
    const ns = pick(namespaces);
    const name = pick(names);
    // The same Service in two folders with other ports: answers depend on the file looked from.
    const folder = pick(['a', 'b', 'c/d']);
    const headless = rnd() < 0.5;
    const external = rnd() < 0.15;
    const spec = external
      ? `  type: ExternalName\n  externalName: ${pick([`${pick(names)}.${pick(namespaces)}.svc.cluster.local`, 'example.com', '10.0.0.9', `${name}.${ns}.svc.cluster.local`])}\n`
      : `${headless ? '  clusterIP: None\n' : `  clusterIP: 10.96.${i}.1\n`}  selector: {app: ${name}}\n  ports:\n    - {name: ${pick(['http', 'pg', 'grpc'])}, port: ${pick([80, 5432, 9090])}, targetPort: ${pick(['http', 8080, 5432])}}\n`;
    let text = `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`;
    if (rnd() < 0.4) {
      const replicas = 1 + Math.floor(rnd() * 3);
      text += `---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  serviceName: ${pick([name, `${name}-hl`])}\n  replicas: ${replicas}\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: ${name}-main\n          ports: [{name: http, containerPort: 8080}]\n          env:\n`;
      for (let k = 0; k < 4; k++) text += `            - {name: H${k}, value: "HOSTS"}\n`;
      hosts.push(`${name}-${Math.floor(rnd() * 4)}.${name}.${ns}`);
    } else if (rnd() < 0.5) {
      text += `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: ${name}-ui\n          ports: [{containerPort: 8080}]\n          env:\n            - {name: A, value: "HOSTS"}\n            - {name: B, value: "HOSTS"}\n`;
    }
    if (rnd() < 0.35) {
      // An EndpointSlice, mirrored from v1 Endpoints or not: CoreDNS and kube-dns read different ones.
      const mirrored = rnd() < 0.5;
      text += `---\napiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: ${name}-x${i}\n  namespace: ${ns}\n  labels:\n    kubernetes.io/service-name: ${name}\n${mirrored ? '    endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io\n' : ''}addressType: IPv4\nports: [{name: http, port: 8080}]\nendpoints:\n  - addresses: [10.1.${i}.5]\n    hostname: ${pick(['h0', 'h1', name])}\n  - addresses: [10.1.${i}.6]\n`;
      hosts.push(`h0.${name}.${ns}.svc.cluster.local`, `10-1-${i}-6.${name}.${ns}.svc`);
    }
    if (rnd() < 0.3) text += `---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: cfg${i}, namespace: ${ns}}\ndata:\n  UPSTREAM_HOST: HOSTS\n  url: "http://HOSTS:8080/x"\n`;
    files.push({ path: `${folder}/f${i}.yaml`, text });
    hosts.push(name, `${name}.${ns}`, `${name}x.${ns}.svc`, `${name}.${pick(namespaces)}.svc.cluster.local`, `_http._tcp.${name}.${ns}`, `${name}.prdo`, `${name.slice(1)}`, `${name}-main`, `${name}.svc.cluster.internal`);
  }
  hosts.push('kubernetes.default', 'kube-dns.kube-system.svc', '10-0-0-1.prod.pod.cluster.local', 'nope.data', 'example.com');
  return files.map((f) => ({ path: f.path, text: f.text.replace(/HOSTS/g, () => pick(hosts)) }));
}

// ---------------------------------------------------------------------------------------------

/** Every result a check run shows, with the facts each file read (what the server's cache keys on). */
function everything(files: readonly { path: string; text: string }[], profile: DnsProfile): unknown {
  const catalog = analyzeFiles(files, { profile });
  const perFile = files.map((f) => {
    const facts = new Set<CatalogFact>();
    const problems = catalog.observeReads(facts, () => checkFile(catalog, f.path));
    return { path: f.path, problems, facts: [...facts].sort() };
  });
  const explanations = catalog.services().map((svc) => explainService(catalog, svc));
  // Direct questions: every host found, from every namespace, as A, SRV, AAAA and PTR.
  const questions: Resolution[] = [];
  const hosts = new Set<string>();
  for (const model of catalog.files.values()) for (const site of model.valueSites) for (const token of findHostTokens(site)) hosts.add(token.host);
  for (const host of [...hosts].slice(0, 300))
    for (const ns of ['default', 'prod', 'data'])
      for (const type of ['A', 'SRV', 'AAAA']) questions.push(resolveModule.resolveQuery(catalog, host, { fromNamespace: ns, type }));
  for (const ip of ['10.96.1.1', '10.1.3.5', '10.0.0.9']) questions.push(resolveModule.resolveQuery(catalog, ip, { fromNamespace: 'default', type: 'PTR' }));
  return { perFile, explanations, questions };
}

function assertSame(files: readonly { path: string; text: string }[], profile: DnsProfile, what: string): void {
  const fast = everything(files, profile);
  const reference = onReferencePath(() => everything(files, profile));
  assert.deepStrictEqual(fast, reference, `${what} (${profile}): the fast paths answer differently`);
}

suite('fast paths are exact (issue 13): memoized resolution, profile comparison, suggestions', () => {
  for (const kind of ['typical', 'broken'] as CorpusKind[]) {
    test(`the ${kind} benchmark corpus, 800 documents, every profile`, function () {
      this.timeout(600_000);
      const corpus = generateCorpus(800, undefined, kind);
      // The corpus must exercise what it claims: broken hosts with suggestions.
      const catalog = analyzeFiles(corpus.files);
      const problems = [...catalog.files.keys()].flatMap((p) => checkFile(catalog, p));
      const hostProblems = problems.filter((p) => p.code.endsWith('-host'));
      assert.ok(hostProblems.length > (kind === 'broken' ? 500 : 50), `${kind}: only ${hostProblems.length} host problems`);
      assert.ok(hostProblems.some((p) => p.fixes?.length), `${kind}: no suggestion offered`);
      for (const profile of DNS_PROFILES) assertSame(corpus.files, profile, `${kind} corpus`);
    });
  }

  test('generated corner workspaces (duplicates across folders, EndpointSlices, ExternalName, SRV, PTR)', function () {
    this.timeout(600_000);
    let notPortable = 0;
    for (let seed = 1; seed <= 24; seed++) {
      const files = cornerWorkspace(seed);
      for (const profile of DNS_PROFILES) assertSame(files, profile, `corner workspace ${seed}`);
      const catalog = analyzeFiles(files);
      notPortable += [...catalog.files.keys()].flatMap((p) => checkFile(catalog, p)).filter((p) => p.code === 'non-portable-host').length;
    }
    // The profile comparison must have had something to find.
    assert.ok(notPortable > 0, 'no generated host answers differently between profiles');
  });

  test('memo generations: evicting after every few results changes nothing (the broken corpus and corner workspaces)', function () {
    this.timeout(600_000);
    const saved = memoLimits.generation;
    try {
      for (const generation of [7, 60]) {
        memoLimits.generation = generation;
        assertSame(generateCorpus(300, undefined, 'broken').files, 'coredns', `broken corpus, memo generations of ${generation}`);
        for (let seed = 1; seed <= 12; seed++) assertSame(cornerWorkspace(seed), 'coredns', `corner workspace ${seed}, memo generations of ${generation}`);
      }
    } finally {
      memoLimits.generation = saved;
    }
  });

  test('a memoized answer is reused only from the perspective it was computed for', () => {
    // db is headless with no pods in a/ (NXDOMAIN) and a ClusterIP Service in b/ (answers).
    const svc = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec:\n${spec}  selector: {app: db}\n  ports: [{port: 5432}]\n`;
    const client = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  DB_HOST: "db"\n';
    const files = [
      { path: 'a/svc.yaml', text: svc('  clusterIP: None\n') },
      { path: 'a/client.yaml', text: client },
      { path: 'b/svc.yaml', text: svc('') },
      { path: 'b/client.yaml', text: client },
    ];
    for (const order of [['a', 'b'], ['b', 'a']]) {
      const catalog = analyzeFiles(files);
      const codes = new Map(order.map((dir) => [dir, checkFile(catalog, `${dir}/client.yaml`).map((p) => p.code)]));
      assert.ok(codes.get('a')!.includes('unresolved-host'), `a/ (checked ${order.join(' then ')}): ${codes.get('a')!.join(', ')}`);
      assert.ok(!codes.get('b')!.includes('unresolved-host'), `b/ (checked ${order.join(' then ')}): ${codes.get('b')!.join(', ')}`);
    }
    assertSame(files, 'coredns', 'perspective');
  });

  test('edit distance: skipping the shared prefix and suffix changes no distance (every pair of short words, and long ones)', () => {
    const alphabet = 'ab.';
    const words = [''];
    for (let length = 1; length <= 5; length++) for (const w of words.filter((x) => x.length === length - 1)) for (const c of alphabet) words.push(w + c);
    let compared = 0;
    for (const a of words)
      for (const b of words)
        for (const max of [1, 2, 3, 64]) {
          const expected = referenceEditDistance(a, b, max);
          if (editDistance(a, b, max) !== expected) assert.fail(`editDistance(${a}, ${b}, ${max}) = ${editDistance(a, b, max)}, expected ${expected}`);
          compared++;
        }
    // Host names and their suggestion candidates: long shared labels around one that differs.
    const rnd = random(11);
    const label = (): string => Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => 'abcde-'[Math.floor(rnd() * 6)]).join('');
    for (let k = 0; k < 3000; k++) {
      const labels = Array.from({ length: 1 + Math.floor(rnd() * 5) }, label);
      const other = [...labels];
      other[Math.floor(rnd() * other.length)] = label();
      const [a, b] = [labels.join('.'), other.join('.')];
      for (const max of [2, 64]) assert.equal(editDistance(a, b, max), referenceEditDistance(a, b, max), `${a} / ${b} (max ${max})`);
    }
    assert.ok(compared > 100_000);
  });

  test('typo lookups: compared one by one or through the deletion index, the same names in the same order', () => {
    const rnd = random(7);
    const letters = 'abcdeklmnoprst-0123';
    const word = (n: number): string => Array.from({ length: n }, () => letters[Math.floor(rnd() * letters.length)]).join('').replace(/^-|-$/g, 'x');
    const mutate = (w: string): string => {
      const at = Math.floor(rnd() * w.length);
      const c = letters[Math.floor(rnd() * letters.length)]!;
      const edits = [w.slice(0, at) + c + w.slice(at + 1), w.slice(0, at) + w.slice(at + 1), w.slice(0, at) + c + w.slice(at), w.slice(0, at) + (w[at + 1] ?? '') + (w[at] ?? '') + w.slice(at + 2)];
      return edits[Math.floor(rnd() * edits.length)]!;
    };
    let several = 0;
    // 40 names: compared one by one; 400: the deletion index. Families of near names (api-1, api-2…) find several at once.
    for (const count of [3, 40, 128, 129, 400]) {
      const names: string[] = [];
      while (names.length < count) {
        const base = word(3 + Math.floor(rnd() * 12));
        names.push(base);
        for (let k = 0; k < 3 && names.length < count; k++) names.push(rnd() < 0.5 ? `${base}-${k}` : mutate(base));
      }
      names.push('x'.repeat(70)); // longer than a DNS label: never indexed
      const fast = new NearNameIndex(names);
      const reference = new ReferenceNearNames(names);
      for (let q = 0; q < 600; q++) {
        const w = q % 3 === 0 ? word(2 + Math.floor(rnd() * 14)) : mutate(mutate(names[Math.floor(rnd() * names.length)]!));
        const expected = reference.typosOf(w);
        assert.deepStrictEqual(fast.typosOf(w), expected, `${count} names, word ${w}`);
        assert.deepStrictEqual(fast.typosOf(w), expected, `${count} names, word ${w}, remembered`);
        if (expected.length > 1) several++;
      }
    }
    assert.ok(several > 20, `only ${several} lookups found several names: the order was hardly tested`);
  });
});
