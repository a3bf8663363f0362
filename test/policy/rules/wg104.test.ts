import { WG104 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, daemonSets, findingsOf, fixtureJson, outcomesOf } from "../helpers";

describe("WG104 readiness gating", () => {
  test("GIVEN a readiness probe and min_ready_seconds 30 THEN pass", () => {
    expect(Object.values(outcomesOf(checkFixture("staged-good.tf.json"), WG104))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test("GIVEN no readiness probe THEN it fails naming the container", () => {
    const [f] = findingsOf(checkFixture("wg104-fail-no-readiness.tf.json"), WG104);
    expect(f.outcome).toBe("fail");
    expect(f.message).toMatch(/container "agent" has no readiness probe/);
  });

  test("GIVEN min_ready_seconds below the minimum (or unset) THEN it fails; a lower minimum option passes it", () => {
    const json = fixtureJson("staged-good.tf.json");
    daemonSets(json)[0].spec.min_ready_seconds = 5;
    delete daemonSets(json)[1].spec.min_ready_seconds;
    const outcomes = findingsOf(checkJson(json), WG104).map((f) => f.message ?? "pass");
    expect(outcomes).toEqual([
      "min_ready_seconds is 5, below the minimum of 10",
      "min_ready_seconds is not set (0), below the minimum of 10",
      "pass",
    ]);
    expect(Object.values(outcomesOf(checkJson(json, { minReadySeconds: 0 }), WG104))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test("GIVEN a sidecar first and the agent (matching the contract version) second THEN the agent is judged", () => {
    const json = fixtureJson("staged-good.tf.json");
    const canary = daemonSets(json)[0];
    const agent = canary.spec.template.spec.container[0];
    canary.spec.template.spec.container = [
      { name: "log-shipper", image: "registry.example/shipper:1.0" },
      agent,
    ];
    expect(outcomesOf(checkJson(json), WG104)["node-agent-canary"]).toBe("pass");
  });
});
