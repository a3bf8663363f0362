/**
 * The one place that maps between Kubernetes field names and the Terraform Kubernetes provider's schema
 * (`kubernetes_daemon_set_v1` / `kubernetes_daemonset`): snake_case names, singular list blocks (`container`,
 * `volume_mount`, `toleration`, `node_selector_term`), `strategy` for `updateStrategy`, ports and user IDs as strings.
 *
 * `toProviderShape` writes Terraform JSON (single blocks as objects, list blocks as arrays, as `cdktf synth` does);
 * `fromProviderShape` reads it back, accepting every block as an object or an array (HCL-to-JSON gives arrays).
 * Fields the table does not know are still carried over, with their names converted by case only.
 */

import { ManifestShapeError } from "./shape-error";
import { terraformStringToBool, terraformStringToNumber } from "./terraform-convert";
import { isUnknown } from "./types";

type Scalar = {
  kind: "scalar";
  tf?: string;
  type?: "number" | "boolean";
  tfString?: boolean;
  octal?: boolean;
};
type MapField = { kind: "map"; tf?: string };
type Block = { kind: "block"; tf?: string; schema: Schema; tfList?: boolean };
type List = { kind: "list"; tf?: string; schema: Schema };
type Field = Scalar | MapField | Block | List;
type Schema = { readonly [k8sName: string]: Field };

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
const daemonSet: Schema = { metadata: block(metadata), spec: block(daemonSetSpec) };

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

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const tfName = (k8s: string, field: Field | undefined) => field?.tf ?? snakeCase(k8s);

/** Kubernetes-shaped `{ metadata, spec }` of a DaemonSet -> the provider's Terraform JSON blocks. */
export function toProviderShape(daemonSetBody: { metadata?: unknown; spec?: unknown }): JsonObject {
  return toTf({ metadata: daemonSetBody.metadata, spec: daemonSetBody.spec }, daemonSet) as JsonObject;
}

/** The provider's `metadata` / `spec` blocks (objects or arrays of one) -> Kubernetes-shaped `{ metadata, spec }`. */
export function fromProviderShape(resource: { metadata?: unknown; spec?: unknown }): {
  metadata: JsonObject;
  spec: JsonObject;
} {
  const { metadata, spec } = fromProviderShapeChecked(resource);
  return { metadata, spec };
}

/**
 * `fromProviderShape`, also telling whether the result may hold a value unknown until apply or a `dynamic` key
 * (found in the same pass). `false` means it holds neither, so a loader need not walk it again to find them.
 */
export function fromProviderShapeChecked(resource: { metadata?: unknown; spec?: unknown }): {
  metadata: JsonObject;
  spec: JsonObject;
  mayHoldUnknown: boolean;
} {
  const seen: Seen = { unknown: false };
  const out = fromTf({ metadata: resource.metadata, spec: resource.spec }, readDaemonSet, seen) as JsonObject;
  return {
    metadata: (out.metadata as JsonObject) ?? {},
    spec: (out.spec as JsonObject) ?? {},
    mayHoldUnknown: seen.unknown,
  };
}

function toTf(value: Json, schema: Schema | undefined): Json {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const field = schema?.[key];
    out[tfName(key, field)] = toTfField(v, field);
  }
  return out;
}

function toTfField(v: Json, field: Field | undefined): Json {
  if (field === undefined) {
    return Array.isArray(v) ? v.map((x) => toTf(x, undefined)) : toTf(v, undefined);
  }
  switch (field.kind) {
    case "map":
      return v;
    case "scalar":
      if (field.tfString && typeof v === "number") {
        return field.octal ? `0${v.toString(8)}` : String(v);
      }
      return v;
    case "block": {
      const one = toTf(Array.isArray(v) ? v[0] : v, field.schema);
      return field.tfList ? [one] : one;
    }
    case "list":
      return (Array.isArray(v) ? v : [v]).map((x) => toTf(x, field.schema));
  }
}

/**
 * A table field as the reader uses it: every kind in one object shape (the reader's property reads stay monomorphic
 * over the ~1,000,000 fields of 10,000 DaemonSets), by Terraform name.
 */
interface ReadField {
  /** The Kubernetes name. */
  readonly k8s: string;
  readonly kind: Field["kind"];
  /** The block's or list item's fields (undefined for scalars and maps). */
  readonly schema: ReadSchema | undefined;
  readonly type: "number" | "boolean" | undefined;
  readonly tfString: boolean;
  readonly octal: boolean;
}
type ReadSchema = ReadonlyMap<string, ReadField>;

/** Each schema's fields by Terraform name, built once (loading 10,000 DaemonSets reuses them). */
const readSchemas = new WeakMap<Schema, Map<string, ReadField>>();
const NO_FIELDS: ReadSchema = new Map<string, ReadField>();

