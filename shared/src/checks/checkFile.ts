// The problems of one file against the whole workspace: the file's own problems plus the checks
// that need other files (governing Services, selectors, host names). The server pulls these per
// file; the CLI runs them for every file.
import { analyzeHostReferences, type HostReference } from '../dns/hostReferences';
import { profileLabel, serviceFqdn } from '../dns/resolve';
import { editDistance } from '../dns/nearNames';
import type { ObjectRef, ServiceDecl, WorkloadDecl } from '../kube/types';
import { selectsWorkload } from '../kube/controllerLabels';
import type { Catalog } from '../model/catalog';
import { chartNote, chartOf } from './helmChart';
import { addClusterIpNoneFix, createHeadlessServiceFix, replaceFix, separateHeadlessServiceFix } from './fixes';
import type { Fix, Problem, ProblemCode, RelatedLocation, Severity } from '../core/problem';
import { defaultSeverity } from '../core/problem';
import { applySuppressions } from './suppression';
import { timeBudgetMessage, type TimeBudget } from '../core/timeBudget';

/** `budget` (the server's): past it, the checks not done yet are left out with one note. */
export function checkFile(catalog: Catalog, path: string, budget?: TimeBudget): Problem[] {
  return catalog.from(path, () => checkFileFrom(catalog, path, budget));
}

function checkFileFrom(catalog: Catalog, path: string, budget: TimeBudget | undefined): Problem[] {
  const file = catalog.files.get(path);
  if (!file) return [];
  // A chart's template documents are summed up in one note on its Chart.yaml.
  const inChart = file.problems.some((p) => p.code === 'helm-template-skipped') && chartOf(catalog, path) !== null;
  const problems: Problem[] = inChart ? file.problems.filter((p) => p.code !== 'helm-template-skipped') : [...file.problems];
  const chart = chartNote(catalog, path);
  if (chart) problems.push(chart);
  const report = (code: ProblemCode, span: Problem['span'], message: string, extra: { related?: RelatedLocation[]; fixes?: Fix[] } = {}): void => {
    const fixes = extra.fixes?.map((fix) => namingOtherFiles(fix, path));
    problems.push({ code, severity: defaultSeverity(code), path, span, message, ...extra, ...(fixes ? { fixes } : {}) });
  };
  /** True (after one note at `span`) once the budget is spent: the checks not done yet are left out. */
  let stopped = false;
  const outOfTime = (span: Problem['span']): boolean => {
    if (!stopped && budget?.expired()) {
      stopped = true;
      report('file-skipped', span, timeBudgetMessage(budget, 'check'));
    }
    return stopped;
  };
  for (const svc of file.services) {
    if (outOfTime(svc.ref.nameSpan)) break;
    checkService(catalog, svc, report);
    checkDuplicate(catalog.serviceDeclarations(svc.ref.namespace, svc.ref.name), svc, serviceFacts, report);
  }
  for (const workload of file.workloads) {
    if (outOfTime(workload.ref.nameSpan)) break;
    checkWorkload(catalog, workload, report);
    checkDuplicate(catalog.workloadDeclarations(workload), workload, workloadFacts, report);
  }
  // A host expanded from `$(NAME)` points at the env value that defines it, which its own site may report too.
  const reportedHosts = new Set<string>();
  for (const site of file.valueSites) {
    if (outOfTime(site.span)) break;
    for (const reference of analyzeHostReferences(catalog, site)) {
      const at = `${reference.token.span.start}:${reference.token.span.end}`;
      if (reportedHosts.has(at)) continue;
      reportedHosts.add(at);
      checkHostReference(catalog, reference, report);
    }
  }
  // Suppression comments and annotations apply first, so the cap counts only what is reported.
  return capProblems(applySuppressions(file, problems.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end)), path);
}

/** More problems than this in one file are left out with one note: no reader goes further, and a
 * hostile file could otherwise produce hundreds of megabytes of output. */
export const MAX_PROBLEMS_PER_FILE = 1000;

