import fc from "fast-check";
import { expectToBe } from "../helpers/expect-equal";
import {
  checkPoolCoverage,
  complementSelector,
  matchesSelector,
  NodeLabels,
  NodeOperator,
  NodePool,
  NodeSelector,
  requirement,
} from "../../lib/model";

const KEYS = ["pool", "zone"];
const VALUES = ["a", "b", "c"];

/** Every distinct node over KEYS: each key absent, one of VALUES, or a value no selector names. */
function allNodes(): NodeLabels[] {
  let nodes: Record<string, string>[] = [{}];
  for (const key of KEYS) {
    nodes = nodes.flatMap((n) => [n, ...[...VALUES, "zzz"].map((v) => ({ ...n, [key]: v }))]);
  }
  return nodes;
}

const arbRequirement = fc
  .record({
    key: fc.constantFrom(...KEYS),
    operator: fc.constantFrom<NodeOperator>("In", "NotIn", "Exists", "DoesNotExist"),
    values: fc.uniqueArray(fc.constantFrom(...VALUES), { minLength: 1, maxLength: 2 }),
  })
  .map((r) => requirement(r.key, r.operator, r.operator === "In" || r.operator === "NotIn" ? r.values : []));
const arbSelector: fc.Arbitrary<NodeSelector> = fc.array(
  fc.array(arbRequirement, { minLength: 1, maxLength: 2 }),
  {
    minLength: 1,
    maxLength: 2,
  },
);

