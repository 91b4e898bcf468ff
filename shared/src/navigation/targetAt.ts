// What sits at an offset of a file, for hovers: a Service, something that points at one
// (serviceName, subdomain), a workload, or a host name inside a value.
import { analyzeHostReferences, type HostReference } from '../dns/hostReferences';
import type { ServiceDecl, WorkloadDecl } from '../kube/types';
import { spanContains, type Span } from '../text/span';
import type { Catalog } from '../model/catalog';

export type HoverTarget =
  | { readonly kind: 'service'; readonly span: Span; readonly service: ServiceDecl }
  | { readonly kind: 'service-reference'; readonly span: Span; readonly workload: WorkloadDecl; readonly field: 'serviceName' | 'subdomain'; readonly namespace: string; readonly serviceName: string; readonly service: ServiceDecl | null }
  | { readonly kind: 'workload'; readonly span: Span; readonly workload: WorkloadDecl }
  | { readonly kind: 'host'; readonly span: Span; readonly reference: HostReference };

export function targetAt(catalog: Catalog, path: string, offset: number): HoverTarget | null {
  return catalog.from(path, () => targetFrom(catalog, path, offset));
}

function targetFrom(catalog: Catalog, path: string, offset: number): HoverTarget | null {
  const file = catalog.files.get(path);
  if (!file) return null;
  for (const site of file.valueSites) {
    if (!spanContains(site.span, offset)) continue;
    for (const reference of analyzeHostReferences(catalog, site))
      if (spanContains(reference.token.span, offset)) return { kind: 'host', span: reference.token.span, reference };
  }
  for (const service of file.services) {
    const spans = [service.ref.nameSpan, service.ref.kindSpan, service.clusterIP?.span, service.type?.span, service.externalName?.span];
    const hit = spans.find((s): s is Span => s !== undefined && spanContains(s, offset));
    if (hit) return { kind: 'service', span: hit, service };
  }
  for (const workload of file.workloads) {
    for (const field of ['serviceName', 'subdomain'] as const) {
      const value = workload[field];
      if (value && spanContains(value.span, offset)) {
        const ns = workload.ref.namespace;
        return { kind: 'service-reference', span: value.span, workload, field, namespace: ns, serviceName: value.value, service: catalog.service(ns, value.value) ?? null };
      }
    }
    if (spanContains(workload.ref.nameSpan, offset) || spanContains(workload.ref.kindSpan, offset))
      return { kind: 'workload', span: spanContains(workload.ref.nameSpan, offset) ? workload.ref.nameSpan : workload.ref.kindSpan, workload };
  }
  return null;
}
