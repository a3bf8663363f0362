import { LoadedDaemonSet } from "../../inputs/types";
import { NodeLabels, NodeOperator, NodeRequirement, NodeSelector, NodeTerm } from "../../model/node-selector";
import { checkPoolCoverage, PoolCoverage } from "../../model/pool-coverage";
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
    // Kubernetes: "a null or empty node selector term matches no objects", so such a term selects nothing (and a
    // selector left with no term selects no node), unlike an empty term in wavegate's own model, which means "any".
    terms = knownList(required.nodeSelectorTerms, `${requiredField}.nodeSelectorTerms`)
      .map((t, i) => termOf(t, `${requiredField}.nodeSelectorTerms[${i}]`))
      .filter((t) => t.length > 0);
  }
  if (terms === undefined) return fromMap.length === 0 ? undefined : [fromMap];
  return fromMap.length === 0 ? terms : terms.map((t) => [...t, ...fromMap]);
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
    const unique = values.length < 2 ? values : [...new Set(values)].sort();
    return { key, operator: operator as NodeOperator, values: unique };
  });
}

/**
 * Removes requirements every term of every pool shares (e.g. `kubernetes.io/os In (linux)`): they narrow all waves
 * alike, so coverage is judged within the nodes they select rather than reported as a gap.
 */
export function withoutSharedRequirements(
  pools: readonly (NodeSelector | undefined)[],
): (NodeSelector | undefined)[] {
  if (pools.length < 2) return [...pools];
  const terms: NodeTerm[] = [];
  for (const p of pools) {
    if (p === undefined || p.length === 0) return [...pools];
    for (const term of p) terms.push(term);
  }
  const inEveryTerm = (r: NodeRequirement) => terms.every((t) => t.some((x) => sameRequirement(x, r)));
  const shared = terms[0].filter(inEveryTerm);
  if (shared.length === 0) return [...pools];
  return pools.map((p) => p?.map((term) => term.filter((r) => !shared.some((x) => sameRequirement(x, r)))));
}

function sameRequirement(a: NodeRequirement, b: NodeRequirement): boolean {
  if (a.key !== b.key || a.operator !== b.operator || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return false;
  return true;
}

/** Coverage results by the canonical shape of the pools (bounded). */
const coverageMemo = new Map<string, PoolCoverage>();
const MAX_MEMO = 1000;

/**
 * `checkPoolCoverage`, memoized by the pools' shape: label keys and values are renamed in order of first appearance
 * (`k0`, `v0`, ...), so agents whose pools differ only by names (`dev-a` / `dev-b`) share one search; overlap and gap
 * witnesses are renamed back. The answer depends only on which values are equal, so renaming cannot change it.
 */
export function poolCoverage(pools: readonly (NodeSelector | undefined)[]): PoolCoverage {
  const keys = new Map<string, string>();
  const values = new Map<string, Map<string, string>>();
  const renameKey = (key: string): string => {
    let k = keys.get(key);
    if (k === undefined) {
      keys.set(key, (k = `k${keys.size}`));
      values.set(k, new Map());
    }
    return k;
  };
  const renameValue = (k: string, value: string): string => {
    const named = values.get(k) as Map<string, string>;
    let c = named.get(value);
    if (c === undefined) named.set(value, (c = `v${named.size}`));
    return c;
  };
  // The memo key is built while renaming; the renamed pools themselves only when the search must run.
  let id = "";
  for (const pool of pools) {
    if (pool === undefined) id += "*";
    else {
      for (const term of pool) {
        for (const r of term) {
          const k = renameKey(r.key);
          id += `${k} ${r.operator}`;
          for (const v of r.values) id += ` ${renameValue(k, v)}`;
          id += ";";
        }
        id += "/";
      }
    }
    id += "|";
  }
  let result = coverageMemo.get(id);
  if (result === undefined) {
    const canonical = pools.map((pool) =>
      pool?.map((term) =>
        term.map((r): NodeRequirement => {
          const k = renameKey(r.key);
          return { key: k, operator: r.operator, values: r.values.map((v) => renameValue(k, v)) };
        }),
      ),
    );
    result = checkPoolCoverage(canonical);
    if (coverageMemo.size >= MAX_MEMO) coverageMemo.clear();
    coverageMemo.set(id, result);
  }
  if (result.overlaps.length === 0 && result.gap === undefined) return result;
  const keyBack = new Map([...keys].map(([original, k]) => [k, original]));
  const back = (labels: NodeLabels): NodeLabels => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels)) {
      const original = [...(values.get(k) ?? [])].find(([, c]) => c === v)?.[0];
      out[keyBack.get(k) ?? k] = original ?? v;
    }
    return out;
  };
  return {
    overlaps: result.overlaps.map((o) => ({ ...o, witness: back(o.witness) })),
    overlapCount: result.overlapCount,
    perPool: result.perPool.map((p) =>
      p.count === 0 ? p : { count: p.count, shown: p.shown.map((o) => ({ ...o, witness: back(o.witness) })) },
    ),
    ...(result.gap !== undefined ? { gap: back(result.gap) } : {}),
    complete: result.complete,
  };
}
