import fc from "fast-check";
import { IntOrPercent, resolveBudget, validateSurgeAndUnavailable, ValidationError } from "../../lib/model";

describe("IntOrPercent", () => {
  test.each([
    ["10%", 25, 3],
    ["10%", 15, 2],
    ["1%", 50, 1],
    ["10%", 10, 1],
    ["10%", 0, 0],
    ["33%", 10, 4],
    ["100%", 7, 7],
    [3, 100, 3],
    ["3", 100, 3],
  ])(
    "%p of %p nodes resolves to %p (percent rounds up, as the DaemonSet controller does)",
    (value, total, expected) => {
      expect(IntOrPercent.parse(value, "maxUnavailable").resolve(total)).toBe(expected);
    },
  );

  test.each([["110%"], ["-1"], [-1], ["ten"], [1.5], ["1.5%"], [""], ["10 %x"]])(
    "rejects %p naming the field and the fix",
    (value) => {
      const act = () => IntOrPercent.parse(value as string | number, "waves[1].maxUnavailable");
      expect(act).toThrow(ValidationError);
      expect(act).toThrow(/^waves\[1\]\.maxUnavailable: .*(Use|percent)/);
    },
  );

  test("keeps the Kubernetes string form", () => {
    expect(IntOrPercent.parse("10%", "f").toString()).toBe("10%");
    expect(IntOrPercent.parse(" 7 ", "f").toString()).toBe("7");
  });

  test("isWithin compares like with like and needs a node count to compare a number with a percent", () => {
    const cap = IntOrPercent.parse("10%", "cap");
    expect(IntOrPercent.parse("5%", "v").isWithin(cap)).toBe(true);
    expect(IntOrPercent.parse("11%", "v").isWithin(cap)).toBe(false);
    expect(IntOrPercent.parse(3, "v").isWithin(cap)).toBeUndefined();
    expect(IntOrPercent.parse(3, "v").isWithin(cap, 30)).toBe(true);
    expect(IntOrPercent.parse(4, "v").isWithin(cap, 30)).toBe(false);
  });

  test("property: a percent resolves to the smallest whole number of nodes at least pct% of total", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100_000 }), (pct, total) => {
        const n = IntOrPercent.parse(`${pct}%`, "v").resolve(total);
        expect(n * 100).toBeGreaterThanOrEqual(pct * total);
        expect((n - 1) * 100).toBeLessThan(pct * total);
        expect(n).toBeLessThanOrEqual(total);
      }),
    );
  });
});

describe("maxSurge / maxUnavailable pair", () => {
  const p = (v: string | number) => IntOrPercent.parse(v, "v");

  test("exactly one must be non-zero", () => {
    expect(() => validateSurgeAndUnavailable(p(0), p(0), "waves[0]")).toThrow(
      /both 0.*maxUnavailable to a small number/,
    );
    expect(() => validateSurgeAndUnavailable(p(1), p("10%"), "waves[0]")).toThrow(
      /^waves\[0\]\.maxSurge: .*both non-zero/,
    );
    expect(() => validateSurgeAndUnavailable(p(1), p(0), "w")).not.toThrow();
    expect(() => validateSurgeAndUnavailable(p(0), p(1), "w")).not.toThrow();
  });

  test("resolves both against desired nodes; both zero at runtime falls back to maxUnavailable 1", () => {
    expect(resolveBudget(p("10%"), p(0), 25)).toEqual({ maxUnavailable: 3, maxSurge: 0 });
    expect(resolveBudget(p(0), p("10%"), 15)).toEqual({ maxUnavailable: 0, maxSurge: 2 });
    expect(resolveBudget(p("10%"), p(0), 0)).toEqual({ maxUnavailable: 1, maxSurge: 0 });
  });
});

describe("isWithin without a node count", () => {
  test("0 or 1 node is within any non-zero percent cap (ceil never resolves it below 1)", () => {
    const cap = IntOrPercent.parse("10%", "cap");
    expect(IntOrPercent.parse(1, "v").isWithin(cap)).toBe(true);
    expect(IntOrPercent.parse(2, "v").isWithin(cap)).toBeUndefined();
    expect(IntOrPercent.parse(1, "v").isWithin(IntOrPercent.parse("0%", "cap"))).toBeUndefined();
  });

  test("property: when it answers, the answer holds for every pool size", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 1, max: 5000 }),
        (n, pct, total) => {
          const verdict = IntOrPercent.parse(n, "v").isWithin(IntOrPercent.parse(`${pct}%`, "cap"));
          if (verdict === true) expect(n).toBeLessThanOrEqual(Math.ceil((pct * total) / 100));
        },
      ),
    );
  });
});
