import { NodeLabels, NodeRequirement, NodeSelector, NodeTerm } from "./node-selector";
import { compileTerm, findGap, jointWitness, SearchBudgetExceeded, termWitness } from "./pool-gap";

export { OTHER_VALUE } from "./pool-gap";

/** Two pools that share at least one possible node. */
export interface PoolOverlap {
  /** Index of the first pool. */
  readonly a: number;
  /** Index of the second pool. */
  readonly b: number;
  /** Labels of a node both pools select. */
  readonly witness: NodeLabels;
}

/** Result of checking a set of pools (one per wave) over every possible node. */
export interface PoolCoverage {
  /**
   * Pairs of pools that can select the same node, each with an example node: at most {@link MAX_REPORTED_OVERLAPS}
   * pairs, in pool order; `overlapCount` says how many there are in all.
   */
  readonly overlaps: readonly PoolOverlap[];
  /** How many pairs of pools overlap (may exceed `overlaps.length`). */
  readonly overlapCount: number;
  /** Per pool: how many other pools it overlaps, and up to {@link MAX_OVERLAPS_PER_POOL} of them with a witness. */
  readonly perPool: readonly { readonly count: number; readonly shown: readonly PoolOverlap[] }[];
  /** An example node no pool selects, when the pools are not exhaustive. */
  readonly gap?: NodeLabels;
  /** False when the search was cut short (too many label combinations); then the result is incomplete. */
  readonly complete: boolean;
}

/** Most overlapping pairs listed in `overlaps`. */
export const MAX_REPORTED_OVERLAPS = 100;
/** Most overlaps listed per pool. */
export const MAX_OVERLAPS_PER_POOL = 3;
/** Requirement checks the searches may make before giving up (about a second of work). */
const BUDGET = 100_000_000;

/**
 * Decides exactly whether pools are disjoint (no node matches two) and exhaustive (every node matches one); a pool of
 * `undefined` selects every node, a pool with no term none.
 *
 * Overlaps: two pools overlap when a term of each is satisfiable together (per key: In sets intersect outside the
 * NotIn values, not both required and forbidden). Identical pools are grouped first (every pair in a group overlaps),
 * and terms are compared only with terms that can share a node on their most selective `In` key, so the usual shapes
 * (one pool label with distinct values, a catch-all `NotIn` them) take near-linear work. Gap: see `findGap`.
 * `complete: false` when a search exceeded its budget: the caller must not treat that as a pass.
 * @param budget requirement checks allowed to each search
 * @default budget = about a second of work
 */
export function checkPoolCoverage(
  pools: readonly (NodeSelector | undefined)[],
  budget: number = BUDGET,
): PoolCoverage {
  let complete = true;
  const groups = groupIdentical(pools);
  const pairs = new Map<string, NodeLabels>(); // "ga:gb" -> witness, ga < gb
  try {
    overlappingGroups(groups, pairs, budget);
  } catch (err) {
    if (!(err instanceof SearchBudgetExceeded)) throw err;
    complete = false;
  }
  let gap: NodeLabels | undefined;
  if (!pools.some((p) => p === undefined)) {
    try {
      gap = findGap(
        pools.flatMap((p) => p ?? []),
        budget,
      );
    } catch (err) {
      if (!(err instanceof SearchBudgetExceeded)) throw err;
      complete = false;
    }
  }
  return { ...report(pools.length, groups, pairs), gap, complete };
}

interface Group {
  /** Pool indexes with this selector, ascending. */
  readonly members: number[];
  readonly pool: NodeSelector | undefined;
  /** A node the pool selects, when it selects any. */
  readonly witness: NodeLabels | undefined;
}

function groupIdentical(pools: readonly (NodeSelector | undefined)[]): Group[] {
  const byKey = new Map<string, Group>();
  const groups: Group[] = [];
  pools.forEach((pool, i) => {
    const key = pool === undefined ? "*" : pool.map(termKey).sort().join("|");
    const g = byKey.get(key);
    if (g !== undefined) g.members.push(i);
    else {
      const witness = pool === undefined ? {} : firstWitness(pool);
      const created = { members: [i], pool, witness };
      byKey.set(key, created);
      groups.push(created);
    }
  });
  return groups;
}

function termKey(t: NodeTerm): string {
  return t
    .map((r) => `${r.key}\u0000${r.operator}\u0000${[...r.values].sort().join("\u0001")}`)
    .sort()
    .join("\u0002");
}

function firstWitness(pool: NodeSelector): NodeLabels | undefined {
  for (const t of pool) {
    const w = termWitness(t);
    if (w !== undefined) return w;
  }
  return undefined;
}

/** A term with the group it belongs to and its most selective In requirement (its index anchor). */
interface IndexedTerm {
  readonly group: number;
  readonly term: NodeTerm;
  readonly anchor?: NodeRequirement;
}

