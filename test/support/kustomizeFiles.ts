// A kustomize base shared by the engine and protocol tests: a headless Service and StatefulSet
// `db`, and a Deployment `web` whose DATABASE_URL names `db` (which a namePrefix breaks).
export const BASE_APP = `apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
    - name: pg
      port: 5432
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 1
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
        - name: db
          image: postgres
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: web
          env:
            - name: DATABASE_URL
              value: postgres://db:5432/shop
`;

/**
 * A base with Services api (ClusterIP) and api-headless governing StatefulSet api, and a client
 * Deployment whose args and API_URL name them; `namespace` is a `metadata.namespace` line or ''.
 */
export const renamedApiBase = (namespace: string, env: string, args: string): string => `apiVersion: v1
kind: Service
metadata:
  name: api-headless${namespace}
spec:
  clusterIP: None
  selector:
    app: api
  ports:
    - port: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: api${namespace}
spec:
  selector:
    app: api
  ports:
    - port: 8080
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: api${namespace}
spec:
  serviceName: api-headless
  replicas: 2
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: api:1
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: client${namespace}
spec:
  selector:
    matchLabels:
      app: client
  template:
    metadata:
      labels:
        app: client
    spec:
      containers:
        - name: client
          image: client:1
          args: [${args}]
          env:
            - name: API_URL
              value: ${env}
`;

/**
 * One overlay per component, applied together: frontend/overlays/prod names `backend`, which
 * backend/overlays/prod builds into the same namespace. frontend/overlays/staging has no backend
 * in its namespace anywhere.
 */
export const COMPONENT_OVERLAYS: Record<string, string> = {
  'frontend/base/kustomization.yaml': 'resources:\n  - app.yaml\n',
  'frontend/base/app.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: frontend}\nspec:\n  selector: {app: frontend}\n  ports: [{port: 80}]\n---\n' +
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: frontend}\nspec:\n  selector: {matchLabels: {app: frontend}}\n  template:\n    metadata: {labels: {app: frontend}}\n    spec:\n' +
    '      containers:\n        - name: f\n          image: f\n          env: [{name: BACKEND, value: "http://backend:8080"}]\n---\n' +
    // A block scalar maps back as a whole: its misspelt host must keep its warning.
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: upstreams}\ndata:\n  upstreams.yaml: |\n    - http://bakend:8080\n    - http://backend:8080\n---\n' +
    // A pod that does not use cluster DNS cannot reach backend whichever overlay builds it.
    'apiVersion: v1\nkind: Pod\nmetadata: {name: probe}\nspec:\n  dnsPolicy: Default\n  containers: [{name: p, image: p, args: ["--target=http://backend:8080"]}]\n',
  'frontend/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: shop\n',
  'frontend/overlays/staging/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: shop-staging\n',
  'backend/base/kustomization.yaml': 'resources:\n  - app.yaml\n',
  'backend/base/app.yaml':
    'apiVersion: v1\nkind: Service\nmetadata: {name: backend}\nspec:\n  selector: {app: backend}\n  ports: [{port: 8080}]\n---\n' +
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: backend}\nspec:\n  selector: {matchLabels: {app: backend}}\n  template:\n    metadata: {labels: {app: backend}}\n    spec:\n' +
    '      containers: [{name: b, image: b, ports: [{containerPort: 8080}]}]\n',
  'backend/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\nnamespace: shop\n',
  // One overlay per environment of one base, in the same namespace (one cluster each): prod forgot
  // the cache that dev adds. They read the base in common, so dev's cache does not excuse prod.
  'web/base/kustomization.yaml': 'resources:\n  - app.yaml\n',
  'web/base/app.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n' +
    '      containers:\n        - name: w\n          image: w\n          env: [{name: CACHE, value: "redis://cache:6379"}]\n',
  'web/overlays/dev/kustomization.yaml': 'resources:\n  - ../../base\n  - cache.yaml\nnamespace: web\n',
  'web/overlays/dev/cache.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: cache}\nspec:\n  ports: [{port: 6379}]\n',
  'web/overlays/prod/kustomization.yaml': 'resources:\n  - ../../base\n  - web.yaml\nnamespace: web\n',
  'web/overlays/prod/web.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n',
};
