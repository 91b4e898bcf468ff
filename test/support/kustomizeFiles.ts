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
