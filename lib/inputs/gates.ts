/**
 * Deploy-time wave gates in Terraform inputs: `terraform_data` resources whose `input` carries the
 * `wavegate.dev/gate` marker (`"<agent>/<wave>"`, written by the constructs' `gate` option or by hand), and the
 * DaemonSets that `depends_on` them. Read from tf.json / cdktf.out / HCL (the resource bodies) and plan JSON (its
 * `configuration`), so WG110 can tell a gated wave from an ungated one.
 */
import type { LoadedDaemonSet } from "./types";

/** The `input` key that marks a gate. */
export const GATE_INPUT_MARKER = "wavegate.dev/gate";

/** A gate a DaemonSet waits for. */
export interface GateRef {
  /** The gate's Terraform address, e.g. `terraform_data.agent_canary-gate_1A2B3C4D`. */
  readonly address: string;
  /** The agent it verifies. */
  readonly agent: string;
  /** The wave it verifies. */
  readonly wave: string;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);

/** The gate an `input` value marks, if any. */
export function gateOfInput(address: string, input: unknown): GateRef | undefined {
  const marker = isObject(first(input)) ? (first(input) as JsonObject)[GATE_INPUT_MARKER] : undefined;
  if (typeof marker !== "string" || !marker.includes("/")) return undefined;
  const slash = marker.lastIndexOf("/");
  return { address, agent: marker.slice(0, slash), wave: marker.slice(slash + 1) };
}

/** A `depends_on` entry as a plain address (`${terraform_data.x}` -> `terraform_data.x`). */
export function dependencyAddress(entry: unknown): string | undefined {
  if (typeof entry !== "string") return undefined;
  return entry.replace(/^\$\{(.*)\}$/, "$1").trim();
}

/**
 * Sets `gatesBefore` on every DaemonSet of a Terraform JSON document (tf.json, cdk.tf.json, HCL through hcl2json):
 * the marked gates among its `depends_on` (an empty list when it waits for none). A DaemonSet's body is the last one
 * written under its address (`<type>.<name>`); an instance (`x.y[0]`) has no body of its own, so it waits for none.
 */
export function attachGates(json: unknown, daemonSets: readonly LoadedDaemonSet[]): void {
  if (!isObject(json) || daemonSets.length === 0) return;
  const byTypes = Array.isArray(json.resource) ? json.resource : [json.resource];
  const gates = new Map<string, GateRef>();
  let dottedType = false;
  for (const byType of byTypes) {
    if (!isObject(byType)) continue;
    for (const type of Object.keys(byType)) {
      if (type.includes(".")) dottedType = true;
      if (type !== "terraform_data") continue;
      eachBody(byType[type], (name, body) => {
        const address = `${type}.${name}`;
        const gate = gateOfInput(address, body.input);
        if (gate !== undefined) gates.set(address, gate);
      });
    }
  }
  // Without a marked gate, no `depends_on` names one.
  const bodyOf =
    gates.size === 0 ? undefined : dottedType ? bodiesByAddress(byTypes) : bodiesByType(byTypes, daemonSets);
  for (const ds of daemonSets) {
    const deps = bodyOf?.(ds.source.address)?.depends_on;
    setGates(
      ds,
      (Array.isArray(deps) ? deps : []).map(dependencyAddress).flatMap((a) => gates.get(a ?? "") ?? []),
    );
  }
}

/** Calls `f` for every object body under one type's `byName` (an object, or a list of them). */
function eachBody(byName: unknown, f: (name: string, body: JsonObject) => void): void {
  for (const names of Array.isArray(byName) ? byName : [byName]) {
    if (!isObject(names)) continue;
    for (const name of Object.keys(names)) {
      const body = first(names[name]);
      if (isObject(body)) f(name, body);
    }
  }
}

/** Every resource body by its address `<type>.<name>`, the last written winning. */
function bodiesByAddress(byTypes: readonly unknown[]): (address: string) => JsonObject | undefined {
  const bodies = new Map<string, JsonObject>();
  for (const byType of byTypes) {
    if (!isObject(byType)) continue;
    for (const type of Object.keys(byType))
      eachBody(byType[type], (name, body) => bodies.set(`${type}.${name}`, body));
  }
  return (address) => bodies.get(address);
}

/**
 * {@link bodiesByAddress} when no type holds a dot, so an address's type is all before its first dot: only the
 * DaemonSets' types are read, by name (no address strings built).
 */
function bodiesByType(
  byTypes: readonly unknown[],
  daemonSets: readonly LoadedDaemonSet[],
): (address: string) => JsonObject | undefined {
  const wanted = new Set(daemonSets.map((ds) => typeOf(ds.source.address)));
  const bodies = new Map<string, Map<string, JsonObject>>();
  for (const byType of byTypes) {
    if (!isObject(byType)) continue;
    for (const type of Object.keys(byType)) {
      if (!wanted.has(type)) continue;
      let byName = bodies.get(type);
      if (byName === undefined) bodies.set(type, (byName = new Map()));
      const names = byName;
      eachBody(byType[type], (name, body) => names.set(name, body));
    }
  }
  return (address) => {
    const dot = address.indexOf(".");
    return dot === -1 ? undefined : bodies.get(address.slice(0, dot))?.get(address.slice(dot + 1));
  };
}

/** The type of an address `<type>.<name>` whose type holds no dot. */
const typeOf = (address: string): string => address.slice(0, Math.max(0, address.indexOf(".")));

/**
 * The same for a plan (`terraform show -json`): gates and `depends_on` from `configuration.root_module.resources`
 * (child modules are not followed: their DaemonSets get no `gatesBefore`, so WG110 says not applicable).
 */
export function attachPlanGates(plan: unknown, daemonSets: readonly LoadedDaemonSet[]): void {
  const root = isObject(plan) && isObject(plan.configuration) ? plan.configuration.root_module : undefined;
  const resources = isObject(root) && Array.isArray(root.resources) ? root.resources.filter(isObject) : [];
  const gates = new Map<string, GateRef>();
  for (const r of resources) {
    const input =
      isObject(r.expressions) && isObject(r.expressions.input)
        ? r.expressions.input.constant_value
        : undefined;
    const gate = r.type === "terraform_data" ? gateOfInput(String(r.address), input) : undefined;
    if (gate !== undefined) gates.set(String(r.address), gate);
  }
  for (const ds of daemonSets) {
    if (ds.source.address.startsWith("module.")) continue;
    const config = resources.find((r) => r.address === ds.source.address.replace(/\[[^\]]*\]$/, ""));
    const deps = Array.isArray(config?.depends_on) ? config.depends_on : [];
    setGates(
      ds,
      deps.map(dependencyAddress).flatMap((a) => gates.get(a ?? "") ?? []),
    );
  }
}

function setGates(ds: LoadedDaemonSet, gates: GateRef[]): void {
  (ds as { gatesBefore?: readonly GateRef[] }).gatesBefore = gates;
}
