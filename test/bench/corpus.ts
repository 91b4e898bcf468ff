// Deterministic, realistic Kubernetes workspaces for the benchmark: namespaces, multi-document and
// split files, StatefulSets with headless Services, Deployments with ClusterIP Services, ConfigMaps
// and env values full of host names (a share of them broken: typos, wrong namespaces, pod ordinals
// past the replica count, a foreign cluster domain). The same document count always gives the
// same bytes, so figures from different runs compare.
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Bump when the generated text changes, so cached corpora are regenerated. */
export const CORPUS_VERSION = 4;

export interface CorpusFile {
  /** Relative to the corpus root, with `/`. */
  readonly path: string;
  readonly text: string;
}

export interface Corpus {
  readonly documents: number;
  readonly files: readonly CorpusFile[];
  readonly bytes: number;
}

/** mulberry32: small, fast, deterministic. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shared Service that about one document in ten names (at most 1,000 times). */
export const HUB_SERVICE = 'telemetry';
export const HUB_PATH = `platform/${HUB_SERVICE}/service.yaml`;
const HUB_REFERENCES = 1000;

const TEAMS = ['payments', 'search', 'identity', 'catalog', 'checkout', 'growth', 'data', 'infra', 'mobile', 'ml', 'media', 'ads', 'risk', 'ledger', 'notify', 'edge'];
const WEB_NAMES = ['api', 'web', 'gateway', 'frontend', 'worker', 'auth', 'billing', 'orders', 'cart', 'profile', 'feed', 'images', 'admin', 'reports', 'events', 'render'];
const STATEFUL = [
  { name: 'postgres', port: 5432, portName: 'pg', image: 'postgres:16.4' },
  { name: 'redis', port: 6379, portName: 'redis', image: 'redis:7.4' },
  { name: 'kafka', port: 9092, portName: 'broker', image: 'bitnami/kafka:3.8' },
  { name: 'zookeeper', port: 2181, portName: 'client', image: 'zookeeper:3.9' },
  { name: 'elasticsearch', port: 9200, portName: 'http', image: 'elasticsearch:8.15.0' },
  { name: 'mongo', port: 27017, portName: 'mongo', image: 'mongo:7.0' },
  { name: 'etcd', port: 2379, portName: 'client', image: 'quay.io/coreos/etcd:v3.5.15' },
  { name: 'rabbitmq', port: 5672, portName: 'amqp', image: 'rabbitmq:3.13' },
];

interface Service {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
  readonly headless: boolean;
  readonly replicas: number;
  /** For StatefulSets: the pod name prefix. */
  readonly pods: string | null;
}

class Generator {
  private readonly rnd: () => number;
  private readonly services: Service[] = [];
  private readonly files: CorpusFile[] = [];
  private documents = 0;

