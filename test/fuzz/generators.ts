/**
 * Generators for the fuzz suite: one abstract agent (staged in waves or not, privileged or not, ...) rendered as the
 * same DaemonSets in every input format, plus mutations of the rendered inputs.
 */
import fc from "fast-check";
import { stringify } from "yaml";
import { toProviderShape } from "../../lib/inputs/provider-shape";
import { DaemonSet } from "../../lib/model/k8s";

/** What the fuzz suite varies about one agent. */
export interface AgentCase {
  readonly name: string;
  /** 1 = a single un-staged DaemonSet (no contract); 2-4 = waves with the rollout contract. */
  readonly waves: number;
  readonly privileged: boolean;
  readonly add: readonly string[];
  readonly tag: string;
  readonly readiness: boolean;
  readonly maxUnavailable: number | string;
  readonly minReadySeconds: number;
  readonly hostPath?: { readonly path: string; readonly readOnly: boolean };
  readonly hostNetwork: boolean;
  readonly nodes?: readonly number[];
}

/** Seeds: every fuzz property is reproducible. */
export const SEED = 20261201;

export const agentCase: fc.Arbitrary<AgentCase> = fc.record(
  {
    name: fc.constantFrom("agent", "node-agent", "sec"),
    waves: fc.integer({ min: 1, max: 4 }),
    privileged: fc.boolean(),
    add: fc.uniqueArray(
      fc.constantFrom("BPF", "PERFMON", "SYS_MODULE", "SYS_ADMIN", "CAP_NET_ADMIN", "ALL"),
      {
        maxLength: 3,
      },
    ),
    tag: fc.constantFrom("latest", "v1.2.3", "v1.2.3@sha256:" + "a".repeat(64), "stable"),
    readiness: fc.boolean(),
    maxUnavailable: fc.constantFrom<number | string>(1, "10%", "100%", "50%", 0),
    minReadySeconds: fc.constantFrom(0, 10, 30),
    hostPath: fc.option(
      fc.record({
        path: fc.constantFrom("/", "/sys/fs/bpf", "/lib/modules", "/proc", "/var/log"),
        readOnly: fc.boolean(),
      }),
      { nil: undefined },
    ),
    hostNetwork: fc.boolean(),
    nodes: fc.option(fc.array(fc.integer({ min: 1, max: 2000 }), { minLength: 4, maxLength: 4 }), {
      nil: undefined,
    }),
  },
  {
    requiredKeys: [
      "name",
      "waves",
      "privileged",
      "add",
      "tag",
      "readiness",
      "maxUnavailable",
      "minReadySeconds",
      "hostNetwork",
    ],
  },
);

const WAVE_NAMES = ["canary", "staging", "early", "production"];

/** The agent's DaemonSets, Kubernetes-shaped. */
export function manifestsOf(c: AgentCase): DaemonSet[] {
  const names = c.waves === 1 ? [] : [...WAVE_NAMES.slice(0, c.waves - 1), "production"];
  const count = Math.max(1, names.length);
  const pools = names.slice(0, -1);
  return Array.from({ length: count }, (_, i) => {
    const wave = names[i];
    const staged = wave !== undefined;
    const last = i === count - 1;
    const expressions = !staged
      ? undefined
      : last
        ? pools.length === 0
          ? undefined
          : [{ key: "pool", operator: "NotIn", values: [...pools].sort() }]
        : [{ key: "pool", operator: "In", values: [wave] }];
    const annotations: Record<string, string> = staged
      ? {
          "wavegate.dev/agent": c.name,
          "wavegate.dev/wave-index": String(i),
          "wavegate.dev/waves": names.join(","),
          "wavegate.dev/version": c.tag,
          ...(c.nodes ? { "wavegate.dev/nodes": String(c.nodes[i]) } : {}),
        }
      : {};
    const labels: Record<string, string> = staged
      ? { "app.kubernetes.io/name": c.name, "wavegate.dev/wave": wave }
      : { app: c.name };
    return {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: {
        name: staged && !last ? `${c.name}-${wave}` : c.name,
        namespace: "kube-system",
        labels,
        annotations,
      },
      spec: {
        selector: { matchLabels: labels },
        updateStrategy: {
          type: "RollingUpdate",
          rollingUpdate: { maxUnavailable: c.maxUnavailable, maxSurge: 0 },
        },
        minReadySeconds: c.minReadySeconds,
        revisionHistoryLimit: 10,
        template: {
          metadata: { labels },
          spec: {
            hostNetwork: c.hostNetwork,
            containers: [
              {
                name: "agent",
                image: `registry.example/agent:${c.tag}`,
                securityContext: {
                  privileged: c.privileged,
                  capabilities: { drop: ["ALL"], add: [...c.add] },
                },
                ...(c.readiness ? { readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } } : {}),
                ...(c.hostPath
                  ? { volumeMounts: [{ name: "host", mountPath: "/host", readOnly: c.hostPath.readOnly }] }
                  : {}),
              },
            ],
            ...(c.hostPath ? { volumes: [{ name: "host", hostPath: { path: c.hostPath.path } }] } : {}),
            ...(expressions
              ? {
                  affinity: {
                    nodeAffinity: {
                      requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [{ matchExpressions: expressions }],
                      },
                    },
                  },
                }
              : {}),
          },
        },
      },
    } as DaemonSet;
  });
}

