// Per-file extraction: text → the Kubernetes objects that matter for DNS, plus the problems that
// need no other file (syntax, wrong types, invalid names). The result depends only on the file's
// text and the engine options, so callers cache it per file version.
import type { EngineOptions } from '../core/options';
import { defaultSeverity, type Problem } from '../core/problem';
import { dns1035LabelError, dns1123LabelError, dns1123SubdomainError, isIP, placeholderIn } from './names';
import { makeSpan, type Span } from '../text/span';
import { MAX_NESTING, parseYamlStream, parseYamlStreamUntil } from '../yaml/parseYamlStream';
import { timeBudgetMessage, type TimeBudget } from '../core/timeBudget';
import { asMap, asScalar, asSeq, getNode, getPath, keyText, type YDocument, type YMap, type YNode } from '../yaml/tree';
import { FieldReader, isPlaceholder, type TemplateWatch } from './readFields';
import type {
  ContainerEnv,
  ContainerPort,
  EndpointSliceDecl,
  IpFamily,
  NamespaceOrigin,
  ObjectRef,
  PodDnsContext,
  PodIdentity,
  PodResolver,
  Protocol,
  ServiceDecl,
  ServicePort,
  ServiceType,
  SliceEndpoint,
  SlicePort,
  Spanned,
  ValueSite,
  WorkloadDecl,
  WorkloadKind,
} from './types';

/** Everything one file contributes to the workspace model. */
export interface FileModel {
  readonly path: string;
  readonly text: string;
  readonly services: readonly ServiceDecl[];
  readonly workloads: readonly WorkloadDecl[];
  readonly slices: readonly EndpointSliceDecl[];
  /** Namespaces this file declares (Namespace objects). */
  readonly declaredNamespaces: readonly string[];
  /** Namespaces this file's objects live in. */
  readonly usedNamespaces: readonly string[];
  /**
   * Namespaces where this file holds what the engine cannot see into: custom resources (an
   * operator may make pods and Services from them) and skipped template documents.
   */
  readonly openNamespaces: readonly string[];
  readonly valueSites: readonly ValueSite[];
  readonly problems: readonly Problem[];
  /** Set when the whole file was skipped (Helm template, limits). */
  readonly skipped: string | null;
}

/** What the caller knows about a file beyond its text. */
export interface FileContext {
  /** The namespace of the file's namespace-less objects, when a bundle sets it (a kustomization's `namespace:`). */
  readonly namespace?: string;
  /** A time limit (the server's): past it, the rest of the file is left out with a note. */
  readonly budget?: TimeBudget;
}

export function extractFile(path: string, text: string, options: EngineOptions, context: FileContext = {}): FileModel {
  const builder = new FileModelBuilder(path, text, options, context);
  try {
    builder.run();
  } catch (error) {
    // Programmer error or a parser limit (e.g. stack depth): the file is skipped with one note.
    return skippedFile(path, text, `${describeError(error)}`);
  }
  return builder.result();
}

function describeError(error: unknown): string {
  if (error instanceof RangeError) return 'it is nested too deeply to analyse';
  return `it could not be analysed (${error instanceof Error ? error.message : String(error)})`;
}

/** A file the engine did not analyse, with one `file-skipped` note saying why. */
export function skippedFile(path: string, text: string, why: string): FileModel {
  return {
    path,
    text,
    services: [],
    workloads: [],
    slices: [],
    declaredNamespaces: [],
    usedNamespaces: [],
    openNamespaces: [],
    valueSites: [],
    problems: [
      { code: 'file-skipped', severity: 'info', path, span: makeSpan(0, Math.min(text.length, 1)), message: `Skipped: ${why}.` },
    ],
    skipped: why,
  };
}

const WORKLOAD_KINDS: ReadonlySet<string> = new Set<WorkloadKind>([
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
  'Pod',
]);

class FileModelBuilder {
  private readonly services: ServiceDecl[] = [];
  private readonly workloads: WorkloadDecl[] = [];
  private readonly slices: EndpointSliceDecl[] = [];
  private readonly declaredNamespaces: string[] = [];
  private readonly usedNamespaces = new Set<string>();
  private readonly openNamespaces = new Set<string>();
  private readonly valueSites: ValueSite[] = [];
  private readonly problems: Problem[] = [];
  private skipped: string | null = null;
  /** The current document's watch, for checks made outside a FieldReader (names). */
  private watch: TemplateWatch | null = null;

  /** Where objects that name no namespace land (see `unsetNamespace`). */
  private implied: { readonly namespace: string; readonly origin: NamespaceOrigin } = { namespace: '', origin: 'default' };

  constructor(
    private readonly path: string,
    private readonly text: string,
    private readonly options: EngineOptions,
    private readonly context: FileContext,
  ) {}

  result(): FileModel {
    return {
      path: this.path,
      text: this.text,
      services: this.services,
      workloads: this.workloads,
      slices: this.slices,
      declaredNamespaces: this.declaredNamespaces,
      usedNamespaces: [...this.usedNamespaces],
      openNamespaces: [...this.openNamespaces],
      valueSites: this.valueSites,
      problems: this.problems,
      skipped: this.skipped,
    };
  }

