import { WG101 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, daemonSets, findingsOf, fixtureJson, outcomesOf } from "../helpers";

describe("WG101 staged rollout", () => {
  test("GIVEN the staged three-wave agent THEN every wave passes", () => {
    expect(outcomesOf(checkFixture("staged-good.tf.json"), WG101)).toEqual({
      "node-agent-canary": "pass",
      "node-agent-staging": "pass",
      "node-agent": "pass",
    });
  });

  test('GIVEN the classic "guardrail" (one DaemonSet, max_unavailable 10%) THEN it fails', () => {
    const [f] = findingsOf(checkFixture("wg101-fail-guardrail.tf.json"), WG101);
    expect(f.outcome).toBe("fail");
    expect(f.severity).toBe("error");
    expect(f.message).toMatch(/not part of a staged rollout/);
  });

  test("GIVEN only the production wave of a contract agent THEN it fails and names the missing waves", () => {
    const json = fixtureJson("staged-good.tf.json");
    const names = Object.keys(json.resource.kubernetes_daemon_set_v1);
    for (const n of names.slice(0, 2)) delete json.resource.kubernetes_daemon_set_v1[n];
    const [f] = findingsOf(checkJson(json), WG101);
    expect(f.outcome).toBe("fail");
    expect(f.message).toMatch(/single wave \(production\).*lists canary, staging, production/);
  });

  test("GIVEN waves of one agent in two files THEN they are grouped and pass", () => {
    const json = fixtureJson("staged-good.tf.json");
    const [canary] = daemonSets(json);
    const other = { resource: { kubernetes_daemon_set_v1: { canary } } };
    delete json.resource.kubernetes_daemon_set_v1["node-agent_canary"];
    const { runPolicy } = jest.requireActual("../../../lib/policy/engine");
    const { loadJson } = jest.requireActual("../helpers");
    const a = loadJson(json, "a.tf.json");
    const b = loadJson(other, "b.tf.json");
    const report = runPolicy({ ...a, daemonSets: [...b.daemonSets, ...a.daemonSets], files: ["a", "b"] });
    expect(findingsOf(report, WG101).map((f) => f.outcome)).toEqual(["pass", "pass", "pass"]);
  });
});
