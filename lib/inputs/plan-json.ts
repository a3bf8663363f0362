import { appendAll } from "./collect";
import { MAX_NESTING, nestingProblem } from "./json-positions";
import { attachPlanGates } from "./gates";
import { parseJson } from "./json";
import { LoadedNodePool, nodePoolFromResource } from "./node-pools";
import { daemonSetFromResource, isUndecidableManifest, ManifestShapeError, unknownFields } from "./normalize";
import { FileLoader, FileLoadResult, InputError, LoadedDaemonSet } from "./types";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** What a value Terraform knows only after apply becomes: an expression string, so `isUnknown` reports it. */
export const KNOWN_AFTER_APPLY = "${known after apply}";

/** One managed resource instance of a plan, with the values it will have. */
interface PlannedResource {
  address: string;
  moduleAddress?: string;
  type: string;
  name: string;
  values: unknown;
}

/**
 * Loads `terraform show -json <planfile>` output: every managed resource instance of `resource_changes` (the `after`
 * values, with everything `after_unknown` marks replaced by {@link KNOWN_AFTER_APPLY}: never guessed), plus any
 * instance only in `planned_values` (root module and child modules, recursively). An address present in both is
 * read once, from `resource_changes`; resources being deleted are skipped. Addresses keep their module prefix and
 * instance key (`module.agents.kubernetes_daemon_set_v1.agent["canary"]`).
 */
export const loadPlanJson: FileLoader = async (file, text) => {
  const plan = parseJson(file, text);
  const deep = nestingProblem(plan);
  if (deep !== undefined) {
    throw new InputError(file, `nested deeper than ${MAX_NESTING} levels (at ${deep}); not a Terraform plan`);
  }
  if (!isObject(plan) || (plan.planned_values === undefined && plan.resource_changes === undefined)) {
    throw new InputError(
      file,
      "not a Terraform plan: expected `terraform show -json <planfile>` output with planned_values or resource_changes",
    );
  }
  const providers = providerKeys(plan.configuration);
  const byAddress = new Map<string, PlannedResource>();
  let deleted = 0;
  for (const change of Array.isArray(plan.resource_changes) ? plan.resource_changes : []) {
    if (!isObject(change) || change.mode !== "managed" || !isObject(change.change)) continue;
    const after = change.change.after;
    if (after === null || after === undefined) {
      deleted++;
      continue;
    }
    byAddress.set(String(change.address), {
      address: String(change.address),
      moduleAddress: typeof change.module_address === "string" ? change.module_address : undefined,
      type: String(change.type),
      name: String(change.name),
      values: markUnknown(after, change.change.after_unknown),
    });
  }
  const planned = isObject(plan.planned_values) ? plan.planned_values.root_module : undefined;
  for (const resource of moduleResources(planned)) {
    if (!byAddress.has(resource.address)) byAddress.set(resource.address, resource);
  }

  const result = {
    daemonSets: [] as LoadedDaemonSet[],
    otherResources: 0,
    warnings: [] as string[],
    nodePools: [] as LoadedNodePool[],
  };
  for (const r of byAddress.values()) {
    const prefix = r.moduleAddress;
    const instance = r.address.slice((prefix ? prefix.length + 1 : 0) + r.type.length + 1);
    const provider = providers.get(configAddress(r.address));
    const values = withoutServerFields(pruneEmpty(r.values));
    const body = isObject(values) && provider !== undefined ? { ...values, provider } : values;
    const pool = nodePoolFromResource(
      r.type,
      instance || r.name,
      body,
      { file, format: "plan-json" },
      prefix,
    );
    if (pool !== undefined) result.nodePools.push(pool);
    let loaded: LoadedDaemonSet | undefined;
    try {
      loaded = daemonSetFromResource(r.type, instance || r.name, body, { file, format: "plan-json" }, prefix);
    } catch (e) {
      // A shape Kubernetes rejects is bad input, as in tf.json: exit 2 naming the file and resource.
      if (e instanceof ManifestShapeError) throw new InputError(file, `${r.address}: ${e.message}`);
      throw e;
    }
    if (loaded === undefined) {
      result.otherResources++;
      if (isUndecidableManifest(r.type, body)) {
        result.warnings.push(
          `${file}: ${r.address}: the manifest is known only after apply, so it was not checked`,
        );
      }
      continue;
    }
    result.daemonSets.push(loaded);
    const unknown = unknownFields(loaded.manifest);
    if (unknown.length > 0) {
      result.warnings.push(
        `${file}: ${r.address}: ${unknown.length} value(s) known only after apply (${unknown.slice(0, 3).join(", ")}` +
          `${unknown.length > 3 ? `, +${unknown.length - 3} more` : ""}); rules that need them report not applicable`,
      );
    }
  }
  if (deleted > 0)
    result.warnings.push(`${file}: ${deleted} resource(s) planned for deletion were not checked`);
  attachPlanGates(plan, result.daemonSets);
  result.otherResources -= result.nodePools.length; // read as node pools (WG111), not "not checked"
  return result satisfies FileLoadResult;
};

