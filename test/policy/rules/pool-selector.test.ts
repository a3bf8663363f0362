import fc from "fast-check";
import { matchesSelector, NodeOperator, NodeSelector, requirement } from "../../../lib/model/node-selector";
import { checkPoolCoverage } from "../../../lib/model/pool-coverage";
import {
  nodeSelectorOf,
  partitionCoverage,
  poolCoverage,
  withoutSharedRequirements,
} from "../../../lib/policy/rules/pool-selector";
import { expectToEqual } from "../../helpers/expect-equal";
import { fixtureJson, loadJson } from "../helpers";
import { expectToBe } from "../../helpers/expect-equal";

const req = fc
  .tuple(
    fc.constantFrom("pool", "zone", "gpu"),
    fc.constantFrom<NodeOperator>("In", "NotIn", "Exists", "DoesNotExist"),
    fc.uniqueArray(fc.constantFrom("a", "b", "c"), { minLength: 1, maxLength: 2 }),
  )
  .map(([key, op, values]) => requirement(key, op, op === "In" || op === "NotIn" ? values : []));
const pool: fc.Arbitrary<NodeSelector | undefined> = fc.option(
  fc.array(fc.array(req, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 2 }),
  { nil: undefined },
);

describe("poolCoverage (memoized by shape)", () => {
  test("property: the same overlaps and gap as checkPoolCoverage, with witnesses that really match", () => {
    fc.assert(
      fc.property(fc.array(pool, { minLength: 1, maxLength: 4 }), (pools) => {
        const memo = poolCoverage(pools);
        const direct = checkPoolCoverage(pools);
        expect(memo.complete).toBe(direct.complete);
        expect(memo.overlaps.map((o) => `${o.a}:${o.b}`).sort()).toEqual(
          direct.overlaps.map((o) => `${o.a}:${o.b}`).sort(),
        );
        expect(memo.gap === undefined).toBe(direct.gap === undefined);
        for (const o of memo.overlaps) {
          expectToBe(matchesSelector(pools[o.a], o.witness), true);
          expectToBe(matchesSelector(pools[o.b], o.witness), true);
        }
        if (memo.gap !== undefined) expect(pools.some((p) => matchesSelector(p, memo.gap ?? {}))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  test("pools that differ only by names share one answer, renamed back", () => {
    const pools = (dev: string) => [
      [[requirement("pool", "In", [dev])]],
      [[requirement("pool", "In", [dev])]],
    ];
    expect(poolCoverage(pools("dev-a")).overlaps[0].witness).toEqual({ pool: "dev-a" });
    expect(poolCoverage(pools("dev-b")).overlaps[0].witness).toEqual({ pool: "dev-b" });
  });
});

describe("partitionCoverage (the usual partition, decided without the search)", () => {
  // Pools near the partition shape: In pools on one key and a NotIn catch-all (at any position) that excludes
  // exactly their values, or nearly (a value missing, one too many, a value in two pools, another key or operator,
  // a second requirement or term, a pool of every node); values unsorted and repeated as inputs may write them.
  const near = fc
    .record({
      values: fc.shuffledSubarray([..."abcdefghijkl"], { minLength: 1 }),
      cuts: fc.array(fc.nat(), { minLength: 0, maxLength: 3 }),
      overlap: fc.constantFrom("none", "none", "none", "shared", "repeated", "empty"),
      at: fc.nat(),
      exclude: fc.constantFrom("exact", "exact", "exact", "missing", "extra", "repeated"),
      twist: fc.constantFrom("none", "none", "none", "key", "operator", "second", "term", "every", "empty"),
      which: fc.nat(),
    })
    .map(({ values, cuts, overlap, at, exclude, twist, which }) => {
      // Disjoint In value sets (a split of the values), then perhaps one value in two pools, twice in one, or none.
      const points = [...new Set(cuts.map((c) => c % values.length))].sort((a, b) => a - b);
      const ins = [0, ...points, values.length]
        .slice(0, -1)
        .map((from, k, all) => values.slice(from, all[k + 1] ?? values.length))
        .filter((v) => v.length > 0);
      if (overlap === "shared" && ins.length > 1) ins[1].push(ins[0][0]);
      if (overlap === "repeated") ins[0].push(ins[0][0]);
      if (overlap === "empty") ins.push([]);
      const named = ins.flat();
      let excluded = [...new Set(named)];
      if (exclude === "missing") excluded = excluded.slice(1);
      if (exclude === "extra") excluded = [...excluded, "z"];
      if (exclude === "repeated") excluded = [...excluded, ...excluded.slice(0, 1)];
      const pools: (NodeSelector | undefined)[] = ins.map((values) => [
        [{ key: "pool", operator: "In" as NodeOperator, values }],
      ]);
      pools.splice(at % (pools.length + 1), 0, [[{ key: "pool", operator: "NotIn", values: excluded }]]);
      const i = which % pools.length;
      const r = (pools[i] as NodeSelector)[0][0];
      if (twist === "key") pools[i] = [[{ ...r, key: "zone" }]];
      if (twist === "operator") pools[i] = [[{ ...r, operator: "Exists", values: [] }]];
      if (twist === "second") pools[i] = [[r, { key: "zone", operator: "In", values: ["a"] }]];
      if (twist === "term") pools[i] = [[r], [{ key: "zone", operator: "In", values: ["a"] }]];
      if (twist === "every") pools[i] = undefined;
      if (twist === "empty") pools[i] = [];
      return pools;
    });

  test("property: whenever it decides, its answer is checkPoolCoverage's, and it decides the exact partitions", () => {
    let decided = 0;
    fc.assert(
      fc.property(near, (pools) => {
        const fast = partitionCoverage(pools);
        if (fast === undefined) return;
        decided++;
        expectToEqual(fast, checkPoolCoverage(pools));
        expectToEqual(poolCoverage(pools), checkPoolCoverage(pools));
        // WG106 asks it before removing shared requirements: a partition has none to remove.
        expectToEqual(fast, checkPoolCoverage(withoutSharedRequirements(pools)));
      }),
      { seed: 14, numRuns: 800 },
    );
    expect(decided).toBeGreaterThan(40);
  });

  test("GIVEN canary In (dev), staging In (qa, stage), production NotIn all three THEN no overlap and no gap", () => {
    const pools = [
      [[requirement("pool", "In", ["dev"])]],
      [[requirement("pool", "In", ["qa", "stage"])]],
      [[requirement("pool", "NotIn", ["dev", "qa", "stage"])]],
    ];
    expect(partitionCoverage(pools)).toMatchObject({ overlapCount: 0, gap: undefined, complete: true });
    // A catch-all that forgets a value overlaps that pool: not a partition, left to the search.
    pools[2] = [[requirement("pool", "NotIn", ["dev", "qa"])]];
    expect(partitionCoverage(pools)).toBeUndefined();
    expect(poolCoverage(pools).overlapCount).toBe(1);
  });
});

describe("withoutSharedRequirements", () => {
  test("drops requirements every term shares, keeps the rest", () => {
    const linux = requirement("kubernetes.io/os", "In", ["linux"]);
    const a = requirement("pool", "In", ["a"]);
    const notA = requirement("pool", "NotIn", ["a"]);
    expect(withoutSharedRequirements([[[linux, a]], [[notA, linux]]])).toEqual([[[a]], [[notA]]]);
    expect(withoutSharedRequirements([[[linux, a]], undefined])).toEqual([[[linux, a]], undefined]);
  });
});

describe("nodeSelectorOf", () => {
  test("required node affinity AND nodeSelector, one term each", () => {
    const json = fixtureJson("staged-good.tf.json");
    const canary = Object.values(json.resource.kubernetes_daemon_set_v1)[0] as {
      spec: { template: { spec: object } };
    };
    Object.assign(canary.spec.template.spec, { node_selector: { "kubernetes.io/os": "linux" } });
    expect(nodeSelectorOf(loadJson(json).daemonSets[0])).toEqual([
      [
        { key: "eks.amazonaws.com/nodegroup", operator: "In", values: ["dev-agents"] },
        { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
      ],
    ]);
  });

  test("no affinity and no nodeSelector: every node", () => {
    const ds = loadJson(fixtureJson("wg101-fail-guardrail.tf.json")).daemonSets[0];
    expect(nodeSelectorOf(ds)).toBeUndefined();
  });
});