describe("checkPoolCoverage", () => {
  test("GIVEN three distinct node groups and a catch-all THEN pools are disjoint and exhaustive", () => {
    const canary = NodePool.eksNodegroup("dev").selector;
    const staging = NodePool.eksNodegroup("staging").selector;
    const rest = complementSelector([...canary, ...staging]);
    const result = checkPoolCoverage([canary, staging, rest]);
    expect(result).toMatchObject({ overlaps: [], overlapCount: 0, gap: undefined, complete: true });
  });

  test("GIVEN two pools naming the same node group THEN the overlap is reported with a witness node", () => {
    const result = checkPoolCoverage([
      NodePool.eksNodegroup("dev", "qa").selector,
      NodePool.eksNodegroup("qa").selector,
    ]);
    expect(result.overlaps).toEqual([{ a: 0, b: 1, witness: { "eks.amazonaws.com/nodegroup": "qa" } }]);
  });

  test("GIVEN pools on different labels THEN a node carrying both labels is an overlap", () => {
    const result = checkPoolCoverage([
      NodePool.labeled("pool", "a").selector,
      NodePool.labeled("zone", "x").selector,
    ]);
    expect(result.overlaps[0].witness).toEqual({ pool: "a", zone: "x" });
    expect(result.gap).toEqual({});
  });

  test("GIVEN explicit pools only THEN a node outside them is the gap witness", () => {
    const result = checkPoolCoverage([
      NodePool.labeled("pool", "a").selector,
      NodePool.labeled("pool", "b").selector,
    ]);
    expect(result.overlaps).toEqual([]);
    expect(result.gap).toEqual({});
  });

  test("an undefined pool selects every node", () => {
    expect(checkPoolCoverage([undefined]).gap).toBeUndefined();
    expect(checkPoolCoverage([undefined, NodePool.labeled("pool", "a").selector]).overlaps).toHaveLength(1);
  });

  test("property: agrees with brute force over every node, and its witnesses are real", () => {
    const nodes = allNodes();
    fc.assert(
      fc.property(fc.array(arbSelector, { minLength: 1, maxLength: 4 }), (pools) => {
        const result = checkPoolCoverage(pools);
        const counts = nodes.map((n) => pools.filter((p) => matchesSelector(p, n)).length);
        expect(result.complete).toBe(true);
        expect(result.overlaps.length > 0).toBe(counts.some((c) => c > 1));
        expect(result.gap !== undefined).toBe(counts.some((c) => c === 0));
        for (const o of result.overlaps) {
          expectToBe(matchesSelector(pools[o.a], o.witness), true);
          expectToBe(matchesSelector(pools[o.b], o.witness), true);
        }
        if (result.gap) expect(pools.some((p) => matchesSelector(p, result.gap!))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  test("property: a selector and its complement are disjoint and exhaustive", () => {
    fc.assert(
      fc.property(arbSelector, (selector) => {
        const result = checkPoolCoverage([selector, complementSelector(selector)]);
        expect(result.overlaps).toEqual([]);
        expect(result.gap).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});

describe("requirement", () => {
  test("rejects empty keys, missing values and values on Exists", () => {
    expect(() => requirement("", "In", ["a"])).toThrow(/key is empty/);
    expect(() => requirement("k", "In", [])).toThrow(/In needs at least one value/);
    expect(() => requirement("k", "Exists", ["a"])).toThrow(/Exists takes no values/);
    expect(() => requirement("k", "Gt" as NodeOperator, ["1"])).toThrow(/"Gt" is not supported/);
  });

  test("NotIn matches nodes without the label (Kubernetes semantics)", () => {
    expect(matchesSelector([[requirement("pool", "NotIn", ["a"])]], {})).toBe(true);
    expect(matchesSelector([[requirement("pool", "NotIn", ["a"])]], { pool: "a" })).toBe(false);
  });
});

describe("checkPoolCoverage at scale: bounded, exact, fail closed", () => {
  const pool = (i: number) => NodePool.labeled("pool", `p${i}`).selector;

  test("GIVEN 12 waves each on its own label and a catch-all THEN it is decided (no 'too many combinations')", () => {
    // Each wave on a label of its own: 3^12 label combinations, which the old exhaustive search gave up on.
    const waves = Array.from({ length: 12 }, (_, i) => NodePool.labeled(`wave-${i}`, "yes").selector);
    const rest = complementSelector(waves.flat());
    const result = checkPoolCoverage([...waves, rest]);
    expect(result.complete).toBe(true);
    expect(result.gap).toBeUndefined();
    // ... and the plain overlap (a node labelled for two waves) is found, with a real witness.
    expect(result.overlapCount).toBe((12 * 11) / 2);
    const o = result.overlaps[0];
    expect(matchesSelector(waves[o.a], o.witness) && matchesSelector(waves[o.b], o.witness)).toBe(true);
  });

  test("GIVEN 2,000 waves on one pool THEN every pair is counted, but only a bounded number listed", () => {
    const same = NodePool.eksNodegroup("dev").selector;
    const result = checkPoolCoverage(Array.from({ length: 2000 }, () => same));
    expect(result.complete).toBe(true);
    expect(result.overlapCount).toBe((2000 * 1999) / 2);
    expect(result.overlaps.length).toBe(100);
    expect(result.perPool.every((p) => p.count === 1999 && p.shown.length === 3)).toBe(true);
  });

  test("GIVEN 2,000 distinct pools and the catch-all THEN disjoint and exhaustive", () => {
    const pools = Array.from({ length: 2000 }, (_, i) => pool(i));
    const result = checkPoolCoverage([...pools, complementSelector(pools.flat())]);
    expect(result).toMatchObject({ overlapCount: 0, gap: undefined, complete: true });
  });

  test("GIVEN 2,000 distinct pools without a catch-all THEN the gap is found", () => {
    const result = checkPoolCoverage(Array.from({ length: 2000 }, (_, i) => pool(i)));
    expect(result.gap).toEqual({});
    expect(result.complete).toBe(true);
  });

  test("property: with many keys (beyond the old search's reach) witnesses are real and a gap is really a gap", () => {
    const keys = Array.from({ length: 14 }, (_, i) => `k${i}`);
    const req = fc
      .record({
        key: fc.constantFrom(...keys),
        operator: fc.constantFrom<NodeOperator>("In", "NotIn", "Exists", "DoesNotExist"),
        values: fc.uniqueArray(fc.constantFrom("a", "b"), { minLength: 1, maxLength: 2 }),
      })
      .map((r) =>
        requirement(r.key, r.operator, r.operator === "In" || r.operator === "NotIn" ? r.values : []),
      );
    const selector = fc.array(fc.array(req, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 2 });
    fc.assert(
      fc.property(fc.array(selector, { minLength: 2, maxLength: 14 }), (pools) => {
        const result = checkPoolCoverage(pools);
        expect(result.complete).toBe(true);
        for (const o of result.overlaps) {
          expectToBe(matchesSelector(pools[o.a], o.witness), true);
          expectToBe(matchesSelector(pools[o.b], o.witness), true);
        }
        if (result.gap) expect(pools.some((p) => matchesSelector(p, result.gap!))).toBe(false);
        // Adding a pool of every node closes any gap.
        expect(checkPoolCoverage([...pools, undefined]).gap).toBeUndefined();
      }),
      { numRuns: 40, seed: 13 },
    );
  });
});

describe("checkPoolCoverage when the search runs out of budget", () => {
  test("GIVEN a budget too small to decide THEN complete is false (callers fail closed), never a silent answer", () => {
    const pools = Array.from({ length: 20 }, (_, i) => NodePool.labeled(`wave-${i}`, "yes").selector);
    const result = checkPoolCoverage([...pools, complementSelector(pools.flat())], 10);
    expect(result.complete).toBe(false);
  });
});
