import { WG107 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, daemonSets, findingsOf, fixtureJson, outcomesOf } from "../helpers";

describe("WG107 enough waves and a small first wave", () => {
  test("GIVEN three waves and a canary of 10 of 2210 nodes THEN pass", () => {
    expect(Object.values(outcomesOf(checkFixture("staged-good.tf.json"), WG107))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test("GIVEN two waves THEN every wave fails; minWaves 2 passes them", () => {
    const findings = findingsOf(checkFixture("wg107-fail-two-waves.tf.json"), WG107);
    expect(findings.map((f) => f.outcome)).toEqual(["fail", "fail"]);
    expect(findings[0].message).toMatch(/has 2 wave\(s\) \(canary, production\); at least 3 are required/);
    expect(
      Object.values(outcomesOf(checkFixture("wg107-fail-two-waves.tf.json", { minWaves: 2 }), WG107)),
    ).toEqual(["pass", "pass"]);
  });

  test("GIVEN a canary of 500 of 2700 nodes THEN the first wave fails", () => {
    const findings = findingsOf(checkFixture("wg107-fail-large-canary.tf.json"), WG107);
    expect(findings.map((f) => f.outcome)).toEqual(["fail", "pass", "pass"]);
    expect(findings[0].message).toBe(
      'first wave "canary" has 500 of 2700 nodes; at most 27 (1%, min 1 node) are allowed',
    );
  });

  test("GIVEN a tiny fleet THEN one node is always allowed", () => {
    const json = fixtureJson("staged-good.tf.json");
    ["1", "5", "20"].forEach((n, i) => (daemonSets(json)[i].metadata.annotations["wavegate.dev/nodes"] = n));
    expect(outcomesOf(checkJson(json), WG107)["node-agent-canary"]).toBe("pass");
  });

  test("GIVEN unknown node counts THEN the size is not checked and says so", () => {
    const json = fixtureJson("wg107-fail-large-canary.tf.json");
    delete daemonSets(json)[2].metadata.annotations["wavegate.dev/nodes"];
    const [canary] = findingsOf(checkJson(json), WG107);
    expect(canary.outcome).toBe("pass");
    expect(canary.message).toMatch(/not checked/);
  });
});
