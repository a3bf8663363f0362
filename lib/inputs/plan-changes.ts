import { parseJson } from "./json";
import { InputError } from "./types";

/** What a plan does to one resource instance (`resource_changes[].change.actions`). */
export interface PlanChange {
  /** The plan file. */
  readonly file: string;
  /** The resource address, as the plan writes it (`module.x.kubernetes_daemon_set_v1.agent["canary"]`). */
  readonly address: string;
  /** The resource type. */
  readonly type: string;
  /** Terraform's actions: `["update"]`, `["delete","create"]`, `["create"]`, `["no-op"]`, ... */
  readonly actions: readonly string[];
  /** `metadata.name` (before or after), for ConfigMaps and Secrets. */
  readonly name?: string;
  /** `metadata.namespace` (before or after), for ConfigMaps and Secrets. */
  readonly namespace?: string;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Resource types whose content pods mount (ConfigMaps and Secrets, every provider spelling). */
export const CONTENT_TYPES: ReadonlySet<string> = new Set([
  "kubernetes_config_map",
  "kubernetes_config_map_v1",
  "kubernetes_config_map_v1_data",
  "kubernetes_secret",
  "kubernetes_secret_v1",
  "kubernetes_secret_v1_data",
]);

/** True for an action list that changes an existing object in place or replaces it (not a pure create or no-op). */
export function changesExisting(actions: readonly string[]): boolean {
  return actions.includes("update") || (actions.includes("delete") && actions.includes("create"));
}

/**
 * Every managed resource change of a `terraform show -json` plan (only `update` / replace / delete / create; no-ops
 * are left out). Read separately from the DaemonSet loader so rules can see what the plan *does* (WG301).
 * @throws InputError for a text that is not JSON
 */
export function planChanges(file: string, text: string): PlanChange[] {
  const plan = parseJson(file, text);
  if (!isObject(plan)) throw new InputError(file, "not a Terraform plan");
  const out: PlanChange[] = [];
  for (const change of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (!isObject(change) || change.mode !== "managed" || !isObject(change.change)) continue;
    const actions = Array.isArray(change.change.actions) ? change.change.actions.map(String) : [];
    if (actions.length === 0 || actions.every((a) => a === "no-op" || a === "read")) continue;
    const meta = metadataOf(change.change.after) ?? metadataOf(change.change.before);
    out.push({
      file,
      address: String(change.address),
      type: String(change.type),
      actions,
      ...(typeof meta?.name === "string" ? { name: meta.name } : {}),
      ...(typeof meta?.namespace === "string" ? { namespace: meta.namespace } : {}),
    });
  }
  return out;
}

/** `metadata` of provider values: a one-element list (`kubernetes_*`) or an object (`kubernetes_manifest`). */
function metadataOf(values: unknown): JsonObject | undefined {
  if (!isObject(values)) return undefined;
  const m = isObject(values.manifest) ? values.manifest.metadata : values.metadata;
  const first = Array.isArray(m) ? m[0] : m;
  return isObject(first) ? first : undefined;
}
