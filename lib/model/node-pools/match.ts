import { NodeRequirement, NodeSelector } from "../node-selector";

/** What wavegate knows about the labels of a pool's nodes. */
export interface PoolLabels {
  /** Labels every node of the pool carries, with known values. */
  readonly known: Readonly<Record<string, string>>;
  /**
   * Label keys every node carries with a value unknown until apply (e.g. a cloud-generated pool name); `"*"` when the
   * whole label map is unknown.
   */
  readonly unknownValues?: readonly string[];
}

/** Does a wave's selector select a pool's nodes: yes, no, or maybe (it depends on labels wavegate cannot see). */
export type PoolMatch = "yes" | "no" | "maybe";

/**
 * Whether `selector` selects the nodes of a pool. Within each term, requirements on keys in `ownedKeys` (keys that
 * node pools set, where absent means absent) decide exactly from the pool's labels; requirements on other keys
 * (`kubernetes.io/os`, Node Feature Discovery labels) only narrow the pool's nodes further, so they are ignored when
 * the term has an owned-key requirement, and make the answer "maybe" when it has none. A label whose value is unknown
 * until apply makes it "maybe" too. Undefined selector: every node.
 */
export function matchPool(
  selector: NodeSelector | undefined,
  pool: PoolLabels,
  ownedKeys: ReadonlySet<string>,
): PoolMatch {
  if (selector === undefined) return "yes";
  let best: PoolMatch = "no";
  for (const term of selector) {
    const m = matchTerm(term, pool, ownedKeys);
    if (m === "yes") return "yes";
    if (m === "maybe") best = "maybe";
  }
  return best;
}

function matchTerm(
  term: readonly NodeRequirement[],
  pool: PoolLabels,
  ownedKeys: ReadonlySet<string>,
): PoolMatch {
  let result: PoolMatch | undefined;
  for (const req of term) {
    if (!ownedKeys.has(req.key) && !Object.prototype.hasOwnProperty.call(pool.known, req.key)) continue;
    const m = matchRequirement(req, pool);
    if (m === "no") return "no";
    if (m === "maybe" || result === undefined) result = result === "maybe" ? "maybe" : m;
  }
  return result ?? (term.length === 0 ? "yes" : "maybe");
}

function matchRequirement(req: NodeRequirement, pool: PoolLabels): PoolMatch {
  const has = Object.prototype.hasOwnProperty.call(pool.known, req.key);
  // "*": the whole label map is an expression, so any label not known may be set.
  if (pool.unknownValues?.includes(req.key) || (!has && pool.unknownValues?.includes("*"))) return "maybe";
  const value = has ? pool.known[req.key] : undefined;
  switch (req.operator) {
    case "In":
      return value !== undefined && req.values.includes(value) ? "yes" : "no";
    case "NotIn":
      return value === undefined || !req.values.includes(value) ? "yes" : "no";
    case "Exists":
      return value !== undefined ? "yes" : "no";
    case "DoesNotExist":
      return value === undefined ? "yes" : "no";
  }
}