function capProblems(problems: Problem[], path: string): Problem[] {
  if (problems.length <= MAX_PROBLEMS_PER_FILE) return problems;
  const leftOut = problems.length - MAX_PROBLEMS_PER_FILE;
  const at = problems[MAX_PROBLEMS_PER_FILE]!.span;
  const kept = problems.slice(0, MAX_PROBLEMS_PER_FILE);
  kept.push({
    code: 'too-many-problems',
    severity: defaultSeverity('too-many-problems'),
    path,
    span: at,
    message: `${leftOut.toLocaleString('en-US')} more problem${leftOut === 1 ? '' : 's'} in this file ${leftOut === 1 ? 'is' : 'are'} not shown: at most ${MAX_PROBLEMS_PER_FILE.toLocaleString('en-US')} are reported per file; fix the ones above, or split the file.`,
  });
  return kept;
}

type Report = (code: ProblemCode, span: Problem['span'], message: string, extra?: { related?: RelatedLocation[]; fixes?: Fix[] }) => void;

function checkService(catalog: Catalog, svc: ServiceDecl, report: Report): void {
  if (svc.rejectedBecause) return;
  const id = `${svc.ref.namespace}/${svc.ref.name}`;
  if (svc.type?.value === 'ExternalName') {
    const target = svc.externalName;
    if (target && /^\d+\.\d+\.\d+\.\d+$/.test(target.value))
      report('external-name-is-ip', target.span, `externalName ${target.value} is an IP address: the API accepts it, but CoreDNS publishes no record for it, so ${serviceFqdn(catalog, svc)} is NXDOMAIN; use a selector-less Service with an EndpointSlice instead.`);
    return;
  }
  if (!svc.selector) return;
  const selected = catalog.selectedWorkloads(svc);
  if (selected.length === 0 && catalog.slicesFor(svc.ref.namespace, svc.ref.name).length === 0) {
    const selector = Object.entries(svc.selector.value).map(([k, v]) => `${k}=${v}`).join(',');
    const near = nearestWorkload(catalog, svc);
    const elsewhere = podsMadeElsewhere(catalog, svc.ref.namespace);
    if (elsewhere) {
      report(
        'service-pods-not-in-manifests',
        svc.selector.span,
        `Service ${id} selects ${selector}; no pod template in these manifests has these labels, and ${elsewhere}, so its pods are probably defined elsewhere${near ? ` (closest here: ${near})` : ''}.`,
      );
      return;
    }
    report(
      'service-selects-nothing',
      svc.selector.span,
      `Service ${id} selects ${selector}, but no pod template in namespace ${namespaceText(svc.ref)} has these labels, so it has no endpoints${svc.headless ? ' and its name is NXDOMAIN' : ' (its VIP resolves but connections fail)'}${near ? `; closest: ${near}` : ''}.`,
    );
    return;
  }
  for (const port of svc.ports) {
    if (typeof port.targetPort !== 'string' || !port.targetPortSpan) continue;
    const missing = selected.filter((w) => !w.containerPorts.some((c) => c.name === port.targetPort && c.protocol === port.protocol));
    if (missing.length === 0) continue;
    report(
      'target-port-not-declared',
      port.targetPortSpan,
      `targetPort "${port.targetPort}" (${port.protocol}) is not a container port name in ${missing.map((w) => `${w.ref.kind} ${w.ref.name}`).join(', ')}, so those pods are left out of this port's endpoints and SRV records; name the container port or use a number.`,
      { related: missing.map((w) => ({ path: w.ref.path, span: w.ref.nameSpan, message: `${w.ref.kind} ${w.ref.name} declares ports: ${w.containerPorts.map((c) => c.name ?? String(c.containerPort)).join(', ') || 'none'}` })) },
    );
  }
}

function folderOf(path: string): string {
  return path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
}

/** A fix that edits files other than the one with the problem says which, in its title. */
function namingOtherFiles(fix: Fix, path: string): Fix {
  const others = [...new Set(fix.edits.map((e) => e.path).filter((p) => p !== path))];
  return others.length ? { ...fix, title: `${fix.title} (in ${others.map((p) => shortPath(p, path)).join(', ')})`, titleWithoutFiles: fix.title } : fix;
}

/** `other` relative to the folder it shares with `from`, as a reader finds it. */
function shortPath(other: string, from: string): string {
  const a = other.split('/');
  const b = from.split('/');
  let shared = 0;
  while (shared < a.length - 1 && shared < b.length - 1 && a[shared] === b[shared]) shared++;
  return a.slice(shared).join('/');
}