  constructor(
    private readonly target: number,
    seed: number,
    /** Share of host references written broken (typos, wrong namespace, Services of other repositories). */
    private readonly brokenShare: number,
  ) {
    this.rnd = random(seed);
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)]!;
  }

  private chance(p: number): boolean {
    return this.rnd() < p;
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }

  run(): Corpus {
    const namespaceCount = Math.max(2, Math.round(this.target / 150));
    const namespaces: string[] = [];
    for (let i = 0; i < namespaceCount; i++) namespaces.push(`${TEAMS[i % TEAMS.length]}-${Math.floor(i / TEAMS.length) + 1}`);
    // Namespaces first: one file listing them all, split in pieces of 20.
    for (let i = 0; i < namespaces.length; i += 20) {
      const docs = namespaces.slice(i, i + 20).map((ns) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels:\n    team: ${ns.split('-')[0]}\n`);
      this.documents += docs.length;
      this.files.push({ path: `cluster/namespaces-${i / 20 + 1}.yaml`, text: docs.join('---\n') });
    }
    this.hub(namespaces[0]!);
    let app = 0;
    while (this.documents < this.target) {
      const namespace = namespaces[app % namespaces.length]!;
      if (this.chance(0.3)) this.statefulApp(namespace, app);
      else this.webApp(namespace, app);
      app++;
    }
    let bytes = 0;
    for (const f of this.files) bytes += f.text.length;
    return { documents: this.documents, files: this.files, bytes };
  }

  /**
   * A shared Service that many apps name (one reference per 10 documents, at most 1,000): the
   * server's "find references" on it is measured. Deterministic, outside the random stream.
   */
  private hub(namespace: string): void {
    const references = Math.min(HUB_REFERENCES, Math.floor(this.target / 10));
    const labels = `app.kubernetes.io/name: ${HUB_SERVICE}`;
    this.files.push({
      path: HUB_PATH,
      text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${HUB_SERVICE}\n  namespace: ${namespace}\nspec:\n  selector:\n    ${labels}\n  ports:\n    - name: otlp\n      port: 4317\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${HUB_SERVICE}\n  namespace: ${namespace}\nspec:\n  selector:\n    matchLabels:\n      ${labels}\n  template:\n    metadata:\n      labels:\n        ${labels}\n    spec:\n      containers:\n        - name: collector\n          image: otel/opentelemetry-collector:0.110.0\n          ports:\n            - name: otlp\n              containerPort: 4317\n`,
    });
    this.documents += 2;
    for (let k = 0; k * 10 < references; k++) {
      let text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${HUB_SERVICE}-clients-${k}\n  namespace: ${namespace}\ndata:\n`;
      for (let j = 0; j < Math.min(10, references - k * 10); j++) text += `  EXPORTER_${j}: http://${HUB_SERVICE}.${namespace}.svc.cluster.local:4317\n`;
      this.files.push({ path: `platform/${HUB_SERVICE}/clients-${k}.yaml`, text });
      this.documents++;
    }
  }

  /** A host name an app would use, sometimes broken. */
  private host(namespace: string): string {
    const known = this.services.length > 0 ? this.pick(this.services.slice(-60)) : null;
    if (!known) return 'localhost';
    const sameNs = known.namespace === namespace;
    const broken = this.chance(this.brokenShare);
    if (broken) {
      // The broken corpus also names Services that live in other repositories (not in the workspace).
      if (this.brokenShare > 0.5 && this.chance(0.3)) return this.foreignHost(namespace);
      switch (this.int(0, 3)) {
        case 0:
          return `${known.name}x.${known.namespace}.svc.cluster.local`; // typo
        case 1:
          return `${known.name}.${namespace === known.namespace ? 'default' : namespace}.svc`; // wrong namespace
        case 2:
          return known.pods ? `${known.pods}-${known.replicas + 2}.${known.name}.${known.namespace}.svc.cluster.local` : `${known.name}.${known.namespace}.svc.cluster.internal`;
        default:
          return sameNs ? `${known.name}.svc.cluster.local` : known.name; // unqualified across namespaces
      }
    }
    if (known.pods && this.chance(0.6)) {
      const ordinal = this.int(0, known.replicas - 1);
      return this.chance(0.5) ? `${known.pods}-${ordinal}.${known.name}.${known.namespace}.svc.cluster.local` : `${known.pods}-${ordinal}.${known.name}.${known.namespace}`;
    }
    if (sameNs && this.chance(0.5)) return known.name;
    return this.pick([`${known.name}.${known.namespace}`, `${known.name}.${known.namespace}.svc`, `${known.name}.${known.namespace}.svc.cluster.local`]);
  }

  /** A Service deployed from another repository: unknown here, sometimes in a namespace that exists. */
  private foreignHost(namespace: string): string {
    const name = `${this.pick(WEB_NAMES)}-${this.pick(TEAMS)}-${this.int(0, 400)}`;
    return this.pick([name, `${name}.${namespace}`, `${name}.${namespace}.svc.cluster.local`, `${name}.${this.pick(TEAMS)}-${this.int(1, 9)}.svc`]);
  }

  private url(namespace: string): string {
    const h = this.host(namespace);
    return this.pick([`http://${h}:8080/healthz`, `${h}:${this.pick([80, 443, 5432, 6379, 9092])}`, `https://${h}/api/v1`, `tcp://${h}:${this.int(1000, 9999)}`]);
  }

  private labels(indent: string, name: string, part: string): string {
    let s = `${indent}app.kubernetes.io/name: ${name}\n${indent}app.kubernetes.io/component: ${part}\n`;
    if (this.chance(0.5)) s += `${indent}app.kubernetes.io/managed-by: ${this.pick(['Helm', 'kustomize', 'argocd'])}\n`;
    return s;
  }

  private container(name: string, image: string, port: number, portName: string, namespace: string, indent: string): string {
    const i = indent;
    let s = `${i}- name: ${name}\n${i}  image: ${this.chance(0.2) ? `"${image}"` : image}\n`;
    if (this.chance(0.3)) s += `${i}  imagePullPolicy: IfNotPresent\n`;
    if (this.chance(0.25)) s += `${i}  args: ["--port=${port}", "--log-level=${this.pick(['info', 'debug'])}"]\n`;
    s += `${i}  ports:\n${i}    - name: ${portName}\n${i}      containerPort: ${port}\n`;
    if (this.chance(0.3)) s += `${i}      protocol: TCP\n`;
    const envs = this.int(1, 6);
    s += `${i}  env:\n`;
    for (let k = 0; k < envs; k++) {
      const kind = this.int(0, 5);
      if (kind === 0) s += `${i}    - name: LOG_LEVEL\n${i}      value: ${this.pick(['info', '"debug"', 'warn'])}\n`;
      else if (kind === 1) s += `${i}    - name: FEATURE_${k}\n${i}      value: "${this.pick(['true', 'false', 'yes', 'on'])}"\n`;
      else s += `${i}    - name: ${this.pick(['DATABASE_URL', 'CACHE_HOST', 'BROKERS', 'UPSTREAM', 'PEER_HOST', 'SEARCH_URL'])}_${k}\n${i}      value: ${this.chance(0.3) ? `'${this.url(namespace)}'` : this.url(namespace)}\n`;
    }
    if (this.chance(0.5)) s += `${i}  resources: {}\n`;
    else s += `${i}  resources:\n${i}    requests:\n${i}      cpu: ${this.pick(['100m', '250m', '1'])}\n${i}      memory: ${this.pick(['128Mi', '512Mi', '1Gi'])}\n`;
    if (this.chance(0.4)) s += `${i}  readinessProbe:\n${i}    httpGet:\n${i}      path: /healthz\n${i}      port: ${portName}\n${i}    periodSeconds: ${this.int(5, 30)}\n`;
    return s;
  }

  private configMap(name: string, namespace: string): string {
    let s = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-config\n  namespace: ${namespace}\ndata:\n`;
    s += `  UPSTREAM_HOST: ${this.host(namespace)}\n  TIMEOUT_SECONDS: "${this.int(1, 60)}"\n`;
    if (this.chance(0.6)) {
      s += `  application.properties: |\n`;
      const lines = this.int(3, 10);
      for (let k = 0; k < lines; k++) {
        s += this.chance(0.5) ? `    upstream.${k}.url=${this.url(namespace)}\n` : `    setting.${k}=${this.pick(['true', '42', 'fast', 'none'])}\n`;
      }
    }
    if (this.chance(0.2)) s += `  motd: >-\n    Welcome to ${name}.\n    Contact ${this.host(namespace)} for help.\n`;
    return s;
  }

  private webApp(namespace: string, app: number): void {
    const name = `${this.pick(WEB_NAMES)}-${app}`;
    const port = this.pick([8080, 8000, 3000, 9090]);
    const docs: { file: string; text: string }[] = [];
    const replicas = this.int(1, 5);
    let dep = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels:\n${this.labels('    ', name, 'server')}`;
    if (this.chance(0.3)) dep += `  annotations:\n    deployment.kubernetes.io/revision: "${this.int(1, 40)}"\n`;
    dep += `spec:\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${name}\n  template:\n    metadata:\n      labels:\n${this.labels('        ', name, 'server')}    spec:\n`;
    if (this.chance(0.2)) dep += `      # Workers talk to the queue first.\n`;
    dep += `      containers:\n${this.container(name, `registry.example.com/${namespace}/${name}:1.${this.int(0, 40)}.${this.int(0, 9)}`, port, 'http', namespace, '        ')}`;
    docs.push({ file: 'deployment.yaml', text: dep });
    const svc = `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  type: ClusterIP\n  selector:\n    app.kubernetes.io/name: ${name}\n  ports:\n    - name: http\n      port: 80\n      targetPort: ${this.chance(0.9) ? 'http' : 'web'}\n`;
    docs.push({ file: 'service.yaml', text: svc });
    if (this.chance(0.5)) docs.push({ file: 'configmap.yaml', text: this.configMap(name, namespace) });
    this.services.push({ name, namespace, port: 80, headless: false, replicas, pods: null });
    this.emit(`apps/${namespace}/${name}`, docs);
  }

  private statefulApp(namespace: string, app: number): void {
    const kind = this.pick(STATEFUL);
    const name = `${kind.name}-${app}`;
    const replicas = this.int(1, 5);
    const docs: { file: string; text: string }[] = [];
    const headless = `${name}-headless`;
    docs.push({
      file: 'service-headless.yaml',
      text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${headless}\n  namespace: ${namespace}\n  labels:\n${this.labels('    ', name, 'database')}spec:\n  clusterIP: None\n  publishNotReadyAddresses: true\n  selector:\n    app.kubernetes.io/name: ${name}\n  ports:\n    - name: ${kind.portName}\n      port: ${kind.port}\n`,
    });
    if (this.chance(0.4)) {
      docs.push({
        file: 'service.yaml',
        text: `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  selector:\n    app.kubernetes.io/name: ${name}\n  ports:\n  - name: ${kind.portName}\n    port: ${kind.port}\n    targetPort: ${kind.portName}\n`,
      });
      this.services.push({ name, namespace, port: kind.port, headless: false, replicas, pods: null });
    }
    const serviceName = this.chance(0.95) ? headless : `${name}-hl`; // a share names a Service that does not exist
    let sts = `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\nspec:\n  serviceName: ${serviceName}\n  replicas: ${replicas}\n  podManagementPolicy: ${this.pick(['OrderedReady', 'Parallel'])}\n  selector:\n    matchLabels:\n      app.kubernetes.io/name: ${name}\n  template:\n    metadata:\n      labels:\n${this.labels('        ', name, 'database')}    spec:\n      containers:\n${this.container(kind.name, kind.image, kind.port, kind.portName, namespace, '        ')}`;
    sts += `  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n        accessModes: [ReadWriteOnce]\n        resources:\n          requests:\n            storage: ${this.pick(['1Gi', '10Gi', '100Gi'])}\n`;
    docs.push({ file: 'statefulset.yaml', text: sts });
    if (this.chance(0.5)) docs.push({ file: 'configmap.yaml', text: this.configMap(name, namespace) });
    this.services.push({ name: headless, namespace, port: kind.port, headless: true, replicas, pods: name });
    this.emit(`data/${namespace}/${name}`, docs);
  }

  /** Writes an app's documents as one multi-document file or as one file each. */
  private emit(dir: string, docs: { file: string; text: string }[]): void {
    this.documents += docs.length;
    const crlf = this.chance(0.03);
    const fix = (t: string): string => (crlf ? t.replace(/\n/g, '\r\n') : t);
    if (this.chance(0.3)) {
      const helm = this.chance(0.5);
      const text = docs.map((d) => (helm ? `---\n# Source: ${dir.split('/').pop()}/templates/${d.file}\n${d.text}` : d.text)).join(helm ? '' : '---\n');
      this.files.push({ path: `${dir}.yaml`, text: fix(text) });
    } else {
      for (const d of docs) this.files.push({ path: `${dir}/${d.file}`, text: fix(this.chance(0.1) ? `# ${d.file} for ${dir}\n${d.text}` : d.text) });
    }
  }
}

