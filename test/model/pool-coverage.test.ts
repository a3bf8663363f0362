import fc from "fast-check";
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
    expect(result).toEqual({ overlaps: [], gap: undefined, complete: true });
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
          expect(matchesSelector(pools[o.a], o.witness)).toBe(true);
          expect(matchesSelector(pools[o.b], o.witness)).toBe(true);
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