  run(): void {
    const budget = this.context.budget;
    const { documents, stoppedAt } = budget ? parseYamlStreamUntil(this.text, () => budget.expired()) : { documents: parseYamlStream(this.text), stoppedAt: null };
    this.implied = this.unsetNamespace(documents);
    for (const doc of documents) {
      // Documents the budget let the parser read are all extracted (a partial result, at most about
      // the parse's cost again); a budget that ran out only now stops here.
      if (stoppedAt === null && budget?.expired()) return this.leftOut(doc.span.start, budget);
      const braces = this.text.slice(doc.span.start, doc.span.end).indexOf('{{');
      if (doc.errors.length > 0) {
        if (braces >= 0) {
          // Template braces broke the YAML: an unrendered template, not a broken manifest.
          this.templateSkipped(makeSpan(doc.span.start + braces, doc.span.start + braces + 2), 'its template braces break the YAML');
          continue;
        }
        // The API server would reject the document, so it contributes no objects; its neighbours still do.
        for (const error of doc.errors.slice(0, 3)) {
          this.problems.push({
            code: 'yaml-syntax',
            severity: 'error',
            path: this.path,
            span: error.span,
            message: `${error.message} (this document is skipped until it parses).`,
          });
        }
        continue;
      }
      this.documentNotes(doc);
      const root = asMap(doc.root);
      if (!root) continue;
      // `{{` in a string value is data (alert templates, values blobs); in a field the API types it
      // makes this document a template: its objects and problems are dropped, the others stay. A
      // documented placeholder (YOUR_ZONE_HERE) that makes a field invalid does the same.
      const watch: TemplateWatch = { text: this.text, braces: braces >= 0, hit: null, placeholder: null };
      const mark = this.mark();
      this.watch = watch;
      this.object(root, root.span, watch);
      this.watch = null;
      if (watch.hit) {
        this.rollback(mark);
        this.templateSkipped(watch.hit, 'template braces sit in a field the API types (a name, a label, a number…)');
      } else if (watch.placeholder) {
        this.rollback(mark);
        this.placeholderSkipped(watch.placeholder);
      }
    }
    if (stoppedAt !== null && budget) this.leftOut(stoppedAt, budget);
  }

  /** The time budget ran out: the documents from `offset` on are left out, with a note on the first one's line. */
  private leftOut(offset: number, budget: TimeBudget): void {
    const lineEnd = this.text.indexOf('\n', offset);
    this.problems.push({
      code: 'file-skipped',
      severity: defaultSeverity('file-skipped'),
      path: this.path,
      span: makeSpan(offset, lineEnd < 0 ? this.text.length : lineEnd),
      message: timeBudgetMessage(budget, 'read'),
    });
  }

  /**
   * The one place that decides the namespace of objects without metadata.namespace: kubectl puts
   * them wherever `-n` (or the context) says. A bundle's namespace wins; else, when the objects of
   * this file that name a namespace all name the same one, it is assumed for the others; else the
   * configured default, remembered as only assumed.
   */
  private unsetNamespace(documents: readonly YDocument[]): { namespace: string; origin: NamespaceOrigin } {
    if (this.context.namespace) return { namespace: this.context.namespace, origin: 'bundle' };
    const written = new Set<string>();
    const collect = (node: YNode | null): void => {
      const root = asMap(node);
      const kind = asScalar(getNode(root, 'kind'))?.value;
      if (typeof kind === 'string' && kind.endsWith('List')) for (const item of asSeq(getNode(root, 'items'))?.items ?? []) collect(item);
      const namespace = asScalar(getPath(root, 'metadata', 'namespace'))?.value;
      if (typeof namespace === 'string' && namespace !== '' && !namespace.includes('{{') && !isPlaceholderNamespace(namespace)) written.add(namespace);
    };
    for (const doc of documents) if (doc.errors.length === 0) collect(doc.root);
    if (written.size === 1) return { namespace: [...written][0]!, origin: 'file' };
    return { namespace: this.options.defaultNamespace, origin: 'default' };
  }

  private templateSkipped(span: Span, why: string): void {
    // What the template renders to is unknown, so its namespace may hold more than the workspace shows.
    this.openNamespaces.add(this.implied.namespace);
    this.problems.push({
      code: 'helm-template-skipped',
      severity: 'info',
      path: this.path,
      span,
      message: `This document is a Helm/Go template and is skipped: ${why}. Render it (helm template, or your template tool) and check the output to see its DNS names; to hide these notes, set the severity of helm-template-skipped to off.`,
    });
  }

  /** A placeholder document: like a template, what it becomes once filled in is unknown. */
  private placeholderSkipped(placeholder: { span: Span; text: string }): void {
    this.openNamespaces.add(this.implied.namespace);
    const at = this.text.indexOf(placeholder.text, placeholder.span.start);
    const span = at >= 0 && at < placeholder.span.end ? makeSpan(at, at + placeholder.text.length) : placeholder.span;
    this.problems.push({
      code: 'placeholder-skipped',
      severity: defaultSeverity('placeholder-skipped'),
      path: this.path,
      span,
      message: `This document is skipped: ${placeholder.text} is a placeholder to fill in before applying, and it sits in a field the API checks (a name, a number…). Check the filled-in copy to see its DNS names; to hide these notes, set the severity of placeholder-skipped to off.`,
    });
  }

