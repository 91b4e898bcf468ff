// Kustomize overlays in the editor: each kustomization nobody includes is built from the indexed
// files and analysed as its own world (shared/src/kustomize). Its problems are added to the
// diagnostics of the files their fields came from (a base value, a patch), naming the overlay,
// and a hover on a Service in a base says what it becomes in each overlay (overlayViews).
// Computed once per index generation, and only when the workspace has kustomization files.
import * as nodePath from 'node:path';
import {
  acrossOverlays,
  analyzeOverlay,
  applySeverityOverrides,
  findHostTokens,
  resolveQuery,
  readByOneOverlay,
  noteProblem,
  serviceFqdn,
  serviceMode,
  type OverlayAnalysis,
  type Problem,
  type Resolution,
  type ServiceDecl,
  type Span,
} from '../../../shared/src/index';
import { enginePathOf } from '../workspace/kustomizePlan';
import type { WorkspaceIndex } from '../workspace/workspaceIndex';

interface OverlayState {
  readonly generation: number;
  readonly analyses: readonly OverlayAnalysis[];
  /** Overlay problems and kustomization notes by index key. */
  readonly problems: ReadonlyMap<string, readonly Problem[]>;
}

const states = new WeakMap<WorkspaceIndex, OverlayState>();

function overlayState(index: WorkspaceIndex): OverlayState {
  const cached = states.get(index);
  if (cached && cached.generation === index.generation) return cached;
  const { plan, consumedKeys, texts, keyOfPath } = index.kustomizations();
  let state: OverlayState = { generation: index.generation, analyses: [], problems: new Map() };
  if (plan) {
    const snapshots = index.snapshots();
    const context = snapshots.filter((s) => !consumedKeys.has(s.key)).map((s) => s.model);
    const options = index.catalog().options;
    const displayPath = (path: string) => {
      const key = keyOfPath.get(path);
      return key ? index.displayPath(key) : path;
    };
    const fixContext = { readOnlyByThisOverlay: readByOneOverlay(plan.overlays), displayPath };
    const analyses = acrossOverlays(plan.overlays.map((build) => analyzeOverlay(build, nodePath.posix.dirname(displayPath(build.path)), options, (path) => texts.get(path), context, fixContext)));
    const problems = new Map<string, Problem[]>();
    const found = [...plan.notBuilt.flatMap((b) => b.notes.map(noteProblem)), ...analyses.flatMap((a) => a.problems)];
    for (const problem of applySeverityOverrides(found, index.settings.severity)) {
      const key = keyOfPath.get(problem.path);
      if (!key) continue;
      const related = (problem.related ?? []).flatMap((r) => {
        const relatedKey = keyOfPath.get(r.path);
        return relatedKey ? [{ ...r, path: relatedKey }] : [];
      });
      // Fixes edit files by engine path; the index knows them by key.
      const fixes = (problem.fixes ?? []).flatMap((fix) => {
        const edits = fix.edits.map((e) => ({ ...e, path: keyOfPath.get(e.path) ?? '' }));
        return edits.every((e) => e.path !== '') ? [{ ...fix, edits }] : [];
      });
      const list = problems.get(key) ?? [];
      if (!list.some((p) => p.message === problem.message && p.span.start === problem.span.start)) list.push({ ...problem, path: key, related, ...(fixes.length ? { fixes } : {}) });
      problems.set(key, list);
    }
    state = { generation: index.generation, analyses, problems };
  }
  states.set(index, state);
  return state;
}

/** The analysed overlays of the current index generation (navigation reads their links). */
export function overlayAnalyses(index: WorkspaceIndex): readonly OverlayAnalysis[] {
  return overlayState(index).analyses;
}

/** Problems the overlays find in this file (it is a base, a patch or a kustomization). */
export function overlayProblems(index: WorkspaceIndex, key: string): readonly Problem[] {
  return overlayState(index).problems.get(key) ?? [];
}

