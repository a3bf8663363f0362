import { WG103 } from "../../../lib/policy/rules";
import { checkFixture, findingsOf, outcomesOf } from "../helpers";

describe("WG103 no OnDelete", () => {
  test("GIVEN RollingUpdate waves THEN pass", () => {
    expect(Object.values(outcomesOf(checkFixture("staged-good.tf.json"), WG103))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test("GIVEN strategy OnDelete THEN a warning failure, and WG102 does not apply", () => {
    const report = checkFixture("wg103-fail-on-delete.tf.json");
    const [f] = findingsOf(report, WG103);
    expect(f).toMatchObject({ outcome: "fail", severity: "warning" });
    expect(f.message).toMatch(/OnDelete/);
    expect(findingsOf(report, "WG102")[0].outcome).toBe("not-applicable");
  });
});
