import { LoadedDaemonSet } from "../../inputs/types";
import { NodeOperator, NodeRequirement, NodeSelector, NodeTerm } from "../../model/node-selector";
import { known, knownList, knownObject, podSpecOf, Undecidable } from "../accessors";

const OPERATORS: readonly string[] = ["In", "NotIn", "Exists", "DoesNotExist"];

/**
 * The nodes a DaemonSet's pods may run on, as a node selector: its required node affinity AND its `nodeSelector`
 * map. Undefined means every node. Throws `Undecidable` for unknown values or operators not modelled (Gt, Lt,
 * matchFields).
 */
export function nodeSelectorOf(ds: LoadedDaemonSet): NodeSelector | undefined {
  const pod = podSpecOf(ds);
  const base = "spec.template.spec";
  const fromMap: NodeRequirement[] = Object.entries(
    knownObject(pod.nodeSelector, `${base}.nodeSelector`) ?? {},
  ).map(([key, value]) => ({
    key,
    operator: "In",
    values: [String(known(value, `${base}.nodeSelector["${key}"]`))],
  }));
  const affinity = knownObject(pod.affinity, `${base}.affinity`) ?? {};
  const nodeAffinity = knownObject(affinity.nodeAffinity, `${base}.affinity.nodeAffinity`) ?? {};
  const requiredField = `${base}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
  const required = knownObject(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution, requiredField);
  let terms: NodeTerm[] | undefined;
  if (required !== undefined) {
    terms = knownList(required.nodeSelectorTerms, `${requiredField}.nodeSelectorTerms`).map((t, i) =>
      termOf(t, `${requiredField}.nodeSelectorTerms[${i}]`),
    );
  }
  if (terms === undefined) return fromMap.length === 0 ? undefined : [fromMap];
  return terms.map((t) => [...t, ...fromMap]);
}

function termOf(value: unknown, field: string): NodeTerm {
  const term = knownObject(value, field) ?? {};
  if (knownList(term.matchFields, `${field}.matchFields`).length > 0) {
    throw new Undecidable(`${field}.matchFields is not modelled (node fields, not labels)`);
  }
  return knownList(term.matchExpressions, `${field}.matchExpressions`).map((r, i) => {
    const at = `${field}.matchExpressions[${i}]`;
    const req = knownObject(r, at) ?? {};
    const key = known(req.key, `${at}.key`);
    const operator = known(req.operator, `${at}.operator`);
    if (typeof key !== "string" || typeof operator !== "string" || !OPERATORS.includes(operator)) {
      throw new Undecidable(
        `${at}: operator ${JSON.stringify(operator)} on ${JSON.stringify(key)} is not modelled`,
      );
    }
    const values = knownList(req.values, `${at}.values`).map((v, j) =>
      String(known(v, `${at}.values[${j}]`)),
    );
    return { key, operator: operator as NodeOperator, values: [...new Set(values)].sort() };
  });
}

/**
 * Removes requirements every term of every pool shares (e.g. `kubernetes.io/os In (linux)`): they narrow all waves
 * alike, so coverage is judged within the nodes they select rather than reported as a gap.
 */
export function withoutSharedRequirements(
  pools: readonly (NodeSelector | undefined)[],
): (NodeSelector | undefined)[] {
  if (pools.length === 0 || pools.some((p) => p === undefined || p.length === 0)) return [...pools];
  const id = (r: NodeRequirement) => `${r.key}\u0000${r.operator}\u0000${r.values.join("\u0000")}`;
  const terms = pools.flatMap((p) => p ?? []);
  let shared = new Set(terms[0].map(id));
  for (const term of terms.slice(1)) shared = new Set(term.map(id).filter((x) => shared.has(x)));
  if (shared.size === 0) return [...pools];
  return pools.map((p) => p?.map((term) => term.filter((r) => !shared.has(id(r)))));
}