/** What DNS answers for a Service depend on, field by field. */
function serviceFacts(svc: ServiceDecl): Record<string, string> {
  return {
    type: svc.type?.value ?? 'ClusterIP',
    clusterIP: svc.headless ? 'None' : svc.clusterIPs.join(','),
    externalName: svc.externalName?.value ?? '',
    selector: labelsText(svc.selector?.value ?? {}),
    ports: svc.ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}->${p.targetPort}`).join(','),
    ipFamilies: svc.ipFamilies.join(','),
    publishNotReadyAddresses: String(svc.publishNotReadyAddresses),
  };
}

/** What DNS answers for a workload's pods depend on: how many, their labels, names and ports. */
function workloadFacts(workload: WorkloadDecl): Record<string, string> {
  return {
    replicas: workload.replicas === null ? '' : String(workload.replicas),
    'pod labels': labelsText(workload.podLabels),
    serviceName: workload.serviceName?.value ?? '',
    hostname: workload.hostname?.value ?? '',
    subdomain: workload.subdomain?.value ?? '',
    'ordinals.start': String(workload.ordinalsStart),
    ports: workload.containerPorts.map((p) => `${p.name ?? ''}:${p.containerPort}/${p.protocol}`).sort().join(','),
  };
}

function labelsText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).sort().join(',');
}

/**
 * An object declared in several files that disagree on what DNS depends on: one problem, on its
 * first declaration, listing every other location and what it says there.
 */
function checkDuplicate<T extends { readonly ref: ObjectRef }>(declarations: readonly T[], self: T, facts: (declaration: T) => Record<string, string>, report: Report): void {
  if (declarations.length < 2 || declarations[0] !== self) return;
  // Sibling files of one folder are variants the author keeps on purpose (bookinfo.yaml beside
  // bookinfo-dualstack.yaml); declarations in different folders collide when both are applied.
  if (new Set(declarations.map((d) => folderOf(d.ref.path))).size < 2) return;
  // Objects that name no namespace land where kubectl -n puts them: variants may never meet.
  if (declarations.some((d) => d.ref.namespaceOrigin === 'default')) return;
  const mine = facts(self);
  const differing = new Set<string>();
  for (const other of declarations) {
    if (other === self) continue;
    const theirs = facts(other);
    for (const field of Object.keys(mine)) if (mine[field] !== theirs[field]) differing.add(field);
  }
  if (differing.size === 0) return;
  const { kind, namespace, name } = self.ref;
  const says = (d: T) => Object.entries(facts(d)).filter(([f]) => differing.has(f)).map(([f, v]) => `${f} ${v || 'unset'}`).join('; ');
  report(
    'duplicate-object',
    self.ref.nameSpan,
    `${kind} ${namespace}/${name} is declared in ${declarations.length} files that differ in ${[...differing].join(', ')}; applied together, the last one wins. Here each name resolves to the declaration nearest to the file that uses it.`,
    { related: declarations.filter((d) => d !== self).map((d) => ({ path: d.ref.path, span: d.ref.nameSpan, message: `also declared here (${says(d)})` })) },
  );
}

/** The object's namespace for messages, marked when it was only the assumed default. */
function namespaceText(ref: ObjectRef): string {
  return ref.namespaceOrigin === 'default' ? `${ref.namespace} (assumed: the manifest names none)` : ref.namespace;
}

/**
 * Namespaces where the cluster or its provider runs its own add-ons (cluster DNS, metrics, the
 * network plugin and its relays, cloud agents): a repository that puts something there shows only
 * its own part. `kube-system` everywhere; on GKE, the `gke-managed-*` namespaces, which GKE creates
 * and fills (Dataplane V2 observability's hubble-relay, for one).
 */
function platformNamespaceNote(namespace: string): string | null {
  if (namespace === 'kube-system') return 'kube-system holds the cluster\'s own add-ons (DNS, metrics, the network plugin), which manifests do not declare';
  if (namespace.startsWith('gke-managed-')) return `${namespace} is a namespace GKE manages and fills with its own add-ons, which manifests do not declare`;
  return null;
}

/** Why the pods of a namespace may come from outside the workspace, or null when it shows them all. */
function podsMadeElsewhere(catalog: Catalog, namespace: string): string | null {
  const platform = platformNamespaceNote(namespace);
  if (platform) return platform;
  if (catalog.namespaceIsOpen(namespace))
    return `namespace ${namespace} holds custom resources or unrendered templates (an operator or a chart may create these pods)`;
  if (catalog.workloadsIn(namespace).length === 0) return `namespace ${namespace} holds no pod template in these manifests`;
  return null;
}

/** "Deployment api has app=api-server" for the workload whose labels differ least from the selector. */
function nearestWorkload(catalog: Catalog, svc: ServiceDecl): string | null {
  let best: { text: string; score: number } | null = null;
  for (const w of catalog.workloadsNear(svc.ref.namespace, svc.selector!.value)) {
    let score = 0;
    for (const [k, v] of Object.entries(svc.selector!.value)) {
      const actual = w.podLabels[k];
      score += actual === v ? 0 : actual === undefined ? 10 : Math.min(editDistance(actual, v, 5), 5);
    }
    const labels = Object.entries(w.podLabels).map(([k, v]) => `${k}=${v}`).join(',') || 'no labels';
    if (score <= 5 && (!best || score < best.score)) best = { text: `${w.ref.kind} ${w.ref.name} has ${labels}`, score };
  }
  return best?.text ?? null;
}

function checkWorkload(catalog: Catalog, workload: WorkloadDecl, report: Report): void {
  if (workload.rejectedBecause) return;
  const ns = workload.ref.namespace;
  const file = catalog.files.get(workload.ref.path);
  if (workload.ref.kind === 'StatefulSet') {
    const serviceName = workload.serviceName;
    if (!serviceName) return;
    const svc = catalog.service(ns, serviceName.value);
    const firstPod = workload.pods[0]?.podName ?? `${workload.ref.name}-0`;
    if (!svc) {
      const text = file?.text ?? '';
      const namespaceWritten = /\n\s*namespace:/.test(text.slice(workload.ref.span.start, workload.ref.span.end));
      const fix = createHeadlessServiceFix(workload, serviceName.value, text, namespaceWritten);
      const elsewhere = catalog.servicesNamed(serviceName.value).map((s) => s.ref.namespace);
      report(
        'statefulset-service-missing',
        serviceName.span,
        `StatefulSet ${workload.ref.name} names serviceName "${serviceName.value}", but there is no Service ${serviceName.value} in namespace ${namespaceText(workload.ref)}${elsewhere.length ? ` (there is one in ${elsewhere.join(', ')}; a StatefulSet's governing Service must be in its own namespace)` : ''}, so ${firstPod}.${serviceName.value}.${ns}.svc.${catalog.options.clusterDomain} will not resolve; create a headless Service named ${serviceName.value}.`,
        { fixes: fix ? [fix] : [] },
      );
      return;
    }
    checkGoverningService(catalog, workload, svc, serviceName.span, 'statefulset-service-not-headless', `StatefulSet ${workload.ref.name}'s serviceName`, firstPod, report);
    return;
  }
  const subdomain = workload.subdomain;
  if (!subdomain) return;
  const svc = catalog.service(ns, subdomain.value);
  const hostLabel = workload.pods.find((p) => p.hostname)?.hostname ?? null;
  if (!svc) {
    report(
      'subdomain-service-missing',
      subdomain.span,
      `subdomain "${subdomain.value}" names no Service in namespace ${namespaceText(workload.ref)}, so ${hostLabel ? `${hostLabel}.${subdomain.value}.${ns}.svc.${catalog.options.clusterDomain} will not resolve` : 'these pods get no per-pod DNS name'}; create a headless Service named ${subdomain.value} that selects them.`,
    );
    return;
  }
  if (!hostLabel) return;
  checkGoverningService(catalog, workload, svc, subdomain.span, 'subdomain-service-not-headless', `The pod subdomain of ${workload.ref.kind} ${workload.ref.name}`, hostLabel, report);
}

