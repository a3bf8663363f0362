import { POOL_LABELS } from "../model/node-pool";
import { NodeTaint, TAINT_EFFECTS, TaintEffect } from "../model/node-pools/taints";
import { isUnknown, SourceRef } from "./types";

/** The clouds whose node pools `check` reads. */
export type PoolCloud = "eks" | "gke" | "aks" | "karpenter";

/** A pool setting as written, with the field it came from. */
export interface PoolSetting<T> {
  /** The value (may be an unknown expression string). */
  readonly value: T;
  /** The field, in the input's own spelling, e.g. `update_config.max_unavailable_percentage`. */
  readonly field: string;
}

/**
 * One node pool found in any input (an EKS managed node group, a GKE node pool, an AKS node pool or a Karpenter
 * NodePool), reduced to what the wave-pool rule (WG111) needs: the labels and taints its nodes get, its size, its
 * upgrade budget and pinned image. Values unknown until apply are left out of `labels` (their keys are listed in
 * `unknownLabels`) and never guessed.
 */
export interface LoadedNodePool {
  /** Where it came from. */
  readonly source: SourceRef;
  /** The Terraform resource type, or `NodePool` for Kubernetes YAML. */
  readonly kind: string;
  /** The cloud. */
  readonly cloud: PoolCloud;
  /** The pool's name, when known. */
  readonly name?: string;
  /** Labels every node of the pool carries (its own labels and the cloud's pool-name label), with known values. */
  readonly labels: Readonly<Record<string, string>>;
  /** Label keys the nodes carry with values unknown until apply. */
  readonly unknownLabels: readonly string[];
  /** The taints of the pool's nodes, in Kubernetes form (known ones only). */
  readonly taints: readonly NodeTaint[];
  /** True when some taint could not be read (unknown or malformed). */
  readonly unknownTaints: boolean;
  /** The pool's size in nodes, when stated (GKE: per-zone counts times the zones, when the zones are listed). */
  readonly size?: { readonly min?: number; readonly max?: number; readonly desired?: number };
  /** Nodes replaced (or surged) at once on a node image upgrade, when stated. */
  readonly upgradeBudget?: PoolSetting<number | string>;
  /** The pinned image / version, when stated. */
  readonly image?: PoolSetting<string>;
  /** True when the cloud upgrades the pool on its own schedule (GKE `management.auto_upgrade`). */
  readonly autoUpgrade?: boolean;
  /** Karpenter: the EC2NodeClass the pool's nodes are launched from (`nodeClassRef.name`); its AMI is the image. */
  readonly nodeClass?: string;
  /**
   * `"node-class"` for a Karpenter `EC2NodeClass` (karpenter.k8s.aws): not a pool, but where its pools' AMI alias
   * (`image`) is pinned. Absent for pools.
   */
  readonly role?: "node-class";
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
/** HCL and plans wrap blocks in arrays of one; cdktf does not. */
const one = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v);
const obj = (v: unknown): JsonObject => {
  const o = one(v);
  return isObject(o) ? o : {};
};
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);
const str = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" && !isUnknown(v) ? v : undefined;
const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** The Terraform resource types that are node pools. */
export const NODE_POOL_TYPES: readonly string[] = [
  "aws_eks_node_group",
  "google_container_node_pool",
  "azurerm_kubernetes_cluster_node_pool",
];

/**
 * The node pool a Terraform resource declares, or undefined when it is none (`aws_eks_node_group`,
 * `google_container_node_pool`, `azurerm_kubernetes_cluster_node_pool`, or a `kubernetes_manifest` of a Karpenter
 * `NodePool`).
 */
export function nodePoolFromResource(
  type: string,
  name: string,
  body: unknown,
  source: Omit<SourceRef, "address">,
  addressPrefix?: string,
): LoadedNodePool | undefined {
  if (!NODE_POOL_TYPES.includes(type) && type !== "kubernetes_manifest") return undefined;
  const r = obj(body);
  const at: SourceRef = { ...source, address: `${addressPrefix ? `${addressPrefix}.` : ""}${type}.${name}` };
  switch (type) {
    case "aws_eks_node_group":
      return eks(r, at);
    case "google_container_node_pool":
      return gke(r, at);
    case "azurerm_kubernetes_cluster_node_pool":
      return aks(r, at);
    default: {
      const manifest = obj(r.manifest);
      if (isEc2NodeClass(manifest)) return nodeClass(manifest, at, type);
      return isKarpenterNodePool(manifest) ? karpenter(manifest, at, type) : undefined;
    }
  }
}

/** True for a Karpenter NodePool object (`karpenter.sh/*`, kind NodePool). */
export function isKarpenterNodePool(o: unknown): o is JsonObject {
  return (
    isObject(o) &&
    o.kind === "NodePool" &&
    typeof o.apiVersion === "string" &&
    o.apiVersion.startsWith("karpenter.sh/")
  );
}