/** What a Service in a base becomes in one overlay that includes it. */
export interface OverlayView {
  readonly overlay: string;
  readonly fqdn: string;
  readonly mode: 'ClusterIP' | 'headless' | 'ExternalName';
}

/** What a Service becomes in each overlay that includes it, by overlay; empty when none does. */
export function overlayViews(index: WorkspaceIndex, svc: ServiceDecl): readonly OverlayView[] {
  const path = enginePathOf(svc.ref.path);
  if (!path) return [];
  const views: OverlayView[] = [];
  for (const analysis of overlayState(index).analyses) {
    for (const built of analysis.catalog.files.get(analysis.virtualPath)?.services ?? []) {
      const origin = analysis.originOf(built.ref.nameSpan);
      if (origin?.path !== path || origin.span.start !== svc.ref.nameSpan.start) continue;
      const mode = serviceMode(built);
      views.push({ overlay: analysis.label, fqdn: serviceFqdn(analysis.catalog, built), mode: mode === 'vip' ? 'ClusterIP' : mode === 'headless' ? 'headless' : 'ExternalName' });
    }
  }
  return views.sort((a, b) => (a.overlay < b.overlay ? -1 : a.overlay > b.overlay ? 1 : 0));
}

/** A Service as one overlay builds it, and where its name is written (a base or a patch), by index key. */
export interface OverlayService {
  readonly analysis: OverlayAnalysis;
  readonly service: ServiceDecl;
  readonly origin: { readonly key: string; readonly span: Span } | null;
}

/** Every Service each overlay builds (what gets applied), in overlay order. */
export function overlayServices(index: WorkspaceIndex): OverlayService[] {
  const { keyOfPath } = index.kustomizations();
  return overlayState(index).analyses.flatMap((analysis) =>
    (analysis.catalog.files.get(analysis.virtualPath)?.services ?? []).map((service) => {
      const origin = analysis.originOf(service.ref.nameSpan);
      const key = origin ? keyOfPath.get(origin.path) : undefined;
      return { analysis, service, origin: origin && key ? { key, span: origin.span } : null };
    }),
  );
}

/** How a file reaches the cluster through kustomize: how many overlays read it, and whether it is also applied as written. */
export interface BaseRole {
  readonly overlays: number;
  readonly alsoAsWritten: boolean;
}

/** Null for a file no buildable overlay reads (it is applied as written, as any plain file). */
export function baseRole(index: WorkspaceIndex, key: string): BaseRole | null {
  const path = enginePathOf(key);
  const { plan, consumedKeys } = index.kustomizations();
  if (!plan || path === null) return null;
  const overlays = plan.overlays.filter((build) => build.files.includes(path)).length;
  return overlays === 0 ? null : { overlays, alsoAsWritten: !consumedKeys.has(key) };
}

/** What a host written in a base answers in one overlay that builds the value it is in. */
export interface OverlayHostView {
  readonly overlay: string;
  /** The namespace of the pod asking, in that overlay. */
  readonly from: string;
  readonly resolution: Resolution;
}

/** What the host at `span` of a base file answers in each overlay, by overlay; empty when none builds it. */
export function overlayHostViews(index: WorkspaceIndex, key: string, span: Span): readonly OverlayHostView[] {
  const path = enginePathOf(key);
  if (!path) return [];
  const views: OverlayHostView[] = [];
  for (const analysis of overlayState(index).analyses) {
    for (const site of analysis.catalog.files.get(analysis.virtualPath)?.valueSites ?? []) {
      for (const token of findHostTokens(site)) {
        const origin = analysis.originOf(token.span);
        if (origin?.path !== path || origin.span.start !== span.start || origin.span.end !== span.end) continue;
        views.push({ overlay: analysis.label, from: site.namespace, resolution: resolveQuery(analysis.catalog, token.host, { fromNamespace: site.namespace, type: 'A' }) });
      }
    }
  }
  return views.sort((a, b) => (a.overlay < b.overlay ? -1 : a.overlay > b.overlay ? 1 : 0));
}
