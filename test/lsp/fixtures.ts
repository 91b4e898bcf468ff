// Manifests shared by the protocol tests: small, each showing one DNS situation.
import { dedent } from '../support/markedText';

/** Seed case 4: a StatefulSet and its headless governing Service, the textbook pairing. */
export const HEADLESS_STATEFULSET = dedent`
  apiVersion: v1
  kind: Namespace
  metadata:
    name: sts-headless
  ---
  apiVersion: v1
  kind: Service
  metadata:
    name: nginx
    namespace: sts-headless
  spec:
    clusterIP: None
    selector:
      app: nginx
    ports:
      - name: web
        port: 80
  ---
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: web
    namespace: sts-headless
  spec:
    serviceName: nginx
    replicas: 2
    selector:
      matchLabels:
        app: nginx
    template:
      metadata:
        labels:
          app: nginx
      spec:
        containers:
          - name: nginx
            image: nginx:1.27
            ports:
              - name: web
                containerPort: 80
`;

/** A StatefulSet whose governing Service (in another file) is a ClusterIP Service. */
export const STATEFULSET_OF_VIP = dedent`
  apiVersion: apps/v1
  kind: StatefulSet
  metadata:
    name: cache
  spec:
    serviceName: cache
    replicas: 2
    selector:
      matchLabels:
        app: cache
    template:
      metadata:
        labels:
          app: cache
      spec:
        containers:
          - name: redis
            image: redis:7
            ports:
              - name: redis
                containerPort: 6379
`;

export const VIP_SERVICE = dedent`
  apiVersion: v1
  kind: Service
  metadata:
    name: cache
  spec:
    selector:
      app: cache
    ports:
      - name: redis
        port: 6379
`;

/** A Deployment behind a ClusterIP Service with a pinned VIP, and clients of both. */
export const WEB = dedent`
  apiVersion: apps/v1
  kind: Deployment
  metadata:
    name: web
  spec:
    replicas: 2
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
            image: nginx:1.27
            env:
              - name: DB_HOST
                value: web-0.nginx.sts-headless
              - name: CACHE_ADDR
                value: cahce-0.cache:6379
              - name: API_URL
                value: http://web:80/api
  ---
  apiVersion: v1
  kind: Service
  metadata:
    name: web
  spec:
    type: ClusterIP
    clusterIP: 10.96.0.10
    selector:
      app: web
    ports:
      - port: 80
`;

/** Pods with hostname + subdomain: one names a missing Service, one a headless one. */
export const PODS = dedent`
  apiVersion: v1
  kind: Pod
  metadata:
    name: worker
    labels:
      app: worker
  spec:
    hostname: worker-1
    subdomain: workers
    containers:
      - name: w
        image: busybox
  ---
  apiVersion: v1
  kind: Pod
  metadata:
    name: peer
    labels:
      app: peer
  spec:
    hostname: peer-1
    subdomain: peers
    containers:
      - name: p
        image: busybox
  ---
  apiVersion: v1
  kind: Service
  metadata:
    name: peers
  spec:
    clusterIP: None
    selector:
      app: peer
`;

/**
 * Links across files: headless Service `data/db` governs StatefulSet `db` (3 pods); a pod names it
 * as its subdomain; clients in `app` reach it in every host form; `app` has its own Service `db`,
 * so a bare `db` from `app` resolves there (and must stay untouched when `data/db` is renamed).
 */
export const LINKED = {
  'data/postgres.yaml': dedent`
    apiVersion: v1
    kind: Service
    metadata:
      name: db
      namespace: data
    spec:
      clusterIP: None
      selector:
        app: postgres
      ports:
        - name: pg
          port: 5432
    ---
    apiVersion: apps/v1
    kind: StatefulSet
    metadata:
      name: db
      namespace: data
    spec:
      serviceName: db
      replicas: 3
      selector:
        matchLabels:
          app: postgres
      template:
        metadata:
          labels:
            app: postgres
        spec:
          containers:
            - name: postgres
              image: postgres:16
              env:
                - name: PEER_HOST
                  value: db
  `,
  'data/backup.yaml': dedent`
    apiVersion: v1
    kind: Pod
    metadata:
      name: backup
      namespace: data
    spec:
      hostname: backup
      subdomain: db
      containers:
        - name: b
          image: busybox
  `,
  'app/db.yaml': dedent`
    apiVersion: v1
    kind: Service
    metadata:
      name: db
      namespace: app
    spec:
      selector:
        app: local-db
      ports:
        - port: 5432
  `,
  'app/client.yaml': dedent`
    apiVersion: apps/v1
    kind: Deployment
    metadata:
      name: client
      namespace: app
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
              env:
                - name: DB_HOST
                  value: db.data
                - name: DB_URL
                  value: postgres://db.data.svc:5432/app?sslmode=disable
                - name: DB_FQDN_HOST
                  value: db.data.svc.cluster.local
                - name: PRIMARY_HOST
                  value: db-0.db.data.svc.cluster.local
                - name: REPLICA_ADDR
                  value: db-1.db.data:5432
                - name: LOCAL_DB_HOST
                  value: db
  `,
};

/** A ClusterIP Service `api` selecting app=api. */
export const API_SERVICE = dedent`
  apiVersion: v1
  kind: Service
  metadata:
    name: api
  spec:
    selector:
      app: api
    ports:
      - port: 80
`;
