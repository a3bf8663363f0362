import fc from "fast-check";
import { checkPoolCoverage, NodePool, planWaves, ValidationError, WaveInput } from "../../lib/model";

const three: WaveInput[] = [
  { name: "canary", pool: NodePool.eksNodegroup("dev"), version: "v2" },
  { name: "staging", pool: NodePool.eksNodegroup("staging"), version: "v1" },
  { name: "production", version: "v1" },
];

describe("planWaves", () => {
  test("GIVEN canary, staging and a pool-less production THEN production is the catch-all NotIn both pools", () => {
    const waves = planWaves(three);
    expect(waves.map((w) => [w.name, w.index, w.catchAll])).toEqual([
      ["canary", 0, false],
      ["staging", 1, false],
      ["production", 2, true],
    ]);
    expect(waves[2].selector).toEqual([
      [{ key: "eks.amazonaws.com/nodegroup", operator: "NotIn", values: ["dev", "staging"] }],
    ]);
  });

  test("defaults: canary maxUnavailable 1, later waves 10%, maxSurge 0, minReadySeconds 30", () => {
    const waves = planWaves(three);
    expect(waves.map((w) => [w.maxUnavailable.toString(), w.maxSurge.toString(), w.minReadySeconds])).toEqual(
      [
        ["1", "0", 30],
        ["10%", "0", 30],
        ["10%", "0", 30],
      ],
    );
  });

  test("a surge-only wave defaults maxUnavailable to 0", () => {
    const waves = planWaves([{ ...three[0], maxSurge: 1 }, three[2]]);
    expect(waves[0].maxUnavailable.toString()).toBe("0");
  });

  test("each cluster gets its own catch-all; a one-wave cluster runs on every node", () => {
    const waves = planWaves([
      { name: "dev", cluster: "dev", version: "v2" },
      { name: "staging", cluster: "staging", version: "v1" },
      { name: "production", cluster: "prod", version: "v1" },
    ]);
    expect(waves.map((w) => w.selector)).toEqual([undefined, undefined, undefined]);
  });

  describe("rejects bad input at plan time, naming the field", () => {
    const cases: [string, WaveInput[], RegExp][] = [
      ["fewer than two waves", [three[2]], /^waves: 1 wave\(s\) given; a staged rollout needs at least 2/],
      [
        "a duplicate name",
        [three[0], { ...three[2], name: "canary" }],
        /^waves\[1\]\.name: wave "canary" appears twice/,
      ],
      ["a missing name", [{ ...three[0], name: "" }, three[2]], /^waves\[0\]\.name: the wave has no name/],
      [
        "an invalid name",
        [{ ...three[0], name: "Canary_1" }, three[2]],
        /^waves\[0\]\.name: "Canary_1" is not a valid/,
      ],
      ["a missing version", [{ ...three[0], version: "" }, three[2]], /^versions\.canary: no version given/],
      [
        "110%",
        [{ ...three[0], maxUnavailable: "110%" }, three[2]],
        /^waves\[0\]\.maxUnavailable: "110%" is over 100%/,
      ],
      [
        "-1",
        [{ ...three[0], maxUnavailable: "-1" }, three[2]],
        /^waves\[0\]\.maxUnavailable: "-1" is not an integer/,
      ],
      [
        "ten",
        [{ ...three[0], maxUnavailable: "ten" }, three[2]],
        /^waves\[0\]\.maxUnavailable: "ten" is not an integer/,
      ],
      [
        "both non-zero",
        [{ ...three[0], maxSurge: 1, maxUnavailable: 1 }, three[2]],
        /^waves\[0\]\.maxSurge: .*both non-zero/,
      ],
      [
        "both zero",
        [{ ...three[0], maxSurge: 0, maxUnavailable: 0 }, three[2]],
        /^waves\[0\]\.maxUnavailable: .*both 0/,
      ],
      [
        "cap exceeded",
        [three[0], { ...three[2], maxUnavailable: "25%" }],
        /^waves\[1\]\.maxUnavailable: 25% exceeds the cap of 10%/,
      ],
      [
        "an absolute cap exceeded on a known pool size",
        [three[0], { ...three[2], maxUnavailable: 30, nodes: 100 }],
        /^waves\[1\]\.maxUnavailable: 30 exceeds the cap of 10% \(100 nodes: cap allows 10\)/,
      ],
      [
        "overlapping pools",
        [three[0], { ...three[1], pool: NodePool.eksNodegroup("staging", "dev") }, three[2]],
        /^waves\[1\]\.pool: pools of waves "canary" and "staging" overlap: a node labelled \{eks.amazonaws.com\/nodegroup=dev\} would run two copies/,
      ],
      [
        "non-exhaustive explicit pools",
        [three[0], three[1], { ...three[2], pool: NodePool.eksNodegroup("prod") }],
        /^waves\[2\]\.pool: the waves' pools leave nodes without the agent: a node without any of these labels matches no wave\. Omit `pool`/,
      ],
      [
        "a pool-less wave that is not last",
        [{ ...three[0], pool: undefined }, three[2]],
        /^waves\[0\]\.pool: wave "canary" has no pool but is not the last wave/,
      ],
      [
        "an absolute cap that cannot be checked without the pool size",
        [three[0], { ...three[2], maxUnavailable: 5 }],
        /^waves\[1\]\.maxUnavailable: 5 cannot be compared with the cap of 10% without the pool's size\. State the wave's expected node count/,
      ],
      [
        "minReadySeconds below 10",
        [{ ...three[0], minReadySeconds: 5 }, three[2]],
        /^waves\[0\]\.minReadySeconds: 5 is below 10 seconds/,
      ],
    ];
    test.each(cases)("%s", (_name, input, message) => {
      const act = () => planWaves(input);
      expect(act).toThrow(ValidationError);
      expect(act).toThrow(message);
    });
  });

  test("the cap is configurable", () => {
    expect(() =>
      planWaves([three[0], { ...three[2], maxUnavailable: "25%" }], { maxUnavailableCap: "25%" }),
    ).not.toThrow();
  });

  test("property: with a catch-all last wave, wave selectors are disjoint and exhaustive", () => {
    const arbPool = fc.oneof(
      fc
        .uniqueArray(fc.constantFrom("a", "b", "c", "d", "e"), { minLength: 1, maxLength: 2 })
        .map((v) => NodePool.labeled("pool", ...v)),
      fc.constantFrom("x", "y").map((v) => NodePool.labeled("zone", v)),
      fc.constant(NodePool.matching({ key: "tier", operator: "Exists" })),
    );
    fc.assert(
      fc.property(fc.array(arbPool, { minLength: 1, maxLength: 4 }), (pools) => {
        const inputs: WaveInput[] = [
          ...pools.map((pool, i) => ({ name: `w${i}`, pool, version: "v1" })),
          { name: "production", version: "v1" },
        ];
        let waves;
        try {
          waves = planWaves(inputs);
        } catch (e) {
          // Only an overlap among the explicit pools may be refused.
          expect(String(e)).toMatch(/overlap/);
          expect(checkPoolCoverage(pools.map((p) => p.selector)).overlaps.length).toBeGreaterThan(0);
          return;
        }
        const coverage = checkPoolCoverage(waves.map((w) => w.selector));
        expect(coverage.overlaps).toEqual([]);
        expect(coverage.gap).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });
});
