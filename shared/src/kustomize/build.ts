// Builds a kustomization's object set natively, as `kustomize build` would, from workspace files
// only. The caller passes a read callback that answers for files inside the workspace; anything
// the engine cannot reproduce offline (remote bases, Helm charts, replacements, plugins) becomes
// one note on the kustomization, and the build is marked as not buildable so callers fall back
// to the raw files. Never throws on user input.
import { makeSpan, type Span } from '../text/span';
import { parseYamlStream } from '../yaml/parseYamlStream';
import { getPair, type YNode } from '../yaml/tree';
import { asKMap, asKSeq, cloneNode, entry, fromYNode, pathGet, scalarText, type KMap, type KNode, type Origin } from './node';
import { applyJsonPatch, KustomizeError, strategicMerge, type JsonPatchOp } from './patch';
import { applyReplacement } from './replacement';
import { groupOf, isBuiltinApiVersion, Resource, sameNamespace, versionOf, type ResourceId } from './resource';
import { applyLabels, applyNamespace, applyPrefixSuffix, applyReplicas, fixNameReferences, type LabelSet } from './transform';

export interface KustomizeHost {
  /** A workspace file's text; undefined when it is missing or outside the workspace. */
  readFile(path: string): string | undefined;
}

/** Something about a kustomization the build could not reproduce, or kustomize would reject. */
export interface KustomizeNote {
  /** The kustomization file the note is on. */
  readonly path: string;
  readonly span: Span;
  /** The kustomization field or feature (`helmCharts`, `resources`, …). */
  readonly feature: string;
  readonly message: string;
}

export interface KustomizationBuild {
  /** The kustomization's directory. */
  readonly dir: string;
  /** Its kustomization file. */
  readonly path: string;
  readonly resources: readonly Resource[];
  readonly notes: readonly KustomizeNote[];
  /** False when a note means the object set is not what kustomize applies: use the raw files. */
  readonly buildable: boolean;
  /** Every file the build read (kustomizations, resources, patches), for dependency tracking. */
  readonly files: readonly string[];
  /** Kustomization directories included (resources, bases, components), recursively. */
  readonly includes: readonly string[];
  /** Names in kustomizations and patches that select a built object, for navigation and rename (also when not buildable for a left-out feature). */
  readonly nameReferences: readonly NameReference[];
  /** Names a `vars:` entry declares (kustomize substitutes `$(NAME)` with them; not reproduced). */
  readonly variables: readonly string[];
}

/**
 * A name written in a kustomization or a patch that selects one object of the build: a patch
 * target's `name`, a strategic-merge patch's `metadata.name`, a `replicas` entry's `name`.
 */
export interface NameReference {
  readonly field: 'patch-target' | 'patch-name' | 'replicas';
  /** Where the name is written (its value span, quotes included). */
  readonly at: Origin;
  /** The name as written. */
  readonly written: string;
  /** A patch target name that is a regular expression (it selects, but is not a name to rename). */
  readonly pattern: boolean;
  /** The selected object: its kind, and its name as its declaration wrote it, with that origin. */
  readonly kind: string;
  readonly declaredName: string;
  readonly declaration: Origin;
  /** The object's name when it was selected (the declared name with prefixes and suffixes applied so far). */
  readonly nameThen: string;
  /** The prefix and suffix around the declared name in `nameThen` ('' when none). */
  readonly prefix: string;
  readonly suffix: string;
}

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export function isKustomizationFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(base);
}

export function dirOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '.' : slash === 0 ? '/' : path.slice(0, slash);
}

/** Joins and normalises `/`-separated paths (`.`, `..`, repeated slashes). */
export function joinPath(dir: string, relative: string): string {
  const absolute = relative.startsWith('/');
  const parts = (absolute ? relative : `${dir}/${relative}`).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  const leadingSlash = absolute || dir.startsWith('/');
  return (leadingSlash ? '/' : '') + out.join('/');
}