function readSchemaOf(schema: Schema): ReadSchema {
  let byTf = readSchemas.get(schema);
  if (byTf === undefined) {
    byTf = new Map();
    readSchemas.set(schema, byTf); // before the fields: a schema reached again through its own fields is this one
    for (const [k8s, field] of Object.entries(schema)) {
      byTf.set(tfName(k8s, field), {
        k8s,
        kind: field.kind,
        schema: field.kind === "block" || field.kind === "list" ? readSchemaOf(field.schema) : undefined,
        type: field.kind === "scalar" ? field.type : undefined,
        tfString: field.kind === "scalar" && field.tfString === true,
        octal: field.kind === "scalar" && field.octal === true,
      });
    }
  }
  return byTf;
}

const readDaemonSet = readSchemaOf(daemonSet);

/** `camelCase` of keys the table does not know, memoized (the same few keys repeat in every resource). */
const camelNames = new Map<string, string>();
function camelCaseCached(key: string): string {
  let name = camelNames.get(key);
  if (name === undefined) {
    name = camelCase(key);
    if (camelNames.size < 10_000) camelNames.set(key, name);
  }
  return name;
}

/** What one `fromTf` pass saw: whether some value is unknown until apply, or some key is `dynamic`. */
type Seen = { unknown: boolean };

function fromTf(value: Json, byTf: ReadSchema, seen: Seen): Json {
  if (!isObject(value)) {
    if (!seen.unknown && holdsUnknown(value)) seen.unknown = true;
    return value;
  }
  const out: JsonObject = {};
  for (const key in value) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    const known = byTf.get(key);
    if (known === undefined) {
      if (key === "dynamic") seen.unknown = true;
      out[camelCaseCached(key)] = Array.isArray(v)
        ? v.map((x) => fromTf(x, NO_FIELDS, seen))
        : fromTf(v, NO_FIELDS, seen);
      continue;
    }
    const converted = fromTfField(v, known, seen, key);
    if (converted !== undefined) out[known.k8s] = converted;
  }
  return out;
}

function fromTfField(v: Json, field: ReadField, seen: Seen, key: string): Json {
  switch (field.kind) {
    case "map": {
      // A map given twice (a repeated JSON key) is Terraform's "Duplicate argument": refused, never merged.
      if (Array.isArray(v) && v.length > 1) {
        throw new ManifestShapeError(`"${key}" is set ${v.length} times; Terraform allows an argument once`);
      }
      const map = Array.isArray(v) ? Object.assign({}, ...v.filter(isObject)) : v;
      if (!seen.unknown && holdsUnknown(map)) seen.unknown = true;
      return map;
    }
    case "scalar": {
      const value = typeof v === "string" ? coerce(v, field) : v;
      if (!seen.unknown && holdsUnknown(value)) seen.unknown = true;
      return value;
    }
    case "block": {
      // The provider takes at most one of these blocks; Terraform refuses a second ("Too many ... blocks").
      if (Array.isArray(v) && v.length > 1) {
        throw new ManifestShapeError(
          `${v.length} "${key}" blocks where the provider takes one; Terraform refuses this`,
        );
      }
      const one = Array.isArray(v) ? v[0] : v;
      return one === undefined ? undefined : fromTf(one, field.schema ?? NO_FIELDS, seen);
    }
    case "list": {
      const items = Array.isArray(v) ? v : [v];
      const schema = field.schema ?? NO_FIELDS;
      const out = new Array<Json>(items.length);
      for (let i = 0; i < items.length; i++) out[i] = fromTf(items[i], schema, seen);
      return out;
    }
  }
}

/** True when a value carried over as-is holds an unknown value or a `dynamic` key. */
function holdsUnknown(v: Json): boolean {
  if (typeof v === "string") return isUnknown(v);
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) return v.some(holdsUnknown);
  for (const key in v) if (key === "dynamic" || holdsUnknown((v as JsonObject)[key])) return true;
  return false;
}

function coerce(v: Json, field: ReadField): Json {
  if (typeof v !== "string") return v;
  if (field.type === "number") {
    // The provider parses modes in base 8 (strconv.ParseInt(mode, 8, 32)): "0644" and "644" are both 420.
    if (field.octal && /^[0-7]+$/.test(v)) return parseInt(v, 8);
    // String attributes the provider parses itself (ports, user IDs, int-or-percent caps): integers only.
    if (field.tfString) return /^-?\d+$/.test(v) ? Number(v) : v;
    // Number attributes: Terraform converts the string before the provider sees it (go-cty).
    return terraformStringToNumber(v) ?? v;
  }
  if (field.type === "boolean") return terraformStringToBool(v) ?? v;
  return v;
}