export type CorpusKind = 'typical' | 'broken';

/** The share of broken host references per kind: about 12 % in a typical repository, nearly all in one whose Services live elsewhere. */
const BROKEN_SHARE: Record<CorpusKind, number> = { typical: 0.12, broken: 0.95 };

/** Generates the corpus in memory. */
export function generateCorpus(documents: number, seed = 20251126, kind: CorpusKind = 'typical'): Corpus {
  return new Generator(documents, seed, BROKEN_SHARE[kind]).run();
}

/**
 * Writes the corpus under `root/<documents>-v<version>/` unless it is already there; returns the
 * folder. The manifest is written last, so a half-written folder is regenerated.
 */
export function writeCorpus(root: string, documents: number, kind: CorpusKind = 'typical'): { dir: string; corpus: Corpus } {
  const dir = path.join(root, `${documents}${kind === 'typical' ? '' : `-${kind}`}-v${CORPUS_VERSION}`);
  const manifest = path.join(dir, 'manifest.json');
  const corpus = generateCorpus(documents, undefined, kind);
  if (fs.existsSync(manifest)) return { dir, corpus };
  fs.rmSync(dir, { recursive: true, force: true });
  for (const f of corpus.files) {
    const full = path.join(dir, 'workspace', ...f.path.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, f.text);
  }
  fs.writeFileSync(manifest, JSON.stringify({ version: CORPUS_VERSION, documents: corpus.documents, files: corpus.files.length, bytes: corpus.bytes }, null, 2));
  return { dir, corpus };
}
