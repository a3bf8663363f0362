import { CONTRACT } from "../model/contract";
import { DaemonSet } from "../model/k8s";
import { readProviderShape } from "./provider-read";
import { ManifestShapeError } from "./shape-error";
import { isUnknown, LoadedDaemonSet, SourceRef } from "./types";

export { ManifestShapeError } from "./shape-error";

/** Terraform resource types that are DaemonSets in the provider's own schema. */
export const DAEMON_SET_TYPES: readonly string[] = ["kubernetes_daemon_set_v1", "kubernetes_daemonset"];

/** The Terraform resource type holding any Kubernetes object as a `manifest` attribute. */
export const MANIFEST_TYPE = "kubernetes_manifest";

/** The cluster name used when neither a provider nor the contract names one. */
export const DEFAULT_CLUSTER_NAME = "default";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** HCL-to-JSON wraps blocks in arrays of one; Terraform JSON does not. Either way, the one object. */
const one = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v);

/**
 * Normalizes one Terraform resource into a Kubernetes-shaped DaemonSet, or returns undefined when the resource is not
 * a DaemonSet (`kubernetes_daemon_set_v1`, `kubernetes_daemonset`, or a `kubernetes_manifest` whose manifest kind is
 * DaemonSet).
 *
 * Values Terraform decides later (`${...}`, `var.x`) are kept as written; rules report them as unknown.
 * @param type the resource type, e.g. `kubernetes_daemon_set_v1`
 * @param name the resource name, e.g. `agent_canary_1A2B`
 * @param body the resource body (an object, or an array of one as HCL-to-JSON gives)
 * @param source where the resource was read; the address is computed here
 * @param addressPrefix module path of the resource, e.g. `module.agents`
 */
export function daemonSetFromResource(
  type: string,
  name: string,
  body: unknown,
  source: Omit<SourceRef, "address">,
  addressPrefix?: string,
): LoadedDaemonSet | undefined {
  return normalizeResource(type, name, body, source, addressPrefix)?.daemonSet;
}

/**
 * `daemonSetFromResource` with `scanManifest` of its manifest. The provider-shape conversion notes unknown values
 * and `dynamic` keys as it goes, so a manifest holding neither is not walked a second time.
 */
export function daemonSetAndScan(
  type: string,
  name: string,
  body: unknown,
  source: Omit<SourceRef, "address">,
  addressPrefix?: string,
): { daemonSet: LoadedDaemonSet; scan: ManifestScan } | undefined {
  const normalized = normalizeResource(type, name, body, source, addressPrefix);
  if (normalized === undefined) return undefined;
  const { daemonSet, mayHoldUnknown } = normalized;
  return {
    daemonSet,
    scan: mayHoldUnknown ? scanManifest(daemonSet.manifest) : { unknown: [], dynamic: false },
  };
}

function normalizeResource(
  type: string,
  name: string,
  body: unknown,
  source: Omit<SourceRef, "address">,
  addressPrefix: string | undefined,
): { daemonSet: LoadedDaemonSet; mayHoldUnknown: boolean } | undefined {
  const resource = one(body);
  if (!isObject(resource)) return undefined;
  const read = manifestOf(type, resource);
  if (read === undefined) return undefined;
  const { manifest, mayHoldUnknown } = read;
  const address = `${addressPrefix ? `${addressPrefix}.` : ""}${type}.${name}`;
  const constructPath = constructPathOf(resource);
  const daemonSet: LoadedDaemonSet = {
    source: {
      ...source,
      address,
      ...(constructPath !== undefined && source.constructPath === undefined ? { constructPath } : {}),
    },
    kind: type,
    manifest,
    cluster: clusterOf(resource.provider, manifest),
  };
  return { daemonSet, mayHoldUnknown };
}

/** True for a `kubernetes_manifest` whose manifest is a Terraform expression, so its kind cannot be read. */
export function isUndecidableManifest(type: string, body: unknown): boolean {
  const resource = one(body);
  if (type !== MANIFEST_TYPE || !isObject(resource)) return false;
  const manifest = one(resource.manifest);
  return isUnknown(manifest) || (isObject(manifest) && isUnknown(manifest.kind));
}

/** The Kubernetes-shaped manifest; `mayHoldUnknown` is false only when it surely holds no unknown or dynamic. */
function manifestOf(
  type: string,
  resource: JsonObject,
): { manifest: DaemonSet; mayHoldUnknown: boolean } | undefined {
  if (DAEMON_SET_TYPES.includes(type)) {
    // Provider blocks are objects (HCL: arrays of one); Terraform refuses anything else, even an expression.
    const problem = nonObjectPart({ metadata: one(resource.metadata), spec: one(resource.spec) }, false);
    if (problem !== undefined) throw new ManifestShapeError(problem);
    const { metadata, spec, mayHoldUnknown } = readProviderShape({
      metadata: resource.metadata,
      spec: resource.spec,
    });
    const manifest = { apiVersion: "apps/v1", kind: "DaemonSet", metadata, spec } as unknown as DaemonSet;
    return { manifest, mayHoldUnknown };
  }
  if (type !== MANIFEST_TYPE) return undefined;
  const manifest = one(resource.manifest);
  if (!isObject(manifest) || manifest.kind !== "DaemonSet") return undefined;
  const problem = nonObjectPart(manifest, true);
  if (problem !== undefined) throw new ManifestShapeError(`manifest: ${problem}`);
  return {
    manifest: {
      ...manifest,
      metadata: manifest.metadata ?? {},
      spec: manifest.spec ?? {},
    } as unknown as DaemonSet,
    mayHoldUnknown: true,
  };
}

