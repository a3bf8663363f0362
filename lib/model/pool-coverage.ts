import { matchesRequirement, NodeLabels, NodeSelector } from "./node-selector";

/** Label value used in witnesses for "any value not named by any selector". */
export const OTHER_VALUE = "<other>";

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
  /** Pairs of pools that can select the same node (each pair once, with an example node). */
  readonly overlaps: readonly PoolOverlap[];
  /** An example node no pool selects, when the pools are not exhaustive. */
  readonly gap?: NodeLabels;
  /** False when the search was cut short (too many label combinations); then the result is incomplete. */
  readonly complete: boolean;
}

/** Maximum label combinations examined before giving up (keeps the check fast on absurd selectors). */
const MAX_VISITS = 200_000;

/**
 * Decides exactly whether pools are disjoint (no node matches two) and exhaustive (every node matches one).
 *
 * Assumptions / invariants: a requirement's truth depends only on its key's value, and for a key every value that
 * no requirement names behaves alike. So each key has finitely many classes: each named value, "some other value",
 * and "absent". Exploring every combination of classes (with pruning once every pool's answer is settled) covers
 * every possible node; a pool of `undefined` selects every node.
 */
export function checkPoolCoverage(pools: readonly (NodeSelector | undefined)[]): PoolCoverage {
  const keyClasses = new Map<string, Set<string>>();
  for (const pool of pools) {
    for (const term of pool ?? []) {
      for (const req of term) {
        const classes = keyClasses.get(req.key) ?? new Set<string>();
        req.values.forEach((v) => classes.add(v));
        keyClasses.set(req.key, classes);
      }
    }
  }
  const keys = [...keyClasses.keys()].sort();
  const choices = keys.map((k) => [undefined, ...(keyClasses.get(k) ?? []), OTHER_VALUE]);
  const overlaps = new Map<string, PoolOverlap>();
  let gap: NodeLabels | undefined;
  let visits = 0;
  let complete = true;

  // Status of one pool given labels decided for keys[0..depth): true (matched), false (cannot match), undefined.
  const status = (pool: NodeSelector | undefined, labels: Record<string, string>, assigned: Set<string>) => {
    if (pool === undefined) return true;
    let open = false;
    for (const term of pool) {
      let termOpen = false;
      let termFalse = false;
      for (const req of term) {
        if (!assigned.has(req.key)) {
          termOpen = true;
          continue;
        }
        if (!matchesRequirement(req, labels)) {
          termFalse = true;
          break;
        }
      }
      if (termFalse) continue;
      if (!termOpen) return true;
      open = true;
    }
    return open ? undefined : false;
  };

  const visit = (depth: number, labels: Record<string, string>, assigned: Set<string>): void => {
    if (++visits > MAX_VISITS) {
      complete = false;
      return;
    }
    const states = pools.map((p) => status(p, labels, assigned));
    const matched = states.flatMap((s, i) => (s === true ? [i] : []));
    for (let i = 0; i < matched.length; i++) {
      for (let j = i + 1; j < matched.length; j++) {
        const id = `${matched[i]}:${matched[j]}`;
        if (!overlaps.has(id)) overlaps.set(id, { a: matched[i], b: matched[j], witness: { ...labels } });
      }
    }
    if (states.every((s) => s === false)) {
      gap ??= { ...labels };
      return;
    }
    if (states.every((s) => s !== undefined)) return; // every pool settled for all nodes below here
    if (depth >= keys.length) return;
    const key = keys[depth];
    assigned.add(key);
    for (const value of choices[depth]) {
      if (value === undefined) delete labels[key];
      else labels[key] = value;
      visit(depth + 1, labels, assigned);
      if (!complete) break;
    }
    delete labels[key];
    assigned.delete(key);
  };
  visit(0, {}, new Set());
  return { overlaps: [...overlaps.values()], gap, complete };
}
