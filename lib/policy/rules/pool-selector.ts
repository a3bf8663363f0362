import { isUnknown, LoadedDaemonSet } from "../../inputs/types";
import { NodeLabels, NodeOperator, NodeRequirement, NodeSelector, NodeTerm } from "../../model/node-selector";
import { checkPoolCoverage, PoolCoverage } from "../../model/pool-coverage";
import { known, knownList, knownObject, podSpecOf, Undecidable } from "../accessors";

const OPERATORS: readonly string[] = ["In", "NotIn", "Exists", "DoesNotExist"];

type JsonObject = Record<string, unknown>;
const EMPTY: JsonObject = Object.freeze({});
const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

const BASE = "spec.template.spec";
const AFFINITY = `${BASE}.affinity`;
const NODE_AFFINITY = `${BASE}.affinity.nodeAffinity`;
const REQUIRED = `${BASE}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`;
const TERMS = `${REQUIRED}.nodeSelectorTerms`;

// The readers below read the shapes a valid input has directly and call the accessors (`knownObject`, `knownList`,
// `known`) only for the others, which they judge exactly as before (and throw for): field paths are built only then,
// so a DaemonSet whose selector reads cleanly allocates no path strings.

/**
 * The nodes a DaemonSet's pods may run on, as a node selector: its required node affinity AND its `nodeSelector`
 * map. Undefined means every node. Throws `Undecidable` for unknown values or operators not modelled (Gt, Lt,
 * matchFields).
 */
export function nodeSelectorOf(ds: LoadedDaemonSet): NodeSelector | undefined {
  const pod = podSpecOf(ds);
  const fromMap = mapRequirements(pod.nodeSelector);
  const affinity = objectOr(pod.affinity, AFFINITY);
  const nodeAffinity = objectOr(affinity.nodeAffinity, NODE_AFFINITY);
  const rawRequired = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const required = isObject(rawRequired) ? rawRequired : knownObject(rawRequired, REQUIRED);
  if (required === undefined) return fromMap.length === 0 ? undefined : [fromMap];
  // Kubernetes: "a null or empty node selector term matches no objects", so such a term selects nothing (and a
  // selector left with no term selects no node), unlike an empty term in wavegate's own model, which means "any".
  const rawTerms = required.nodeSelectorTerms;
  const list: unknown[] = Array.isArray(rawTerms) ? rawTerms : knownList(rawTerms, TERMS);
  const terms: NodeTerm[] = [];
  for (let i = 0; i < list.length; i++) {
    const t = termOf(list[i], i);
    if (t.length > 0) terms.push(fromMap.length === 0 ? t : [...t, ...fromMap]);
  }
  return terms;
}

/** An object field, `EMPTY` when absent; `knownObject` (which throws) for anything else. */
function objectOr(value: unknown, field: string): JsonObject {
  if (isObject(value)) return value;
  return knownObject(value, field) ?? EMPTY;
}

const NO_REQUIREMENTS: readonly NodeRequirement[] = Object.freeze([]);

/** The `nodeSelector` map as `In` requirements, in key order. */
function mapRequirements(value: unknown): readonly NodeRequirement[] {
  if (value === undefined || value === null) return NO_REQUIREMENTS;
  const map = objectOr(value, `${BASE}.nodeSelector`);
  const keys = Object.keys(map);
  const out: NodeRequirement[] = [];
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const v = map[key];
    if (isUnknown(v)) known(v, `${BASE}.nodeSelector["${key}"]`);
    out.push({ key, operator: "In", values: [String(v)] });
  }
  return out;
}

const termField = (term: number) => `${TERMS}[${term}]`;
const requirementField = (term: number, index: number) => `${TERMS}[${term}].matchExpressions[${index}]`;

function termOf(value: unknown, index: number): NodeTerm {
  const term = isObject(value) ? value : (knownObject(value, termField(index)) ?? EMPTY);
  const matchFields = term.matchFields;
  if (matchFields !== undefined && matchFields !== null) {
    if (knownList(matchFields, `${termField(index)}.matchFields`).length > 0) {
      throw new Undecidable(`${termField(index)}.matchFields is not modelled (node fields, not labels)`);
    }
  }
  const rawExpressions = term.matchExpressions;
  const expressions: unknown[] = Array.isArray(rawExpressions)
    ? rawExpressions
    : knownList(rawExpressions, `${termField(index)}.matchExpressions`);
  const out: NodeRequirement[] = [];
  for (let i = 0; i < expressions.length; i++) out.push(requirementOf(expressions[i], index, i));
  return out;
}