  /**
   * How much each list holds now, so that a document's contributions can be dropped. A Set keeps
   * insertion order, so the namespaces added since are the ones past its size.
   */
  private mark(): { lengths: number[]; usedNamespaces: number } {
    return { lengths: this.lists().map((list) => list.length), usedNamespaces: this.usedNamespaces.size };
  }

  private rollback(mark: { lengths: number[]; usedNamespaces: number }): void {
    this.lists().forEach((list, i) => (list.length = mark.lengths[i]!));
    const added = [...this.usedNamespaces].slice(mark.usedNamespaces);
    for (const ns of added) this.usedNamespaces.delete(ns);
  }

  private lists(): unknown[][] {
    return [this.services, this.workloads, this.slices, this.declaredNamespaces, this.valueSites, this.problems];
  }

  /** Duplicate keys (the last value counts, as in kubectl) and parts nested too deep to read. */
  private documentNotes(doc: YDocument): void {
    for (const duplicate of doc.duplicateKeys)
      this.problems.push({
        code: 'duplicate-key',
        severity: defaultSeverity('duplicate-key'),
        path: this.path,
        span: duplicate.span,
        message: `The key ${JSON.stringify(duplicate.key)} is written twice in this mapping; kubectl keeps this last value and drops the earlier one, so remove one of them.`,
        related: [{ path: this.path, span: duplicate.earlier, message: `the earlier ${JSON.stringify(duplicate.key)}, whose value is overridden` }],
      });
    if (doc.nestingCut)
      this.problems.push({
        code: 'file-skipped',
        severity: defaultSeverity('file-skipped'),
        path: this.path,
        span: makeSpan(doc.nestingCut.start, Math.min(doc.nestingCut.end, doc.nestingCut.start + 1)),
        message: `Partly skipped: what is nested deeper than ${MAX_NESTING} levels from here on is not read (no Kubernetes field is that deep).`,
      });
  }

  private object(root: YMap, span: Span, braces: TemplateWatch | null): void {
    const apiVersion = asScalar(getNode(root, 'apiVersion'));
    const kindNode = asScalar(getNode(root, 'kind'));
    // Documents that are not Kubernetes objects (CI workflows, compose files, values) are ignored quietly.
    if (!apiVersion || !kindNode || typeof kindNode.value !== 'string' || typeof apiVersion.value !== 'string') return;
    const kind = kindNode.value;
    if (kind === 'List' || kind.endsWith('List')) {
      for (const item of asSeq(getNode(root, 'items'))?.items ?? []) {
        const map = asMap(item);
        if (map) this.object(map, map.span, braces);
      }
      return;
    }
    if (kind !== 'Service' && kind !== 'EndpointSlice' && kind !== 'Endpoints' && kind !== 'Namespace' && kind !== 'ConfigMap' && !WORKLOAD_KINDS.has(kind)) {
      if (isCustomResource(apiVersion.value)) {
        const namespace = asScalar(getPath(root, 'metadata', 'namespace'))?.value;
        this.openNamespaces.add(typeof namespace === 'string' && namespace !== '' ? namespace : this.implied.namespace);
      }
      return;
    }
    const label = `${kind}`;
    const reader = new FieldReader(this.path, label, this.problems, braces);
    const metadata = reader.map(getNode(root, 'metadata'), 'metadata');
    if (!metadata) {
      if (!getNode(root, 'metadata')) reader.reject(kindNode.span, `${kind} has no metadata; the API server rejects it.`);
      return;
    }
    const name = reader.string(getNode(metadata, 'name'), 'metadata.name');
    if (!name) {
      if (!getNode(metadata, 'name') && !getNode(metadata, 'generateName'))
        reader.reject(kindNode.span, `${kind} has no metadata.name; the API server rejects it.`);
      return;
    }
    if (kind === 'Namespace') {
      const error = dns1123LabelError(name.value);
      if (error) this.invalidName(name.span, `Namespace name ${error}; the API server rejects it.`);
      else this.declaredNamespaces.push(name.value);
      return;
    }
    const written = reader.string(getNode(metadata, 'namespace'), 'metadata.namespace');
    // `namespace: <your-namespace>` means "the one you choose": as if unset, where kubectl -n puts it.
    const namespaceNode = written && isPlaceholderNamespace(written.value) ? null : written;
    const namespace = namespaceNode?.value ?? this.implied.namespace;
    if (namespaceNode) {
      const error = dns1123LabelError(namespace);
      if (error) {
        this.invalidName(namespaceNode.span, `Namespace ${error}; the API server rejects this ${kind}.`);
        return;
      }
    }
    this.usedNamespaces.add(namespace);
    const origin = namespaceNode ? {} : { namespaceOrigin: this.implied.origin };
    const ref: ObjectRef = { kind, namespace, ...origin, name: name.value, path: this.path, nameSpan: name.span, kindSpan: kindNode.span, span };
    const labels = reader.stringMap(getNode(metadata, 'labels'), 'metadata.labels')?.value ?? {};
    switch (kind) {
      case 'Service':
        this.service(ref, root, reader);
        return;
      case 'EndpointSlice':
        this.endpointSlice(ref, root, labels, reader);
        return;
      case 'Endpoints':
        this.endpoints(ref, root, labels, reader);
        return;
      case 'ConfigMap':
        this.configMap(ref, root, reader);
        return;
      default:
        this.workload(ref as ObjectRef & { kind: WorkloadKind }, root, reader);
    }
  }

