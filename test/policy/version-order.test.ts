import fc from "fast-check";
import { compareVersions } from "../../lib/policy/rules/version-order";

describe("compareVersions", () => {
  test.each([
    ["v2.5.0", "v2.4.0", 1],
    ["2.4.0", "v2.4.0", 0],
    ["v2.4", "v2.4.0", 0],
    ["v2.10.0", "v2.9.1", 1],
    ["1.2.0-rc.1", "1.2.0", -1],
    ["1.2.0-rc.2", "1.2.0-rc.10", -1],
    ["1.2.0-alpha", "1.2.0-beta", -1],
    [`v2.5.0@sha256:${"a".repeat(64)}`, "v2.4.0", 1],
  ])("%s vs %s => sign %d", (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b) as number)).toBe(sign);
  });

  test.each([
    [`sha256:${"a".repeat(64)}`, `sha256:${"b".repeat(64)}`],
    ["stable", "v1.0.0"],
  ])("%s vs %s cannot be ordered", (a, b) => expect(compareVersions(a, b)).toBeUndefined());

  test("property: antisymmetric and transitive over semantic versions", () => {
    const version = fc
      .tuple(
        fc.nat(20),
        fc.nat(20),
        fc.nat(20),
        fc.option(fc.constantFrom("rc.1", "rc.2", "alpha", "beta.3")),
      )
      .map(([a, b, c, pre]) => `v${a}.${b}.${c}${pre ? `-${pre}` : ""}`);
    fc.assert(
      fc.property(version, version, version, (a, b, c) => {
        const ab = compareVersions(a, b) as number;
        expect(Math.sign(ab)).toBe(-Math.sign(compareVersions(b, a) as number) || 0);
        if (ab <= 0 && (compareVersions(b, c) as number) <= 0) {
          expect(compareVersions(a, c) as number).toBeLessThanOrEqual(0);
        }
      }),
    );
  });
});