function requirementOf(value: unknown, term: number, index: number): NodeRequirement {
  const req = isObject(value) ? value : (knownObject(value, requirementField(term, index)) ?? EMPTY);
  const key = req.key;
  if (isUnknown(key)) known(key, `${requirementField(term, index)}.key`);
  const operator = req.operator;
  if (isUnknown(operator)) known(operator, `${requirementField(term, index)}.operator`);
  if (typeof key !== "string" || typeof operator !== "string" || !OPERATORS.includes(operator)) {
    throw new Undecidable(
      `${requirementField(term, index)}: operator ${JSON.stringify(operator)} on ${JSON.stringify(key)} is not modelled`,
    );
  }
  const rawValues = req.values;
  const list: unknown[] = Array.isArray(rawValues)
    ? rawValues
    : knownList(rawValues, `${requirementField(term, index)}.values`);
  const values = new Array<string>(list.length);
  for (let j = 0; j < list.length; j++) {
    const v = list[j];
    if (isUnknown(v)) known(v, `${requirementField(term, index)}.values[${j}]`);
    values[j] = String(v);
  }
  return { key, operator: operator as NodeOperator, values: uniqueSorted(values) };
}

/** `[...new Set(values)].sort()`, without the copy when the values are already strictly ascending (the usual case). */
function uniqueSorted(values: string[]): string[] {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i - 1] < values[i])) return [...new Set(values)].sort();
  }
  return values;
}

/**
 * Removes requirements every term of every pool shares (e.g. `kubernetes.io/os In (linux)`): they narrow all waves
 * alike, so coverage is judged within the nodes they select rather than reported as a gap.
 */
export function withoutSharedRequirements(
  pools: readonly (NodeSelector | undefined)[],
): (NodeSelector | undefined)[] {
  if (pools.length < 2) return pools.slice();
  for (let p = 0; p < pools.length; p++) {
    const pool = pools[p];
    if (pool === undefined || pool.length === 0) return pools.slice();
  }
  const first = (pools[0] as NodeSelector)[0];
  let shared: NodeRequirement[] | undefined;
  for (let i = 0; i < first.length; i++) {
    if (inEveryTerm(pools as readonly NodeSelector[], first[i])) (shared ??= []).push(first[i]);
  }
  if (shared === undefined) return pools.slice();
  const common = shared;
  return pools.map((p) => p?.map((term) => term.filter((r) => !common.some((x) => sameRequirement(x, r)))));
}

function inEveryTerm(pools: readonly NodeSelector[], r: NodeRequirement): boolean {
  for (let p = 0; p < pools.length; p++) {
    const pool = pools[p];
    for (let t = 0; t < pool.length; t++) {
      const term = pool[t];
      let found = false;
      for (let k = 0; k < term.length && !found; k++) found = sameRequirement(term[k], r);
      if (!found) return false;
    }
  }
  return true;
}

function sameRequirement(a: NodeRequirement, b: NodeRequirement): boolean {
  if (a.key !== b.key || a.operator !== b.operator || a.values.length !== b.values.length) return false;
  for (let i = 0; i < a.values.length; i++) if (a.values[i] !== b.values[i]) return false;
  return true;
}

/** Most pools `partitionCoverage` decides (the search's budget covers ~30 million of them). */
const MAX_PARTITION = 1_000_000;

/**
 * The coverage of the usual partition, decided without the search: every pool one term of one requirement on the
 * same label key, each an `In` of its own values but one, the catch-all, `NotIn` exactly the values of all the
 * others. No two pools share a node (the `In` value sets are disjoint and the catch-all excludes each), and every
 * node is in one (a node without the label, or with a value no `In` names, is the catch-all's). Undefined for any
 * other shape (the caller searches). The same answer as `checkPoolCoverage` (test/policy/rules/pool-selector.test.ts).
 */