/**
 * The one rule, for every input format, for a DaemonSet whose `metadata` or `spec` is present but not an object
 * (a number, a string, a list): Kubernetes (and, for the provider's blocks, Terraform) rejects it, so it is invalid
 * input, never read as `{}` and never "unknown". Loaders throw it as an error naming the file and field (exit 2).
 * Absent (or null) is not this error: it reads as `{}` and the rules report what is missing.
 * @param manifest the DaemonSet (Kubernetes shape) or the provider resource's blocks
 * @param allowUnknown true where the whole field may be a Terraform expression (`kubernetes_manifest`): then a
 *   `${...}` string is unknown, not invalid
 * @returns the problem, e.g. `"spec" must be an object, found a number`, or undefined when the shape is fine
 */
export function nonObjectPart(
  manifest: { readonly metadata?: unknown; readonly spec?: unknown },
  allowUnknown: boolean,
): string | undefined {
  for (const field of ["metadata", "spec"] as const) {
    const v = manifest[field];
    if (v === undefined || v === null || isObject(v)) continue;
    // An empty list of blocks is no block (Terraform JSON, plans); a list of one is HCL-to-JSON's form of one block.
    if (Array.isArray(v) && (v.length === 0 || (v.length === 1 && isObject(v[0])))) continue;
    if (Array.isArray(v) && v.every(isObject)) {
      return `${v.length} "${field}" blocks where the provider takes one; Terraform refuses this`;
    }
    if (allowUnknown && isUnknown(v)) continue;
    const found = Array.isArray(v)
      ? "a list"
      : typeof v === "string"
        ? `the string ${JSON.stringify(v.slice(0, 40))}`
        : `a ${typeof v}`;
    return `"${field}" must be an object, found ${found}; Kubernetes rejects such a DaemonSet`;
  }
  return undefined;
}

/** The CDKTF construct path from the resource's `"//".metadata.path`. */
function constructPathOf(resource: JsonObject): string | undefined {
  const meta = resource["//"];
  if (!isObject(meta) || !isObject(meta.metadata)) return undefined;
  const path = meta.metadata.path;
  return typeof path === "string" ? path : undefined;
}

/**
 * The cluster: the `provider` meta-argument (`kubernetes.dev`, also written `${kubernetes.dev}`; the un-aliased
 * `kubernetes` is the default cluster), else the contract's `wavegate.dev/cluster` annotation, else `default`.
 */
function clusterOf(provider: unknown, manifest: DaemonSet): string {
  if (typeof provider === "string" && provider.trim() !== "") {
    const ref = provider
      .trim()
      .replace(/^\$\{(.*)\}$/, "$1")
      .trim();
    return ref === "kubernetes" ? DEFAULT_CLUSTER_NAME : ref;
  }
  const annotations = manifest.metadata?.annotations as Record<string, unknown> | undefined;
  const annotated = annotations?.[CONTRACT.clusterAnnotation];
  if (typeof annotated === "string" && annotated.trim() !== "") return annotated.trim();
  return DEFAULT_CLUSTER_NAME;
}

/** What one walk over a manifest found. */
export interface ManifestScan {
  /** Dotted paths of values unknown until plan or apply, e.g. `spec.updateStrategy.rollingUpdate.maxUnavailable`. */
  readonly unknown: string[];
  /** True when some block holds a `dynamic` key (a Terraform dynamic block, not expanded). */
  readonly dynamic: boolean;
}

/**
 * Walks a manifest once: the paths of its unknown values, and whether it holds `dynamic` blocks. Paths are built only
 * for the values that are unknown, so a large input costs one pass and no string building.
 */
export function scanManifest(value: unknown): ManifestScan {
  const unknown: string[] = [];
  let dynamic = false;
  const segments: (string | number)[] = [];
  const path = () =>
    segments.map((s, i) => (typeof s === "number" ? `[${s}]` : i === 0 ? s : `.${s}`)).join("") ||
    "(whole value)";
  const walk = (v: unknown): void => {
    if (typeof v === "string") {
      if (mayBeUnknown(v) && isUnknown(v)) unknown.push(path());
      return;
    }
    if (typeof v !== "object" || v === null) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        segments.push(i);
        walk(v[i]);
        segments.pop();
      }
      return;
    }
    for (const key in v) {
      if (key === "dynamic") dynamic = true;
      segments.push(key);
      walk((v as JsonObject)[key]);
      segments.pop();
    }
  };
  walk(value);
  return { unknown, dynamic };
}

/** A cheap pre-check for `isUnknown`: an interpolation, or a reference starting `var.` / `local.` / `module.` / `data.`. */
function mayBeUnknown(v: string): boolean {
  const c = v.charCodeAt(0);
  return c === 118 || c === 108 || c === 109 || c === 100 || v.includes("${");
}

/**
 * Dotted paths of the values in a manifest that stay unknown until plan or apply, e.g.
 * `spec.updateStrategy.rollingUpdate.maxUnavailable`.
 */
export function unknownFields(value: unknown): string[] {
  return scanManifest(value).unknown;
}