function checkGoverningService(
  catalog: Catalog,
  workload: WorkloadDecl,
  svc: ServiceDecl,
  span: Problem['span'],
  notHeadlessCode: ProblemCode,
  subject: string,
  podLabel: string,
  report: Report,
): void {
  const id = `${svc.ref.namespace}/${svc.ref.name}`;
  const related: RelatedLocation[] = [{ path: svc.ref.path, span: svc.ref.nameSpan, message: `Service ${id}` }];
  const podName = `${podLabel}.${serviceFqdn(catalog, svc)}`;
  const type = svc.type?.value ?? 'ClusterIP';
  if (type === 'ExternalName') {
    report(notHeadlessCode, span, `${subject} names ${id}, an ExternalName Service, under which no names exist, so ${podName} is NXDOMAIN; point it at a headless Service (clusterIP: None) that selects the pods.`, { related });
    return;
  }
  if (!svc.headless) {
    const svcText = catalog.files.get(svc.ref.path)?.text ?? '';
    const fixes: Fix[] = [];
    // A headless Service that already selects these pods is the simplest cure: point at it.
    const headless = catalog.servicesSelecting(workload).find((other) => other.headless && other !== svc && !other.rejectedBecause);
    if (headless) fixes.push(replaceFix(`Use ${headless.ref.name} (headless, already selects these pods)`, workload.ref.path, span, headless.ref.name));
    const fix = type === 'ClusterIP' ? addClusterIpNoneFix(svc, svcText) : separateHeadlessServiceFix(svc, svcText, workload);
    if (fix) fixes.push(headless ? { ...fix, preferred: false } : fix);
    const where = svc.clusterIP ? { path: svc.ref.path, span: svc.clusterIP.span, message: `clusterIP: ${svc.clusterIP.value}` } : null;
    const podAnswer =
      catalog.options.profile === 'coredns'
        ? `${podName} resolves on CoreDNS only (kube-dns: NXDOMAIN; the spec does not promise it)`
        : `${podName} does not resolve on ${profileLabel(catalog.options.profile)} (only CoreDNS answers it)`;
    // Action first: the Problems panel shows only the start of a message.
    report(
      notHeadlessCode,
      span,
      `${subject} names ${id}, a ${type} Service, not headless: ${headless ? `use ${headless.ref.name}, a headless Service that already selects these pods, or ` : ''}${type === 'ClusterIP' ? 'add clusterIP: None' : `point it at a separate headless Service (a ${type} cannot be headless)`}, or ${podAnswer} and the Service name returns one VIP instead of the pod IPs.`,
      { related: where ? [...related, where] : related, fixes },
    );
  }
  if (!svc.selector || !selectsWorkload(svc.selector.value, workload)) {
    const selector = svc.selector ? Object.entries(svc.selector.value).map(([k, v]) => `${k}=${v}`).join(',') : 'nothing (no selector)';
    report(
      'governing-service-not-selecting',
      span,
      `${subject} names ${id}, but its selector ${selector} does not match the pod labels ${Object.entries(workload.podLabels).map(([k, v]) => `${k}=${v}`).join(',') || '(none)'}, so the pods get no endpoints there and ${podName} will not resolve.`,
      { related: svc.selector ? [{ path: svc.ref.path, span: svc.selector.span, message: 'the Service selector' }] : related },
    );
  }
}