export function partitionCoverage(pools: readonly (NodeSelector | undefined)[]): PoolCoverage | undefined {
  // The search decides this shape in a few steps per pool: far below its budget at any size that fits in memory
  // (so it is complete there too); the bound only keeps that argument true.
  if (pools.length < 2 || pools.length > MAX_PARTITION) return undefined;
  let key: string | undefined;
  let catchAll: readonly string[] | undefined;
  let named = 0;
  for (let p = 0; p < pools.length; p++) {
    const pool = pools[p];
    if (pool === undefined || pool.length !== 1 || pool[0].length !== 1) return undefined;
    const r = pool[0][0];
    if (r.values.length === 0 || (key !== undefined && r.key !== key)) return undefined;
    key = r.key;
    if (r.operator === "In") named += r.values.length;
    else if (r.operator === "NotIn" && catchAll === undefined) catchAll = r.values;
    else return undefined;
  }
  if (catchAll === undefined || named !== catchAll.length) return undefined;
  // Every In value is a distinct excluded value, and there are as many as the catch-all excludes: the same set.
  if (named <= FEW_VALUES) return fewDistinct(pools, catchAll) ? partitionResult(pools.length) : undefined;
  const excluded = new Set(catchAll);
  if (excluded.size !== catchAll.length) return undefined;
  const seen = new Set<string>();
  for (let p = 0; p < pools.length; p++) {
    const r = (pools[p] as NodeSelector)[0][0];
    if (r.operator !== "In") continue;
    for (let i = 0; i < r.values.length; i++) {
      const v = r.values[i];
      if (!excluded.has(v) || seen.has(v)) return undefined;
      seen.add(v);
    }
  }
  return partitionResult(pools.length);
}

/** Up to this many values, `partitionCoverage` compares them pairwise instead of building sets. */
const FEW_VALUES = 8;

/** `partitionCoverage`'s set test by pairwise comparison: the catch-all's values distinct, each In value one of them, once. */
function fewDistinct(pools: readonly (NodeSelector | undefined)[], catchAll: readonly string[]): boolean {
  for (let i = 1; i < catchAll.length; i++) {
    for (let j = 0; j < i; j++) if (catchAll[i] === catchAll[j]) return false;
  }
  for (let p = 0; p < pools.length; p++) {
    const r = (pools[p] as NodeSelector)[0][0];
    if (r.operator !== "In") continue;
    for (let i = 0; i < r.values.length; i++) {
      const v = r.values[i];
      if (!catchAll.includes(v)) return false;
      // Not named before, in this pool or an earlier one.
      for (let j = 0; j < i; j++) if (r.values[j] === v) return false;
      for (let q = 0; q < p; q++) {
        const earlier = (pools[q] as NodeSelector)[0][0];
        if (earlier.operator === "In" && earlier.values.includes(v)) return false;
      }
    }
  }
  return true;
}

/** The (frozen, shared) coverage of a partition of `n` pools: no overlap, no gap. */
const partitionResults: PoolCoverage[] = [];
const NO_OVERLAP = Object.freeze({ count: 0, shown: Object.freeze([]) });

function partitionResult(n: number): PoolCoverage {
  let r = n < 64 ? partitionResults[n] : undefined;
  if (r === undefined) {
    const perPool = Object.freeze(new Array<typeof NO_OVERLAP>(n).fill(NO_OVERLAP));
    r = Object.freeze({
      overlaps: Object.freeze([]),
      overlapCount: 0,
      perPool,
      gap: undefined,
      complete: true,
    });
    if (n < 64) partitionResults[n] = r;
  }
  return r;
}

/** Coverage results by the canonical shape of the pools (bounded). */
const coverageMemo = new Map<string, PoolCoverage>();
const MAX_MEMO = 1000;

/**
 * `checkPoolCoverage`, decided at once for the usual partition (`partitionCoverage`), else memoized by the pools'
 * shape: label keys and values are renamed in order of first appearance (`k0`, `v0`, ...), so agents whose pools
 * differ only by names (`dev-a` / `dev-b`) share one search; overlap and gap witnesses are renamed back. The answer
 * depends only on which values are equal, so renaming cannot change it.
 */
export function poolCoverage(pools: readonly (NodeSelector | undefined)[]): PoolCoverage {
  const partition = partitionCoverage(pools);
  if (partition !== undefined) return partition;
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
