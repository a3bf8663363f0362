import { WG108 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, daemonSets, findingsOf, fixtureJson, outcomesOf } from "../helpers";

describe("WG108 revision history", () => {
  test("GIVEN revision_history_limit 10 (or unset) THEN pass", () => {
    const json = fixtureJson("staged-good.tf.json");
    delete daemonSets(json)[0].spec.revision_history_limit;
    expect(Object.values(outcomesOf(checkJson(json), WG108))).toEqual(["pass", "pass", "pass"]);
  });

  test("GIVEN revision_history_limit 1 THEN that wave fails", () => {
    const findings = findingsOf(checkFixture("wg108-fail-no-history.tf.json"), WG108);
    expect(findings.map((f) => f.outcome)).toEqual(["pass", "fail", "pass"]);
    expect(findings[1].message).toBe("revision_history_limit is 1: the wave cannot be rolled back");
  });
});