/** Fields that change the object set in ways the engine does not reproduce: the build falls back. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  helmCharts: 'Helm charts are rendered by kustomize with helm',
  helmChartInflationGenerator: 'Helm charts are rendered by kustomize with helm',
  helmGlobals: 'Helm charts are rendered by kustomize with helm',
  vars: 'vars substitute fields into other objects',
  generators: 'generator plugins run programs',
  transformers: 'transformer plugins run programs',
  validators: 'validator plugins run programs',
  configurations: 'custom transformer configurations change which fields are rewritten',
};

/** Fields that change nothing DNS depends on, or that the build handles. */
const KNOWN_FIELDS = new Set([
  'apiVersion',
  'kind',
  'metadata',
  'resources',
  'replacements',
  'bases',
  'components',
  'namespace',
  'namePrefix',
  'nameSuffix',
  'commonLabels',
  'labels',
  'commonAnnotations',
  'replicas',
  'patches',
  'patchesStrategicMerge',
  'patchesJson6902',
  'images',
  'configMapGenerator',
  'secretGenerator',
  'generatorOptions',
  'buildMetadata',
  'sortOptions',
  'openapi',
  'crds',
]);

const REMOTE = /^(?:[a-z][a-z0-9+.-]*:\/\/|git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\/\/.*\?|^oci:/i;

/** Builds the kustomization in `dir`. */
export function buildKustomization(dir: string, host: KustomizeHost): KustomizationBuild {
  const builder = new Builder(host);
  const top = builder.findKustomization(dir);
  if (!top) {
    return { dir, path: dir, resources: [], notes: [{ path: dir, span: makeSpan(0, 0), feature: 'kustomization', message: `${dir} has no kustomization file.` }], buildable: false, files: [], includes: [], nameReferences: [], variables: [] };
  }
  const resources: Resource[] = [];
  let fallback = false;
  try {
    builder.accumulate(top.path, top.text, resources, false, []);
    fixNameReferences(resources);
    builder.checkUnique(resources, top.path);
  } catch (error) {
    if (error instanceof KustomizeError) builder.note(top.path, makeSpan(0, 0), 'build', `kustomize build would fail: ${error.message}.`);
    else if (!(error instanceof BuildStop)) {
      // A limit (stack depth) or a bug: one note, never a crash.
      builder.note(top.path, makeSpan(0, 0), 'build', `This kustomization could not be built (${error instanceof Error ? error.message : String(error)}).`);
    }
    fallback = true;
  }
  return {
    dir,
    path: top.path,
    resources: fallback || builder.fallback ? [] : resources,
    notes: builder.notes,
    buildable: !fallback && !builder.fallback,
    files: [...builder.files],
    includes: [...builder.includes],
    // A build that stopped knows only part of them; one that left out a feature (Helm, a remote base) knows the local ones.
    nameReferences: fallback ? [] : builder.nameReferences,
    variables: [...builder.variables],
  };
}

/** Unwinds a build after a note that makes the result meaningless (a cycle, a missing file). */
class BuildStop extends Error {}

class Builder {
  readonly notes: KustomizeNote[] = [];
  readonly files = new Set<string>();
  readonly includes = new Set<string>();
  readonly nameReferences: NameReference[] = [];
  /** `Kind/name` of the objects generators make (left out of the build). */
  readonly generated = new Set<string>();
  readonly variables = new Set<string>();
  fallback = false;

  constructor(private readonly host: KustomizeHost) {}

  note(path: string, span: Span, feature: string, message: string): void {
    this.notes.push({ path, span, feature, message });
  }

  private read(path: string): string | undefined {
    const text = this.host.readFile(path);
    if (text !== undefined) this.files.add(path);
    return text;
  }

  findKustomization(dir: string): { path: string; text: string } | null {
    for (const name of KUSTOMIZATION_FILE_NAMES) {
      const path = joinPath(dir, name);
      const text = this.read(path);
      if (text !== undefined) return { path, text };
    }
    return null;
  }

  /** Reads one kustomization into `resources` (kustomize's accumulateTarget). */
  accumulate(path: string, text: string, resources: Resource[], isComponent: boolean, stack: readonly string[]): void {
    if (stack.includes(path)) {
      this.stop(path, makeSpan(0, 0), 'resources', `${path} includes itself (${[...stack, path].join(' → ')}).`);
    }
    const docs = parseYamlStream(text);
    const doc = docs[0];
    if (!doc || doc.errors.length > 0) this.stop(path, doc?.errors[0]?.span ?? makeSpan(0, 0), 'kustomization', `${path} does not parse as YAML.`);
    const root = asKMap(fromYNode(doc.root, path));
    if (!root) this.stop(path, doc.span, 'kustomization', `${path} is not a YAML mapping.`);
    const dir = dirOf(path);
    const kind = scalarText(entry(root, 'kind'));
    if (!isComponent && kind === 'Component') this.stop(path, root.origin.span, 'resources', `${path} is a Component; list it under components, not resources.`);

    for (const item of asKSeq(entry(root, 'vars'))?.items ?? []) {
      const name = scalarText(asKMap(item) && entry(asKMap(item)!, 'name'));
      if (name) this.variables.add(name);
    }
    for (const e of root.entries) {
      const why = UNSUPPORTED[e.key];
      if (why) this.unsupported(path, keySpan(e.value), e.key, `${e.key} is not reproduced (${why}); the raw files are analysed instead.`);
      else if (!KNOWN_FIELDS.has(e.key)) this.note(path, keySpan(e.value), e.key, `Unknown kustomization field ${e.key}; kustomize rejects it.`);
    }
    for (const generator of ['configMapGenerator', 'secretGenerator']) {
      const node = entry(root, generator);
      if (node) this.note(path, node.origin.span, generator, `Objects made by ${generator} are not analysed (their names carry a content hash).`);
      const kindMade = generator === 'configMapGenerator' ? 'ConfigMap' : 'Secret';
      for (const item of asKSeq(node)?.items ?? []) {
        const name = scalarText(asKMap(item) && entry(asKMap(item)!, 'name'));
        if (name) this.generated.add(`${kindMade}/${name}`);
      }
    }

    const nested = [...stack, path];
    for (const field of ['resources', 'bases']) {
      for (const item of this.stringList(root, field, path)) this.resource(dir, item, resources, nested);
    }
    for (const item of this.stringList(root, 'components', path)) this.component(dir, item, resources, nested);

    // Transformers, in kustomize's built-in order.
    for (const patch of this.loadPatches(root, 'patchesStrategicMerge', dir)) this.applyPatch(patch, resources, path);
    for (const patch of this.loadPatches(root, 'patches', dir)) this.applyPatch(patch, resources, path);
    const namespace = entry(root, 'namespace');
    const namespaceText = scalarText(namespace);
    if (namespace && namespaceText) applyNamespace(resources, namespaceText, namespace.origin);
    const prefix = entry(root, 'namePrefix');
    const suffix = entry(root, 'nameSuffix');
    const prefixText = scalarText(prefix) ?? '';
    const suffixText = scalarText(suffix) ?? '';
    if (prefixText) applyPrefixSuffix(resources, prefixText, '', prefix!.origin);
    if (suffixText) applyPrefixSuffix(resources, '', suffixText, suffix!.origin);
    for (const labels of this.labelSets(root)) applyLabels(resources, labels);
    for (const patch of this.loadPatches(root, 'patchesJson6902', dir)) this.applyPatch(patch, resources, path);
    for (const item of asKSeq(entry(root, 'replicas'))?.items ?? []) {
      const name = scalarText(asKMap(item) && entry(asKMap(item)!, 'name'));
      const count = asKMap(item) && entry(asKMap(item)!, 'count');
      if (name && count) for (const resource of applyReplicas(resources, name, count)) this.reference('replicas', entry(asKMap(item)!, 'name')!, resource);
    }
    // Last of kustomize's built-in transformers.
    for (const replacement of this.loadReplacements(root, dir, path)) {
      const unsupported = applyReplacement(replacement.map, resources, select);
      if (unsupported) this.unsupported(path, replacement.span, 'replacements', `replacements are reproduced only in their simple form, not ${unsupported}; the raw files are analysed instead.`);
    }
  }

  /** Records that the name at `node` selects `resource` (for navigation). */
  private reference(field: NameReference['field'], node: KNode, resource: Resource): void {
    const written = scalarText(node);
    const nameNode = pathGet(resource.node, 'metadata', 'name');
    if (written === null || !nameNode) return;
    const prefix = [...resource.prefixes].reverse().join('');
    const suffix = resource.suffixes.join('');
    const pattern = field === 'patch-target' && /[\^$*+?()[\]{}|\\]/.test(written);
    this.nameReferences.push({ field, at: node.origin, written, pattern, kind: resource.kind, declaredName: resource.originalId.name, declaration: nameNode.origin, nameThen: resource.name, prefix, suffix });
  }

  /** `replacements` entries, inline or from `path:` files (inside the kustomization's folder). */
  private loadReplacements(root: KMap, dir: string, here: string): { map: KMap; span: Span }[] {
    const out: { map: KMap; span: Span }[] = [];
    for (const item of asKSeq(entry(root, 'replacements'))?.items ?? []) {
      const map = asKMap(item);
      const pathValue = map ? scalarText(entry(map, 'path')) : null;
      if (!map) this.stop(here, item.origin.span, 'replacements', 'A replacements entry must be a mapping.');
      if (pathValue === null) {
        out.push({ map, span: item.origin.span });
        continue;
      }
      const file = joinPath(dir, pathValue);
      const text = this.read(file);
      if (text === undefined) this.stop(here, item.origin.span, 'replacements', `Replacement file ${pathValue} is not a file inside the workspace.`);
      this.insideRoot(dir, file, here, { value: pathValue, origin: item.origin }, 'replacements');
      for (const doc of parseYamlStream(text)) {
        const node = doc.root && doc.errors.length === 0 ? fromYNode(doc.root, file) : null;
        const list = node?.kind === 'seq' ? node.items : node ? [node] : [];
        for (const one of list) {
          const replacement = asKMap(one);
          if (replacement) out.push({ map: replacement, span: item.origin.span });
        }
      }
    }
    return out;
  }

  private stop(path: string, span: Span, feature: string, message: string): never {
    this.note(path, span, feature, message);
    throw new BuildStop(message);
  }

  private unsupported(path: string, span: Span, feature: string, message: string): void {
    this.note(path, span, feature, message);
    this.fallback = true;
  }

  private stringList(root: KMap, field: string, path: string): { value: string; origin: Origin }[] {
    const node = entry(root, field);
    if (!node || (node.kind === 'scalar' && node.value === null)) return [];
    const seq = asKSeq(node);
    if (!seq) this.stop(path, node.origin.span, field, `${field} must be a list.`);
    return seq.items.flatMap((item) => {
      const value = scalarText(item);
      return value ? [{ value, origin: item.origin }] : [];
    });
  }

  private resource(dir: string, item: { value: string; origin: Origin }, resources: Resource[], stack: readonly string[]): void {
    const here = stack[stack.length - 1]!;
    const target = this.localPath(dir, item, here, 'resource');
    if (target === null) return;
    const text = this.read(target);
    if (text !== undefined && !KUSTOMIZATION_FILE_NAMES.some((name) => target.endsWith(`/${name}`))) {
      this.insideRoot(dir, target, here, item, 'resources');
      this.resourceFile(target, text, resources, here);
      return;
    }
    const sub = this.findKustomization(target);
    if (!sub) this.stop(here, item.origin.span, 'resources', `${item.value} is neither a file nor a kustomization directory inside the workspace.`);
    this.includes.add(target);
    const subResources: Resource[] = [];
    this.accumulate(sub.path, sub.text, subResources, false, stack);
    this.append(resources, subResources, here, item.origin.span);
  }

  /**
   * kustomize's load restrictions (the default, LoadRestrictionsRootOnly): a file a kustomization
   * reads must be in or below its own folder; `../app.yaml` fails the build (a folder with a
   * kustomization of its own is fine).
   */
  private insideRoot(dir: string, file: string, here: string, item: { value: string; origin: Origin }, field: string): void {
    if (file.startsWith(`${dir}/`)) return;
    this.stop(here, item.origin.span, field, `${item.value} is a file outside this kustomization's folder, which kustomize build rejects (files must be in or below it; list a folder with its own kustomization instead).`);
  }

  /** The workspace path an entry names, or null (with a note) for a remote one. */
  private localPath(dir: string, item: { value: string; origin: Origin }, here: string, what: string): string | null {
    if (REMOTE.test(item.value)) {
      this.unsupported(here, item.origin.span, 'remote', `Remote ${what} ${item.value} cannot be read offline; the raw files are analysed instead.`);
      return null;
    }
    return joinPath(dir, item.value);
  }

  private component(dir: string, item: { value: string; origin: Origin }, resources: Resource[], stack: readonly string[]): void {
    const here = stack[stack.length - 1]!;
    const target = this.localPath(dir, item, here, 'component');
    if (target === null) return;
    const sub = this.findKustomization(target);
    if (!sub) this.stop(here, item.origin.span, 'components', `${item.value} is not a kustomization directory inside the workspace.`);
    this.includes.add(target);
    // A component's resources join the includer's, and its transformers run on all of them.
    this.accumulate(sub.path, sub.text, resources, true, stack);
  }

  private resourceFile(path: string, text: string, resources: Resource[], here: string): void {
    const added: Resource[] = [];
    for (const doc of parseYamlStream(text)) {
      if (doc.errors.length > 0) this.stop(here, makeSpan(0, 0), 'resources', `${path} has a YAML syntax error; kustomize build fails.`);
      if (!doc.root) continue;
      const node = asKMap(fromYNode(doc.root, path));
      if (!node) continue;
      const kind = scalarText(entry(node, 'kind'));
      const items = kind && kind.endsWith('List') ? asKSeq(entry(node, 'items')) : null;
      const maps = items ? items.items.flatMap((item) => (item.kind === 'map' ? [item] : [])) : [node];
      for (const map of maps) added.push(new Resource(map, path, map.origin.span));
    }
    this.append(resources, added, here, makeSpan(0, 0));
  }

  private append(resources: Resource[], added: readonly Resource[], here: string, span: Span): void {
    for (const resource of added) {
      const clash = resources.find((r) => sameId(r.id(), resource.id()));
      if (clash) this.stop(here, span, 'resources', `${describe(resource)} is included twice; kustomize build fails ("already registered id").`);
      resources.push(resource);
    }
  }

  checkUnique(resources: readonly Resource[], path: string): void {
    for (let i = 0; i < resources.length; i++) {
      for (let j = i + 1; j < resources.length; j++) {
        if (sameId(resources[i]!.id(), resources[j]!.id())) this.stop(path, makeSpan(0, 0), 'resources', `${describe(resources[i]!)} is defined twice after the renames.`);
      }
    }
  }

  private labelSets(root: KMap): LabelSet[] {
    const sets: LabelSet[] = [];
    for (const item of asKSeq(entry(root, 'labels'))?.items ?? []) {
      const map = asKMap(item);
      const pairs = asKMap(map && entry(map, 'pairs'));
      if (!map || !pairs) continue;
      const includeSelectors = scalarText(entry(map, 'includeSelectors')) === 'true';
      const includeTemplates = scalarText(entry(map, 'includeTemplates')) === 'true';
      sets.push({ pairs: labelPairs(pairs), includeSelectors, includeTemplates });
    }
    // kustomize applies commonLabels after labels, so they win on a shared key.
    const common = asKMap(entry(root, 'commonLabels'));
    if (common) sets.push({ pairs: labelPairs(common), includeSelectors: true, includeTemplates: true });
    return sets.filter((set) => set.pairs.length > 0);
  }

  /** The patches a field lists, each parsed into nodes that keep the patch's origin. */
  private loadPatches(root: KMap, field: string, dir: string): LoadedPatch[] {
    const here = root.origin.path;
    const patches: LoadedPatch[] = [];
    for (const item of asKSeq(entry(root, field))?.items ?? []) {
      const map = asKMap(item);
      // patchesStrategicMerge lists file paths or inline patches.
      const pathNode = map ? entry(map, 'path') : item;
      const inlineNode = map ? entry(map, 'patch') : null;
      let text: string | undefined;
      let origin: Origin | undefined;
      let file = here;
      const pathValue = scalarText(pathNode);
      if (inlineNode) {
        text = scalarText(inlineNode) ?? undefined;
        origin = inlineNode.origin;
      } else if (pathValue !== null && field === 'patchesStrategicMerge' && /\n|^\s*[{[]|:\s/.test(pathValue)) {
        text = pathValue;
        origin = pathNode!.origin;
      } else if (pathValue !== null && REMOTE.test(pathValue)) {
        this.stop(here, pathNode!.origin.span, field, `Remote patch ${pathValue} cannot be read offline; the raw files are analysed instead.`);
      } else if (pathValue !== null) {
        file = joinPath(dir, pathValue);
        text = this.read(file);
        if (text === undefined) this.stop(here, pathNode!.origin.span, field, `Patch ${pathValue} is not a file inside the workspace.`);
        this.insideRoot(dir, file, here, { value: pathValue, origin: pathNode!.origin }, field);
      }
      if (text === undefined) continue;
      const target = map ? asKMap(entry(map, 'target')) : null;
      for (const doc of parseYamlStream(text)) {
        if (doc.errors.length > 0) this.stop(here, origin?.span ?? makeSpan(0, 0), field, `A patch in ${field} does not parse as YAML.`);
        if (!doc.root) continue;
        const node = fromYNode(doc.root, file, origin);
        patches.push({ node, target, field, span: (origin ?? item.origin).span, nameAt: origin ? inlineNameAt(doc.root, origin, this.host.readFile(here)) : patchName(node) });
      }
    }
    return patches;
  }

  private applyPatch(patch: LoadedPatch, resources: Resource[], here: string): void {
    const targets = patch.target ? select(resources, patch.target) : null;
    const targetName = patch.target && entry(patch.target, 'name');
    if (targets && targetName) for (const resource of targets) this.reference('patch-target', targetName, resource);
    if (patch.node.kind === 'seq') {
      if (!targets) this.stop(here, patch.span, patch.field, 'A JSON 6902 patch needs a target.');
      const ops = jsonPatchOps(patch.node);
      for (const resource of targets) this.jsonPatch(resource, ops);
      return;
    }
    const patchMap = asKMap(patch.node);
    if (!patchMap) return;
    const patchName = patch.nameAt;
    if (targets) {
      for (const resource of targets) {
        if (patchName) this.reference('patch-name', patchName, resource);
        this.mergePatch(resource, patchMap, resources);
      }
      return;
    }
    const id: ResourceId = {
      kind: scalarText(entry(patchMap, 'kind')) ?? '',
      apiVersion: scalarText(entry(patchMap, 'apiVersion')) ?? '',
      name: scalarText(entry(asKMap(entry(patchMap, 'metadata')) ?? patchMap, 'name')) ?? '',
      namespace: scalarText(entry(asKMap(entry(patchMap, 'metadata')) ?? patchMap, 'namespace')) ?? '',
    };
    const matched = resources.filter((r) => r.allIds().some((other) => sameId(other, id)));
    // A patch of a generated object (left out of the build) patches nothing the build holds.
    if (matched.length === 0 && this.generated.has(`${id.kind}/${id.name}`)) return;
    if (matched.length !== 1) {
      this.stop(here, patch.span, patch.field, `The patch for ${id.kind} ${id.name} matches ${matched.length === 0 ? 'no object' : 'several objects'}; kustomize build fails.`);
    }
    if (patchName) this.reference('patch-name', patchName, matched[0]!);
    this.mergePatch(matched[0]!, patchMap, resources);
  }

  private mergePatch(resource: Resource, patch: KMap, resources: Resource[]): void {
    const { kind, name, namespace } = resource;
    // Copies: the merge sets scalars in place.
    const before = (key: string): KNode | undefined => {
      const node = entry(asKMap(entry(resource.node, 'metadata')) ?? resource.node, key);
      return node?.kind === 'scalar' ? { ...node } : node;
    };
    const nameNode = before('name');
    const namespaceNode = before('namespace');
    const top = scalarText(entry(patch, '$patch'));
    if (top === 'delete') {
      resources.splice(resources.indexOf(resource), 1);
      return;
    }
    if (top === 'replace') resource.node = cloneNode(patch) as KMap;
    else strategicMerge(resource.node, patch, isBuiltinApiVersion(resource.apiVersion));
    // A strategic merge patch never renames (kustomize restores name, namespace and kind).
    const metadata = asKMap(entry(resource.node, 'metadata'));
    if (metadata) {
      restore(metadata, 'name', nameNode, name);
      restore(metadata, 'namespace', namespaceNode, namespace);
    }
    restore(resource.node, 'kind', entry(resource.node, 'kind'), kind);
  }

  private jsonPatch(resource: Resource, ops: readonly JsonPatchOp[]): void {
    const before = resource.id();
    // kustomize applies a JSON patch to the object as JSON: no value node stays shared.
    resource.node = cloneNode(resource.node) as KMap;
    applyJsonPatch(resource.node, ops);
    const after = resource.id();
    if (before.name !== after.name || before.namespace !== after.namespace) resource.previousIds.push(before);
  }
}

interface LoadedPatch {
  readonly node: KNode;
  readonly target: KMap | null;
  readonly field: string;
  readonly span: Span;
  /** The patch document's `metadata.name`, with its origin exactly where it is written; null when unknown. */
  readonly nameAt: KNode | null;
}

function patchName(node: KNode): KNode | null {
  const map = asKMap(node);
  return (map && entry(asKMap(entry(map, 'metadata')) ?? map, 'name')) ?? null;
}

/**
 * The `metadata.name` of a patch written inline (`patch: |-`), located in the kustomization's
 * text: a block scalar's lines are the text's lines behind the block's indentation. Null when
 * the scalar is not written so (quoted, folded) and the characters do not map one to one.
 */
function inlineNameAt(root: YNode, scalar: Origin, fileText: string | undefined): KNode | null {
  const metadata = root.kind === 'map' ? getPair(root, 'metadata')?.value : null;
  const name = metadata && metadata.kind === 'map' ? getPair(metadata, 'name')?.value : null;
  if (!name || name.kind !== 'scalar' || fileText === undefined) return null;
  const inline = fileText.slice(scalar.span.start, scalar.span.end);
  if (!/^[|>]/.test(inline) || inline.startsWith('>')) return null;
  const value = String(name.value);
  // Walk the patch text's lines and the block's lines together up to the name's line.
  const lines = inlineText(fileText, scalar);
  if (!lines) return null;
  let lineStart = 0;
  for (const line of lines) {
    const end = lineStart + line.text.length;
    if (name.span.start >= lineStart && name.span.end <= end) {
      const start = line.fileStart + (name.span.start - lineStart);
      const span = makeSpan(start, start + (name.span.end - name.span.start));
      const written = fileText.slice(span.start, span.end);
      return written === value || written.slice(1, -1) === value ? { kind: 'scalar', value, origin: { path: scalar.path, span } } : null;
    }
    lineStart = end + 1;
  }
  return null;
}

/** A literal block scalar's content lines with where each starts in the file, or null. */
function inlineText(fileText: string, scalar: Origin): { text: string; fileStart: number }[] | null {
  const header = fileText.indexOf('\n', scalar.span.start);
  if (header < 0 || header >= scalar.span.end) return null;
  const lines: { text: string; fileStart: number }[] = [];
  let indent = -1;
  for (let at = header + 1; at < scalar.span.end; ) {
    const newline = fileText.indexOf('\n', at);
    const end = newline < 0 || newline > scalar.span.end ? scalar.span.end : newline;
    const raw = fileText.slice(at, end);
    if (raw.trim() === '') lines.push({ text: '', fileStart: at });
    else {
      const spaces = raw.length - raw.trimStart().length;
      if (indent < 0) indent = spaces;
      if (spaces < indent) return null;
      lines.push({ text: raw.slice(indent), fileStart: at + indent });
    }
    at = end + 1;
  }
  return lines;
}

function restore(map: KMap, key: string, original: KNode | undefined, value: string): void {
  if (!value) {
    map.entries = map.entries.filter((e) => e.key !== key);
    return;
  }
  const index = map.entries.findIndex((e) => e.key === key);
  const node: KNode = original && original.kind === 'scalar' ? { ...original, value } : { kind: 'scalar', value, origin: map.origin };
  if (index >= 0) map.entries[index] = { key, value: node };
  else map.entries.push({ key, value: node });
}

function keySpan(node: KNode): Span {
  return node.origin.span;
}

function labelPairs(map: KMap): LabelSet['pairs'] {
  return map.entries.map((e) => ({ key: e.key, value: scalarText(e.value) ?? '', origin: e.value.origin }));
}

function sameId(a: ResourceId, b: ResourceId): boolean {
  return a.kind === b.kind && a.name === b.name && sameNamespace(a.namespace, b.namespace) && groupOf(a.apiVersion) === groupOf(b.apiVersion) && versionOf(a.apiVersion) === versionOf(b.apiVersion);
}

function describe(resource: Resource): string {
  return `${resource.kind} ${resource.namespace ? `${resource.namespace}/` : ''}${resource.name}`;
}

function jsonPatchOps(seq: KNode & { kind: 'seq' }): JsonPatchOp[] {
  return seq.items.flatMap((item) => {
    const map = asKMap(item);
    if (!map) return [];
    const op = scalarText(entry(map, 'op')) ?? '';
    const path = scalarText(entry(map, 'path')) ?? '';
    const from = scalarText(entry(map, 'from')) ?? undefined;
    const value = entry(map, 'value');
    return [{ op, path, from, value }];
  });
}

/** kustomize's Select: kind/group/version exact, name and namespace anchored regexps on the original or current id, label and annotation selectors. */
function select(resources: readonly Resource[], target: KMap): Resource[] {
  const field = (key: string) => scalarText(entry(target, key));
  const group = field('group');
  const version = field('version');
  const kind = field('kind');
  const name = field('name');
  const namespace = field('namespace');
  const nameRe = name === null ? null : anchored(name);
  const namespaceRe = namespace === null ? null : anchored(namespace);
  const labelSelector = field('labelSelector');
  const annotationSelector = field('annotationSelector');
  return resources.filter((r) => {
    if (kind !== null && r.kind !== kind) return false;
    if (group !== null && groupOf(r.apiVersion) !== group) return false;
    if (version !== null && versionOf(r.apiVersion) !== version) return false;
    if (nameRe && !nameRe.test(r.originalId.name) && !nameRe.test(r.name)) return false;
    if (namespaceRe && !namespaceRe.test(r.originalId.namespace) && !namespaceRe.test(r.namespace)) return false;
    if (labelSelector !== null && !matchesSelector(labelSelector, r.labels())) return false;
    if (annotationSelector !== null && !matchesSelector(annotationSelector, r.annotations())) return false;
    return true;
  });
}

function anchored(pattern: string): RegExp | null {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    return null;
  }
}

/** Equality-based label selectors (`a=b,c!=d,e,!f`). */
function matchesSelector(selector: string, labels: Readonly<Record<string, string>>): boolean {
  return selector
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .every((part) => {
      const notEqual = /^([^!=\s]+)\s*!=\s*(.*)$/.exec(part);
      if (notEqual) return labels[notEqual[1]!] !== notEqual[2]!.trim();
      const equal = /^([^!=\s]+)\s*==?\s*(.*)$/.exec(part);
      if (equal) return labels[equal[1]!] === equal[2]!.trim();
      if (part.startsWith('!')) return !(part.slice(1) in labels);
      return part in labels;
    });
}