/** Finds every pair of distinct groups that overlap, with a witness. */
function overlappingGroups(groups: readonly Group[], out: Map<string, NodeLabels>, budget: number): void {
  const terms: IndexedTerm[] = [];
  groups.forEach((g, gi) => {
    if (g.witness === undefined) return; // selects no node: overlaps nothing
    for (const term of g.pool ?? [[]]) {
      if (termWitness(term) === undefined) continue;
      const ins = term.filter((r) => r.operator === "In");
      const anchor =
        ins.length === 0 ? undefined : ins.reduce((a, b) => (b.values.length < a.values.length ? b : a));
      terms.push({ group: gi, term, anchor });
    }
  });
  // Index: anchor key -> value -> terms anchored there; terms without an In requirement are "wide".
  const byValue = new Map<string, Map<string, number[]>>();
  const byAnchorKey = new Map<string, number[]>();
  const wide: number[] = [];
  terms.forEach((t, i) => {
    if (t.anchor === undefined) return void wide.push(i);
    const key = t.anchor.key;
    let values = byValue.get(key);
    if (values === undefined) byValue.set(key, (values = new Map()));
    for (const v of t.anchor.values) {
      const list = values.get(v);
      if (list === undefined) values.set(v, [i]);
      else list.push(i);
    }
    const k = byAnchorKey.get(key);
    if (k === undefined) byAnchorKey.set(key, [i]);
    else k.push(i);
  });
  let steps = 0;
  const compare = (i: number, j: number) => {
    const a = terms[i];
    const b = terms[j];
    if (a.group === b.group) return;
    const [ga, gb] = a.group < b.group ? [a.group, b.group] : [b.group, a.group];
    const id = `${ga}:${gb}`;
    if (out.has(id)) return;
    const [ca, cb] = [compileTerm(a.term), compileTerm(b.term)];
    steps += 1 + (ca?.size ?? 0) + (cb?.size ?? 0);
    if (steps > budget) throw new SearchBudgetExceeded();
    const w = jointWitness(ca, cb);
    if (w !== undefined) out.set(id, w);
  };
  terms.forEach((t, i) => {
    if (t.anchor === undefined) {
      for (let j = 0; j < terms.length; j++) if (j !== i) compare(i, j);
      return;
    }
    const seen = new Set<number>();
    const values = byValue.get(t.anchor.key) as Map<string, number[]>;
    for (const v of t.anchor.values) {
      for (const j of values.get(v) ?? []) {
        if (j > i && !seen.has(j)) {
          seen.add(j);
          compare(i, j);
        }
      }
    }
    // Terms anchored on another key may share a node whatever their values on this one.
    for (const [key, list] of byAnchorKey) {
      if (key === t.anchor.key) continue;
      for (const j of list) if (j > i) compare(i, j);
    }
  });
}

/**
 * Pairs of pools (not groups): bounded lists and exact counts, without listing every pair (2,000 identical pools are
 * ~2 million pairs; they are counted, and at most a few are shown per pool).
 */
function report(
  poolCount: number,
  groups: readonly Group[],
  pairs: ReadonlyMap<string, NodeLabels>,
): Pick<PoolCoverage, "overlaps" | "overlapCount" | "perPool"> {
  // Overlapping "sources" of a group: itself (when it selects a node and has other members) and its partner groups.
  const sources: { group: number; witness: NodeLabels }[][] = groups.map((g) =>
    g.witness !== undefined && g.members.length > 1 ? [{ group: -1, witness: g.witness }] : [],
  );
  let overlapCount = 0;
  groups.forEach((g) => {
    if (g.witness !== undefined) overlapCount += (g.members.length * (g.members.length - 1)) / 2;
  });
  for (const [id, witness] of pairs) {
    const [ga, gb] = id.split(":").map(Number);
    sources[ga].push({ group: gb, witness });
    sources[gb].push({ group: ga, witness });
    overlapCount += groups[ga].members.length * groups[gb].members.length;
  }
  const groupOf = new Array<number>(poolCount);
  groups.forEach((g, gi) => g.members.forEach((m) => (groupOf[m] = gi)));
  /** Up to `limit` pools overlapping pool p with index above `after`, smallest first. */
  const partnersOf = (p: number, after: number, limit: number) => {
    const found: { m: number; witness: NodeLabels }[] = [];
    for (const s of sources[groupOf[p]]) {
      const members = groups[s.group === -1 ? groupOf[p] : s.group].members;
      let taken = 0;
      for (let k = firstAbove(members, after); k < members.length && taken < limit + 1; k++) {
        if (members[k] === p) continue;
        found.push({ m: members[k], witness: s.witness });
        taken++;
      }
    }
    return found.sort((x, y) => x.m - y.m).slice(0, limit);
  };
  const perPool = [];
  const overlaps: PoolOverlap[] = [];
  for (let p = 0; p < poolCount; p++) {
    const g = groups[groupOf[p]];
    let count = 0;
    for (const s of sources[groupOf[p]])
      count += s.group === -1 ? g.members.length - 1 : groups[s.group].members.length;
    const shown = count === 0 ? [] : partnersOf(p, -1, MAX_OVERLAPS_PER_POOL);
    perPool.push({
      count,
      shown: shown.map(({ m, witness }) => ({ a: Math.min(p, m), b: Math.max(p, m), witness })),
    });
    if (count > 0 && overlaps.length < MAX_REPORTED_OVERLAPS) {
      for (const { m, witness } of partnersOf(p, p, MAX_REPORTED_OVERLAPS - overlaps.length)) {
        overlaps.push({ a: p, b: m, witness });
      }
    }
  }
  return { overlaps, overlapCount, perPool };
}

/** Index of the first element above `x` in an ascending list. */
function firstAbove(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
