import fc from "fast-check";
import { requirement } from "../../lib/model";
import {
  comparePoolImages,
  conservativeNodes,
  imageOrderProblem,
  labelKeyProblem,
  labelValueProblem,
  matchPool,
  NodeTaint,
  parsePoolImage,
  toleratesTaint,
} from "../../lib/model/node-pools";

describe("toleratesTaint follows k8s.io/api/core/v1 ToleratesTaint", () => {
  const taint: NodeTaint = { key: "wavegate.dev/pool", value: "canary", effect: "NoSchedule" };
  test.each([
    [{ operator: "Exists" as const }, true],
    [{ key: "wavegate.dev/pool", operator: "Exists" as const }, true],
    [{ key: "wavegate.dev/pool", value: "canary" }, true],
    [
      {
        key: "wavegate.dev/pool",
        operator: "Equal" as const,
        value: "canary",
        effect: "NoSchedule" as const,
      },
      true,
    ],
    [{ key: "wavegate.dev/pool", operator: "Equal" as const, value: "staging" }, false],
    [{ key: "wavegate.dev/pool", operator: "Exists" as const, effect: "NoExecute" as const }, false],
    [{ key: "other", operator: "Exists" as const }, false],
    [{ key: "wavegate.dev/pool" }, false],
  ])("%j tolerates wavegate.dev/pool=canary:NoSchedule: %s", (toleration, expected) => {
    expect(toleratesTaint(toleration, taint)).toBe(expected);
  });
});

describe("pinned pool images", () => {
  test.each([
    ["1.30.0-20240703", "1.30.0-20240807", -1],
    ["1.31.0-20240101", "1.30.0-20240807", 1],
    ["al2023@v20240807", "al2023@v20240807", 0],
    ["1.30.3-gke.1225000", "1.30.3-gke.1000", 1],
    ["al2023@v20240807", "bottlerocket@v1.20.0", undefined],
    ["al2023@latest", "al2023@v20240807", undefined],
  ])("compare(%s, %s)", (a, b, sign) => {
    const c = comparePoolImages(a, b);
    expect(c === undefined ? undefined : Math.sign(c)).toBe(sign);
  });

  test("a floating alias has no order; a later wave newer than an earlier one is reported", () => {
    expect(parsePoolImage("al2023@latest")).toBeUndefined();
    expect(
      imageOrderProblem([
        { wave: "canary", image: "1.30.0-20240807" },
        { wave: "staging", image: "1.30.0-20240703" },
        { wave: "production", image: "1.30.0-20240901" },
      ]),
    ).toMatchObject({ index: 2, earlier: { wave: "canary" } });
    expect(
      imageOrderProblem([{ wave: "a", image: "1.0" }, { wave: "b" }, { wave: "c", image: "0.9" }]),
    ).toBeUndefined();
  });
});

describe("Kubernetes label syntax", () => {
  test.each([
    ["wavegate.dev/pool", true],
    ["pool", true],
    ["a/b/c", false],
    ["Upper.Case/pool", false],
    ["-pool", false],
    ["x".repeat(64), false],
  ])("key %s valid: %s", (key, ok) => expect(labelKeyProblem(key) === undefined).toBe(ok));
  test.each([
    ["", true],
    ["canary", true],
    ["a_b.c-d", true],
    ["-x", false],
    ["x".repeat(64), false],
  ])("value %j valid: %s", (value, ok) => expect(labelValueProblem(value) === undefined).toBe(ok));
});

describe("matchPool", () => {
  const owned = new Set(["wavegate.dev/pool", "eks.amazonaws.com/nodegroup"]);
  const pool = { known: { "wavegate.dev/pool": "canary", "eks.amazonaws.com/nodegroup": "canary" } };
  const req = requirement;
  test("requirements on owned keys decide; other keys only narrow; unknown values make it maybe", () => {
    expect(matchPool([[req("wavegate.dev/pool", "In", ["canary"])]], pool, owned)).toBe("yes");
    expect(matchPool([[req("wavegate.dev/pool", "In", ["staging"])]], pool, owned)).toBe("no");
    expect(
      matchPool(
        [[req("wavegate.dev/pool", "NotIn", ["staging"]), req("kubernetes.io/os", "In", ["linux"])]],
        pool,
        owned,
      ),
    ).toBe("yes");
    expect(matchPool([[req("kubernetes.io/os", "In", ["linux"])]], pool, owned)).toBe("maybe");
    expect(matchPool([[req("wavegate.dev/pool", "DoesNotExist", [])]], { known: {} }, owned)).toBe("yes");
    expect(
      matchPool(
        [[req("wavegate.dev/pool", "In", ["canary"])]],
        { known: {}, unknownValues: ["wavegate.dev/pool"] },
        owned,
      ),
    ).toBe("maybe");
    expect(matchPool(undefined, pool, owned)).toBe("yes");
    const unknownMap = { known: { "eks.amazonaws.com/nodegroup": "canary" }, unknownValues: ["*"] };
    expect(matchPool([[req("wavegate.dev/pool", "In", ["canary"])]], unknownMap, owned)).toBe("maybe");
    expect(matchPool([[req("eks.amazonaws.com/nodegroup", "In", ["staging"])]], unknownMap, owned)).toBe(
      "no",
    );
  });

  test("property: a selector and its wave pool label agree exactly (In value v selects pool labelled v only)", () => {
    fc.assert(
      fc.property(fc.constantFrom("a", "b", "c"), fc.constantFrom("a", "b", "c"), (wave, label) => {
        const m = matchPool(
          [[req("wavegate.dev/pool", "In", [wave])]],
          { known: { "wavegate.dev/pool": label } },
          owned,
        );
        return m === (wave === label ? "yes" : "no");
      }),
      { seed: 11, numRuns: 50 },
    );
  });
});

test("conservativeNodes: the canary at its maximum, later waves at their minimum", () => {
  expect(
    conservativeNodes([
      { min: 1, max: 3 },
      { min: 10, max: 30 },
      { min: 100, max: 300 },
    ]),
  ).toEqual([3, 10, 100]);
});
