/**
 * `attachGates` as it was before it stopped building an address string per resource (lib/inputs/gates.ts): kept,
 * unchanged, as the oracle of the property test in gates.test.ts.
 */
import { dependencyAddress, gateOfInput, GateRef } from "../../lib/inputs/gates";
import type { LoadedDaemonSet } from "../../lib/inputs/types";

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);
const first = (v: unknown): unknown => (Array.isArray(v) ? v[0] : v);
function setGates(ds: LoadedDaemonSet, gates: GateRef[]): void {
  (ds as { gatesBefore?: readonly GateRef[] }).gatesBefore = gates;
}

export function referenceAttachGates(json: unknown, daemonSets: readonly LoadedDaemonSet[]): void {
  if (!isObject(json) || daemonSets.length === 0) return;
  const gates = new Map<string, GateRef>();
  const bodies = new Map<string, JsonObject>();
  for (const byType of Array.isArray(json.resource) ? json.resource : [json.resource]) {
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      for (const names of Array.isArray(byName) ? byName : [byName]) {
        if (!isObject(names)) continue;
        for (const [name, raw] of Object.entries(names)) {
          const body = first(raw);
          if (!isObject(body)) continue;
          const address = `${type}.${name}`;
          bodies.set(address, body);
          const gate = type === "terraform_data" ? gateOfInput(address, body.input) : undefined;
          if (gate !== undefined) gates.set(address, gate);
        }
      }
    }
  }
  for (const ds of daemonSets) {
    const deps = bodies.get(ds.source.address)?.depends_on;
    setGates(
      ds,
      (Array.isArray(deps) ? deps : []).map(dependencyAddress).flatMap((a) => gates.get(a ?? "") ?? []),
    );
  }
}