function checkHostReference(catalog: Catalog, reference: HostReference, report: Report): void {
  const { token, resolution } = reference;
  const site = reference.site;
  if (reference.domainMismatch) {
    const mismatch = reference.domainMismatch;
    report(
      'cluster-domain-mismatch',
      mismatch.span,
      `"${mismatch.written}" is hard-coded as the cluster domain, but the cluster domain is ${catalog.options.clusterDomain}; names under ${mismatch.written} are forwarded upstream and fail. Use ${catalog.options.clusterDomain}, or drop the domain (the search path adds it).`,
      { fixes: [replaceFix(`Use cluster domain ${catalog.options.clusterDomain}`, site.path, mismatch.span, catalog.options.clusterDomain)] },
    );
    return;
  }
  const from = `from namespace ${site.namespace}`;
  const via = token.via ? ` (used as a host through ${token.via})` : '';
  const elsewhere =
    resolution.status === 'nxdomain' && !reference.suggestion && !token.undefinedVariable && site.resolver === 'cluster' ? notInManifests(catalog, reference) : null;
  if (elsewhere) {
    report('host-not-in-manifests', token.span, `${token.host} is not declared in these manifests: ${elsewhere}, so it resolves ${from} only if the cluster has it.`);
    return;
  }
  if (resolution.status !== 'answer') {
    const fixes = reference.suggestion ? [replaceFix(`Replace with ${reference.suggestion}`, site.path, token.span, reference.suggestion)] : [];
    const subject = token.undefinedVariable ? `${token.host} is not a host name:` : `${token.host}${via} does not resolve ${from} (${resolution.status.toUpperCase()})`;
    report(
      'unresolved-host',
      token.span,
      `${subject}${reference.suggestion ? `${token.undefinedVariable ? '' : ';'} did you mean ${reference.suggestion}?` : token.undefinedVariable ? '' : ':'} ${resolution.reason}`,
      { fixes },
    );
    return;
  }
  const unexposed = reference.unexposedPort;
  if (unexposed) {
    const served = unexposed.served.join(', ');
    const why = unexposed.headless
      ? `${token.host} answers pod IPs, not a VIP (Service ${unexposed.service}), and those pods listen on ${served}, not ${unexposed.port}`
      : `Service ${unexposed.service} exposes ${served}, not ${unexposed.port}; its cluster IP forwards only the Service's ports${unexposed.suggestion !== null && unexposed.suggestion !== unexposed.port ? ` (${unexposed.port} is a target port, reached through ${unexposed.suggestion})` : ''}`;
    const fixes = unexposed.span && unexposed.suggestion !== null ? [replaceFix(`Use port ${unexposed.suggestion}`, site.path, unexposed.span, String(unexposed.suggestion))] : [];
    report('host-port-not-exposed', unexposed.span ?? token.span, `${token.host}:${unexposed.port}${via} resolves ${from}, but nothing answers on port ${unexposed.port}: ${why}.${unexposed.suggestion !== null ? ` Use ${unexposed.suggestion}.` : ''}`, { fixes });
  }
  if (!resolution.portable)
    report(
      'non-portable-host',
      token.span,
      `${token.host} resolves ${from} on ${profileLabel(catalog.options.profile)} only (${resolution.notes.map((n) => n.split('. ')[0]).join('; ')}): ${resolution.notes[0]?.split('. ').slice(1).join('. ') ?? ''}`,
    );
}