/**
 * `after` with every place `after_unknown` marks `true` set to {@link KNOWN_AFTER_APPLY}. `after_unknown` mirrors
 * `after`'s shape (objects by key, lists by index) and may name values absent from `after`.
 */
export function markUnknown(after: unknown, unknown: unknown): unknown {
  if (unknown === true) return KNOWN_AFTER_APPLY;
  if (!marksAny(unknown)) return after;
  if (Array.isArray(unknown)) {
    const list = Array.isArray(after) ? [...after] : [];
    unknown.forEach((u, i) => {
      if (u !== false) list[i] = markUnknown(list[i], u);
    });
    return list;
  }
  if (isObject(unknown)) {
    const obj: JsonObject = isObject(after) ? { ...after } : {};
    for (const [k, u] of Object.entries(unknown)) {
      if (u !== false) obj[k] = markUnknown(obj[k], u);
    }
    return obj;
  }
  return after;
}

/**
 * Metadata the API server sets (the provider marks them computed, so plans show them unknown): not configuration.
 * Dropped from every `metadata` block (the DaemonSet's and its pod template's).
 */
const SERVER_FIELDS = ["generation", "resource_version", "uid"];

function withoutServerFields(value: unknown, key = ""): unknown {
  if (Array.isArray(value)) return value.map((v) => withoutServerFields(v, key));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (key === "metadata" && SERVER_FIELDS.includes(k)) continue;
    out[k] = withoutServerFields(v, k);
  }
  return out;
}

/**
 * Plans spell every unset attribute of the provider's schema: `""`, `[]` (an absent block) or `null`. Drop those, so
 * the manifest holds what was configured (`0` and `false` are kept: they may be meant).
 */
function pruneEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pruneEmpty);
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === "" || v === null || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = pruneEmpty(v);
  }
  return out;
}

function marksAny(unknown: unknown): boolean {
  if (unknown === true) return true;
  if (Array.isArray(unknown)) return unknown.some(marksAny);
  return isObject(unknown) && Object.values(unknown).some(marksAny);
}

/** Every managed resource of `planned_values` modules, child modules included. */
function moduleResources(module: unknown, depth = 0): PlannedResource[] {
  if (!isObject(module) || depth > 100) return [];
  const out: PlannedResource[] = [];
  for (const r of Array.isArray(module.resources) ? module.resources : []) {
    if (!isObject(r) || r.mode !== "managed") continue;
    out.push({
      address: String(r.address),
      moduleAddress: typeof module.address === "string" ? module.address : undefined,
      type: String(r.type),
      name: String(r.name),
      values: r.values,
    });
  }
  for (const child of Array.isArray(module.child_modules) ? module.child_modules : []) {
    appendAll(out, moduleResources(child, depth + 1));
  }
  return out;
}

/** `module.a["x"].module.b.kubernetes_x.y[0]` -> `module.a.module.b.kubernetes_x.y` (how `configuration` names it). */
function configAddress(address: string): string {
  return address.replace(/\[(?:"(?:[^"\\]|\\.)*"|\d+)\]/g, "");
}

/**
 * The provider configuration each resource uses, from the plan's `configuration`: `kubernetes.dev` for an aliased
 * provider (so the DaemonSet's cluster is known). Keys of child modules drop their `module:` prefix.
 */
function providerKeys(configuration: unknown): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (module: unknown, prefix: string, depth: number) => {
    if (!isObject(module) || depth > 100) return;
    for (const r of Array.isArray(module.resources) ? module.resources : []) {
      if (!isObject(r) || typeof r.provider_config_key !== "string") continue;
      out.set(`${prefix}${String(r.address)}`, r.provider_config_key.replace(/^.*:/, ""));
    }
    if (isObject(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) {
        if (isObject(call)) walk(call.module, `${prefix}module.${name}.`, depth + 1);
      }
    }
  };
  if (isObject(configuration)) walk(configuration.root_module, "", 0);
  return out;
}
