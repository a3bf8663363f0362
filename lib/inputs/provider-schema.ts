/**
 * The mapping table between Kubernetes field names and the Terraform Kubernetes provider's schema
 * (`kubernetes_daemon_set_v1` / `kubernetes_daemonset`), read by `provider-shape.ts` (writing) and `provider-read.ts`
 * (reading). Fields the table does not know are converted by case only.
 */

export type Scalar = {
  kind: "scalar";
  tf?: string;
  type?: "number" | "boolean";
  tfString?: boolean;
  octal?: boolean;
};
export type MapField = { kind: "map"; tf?: string };
export type Block = { kind: "block"; tf?: string; schema: Schema; tfList?: boolean };
export type List = { kind: "list"; tf?: string; schema: Schema };
export type Field = Scalar | MapField | Block | List;
export type Schema = { readonly [k8sName: string]: Field };

const num: Scalar = { kind: "scalar", type: "number" };
const bool: Scalar = { kind: "scalar", type: "boolean" };
const numAsString: Scalar = { kind: "scalar", type: "number", tfString: true };
const str: Scalar = { kind: "scalar" };
const map: MapField = { kind: "map" };
const block = (schema: Schema, extra: Partial<Block> = {}): Block => ({ kind: "block", schema, ...extra });
const list = (schema: Schema, tf?: string): List => ({ kind: "list", schema, tf });

const metadata: Schema = { name: str, namespace: str, labels: map, annotations: map, generateName: str };
const requirement: Schema = { key: str, operator: str, values: str };
const selectorTerm: Schema = {
  matchExpressions: list(requirement, "match_expressions"),
  matchFields: list(requirement, "match_fields"),
};
const probe: Schema = {
  httpGet: block({
    path: str,
    port: numAsString,
    scheme: str,
    host: str,
    httpHeaders: list({ name: str, value: str }, "http_header"),
  }),
  tcpSocket: block({ port: numAsString }, { tfList: true }),
  exec: block({ command: str }),
  grpc: block({ port: num, service: str }, { tfList: true }),
  initialDelaySeconds: num,
  periodSeconds: num,
  timeoutSeconds: num,
  failureThreshold: num,
  successThreshold: num,
};
const seccomp: Schema = { type: str, localhostProfile: str };
const container: Schema = {
  name: str,
  image: str,
  imagePullPolicy: str,
  command: str,
  args: str,
  workingDir: str,
  terminationMessagePolicy: str,
  terminationMessagePath: str,
  envFrom: list(
    {
      prefix: str,
      configMapRef: block({ name: str, optional: bool }),
      secretRef: block({ name: str, optional: bool }),
    },
    "env_from",
  ),
  env: list(
    {
      name: str,
      value: str,
      valueFrom: block({
        fieldRef: block({ fieldPath: str, apiVersion: str }),
        secretKeyRef: block({ name: str, key: str, optional: bool }),
        configMapKeyRef: block({ name: str, key: str, optional: bool }),
        resourceFieldRef: block({ resource: str, containerName: str, divisor: str }),
      }),
    },
    "env",
  ),
  ports: list(
    {
      containerPort: num,
      name: str,
      protocol: str,
      hostPort: num,
      hostIP: { kind: "scalar", tf: "host_ip" },
    },
    "port",
  ),
  resources: block({ requests: map, limits: map }),
  securityContext: block({
    privileged: bool,
    allowPrivilegeEscalation: bool,
    readOnlyRootFilesystem: bool,
    runAsUser: numAsString,
    runAsGroup: numAsString,
    runAsNonRoot: bool,
    capabilities: block({ add: str, drop: str }),
    seccompProfile: block(seccomp),
    seLinuxOptions: block({ level: str, role: str, type: str, user: str }),
  }),
  volumeMounts: list(
    { name: str, mountPath: str, readOnly: bool, mountPropagation: str, subPath: str },
    "volume_mount",
  ),
  readinessProbe: block(probe),
  livenessProbe: block(probe),
  startupProbe: block(probe),
};
const podSpec: Schema = {
  containers: list(container, "container"),
  initContainers: list(container, "init_container"),
  volumes: list(
    {
      name: str,
      hostPath: block({ path: str, type: str }),
      configMap: block({
        name: str,
        defaultMode: { kind: "scalar", type: "number", tfString: true, octal: true },
        optional: bool,
      }),
      secret: block({
        secretName: str,
        defaultMode: { kind: "scalar", type: "number", tfString: true, octal: true },
        optional: bool,
      }),
      emptyDir: block({ medium: str, sizeLimit: str }),
    },
    "volume",
  ),
  affinity: block({
    nodeAffinity: block({
      requiredDuringSchedulingIgnoredDuringExecution: block({
        nodeSelectorTerms: list(selectorTerm, "node_selector_term"),
      }),
      preferredDuringSchedulingIgnoredDuringExecution: list(
        { weight: num, preference: block(selectorTerm) },
        "preferred_during_scheduling_ignored_during_execution",
      ),
    }),
  }),
  nodeSelector: map,
  tolerations: list(
    { key: str, operator: str, value: str, effect: str, tolerationSeconds: numAsString },
    "toleration",
  ),
  priorityClassName: str,
  serviceAccountName: str,
  automountServiceAccountToken: bool,
  hostNetwork: bool,
  hostPID: { kind: "scalar", type: "boolean", tf: "host_pid" },
  hostIPC: { kind: "scalar", type: "boolean", tf: "host_ipc" },
  dnsPolicy: str,
  terminationGracePeriodSeconds: num,
  securityContext: block({
    runAsUser: numAsString,
    runAsGroup: numAsString,
    runAsNonRoot: bool,
    fsGroup: numAsString,
    seccompProfile: block(seccomp),
  }),
  imagePullSecrets: list({ name: str }, "image_pull_secrets"),
};
const daemonSetSpec: Schema = {
  selector: block({ matchLabels: map, matchExpressions: list(requirement, "match_expressions") }),
  updateStrategy: block(
    // int-or-percent: the provider holds "1" / "10%" strings; Kubernetes rejects a string that is not a percent.
    { type: str, rollingUpdate: block({ maxUnavailable: numAsString, maxSurge: numAsString }) },
    { tf: "strategy" },
  ),
  minReadySeconds: num,
  revisionHistoryLimit: num,
  template: block({ metadata: block(metadata), spec: block(podSpec) }),
};

/** The schema of a DaemonSet resource's `metadata` and `spec` blocks. */
export const DAEMON_SET_SCHEMA: Schema = { metadata: block(metadata), spec: block(daemonSetSpec) };

/** `hostPID` -> `host_pid`, `matchLabels` -> `match_labels`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z]+)/g, (_m, a: string, b: string) => `${a}_${b.toLowerCase()}`)
    .toLowerCase();
}

/** `match_labels` -> `matchLabels`. */
export function camelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** The provider's name of a Kubernetes field: the table's `tf`, else its snake_case. */
export const tfName = (k8s: string, field: Field | undefined): string => field?.tf ?? snakeCase(k8s);