/**
 * Why a name that does not resolve here may still exist in the cluster: it points at a Service in
 * a namespace these manifests do not declare, or show only part of. Null when the workspace is
 * the whole truth for it (the namespace is declared here, or the Service is and the name fails
 * further in: a pod or a port).
 */
function notInManifests(catalog: Catalog, reference: HostReference): string | null {
  const zone = catalog.options.clusterDomain;
  let name = reference.resolvedName.toLowerCase().replace(/\.$/, '');
  const absolute = name.endsWith(`.${zone}`);
  if (absolute) name = name.slice(0, -zone.length - 1);
  const labels = name.split('.');
  const own = reference.site.namespace;
  const svcAt = labels.lastIndexOf('svc');
  let target: { namespace: string; service: string };
  if (svcAt >= 2 && svcAt === labels.length - 1) target = { namespace: labels[svcAt - 1]!, service: labels[svcAt - 2]! };
  // Malformed rather than unknown: a cluster-domain name without `svc` in place, or `scv` for `svc`.
  else if (svcAt >= 0 || absolute || labels.length > 3 || (labels.length === 3 && editDistance(labels[2]!, 'svc', 1) <= 1)) return null;
  else if (labels.length === 1) target = { namespace: own, service: labels[0]! };
  else if (catalog.service(own, labels[1]!)) return null; // pod.service: the Service is here
  else target = { namespace: labels[labels.length - 1]!, service: labels[labels.length - 2]! };
  const { namespace, service } = target;
  if (catalog.service(namespace, service)) return null;
  // A bare name and a Service that names no namespace: kubectl -n decides whether they meet.
  if (namespace === own && catalog.servicesNamed(service).some((s) => s.ref.namespaceOrigin === 'default'))
    return `Service ${service} names no namespace, so it lands wherever kubectl -n puts it (applied to ${namespace}, this name resolves)`;
  if (!catalog.namespaceExists(namespace)) return `nothing here declares namespace ${namespace} or puts an object in it`;
  const platform = platformNamespaceNote(namespace);
  if (platform) return platform;
  if (catalog.namespaceIsOpen(namespace)) return `namespace ${namespace} holds custom resources or unrendered templates, which may create a Service ${service}`;
  // Where these manifests declare Services, a name missing among them is more likely a typo.
  if (catalog.servicesIn(namespace).length === 0) return `these manifests declare no Service in namespace ${namespace}`;
  return null;
}

/** Per-code severity overrides from settings; `off` drops the problem. */
export type SeverityOverrides = Partial<Record<ProblemCode, Severity | 'off'>>;

export function applySeverityOverrides(problems: readonly Problem[], overrides: SeverityOverrides): Problem[] {
  const result: Problem[] = [];
  for (const problem of problems) {
    const override = overrides[problem.code];
    if (override === 'off') continue;
    result.push(override ? { ...problem, severity: override } : problem);
  }
  return result;
}
