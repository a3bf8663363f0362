import * as path from "node:path";
import { loadInputs } from "../../../lib/inputs/load";
import { runPolicy } from "../../../lib/policy/engine";
import { WG101 } from "../../../lib/policy/rules";
import {
  checkFixture,
  checkJson,
  daemonSets,
  findingsOf,
  FIXTURES,
  fixtureJson,
  outcomesOf,
  Tf,
} from "../helpers";

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

describe("WG101 when the contract is unknown until plan (issue 12)", () => {
  test("GIVEN labels and annotations from merge(local.base, {...}) THEN not applicable, not a failure", async () => {
    const load = await loadInputs([path.join(FIXTURES, "wg101-merged-labels.tf")]);
    const [f] = findingsOf(runPolicy(load), WG101);
    expect(f.outcome).toBe("not-applicable");
    expect(f.message).toMatch(/^value unknown: metadata\.labels is \$\{merge\(local\.base/);
  });

  test("GIVEN known labels without the contract but unknown annotations THEN not applicable", () => {
    const json = fixtureJson("wg101-fail-guardrail.tf.json");
    const ds = Object.values(json.resource.kubernetes_daemon_set_v1)[0] as Tf;
    ds.metadata.annotations = "${var.annotations}";
    const [f] = findingsOf(checkJson(json), WG101);
    expect(f.outcome).toBe("not-applicable");
    expect(f.message).toMatch(/metadata\.annotations is \$\{var\.annotations\}/);
  });

  test("GIVEN a label whose key is unknown THEN not applicable", () => {
    const json = fixtureJson("wg101-fail-guardrail.tf.json");
    const ds = Object.values(json.resource.kubernetes_daemon_set_v1)[0] as Tf;
    ds.metadata.labels = { "${local.wave_key}": "canary" };
    expect(findingsOf(checkJson(json), WG101)[0].outcome).toBe("not-applicable");
  });
});