/** Terraform JSON: one `kubernetes_daemon_set_v1` per DaemonSet (`<agent>_<i>`). */
export function tfJsonOf(manifests: readonly DaemonSet[]): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  manifests.forEach((m, i) => (resources[`ds_${i}`] = toProviderShape(m)));
  return { resource: { kubernetes_daemon_set_v1: resources } };
}

/** A Terraform plan (`terraform show -json`) holding the same resources in planned_values. */
export function planJsonOf(manifests: readonly DaemonSet[]): Record<string, unknown> {
  const resources = manifests.map((m, i) => ({
    address: `kubernetes_daemon_set_v1.ds_${i}`,
    mode: "managed",
    type: "kubernetes_daemon_set_v1",
    name: `ds_${i}`,
    provider_name: "registry.terraform.io/hashicorp/kubernetes",
    values: blocksAsLists(toProviderShape(m)),
  }));
  return { format_version: "1.2", planned_values: { root_module: { resources } } };
}

/** Map-typed provider attributes (everything else object-valued is a block). */
const MAP_ATTRIBUTES = new Set([
  "labels",
  "annotations",
  "match_labels",
  "node_selector",
  "requests",
  "limits",
]);

/** Plan JSON spells every nested block as a list of one. */
function blocksAsLists(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => blocksAsLists(v));
  if (typeof value !== "object" || value === null) return value;
  if (key !== undefined && MAP_ATTRIBUTES.has(key)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      typeof v === "object" && v !== null && !Array.isArray(v) && !MAP_ATTRIBUTES.has(k)
        ? [blocksAsLists(v, k)]
        : blocksAsLists(v, k);
  }
  return out;
}

/** HCL text of the same resources. */
export function hclOf(manifests: readonly DaemonSet[]): string {
  return manifests
    .map((m, i) => `resource "kubernetes_daemon_set_v1" "ds_${i}" {\n${hclBody(toProviderShape(m), "  ")}}\n`)
    .join("\n");
}

function hclBody(obj: Record<string, unknown>, indent: string): string {
  let out = "";
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (MAP_ATTRIBUTES.has(k) && typeof v === "object" && v !== null) {
      const entries = Object.entries(v).map(
        ([mk, mv]) => `${indent}  ${JSON.stringify(mk)} = ${JSON.stringify(mv)}`,
      );
      out += `${indent}${k} = {\n${entries.join("\n")}\n${indent}}\n`;
    } else if (Array.isArray(v) && v.some((x) => typeof x === "object" && x !== null)) {
      for (const item of v)
        out += `${indent}${k} {\n${hclBody(item as Record<string, unknown>, indent + "  ")}${indent}}\n`;
    } else if (typeof v === "object" && v !== null && !Array.isArray(v)) {
      out += `${indent}${k} {\n${hclBody(v as Record<string, unknown>, indent + "  ")}${indent}}\n`;
    } else {
      out += `${indent}${k} = ${JSON.stringify(v)}\n`;
    }
  }
  return out;
}

/** Kubernetes YAML of the same DaemonSets: YAML documents, or one JSON `List` (JSON is YAML). */
export function yamlOf(manifests: readonly DaemonSet[], style: "yaml" | "json"): string {
  if (style === "json") return JSON.stringify({ apiVersion: "v1", kind: "List", items: manifests });
  return manifests.map((m) => stringify(m)).join("---\n");
}

/** Every path to a value inside a JSON tree (objects and arrays), the root excluded. */
export function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  if (typeof value === "object" && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const p = [...prefix, Array.isArray(value) ? Number(k) : k];
      out.push(p);
      pathsOf(v, p, out);
    }
  }
  return out;
}

/** A copy of `value` with the value at `path` replaced. */
export function replaceAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<
    string | number,
    unknown
  >;
  copy[path[0]] = replaceAt(copy[path[0]], path.slice(1), replacement);
  return copy;
}

/** Values a mutation may put anywhere: wrong types, empty shapes, Terraform expressions, odd numbers. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    2 ** 31,
    1e308,
    "",
    "1",
    "0",
    "true",
    "10%",
    "${var.x}",
    "latest",
    [],
    {},
    [null],
    [{}],
    { "": null },
  ),
  fc.string({ maxLength: 8 }),
  fc.integer(),
  fc.array(fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.string({ maxLength: 4 }), fc.integer()), {
    maxKeys: 2,
  }),
);
