import fc from "fast-check";
import { matchesSelector, NodeOperator, NodeSelector, requirement } from "../../../lib/model/node-selector";
import { checkPoolCoverage } from "../../../lib/model/pool-coverage";
import {
  nodeSelectorOf,
  poolCoverage,
  withoutSharedRequirements,
} from "../../../lib/policy/rules/pool-selector";
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