  private invalidName(span: Span, message: string): void {
    isPlaceholder(this.watch, span);
    this.problems.push({ code: 'invalid-dns-name', severity: 'error', path: this.path, span, message });
  }

  private service(ref: ObjectRef, root: YMap, reader: FieldReader): void {
    const nameError = dns1035LabelError(ref.name);
    if (nameError) {
      this.invalidName(ref.nameSpan, `Service name ${nameError}; the API server rejects it, so it has no DNS name.`);
      reader.rejectedBecause ??= `its name ${nameError}`;
    }
    const spec = reader.map(getNode(root, 'spec'), 'spec');
    const typeNode = reader.string(getNode(spec, 'type'), 'spec.type');
    let type: Spanned<ServiceType> | null = null;
    if (typeNode) {
      if (['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(typeNode.value))
        type = typeNode as Spanned<ServiceType>;
      else reader.reject(typeNode.span, `Service type "${typeNode.value}" is not ClusterIP, NodePort, LoadBalancer or ExternalName.`);
    }
    const effectiveType = type?.value ?? 'ClusterIP';
    const clusterIP = reader.string(getNode(spec, 'clusterIP'), 'spec.clusterIP');
    const clusterIPsList = reader.seq(getNode(spec, 'clusterIPs'), 'spec.clusterIPs');
    const clusterIPsValues = (clusterIPsList?.items ?? []).map((n) => asScalar(n)?.source ?? '');
    const headless = effectiveType !== 'ExternalName' && (clusterIP?.value === 'None' || (!clusterIP && clusterIPsValues[0] === 'None'));
    const literalIPs = [clusterIP?.value ?? '', ...clusterIPsValues].filter((ip, i, all) => isIP(ip) && all.indexOf(ip) === i);
    const ipFamilies: IpFamily[] = [];
    for (const family of reader.seq(getNode(spec, 'ipFamilies'), 'spec.ipFamilies')?.items ?? []) {
      const value = asScalar(family)?.value;
      if (value === 'IPv4' || value === 'IPv6') ipFamilies.push(value);
    }
    if (ipFamilies.length === 0) for (const ip of literalIPs) ipFamilies.push(ip.includes(':') ? 'IPv6' : 'IPv4');
    const externalName = reader.string(getNode(spec, 'externalName'), 'spec.externalName');
    const selector = reader.stringMap(getNode(spec, 'selector'), 'spec.selector');
    const ports: ServicePort[] = [];
    for (const item of reader.seq(getNode(spec, 'ports'), 'spec.ports')?.items ?? []) {
      const portMap = reader.map(item, 'spec.ports[]');
      if (!portMap) continue;
      const port = reader.int(getNode(portMap, 'port'), 'spec.ports[].port');
      const name = reader.string(getNode(portMap, 'name'), 'spec.ports[].name');
      const targetPort = reader.intOrString(getNode(portMap, 'targetPort'), 'spec.ports[].targetPort');
      const protocol = readProtocol(reader, getNode(portMap, 'protocol'));
      if (!port) {
        if (!getNode(portMap, 'port')) reader.reject(portMap.span, 'Service port has no `port` number; the API server rejects the Service.');
        continue;
      }
      if (name) {
        const error = dns1123LabelError(name.value);
        if (error) this.invalidName(name.span, `Port name ${error}; the API server rejects the Service.`);
      }
      ports.push({
        name: name?.value ?? null,
        port: port.value,
        targetPort: targetPort?.value ?? port.value,
        protocol,
        span: portMap.span,
        targetPortSpan: targetPort?.span ?? null,
      });
    }
    // V6: several ports must each be named, with unique names and unique (protocol, port) pairs.
    const names = new Set<string>();
    const numbers = new Set<string>();
    for (const port of ports) {
      if (ports.length > 1 && port.name === null) reader.reject(port.span, 'A Service with more than one port must name every port; the API server rejects it.');
      if (port.name !== null && names.has(port.name)) reader.reject(port.span, `Port name "${port.name}" is used twice; the API server rejects the Service.`);
      if (numbers.has(`${port.protocol}/${port.port}`)) reader.reject(port.span, `Port ${port.port}/${port.protocol} is listed twice; the API server rejects the Service.`);
      if (port.name !== null) names.add(port.name);
      numbers.add(`${port.protocol}/${port.port}`);
    }
    if (effectiveType === 'ExternalName') {
      if (!externalName) reader.reject(type?.span ?? ref.kindSpan, 'An ExternalName Service needs spec.externalName; the API server rejects it.');
      else {
        const error = dns1123SubdomainError(externalName.value.replace(/\.$/, ''));
        // A placeholder target (`db.YOUR_ZONE_HERE.svc…`) is kept: the Service exists, its target is to be filled in.
        if (error && placeholderIn(externalName.value) === null) reader.reject(externalName.span, `spec.externalName ${error}; the API server rejects the Service.`);
      }
    } else if (headless && (effectiveType === 'NodePort' || effectiveType === 'LoadBalancer')) {
      const why = `clusterIP: None is only valid for type ClusterIP; the API server rejects a headless ${effectiveType} Service`;
      this.problems.push({
        code: 'headless-service-invalid-type',
        severity: 'error',
        path: this.path,
        span: clusterIP?.span ?? ref.nameSpan,
        message: `${why}. Remove type: ${effectiveType}, or keep the ${effectiveType} Service and add a separate headless one.`,
        related: type ? [{ path: this.path, span: type.span, message: `type: ${effectiveType} is set here` }] : [],
      });
      reader.rejectedBecause ??= why;
    }
    this.services.push({
      ref,
      type,
      clusterIP,
      headless,
      clusterIPs: literalIPs,
      ipFamilies: ipFamilies.length > 0 ? ipFamilies : ['IPv4'],
      externalName,
      selector: selector && Object.keys(selector.value).length > 0 ? selector : null,
      ports,
      publishNotReadyAddresses: reader.bool(getNode(spec, 'publishNotReadyAddresses'), 'spec.publishNotReadyAddresses') ?? false,
      spec,
      rejectedBecause: reader.rejectedBecause,
    });
  }

  private endpointSlice(ref: ObjectRef, root: YMap, labels: Record<string, string>, reader: FieldReader): void {
    const addressType = reader.string(getNode(root, 'addressType'), 'addressType')?.value;
    const endpoints: SliceEndpoint[] = [];
    for (const item of reader.seq(getNode(root, 'endpoints'), 'endpoints')?.items ?? []) {
      const map = reader.map(item, 'endpoints[]');
      if (!map) continue;
      const addresses = (reader.seq(getNode(map, 'addresses'), 'endpoints[].addresses')?.items ?? [])
        .map((n) => asScalar(n)?.source ?? '')
        .filter((a) => a !== '');
      const ready = reader.bool(getPath(map, 'conditions', 'ready'), 'endpoints[].conditions.ready');
      endpoints.push({ addresses, hostname: reader.string(getNode(map, 'hostname'), 'endpoints[].hostname')?.value ?? null, ready: ready ?? true });
    }
    const ports: SlicePort[] = [];
    for (const item of reader.seq(getNode(root, 'ports'), 'ports')?.items ?? []) {
      const map = reader.map(item, 'ports[]');
      if (!map) continue;
      ports.push({
        name: reader.string(getNode(map, 'name'), 'ports[].name')?.value ?? null,
        port: reader.int(getNode(map, 'port'), 'ports[].port')?.value ?? null,
        protocol: readProtocol(reader, getNode(map, 'protocol')),
      });
    }
    this.slices.push({
      ref,
      serviceName: labels['kubernetes.io/service-name'] ?? null,
      addressType: addressType === 'IPv6' || addressType === 'FQDN' ? addressType : 'IPv4',
      endpoints,
      ports,
      mirroredFromEndpoints: false,
      skipMirror: false,
    });
  }

  /** v1 Endpoints: mirrored into one slice per address family (the mirroring controller's rule). */
  private endpoints(ref: ObjectRef, root: YMap, labels: Record<string, string>, reader: FieldReader): void {
    const byFamily = new Map<'IPv4' | 'IPv6', { endpoints: SliceEndpoint[]; ports: SlicePort[] }>();
    for (const subsetNode of reader.seq(getNode(root, 'subsets'), 'subsets')?.items ?? []) {
      const subset = reader.map(subsetNode, 'subsets[]');
      if (!subset) continue;
      const ports: SlicePort[] = [];
      for (const item of reader.seq(getNode(subset, 'ports'), 'subsets[].ports')?.items ?? []) {
        const map = reader.map(item, 'subsets[].ports[]');
        if (map)
          ports.push({
            name: reader.string(getNode(map, 'name'), 'ports[].name')?.value ?? null,
            port: reader.int(getNode(map, 'port'), 'ports[].port')?.value ?? null,
            protocol: readProtocol(reader, getNode(map, 'protocol')),
          });
      }
      for (const [key, ready] of [['addresses', true], ['notReadyAddresses', false]] as const) {
        for (const item of reader.seq(getNode(subset, key), `subsets[].${key}`)?.items ?? []) {
          const map = reader.map(item, `subsets[].${key}[]`);
          const ip = reader.string(getNode(map, 'ip'), `subsets[].${key}[].ip`)?.value;
          if (!map || !ip) continue;
          const family = ip.includes(':') ? 'IPv6' : 'IPv4';
          const bucket = byFamily.get(family) ?? { endpoints: [], ports };
          byFamily.set(family, bucket);
          bucket.endpoints.push({ addresses: [ip], hostname: reader.string(getNode(map, 'hostname'), 'hostname')?.value ?? null, ready });
        }
      }
    }
    for (const [family, bucket] of byFamily) {
      this.slices.push({
        ref,
        serviceName: ref.name,
        addressType: family,
        endpoints: bucket.endpoints,
        ports: bucket.ports,
        mirroredFromEndpoints: true,
        skipMirror: labels['endpointslice.kubernetes.io/skip-mirror'] === 'true',
      });
    }
  }

  private configMap(ref: ObjectRef, root: YMap, reader: FieldReader): void {
    const data = reader.map(getNode(root, 'data'), 'data');
    for (const pair of data?.pairs ?? []) {
      const value = asScalar(pair.value);
      // The consuming pods are unknown; they share the ConfigMap's namespace and usually cluster DNS.
      if (value && typeof value.value === 'string') this.site(ref, value.span, 'configmap', keyText(pair), { hostAliases: [], resolver: 'cluster' });
    }
  }

  private workload(ref: ObjectRef & { kind: WorkloadKind }, root: YMap, reader: FieldReader): void {
    const spec = reader.map(getNode(root, 'spec'), 'spec');
    let template: YMap | null;
    let replicas: number | null = 1;
    let jobSpec: YMap | null = null;
    switch (ref.kind) {
      case 'Pod':
        template = root;
        break;
      case 'CronJob':
        jobSpec = reader.map(getPath(spec, 'jobTemplate', 'spec'), 'spec.jobTemplate.spec');
        template = reader.map(getNode(jobSpec, 'template'), 'spec.jobTemplate.spec.template');
        break;
      default:
        template = reader.map(getNode(spec, 'template'), 'spec.template');
        if (ref.kind === 'Job') jobSpec = spec;
    }
    const podSpec = ref.kind === 'Pod' ? reader.map(getNode(root, 'spec'), 'spec') : reader.map(getNode(template, 'spec'), 'spec.template.spec');
    const podLabels = reader.stringMap(getPath(template, 'metadata', 'labels'), 'pod template labels');
    if (ref.kind === 'DaemonSet') replicas = null;
    else if (jobSpec) replicas = reader.int(getNode(jobSpec, 'parallelism'), 'parallelism')?.value ?? 1;
    else if (ref.kind !== 'Pod') replicas = reader.int(getNode(spec, 'replicas'), 'spec.replicas')?.value ?? 1;
    const completions = jobSpec ? reader.int(getNode(jobSpec, 'completions'), 'completions')?.value ?? null : null;
    const indexedJob = jobSpec ? reader.string(getNode(jobSpec, 'completionMode'), 'completionMode')?.value === 'Indexed' : false;
    const hostname = reader.string(getNode(podSpec, 'hostname'), 'hostname');
    const subdomain = reader.string(getNode(podSpec, 'subdomain'), 'subdomain');
    const serviceName = ref.kind === 'StatefulSet' ? reader.string(getNode(spec, 'serviceName'), 'spec.serviceName') : null;
    const ordinalsStart = ref.kind === 'StatefulSet' ? reader.int(getPath(spec, 'ordinals', 'start'), 'spec.ordinals.start')?.value ?? 0 : 0;
    for (const [field, value] of [['hostname', hostname], ['subdomain', subdomain], ['serviceName', serviceName]] as const) {
      const error = value ? dns1123LabelError(value.value) : null;
      if (value && error) {
        this.invalidName(value.span, `${field} ${error}; the API server rejects this ${ref.kind}.`);
        reader.rejectedBecause ??= `its ${field} ${error}`;
      }
    }
    if (ref.kind === 'StatefulSet') this.checkStatefulSetName(ref, replicas ?? 1, ordinalsStart, reader);
    if (indexedJob) {
      // V12: the Job controller sets hostname `<job>-<index>`, which must be a DNS label.
      const longest = `${ref.name}-${Math.max((completions ?? 1) - 1, 0)}`;
      const error = dns1123LabelError(longest);
      if (error) {
        this.invalidName(ref.nameSpan, `Indexed Job ${ref.name}: its pods' hostname ${error}, so they get no per-pod DNS names.`);
        reader.rejectedBecause ??= `its pods' hostname ${error}`;
      }
    }
    if (reader.bool(getNode(podSpec, 'setHostnameAsFQDN'), 'setHostnameAsFQDN') && subdomain) {
      // V10: with setHostnameAsFQDN the kernel hostname is the FQDN, limited to 64 characters.
      const host = ref.kind === 'StatefulSet' ? `${ref.name}-${ordinalsStart + Math.max((replicas ?? 1) - 1, 0)}` : (hostname?.value ?? null);
      const fqdn = host ? `${host}.${ref.kind === 'StatefulSet' ? (serviceName?.value ?? '') : subdomain.value}.${ref.namespace}.svc.${this.options.clusterDomain}` : '';
      if (fqdn.length > 64) {
        const why = `setHostnameAsFQDN makes the pod hostname ${fqdn} (${fqdn.length} characters, above 64), so the pod never starts`;
        this.invalidName(subdomain.span, `${why}; shorten the names or drop setHostnameAsFQDN.`);
        reader.rejectedBecause ??= why;
      }
    }
    const containerPorts: ContainerPort[] = [];
    const podDns = readPodDns(reader, podSpec);
    for (const containersKey of ['containers', 'initContainers']) {
      for (const item of reader.seq(getNode(podSpec, containersKey), containersKey)?.items ?? []) {
        const container = reader.map(item, `${containersKey}[]`);
        if (!container) continue;
        const containerName = asScalar(getNode(container, 'name'))?.value;
        for (const portItem of reader.seq(getNode(container, 'ports'), 'ports')?.items ?? []) {
          const portMap = reader.map(portItem, 'ports[]');
          const containerPort = reader.int(getNode(portMap, 'containerPort'), 'containerPort');
          if (portMap && containerPort)
            containerPorts.push({
              container: typeof containerName === 'string' ? containerName : null,
              name: reader.string(getNode(portMap, 'name'), 'ports[].name')?.value ?? null,
              containerPort: containerPort.value,
              protocol: readProtocol(reader, getNode(portMap, 'protocol')),
            });
        }
        this.containerSites(ref, container, podDns);
      }
    }
    const pods = podIdentities(ref, {
      replicas,
      completions,
      indexedJob,
      ordinalsStart,
      hostname: hostname?.value ?? null,
      subdomain: subdomain?.value ?? null,
      serviceName: serviceName?.value ?? null,
    });
    this.workloads.push({
      ref,
      podLabels: podLabels?.value ?? {},
      podLabelsSpan: podLabels?.span ?? null,
      replicas: indexedJob ? completions : replicas,
      hostname,
      subdomain,
      serviceName,
      ordinalsStart,
      indexedJob,
      containerPorts,
      pods: reader.rejectedBecause ? [] : pods,
      runsToCompletion: ref.kind === 'Job' || ref.kind === 'CronJob',
      selector: adoptionSelector(ref.kind, spec, podLabels?.value ?? {}),
      controlled: ref.kind === 'Pod' && (asSeq(getPath(root, 'metadata', 'ownerReferences'))?.items ?? []).some((o) => asScalar(getNode(o, 'controller'))?.value === true),
      rejectedBecause: reader.rejectedBecause,
    });
  }

  /** StatefulSet pods are named `<name>-<ordinal>` and that name must be a DNS-1123 label. */
  private checkStatefulSetName(ref: ObjectRef, replicas: number, start: number, reader: FieldReader): void {
    const longest = `${ref.name}-${start + Math.max(replicas, 1) - 1}`;
    let why: string | null = null;
    if (ref.name.includes('.')) why = `its pods would be named like "${longest}", and a pod hostname cannot contain dots`;
    else if (longest.length > 63) why = `its pod "${longest}" would have a ${longest.length}-character hostname; the limit is 63`;
    else if (ref.name.length > 52)
      why = `its name is ${ref.name.length} characters; above 52 the controller-revision-hash label exceeds 63 characters and pods are not created`;
    if (!why) return;
    this.invalidName(ref.nameSpan, `StatefulSet ${ref.name}: ${why}, so it gets no per-pod DNS names.`);
    reader.rejectedBecause ??= why;
  }

  private containerSites(ref: ObjectRef, container: YMap, podDns: PodDnsContext): void {
    const env = containerEnv(this.text, container);
    (asSeq(getNode(container, 'env'))?.items ?? []).forEach((envItem, envIndex) => {
      const value = asScalar(getNode(envItem, 'value'));
      const name = asScalar(getNode(envItem, 'name'));
      if (value && typeof value.value === 'string')
        this.site(ref, value.span, 'env', typeof name?.value === 'string' ? name.value : null, podDns, { env, envIndex });
    });
    for (const field of ['args', 'command'] as const) this.listSites(ref, getNode(container, field), field, podDns, env);
    for (const probeKey of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      const probe = getNode(container, probeKey);
      for (const hostNode of [getPath(probe, 'httpGet', 'host'), getPath(probe, 'tcpSocket', 'host')]) {
        const host = asScalar(hostNode);
        if (host && typeof host.value === 'string') this.site(ref, host.span, 'probe', 'host', podDns);
      }
      this.listSites(ref, getPath(probe, 'exec', 'command'), 'command', podDns, env);
    }
  }

  private listSites(ref: ObjectRef, node: YNode | null, field: 'args' | 'command', podDns: PodDnsContext, env: ContainerEnv): void {
    let precedingArg: string | null = null;
    for (const item of asSeq(node)?.items ?? []) {
      const scalar = asScalar(item);
      if (scalar && typeof scalar.value === 'string') this.site(ref, scalar.span, field, null, podDns, { env, precedingArg });
      precedingArg = scalar && typeof scalar.value === 'string' ? scalar.value : null;
    }
  }

  private site(ref: ObjectRef, span: Span, field: ValueSite['field'], label: string | null, podDns: PodDnsContext, extra: Pick<ValueSite, 'env' | 'envIndex' | 'precedingArg'> = {}): void {
    this.valueSites.push({ path: this.path, span, source: this.text.slice(span.start, span.end), field, label, namespace: ref.namespace, owner: ref, ...podDns, ...extra });
  }
}

/** The env the kubelet expands `$(NAME)` from; a value's span is kept when its source is the value itself. */
function containerEnv(text: string, container: YMap): ContainerEnv {
  const vars: ContainerEnv['vars'][number][] = [];
  for (const item of asSeq(getNode(container, 'env'))?.items ?? []) {
    const name = asScalar(getNode(item, 'name'))?.value;
    if (typeof name !== 'string') continue;
    const value = asScalar(getNode(item, 'value'));
    if (!value || typeof value.value !== 'string') {
      vars.push({ name, value: getNode(item, 'valueFrom') ? null : '', valueSpan: null });
      continue;
    }
    const source = text.slice(value.span.start, value.span.end);
    const quoted = source.length >= 2 && (source[0] === '"' || source[0] === "'") && source.endsWith(source[0]!);
    const inner = quoted ? source.slice(1, -1) : source;
    vars.push({ name, value: value.value, valueSpan: inner === value.value ? makeSpan(value.span.start + (quoted ? 1 : 0), value.span.end - (quoted ? 1 : 0)) : null });
  }
  return { vars, hasEnvFrom: getNode(container, 'envFrom') !== null };
}

/** The labels a ReplicaSet-like controller selects by, when plain labels (matchExpressions: unknown). */
function adoptionSelector(kind: WorkloadKind, spec: YMap | null, templateLabels: Readonly<Record<string, string>>): Readonly<Record<string, string>> | null {
  if (kind === 'ReplicationController') {
    const selector = asMap(getNode(spec, 'selector'));
    return selector ? plainLabels(selector) : templateLabels;
  }
  if (kind !== 'ReplicaSet' && kind !== 'Deployment') return null;
  const selector = asMap(getNode(spec, 'selector'));
  if (!selector || getNode(selector, 'matchExpressions')) return null;
  const matchLabels = asMap(getNode(selector, 'matchLabels'));
  return matchLabels ? plainLabels(matchLabels) : null;
}

function plainLabels(map: YMap): Record<string, string> | null {
  const labels: Record<string, string> = {};
  for (const pair of map.pairs) {
    const value = asScalar(pair.value)?.value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
    const key = keyText(pair);
    if (key === null) return null;
    labels[key] = String(value);
  }
  return Object.keys(labels).length > 0 ? labels : null;
}

/** A namespace written as a placeholder to fill in (`<your-namespace>`, `YOUR_NAMESPACE`), not a name. */
function isPlaceholderNamespace(namespace: string): boolean {
  return dns1123LabelError(namespace) !== null && placeholderIn(namespace) !== null;
}

/** An object of an API group that Kubernetes does not define (`monitoring.coreos.com/v1`…), not a CRD itself. */
function isCustomResource(apiVersion: string): boolean {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  return group.includes('.') && !group.endsWith('.k8s.io');
}

function readProtocol(reader: FieldReader, node: YNode | null): Protocol {
  const value = reader.string(node, 'protocol')?.value;
  return value === 'UDP' || value === 'SCTP' ? value : 'TCP';
}

function readPodDns(reader: FieldReader, podSpec: YMap | null): PodDnsContext {
  const hostAliases: string[] = [];
  for (const alias of asSeq(getNode(podSpec, 'hostAliases'))?.items ?? [])
    for (const host of asSeq(getNode(alias, 'hostnames'))?.items ?? []) {
      const value = asScalar(host)?.value;
      if (typeof value === 'string') hostAliases.push(value.toLowerCase());
    }
  const policy = reader.string(getNode(podSpec, 'dnsPolicy'), 'dnsPolicy')?.value ?? 'ClusterFirst';
  const hostNetwork = reader.bool(getNode(podSpec, 'hostNetwork'), 'hostNetwork') ?? false;
  const resolver: PodResolver =
    policy === 'None' ? 'custom' : policy === 'Default' || (policy === 'ClusterFirst' && hostNetwork) ? 'node' : 'cluster';
  return { hostAliases, resolver };
}

interface IdentityInputs {
  replicas: number | null;
  completions: number | null;
  indexedJob: boolean;
  ordinalsStart: number;
  hostname: string | null;
  subdomain: string | null;
  serviceName: string | null;
}

/** Pods listed one by one beyond this are summarised; no real StatefulSet is this large. */
const MAX_LISTED_PODS = 1000;

/** How the controllers name pods: StatefulSet and Indexed Job set hostnames, others copy the template. */
function podIdentities(ref: ObjectRef & { kind: WorkloadKind }, inputs: IdentityInputs): PodIdentity[] {
  if (ref.kind === 'StatefulSet') {
    const pods: PodIdentity[] = [];
    const count = Math.min(Math.max(inputs.replicas ?? 1, 0), MAX_LISTED_PODS);
    for (let i = 0; i < count; i++) {
      const name = `${ref.name}-${inputs.ordinalsStart + i}`;
      pods.push({ podName: name, hostname: name, subdomain: inputs.serviceName, count: 1 });
    }
    return pods;
  }
  if (inputs.indexedJob) {
    const pods: PodIdentity[] = [];
    const count = Math.min(Math.max(inputs.completions ?? 1, 0), MAX_LISTED_PODS);
    for (let i = 0; i < count; i++) pods.push({ podName: null, hostname: `${ref.name}-${i}`, subdomain: inputs.subdomain, count: 1 });
    return pods;
  }
  if (ref.kind === 'Pod') return [{ podName: ref.name, hostname: inputs.hostname, subdomain: inputs.subdomain, count: 1 }];
  if (inputs.replicas === 0) return [];
  return [{ podName: null, hostname: inputs.hostname, subdomain: inputs.subdomain, count: inputs.replicas }];
}