/** True for a Karpenter `EC2NodeClass` (`karpenter.k8s.aws/*`). */
export function isEc2NodeClass(o: unknown): o is JsonObject {
  return (
    isObject(o) &&
    o.kind === "EC2NodeClass" &&
    typeof o.apiVersion === "string" &&
    o.apiVersion.startsWith("karpenter.k8s.aws/")
  );
}

/** Every node pool under a Terraform JSON `resource` block, in any of Terraform JSON's accepted shapes. */
export function nodePoolsFromResources(
  resource: unknown,
  source: Omit<SourceRef, "address">,
  lineOf?: (type: string, name: string) => number | undefined,
): LoadedNodePool[] {
  const out: LoadedNodePool[] = [];
  for (const byType of Array.isArray(resource) ? resource : [resource]) {
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (!NODE_POOL_TYPES.includes(type) && type !== "kubernetes_manifest") continue;
      for (const names of Array.isArray(byName) ? byName : [byName]) {
        if (!isObject(names)) continue;
        for (const [name, body] of Object.entries(names)) {
          const line = lineOf?.(type, name);
          const at = withPath(line !== undefined ? { ...source, line } : source, body);
          const pool = nodePoolFromResource(type, name, body, at);
          if (pool !== undefined) out.push(pool);
        }
      }
    }
  }
  return out;
}

function withPath(source: Omit<SourceRef, "address">, body: unknown): Omit<SourceRef, "address"> {
  const meta = obj(obj(body)["//"]).metadata;
  const path = isObject(meta) ? meta.path : undefined;
  return typeof path === "string" && source.constructPath === undefined
    ? { ...source, constructPath: path }
    : source;
}

/** Node labels: known values kept, unknown values' keys listed; the cloud's pool-name label added. */
function labelsOf(
  raw: unknown,
  nameKey: string | undefined,
  name: unknown,
): { labels: Record<string, string>; unknownLabels: string[] } {
  const labels: Record<string, string> = {};
  const unknownLabels: string[] = [];
  const map = obj(raw);
  if (isUnknown(one(raw))) unknownLabels.push("*");
  for (const [k, v] of Object.entries(map)) {
    if (typeof v === "string" && !isUnknown(v)) labels[k] = v;
    else unknownLabels.push(k);
  }
  if (nameKey !== undefined) {
    const known = str(name);
    if (known !== undefined) labels[nameKey] = known;
    else unknownLabels.push(nameKey);
  }
  return { labels, unknownLabels };
}

const CLOUD_EFFECTS: Record<string, TaintEffect> = {
  NO_SCHEDULE: "NoSchedule",
  PREFER_NO_SCHEDULE: "PreferNoSchedule",
  NO_EXECUTE: "NoExecute",
};

function taintsOf(raw: unknown): { taints: NodeTaint[]; unknownTaints: boolean } {
  const taints: NodeTaint[] = [];
  let unknownTaints = isUnknown(raw);
  for (const t of list(raw)) {
    const o = isObject(t) ? t : undefined;
    const key = str(o?.key);
    const effectRaw = typeof o?.effect === "string" ? o.effect : "";
    const effect =
      CLOUD_EFFECTS[effectRaw] ??
      (TAINT_EFFECTS.includes(effectRaw as TaintEffect) ? (effectRaw as TaintEffect) : undefined);
    if (key === undefined || effect === undefined || isUnknown(o?.value)) {
      unknownTaints = true;
      continue;
    }
    taints.push({ key, value: typeof o?.value === "string" ? o.value : "", effect });
  }
  return { taints, unknownTaints };
}

function setting<T>(value: T | undefined, field: string): PoolSetting<T> | undefined {
  return value === undefined || value === null ? undefined : { value, field };
}

function eks(r: JsonObject, source: SourceRef): LoadedNodePool {
  const scaling = obj(r.scaling_config);
  const update = obj(r.update_config);
  const percent = num(update.max_unavailable_percentage);
  const budget =
    percent !== undefined && percent > 0
      ? setting(`${percent}%`, "update_config.max_unavailable_percentage")
      : setting(update.max_unavailable as number | string | undefined, "update_config.max_unavailable");
  return {
    source,
    kind: "aws_eks_node_group",
    cloud: "eks",
    name: str(r.node_group_name),
    ...labelsOf(r.labels, POOL_LABELS.eksNodegroup, r.node_group_name),
    ...taintsOf(r.taint),
    size: { min: num(scaling.min_size), max: num(scaling.max_size), desired: num(scaling.desired_size) },
    upgradeBudget: budget,
    image: setting(str(r.release_version), "release_version"),
  };
}

