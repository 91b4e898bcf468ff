// Document and workspace symbols for Services and workloads: the outline shows each with its mode
// or kind; Ctrl+T finds a Service by its name or its FQDN (`web.prod.svc.cluster.local`).
import { SymbolKind, type DocumentSymbol, type WorkspaceSymbol } from 'vscode-languageserver';
import { serviceFqdn, serviceMode, type Catalog, type ServiceDecl, type Span } from '../../../shared/src/index';
import { toRange } from '../lsp/convert';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

const MODE = { vip: 'ClusterIP', headless: 'headless', 'external-name': 'ExternalName' } as const;
const MAX_WORKSPACE_SYMBOLS = 500;

export function provideDocumentSymbols(index: WorkspaceIndex, uri: string): DocumentSymbol[] {
  const snapshot = index.snapshot(uri);
  const catalog = index.catalog();
  const file = snapshot && catalog.files.get(snapshot.key);
  if (!snapshot || !file) return [];
  const symbols: { start: number; symbol: DocumentSymbol }[] = [];
  for (const svc of file.services)
    symbols.push({ start: svc.ref.span.start, symbol: { name: svc.ref.name, detail: serviceDetail(catalog, svc), kind: SymbolKind.Interface, range: toRange(snapshot, svc.ref.span), selectionRange: toRange(snapshot, svc.ref.nameSpan) } });
  for (const w of file.workloads)
    symbols.push({ start: w.ref.span.start, symbol: { name: w.ref.name, detail: `${w.ref.kind} · ${w.ref.namespace}`, kind: SymbolKind.Class, range: toRange(snapshot, w.ref.span), selectionRange: toRange(snapshot, w.ref.nameSpan) } });
  return symbols.sort((a, b) => a.start - b.start).map((s) => s.symbol);
}

/** Services are named by their FQDN so the query `web` and `web.prod.svc…` both match. */
export function provideWorkspaceSymbols(index: WorkspaceIndex, query: string): WorkspaceSymbol[] {
  const catalog = index.catalog();
  const q = query.toLowerCase();
  const result: WorkspaceSymbol[] = [];
  const add = (name: string, containerName: string, kind: SymbolKind, path: string, span: Span) => {
    if (result.length >= MAX_WORKSPACE_SYMBOLS || !matches(name.toLowerCase(), q)) return;
    const target = index.snapshotByKey(path);
    if (target) result.push({ name, containerName, kind, location: { uri: target.uri, range: toRange(target, span) } });
  };
  for (const svc of catalog.services()) add(serviceFqdn(catalog, svc), `Service · ${MODE[serviceMode(svc)]}`, SymbolKind.Interface, svc.ref.path, svc.ref.nameSpan);
  for (const ns of catalog.allNamespaces())
    for (const w of catalog.workloadsIn(ns)) add(w.ref.name, `${w.ref.kind} · ${w.ref.namespace}`, SymbolKind.Class, w.ref.path, w.ref.nameSpan);
  return result;
}

/** The query's characters in order (VS Code filters the same way, fuzzily). */
function matches(name: string, query: string): boolean {
  let i = 0;
  for (const ch of name) if (ch === query[i]) i++;
  return i === query.length;
}

function serviceDetail(catalog: Catalog, svc: ServiceDecl): string {
  return `Service · ${MODE[serviceMode(svc)]} · ${serviceFqdn(catalog, svc)}`;
}
