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