function gke(r: JsonObject, source: SourceRef): LoadedNodePool {
  const config = obj(r.node_config);
  const scaling = obj(r.autoscaling);
  const upgrade = obj(r.upgrade_settings);
  const zones =
    Array.isArray(r.node_locations) && r.node_locations.every((z) => str(z) !== undefined)
      ? r.node_locations.length
      : undefined;
  const perZone = (n: number | undefined) => (n === undefined || zones === undefined ? undefined : n * zones);
  const total = (t: unknown, z: unknown) => num(t) ?? perZone(num(z));
  const surge = num(upgrade.max_surge);
  const unavailable = num(upgrade.max_unavailable);
  const fixed = perZone(num(r.node_count));
  return {
    source,
    kind: "google_container_node_pool",
    cloud: "gke",
    name: str(r.name),
    ...labelsOf(config.labels, POOL_LABELS.gkeNodePool, r.name),
    ...taintsOf(config.taint),
    size: {
      min: total(scaling.total_min_node_count, scaling.min_node_count) ?? fixed,
      max: total(scaling.total_max_node_count, scaling.max_node_count) ?? fixed,
    },
    upgradeBudget:
      surge !== undefined || unavailable !== undefined
        ? { value: (surge ?? 0) + (unavailable ?? 0), field: "upgrade_settings.max_surge + max_unavailable" }
        : undefined,
    image: setting(str(r.version), "version"),
    autoUpgrade: obj(r.management).auto_upgrade !== false,
  };
}

const AKS_TAINT = /^([^=:\s]+)=([^=:\s]*):(NoSchedule|PreferNoSchedule|NoExecute)$/;

function aks(r: JsonObject, source: SourceRef): LoadedNodePool {
  const taints: NodeTaint[] = [];
  let unknownTaints = isUnknown(r.node_taints);
  for (const t of list(r.node_taints)) {
    const m = typeof t === "string" && !isUnknown(t) ? AKS_TAINT.exec(t) : null;
    if (m === null) unknownTaints = true;
    else taints.push({ key: m[1], value: m[2], effect: m[3] as TaintEffect });
  }
  const fixed = num(r.node_count);
  return {
    source,
    kind: "azurerm_kubernetes_cluster_node_pool",
    cloud: "aks",
    name: str(r.name),
    ...labelsOf(r.node_labels, POOL_LABELS.aksAgentPool, r.name),
    taints,
    unknownTaints,
    size: { min: num(r.min_count) ?? fixed, max: num(r.max_count) ?? fixed, desired: fixed },
    upgradeBudget: setting(
      obj(r.upgrade_settings).max_surge as string | undefined,
      "upgrade_settings.max_surge",
    ),
    image: setting(str(r.orchestrator_version), "orchestrator_version"),
  };
}

function karpenter(m: JsonObject, source: SourceRef, kind: string): LoadedNodePool {
  const meta = obj(m.metadata);
  const spec = obj(m.spec);
  const template = obj(spec.template);
  const budgets = list(obj(spec.disruption).budgets).filter(isObject);
  // Karpenter's default is one budget of 10% (karpenter.sh/v1 NodePool `disruption.budgets`); budgets with a
  // schedule apply only in their window, so the always-on ones bound every disruption (drift included).
  const always = budgets.filter((b) => b.schedule === undefined && b.nodes !== undefined);
  const budget =
    budgets.length === 0
      ? { value: "10%", field: "spec.disruption.budgets (Karpenter's default)" }
      : always.length > 0
        ? { value: always[0].nodes as string | number, field: "spec.disruption.budgets[].nodes" }
        : undefined;
  return {
    source,
    kind,
    cloud: "karpenter",
    name: str(meta.name),
    ...labelsOf(obj(template.metadata).labels, POOL_LABELS.karpenterNodePool, meta.name),
    ...taintsOf(obj(template.spec).taints),
    upgradeBudget: budget,
    nodeClass: str(obj(obj(template.spec).nodeClassRef).name),
  };
}

/** An EC2NodeClass: its AMI alias, when it selects exactly one alias (`spec.amiSelectorTerms[].alias`). */
function nodeClass(m: JsonObject, source: SourceRef, kind: string): LoadedNodePool {
  const aliases = list(obj(m.spec).amiSelectorTerms)
    .filter(isObject)
    .map((t) => t.alias)
    .filter((a) => a !== undefined);
  const alias = aliases.length === 1 ? str(aliases[0]) : undefined;
  return {
    source,
    kind,
    cloud: "karpenter",
    role: "node-class",
    name: str(obj(m.metadata).name),
    labels: {},
    unknownLabels: [],
    taints: [],
    unknownTaints: false,
    image: setting(alias, "spec.amiSelectorTerms[].alias"),
  };
}

/** A Karpenter NodePool (address `NodePool/<name>`) or EC2NodeClass read from Kubernetes YAML. */
export function nodePoolFromKubernetes(o: unknown, file: string, line?: number): LoadedNodePool | undefined {
  if (isEc2NodeClass(o)) {
    const className = str(obj(o.metadata).name) ?? "<unnamed>";
    const at = { file, format: "k8s-yaml" as const, address: `EC2NodeClass/${className}` };
    return nodeClass(o, line !== undefined ? { ...at, line } : at, "EC2NodeClass");
  }
  if (!isKarpenterNodePool(o)) return undefined;
  const name = str(obj(o.metadata).name) ?? "<unnamed>";
  return karpenter(
    o,
    { file, format: "k8s-yaml", address: `NodePool/${name}`, ...(line !== undefined ? { line } : {}) },
    "NodePool",
  );
}
