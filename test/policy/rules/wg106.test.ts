import { WG106 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, daemonSets, findingsOf, fixtureJson, outcomesOf } from "../helpers";

describe("WG106 wave pools partition each cluster", () => {
  test("GIVEN disjoint pools with a catch-all THEN pass", () => {
    expect(Object.values(outcomesOf(checkFixture("staged-good.tf.json"), WG106))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test("GIVEN waves that are whole clusters (one provider each, no pools) THEN pass", () => {
    expect(Object.values(outcomesOf(checkFixture("wg106-pass-cluster-waves.tf.json"), WG106))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test("GIVEN overlapping pools THEN both overlapping waves fail with a witness node", () => {
    const findings = findingsOf(checkFixture("wg106-fail-overlapping-pools.tf.json"), WG106);
    expect(findings.map((f) => f.outcome)).toEqual(["fail", "fail", "pass"]);
    expect(findings[0].message).toMatch(/overlaps wave "staging".*nodegroup=dev-agents.*two copies/);
  });

  test("GIVEN pools that leave nodes uncovered THEN the last wave fails", () => {
    const findings = findingsOf(checkFixture("wg106-fail-gap.tf.json"), WG106);
    expect(findings.map((f) => f.outcome)).toEqual(["pass", "pass", "fail"]);
    expect(findings[2].message).toMatch(/leave nodes without the agent/);
  });

  test("GIVEN every wave shares nodeSelector kubernetes.io/os=linux THEN that is not a gap", () => {
    const json = fixtureJson("staged-good.tf.json");
    daemonSets(json).forEach((d) => (d.spec.template.spec.node_selector = { "kubernetes.io/os": "linux" }));
    expect(Object.values(outcomesOf(checkJson(json), WG106))).toEqual(["pass", "pass", "pass"]);
  });

  test("GIVEN the same pools in two different clusters THEN they do not overlap", () => {
    const json = fixtureJson("wg106-fail-overlapping-pools.tf.json");
    daemonSets(json)[0].provider = "kubernetes.dev";
    delete daemonSets(json)[0].spec.template.spec.affinity;
    expect(Object.values(outcomesOf(checkJson(json), WG106))).toEqual(["pass", "pass", "pass"]);
  });

  test("GIVEN a pool value unknown until apply THEN the cluster's waves are not applicable", () => {
    const json = fixtureJson("staged-good.tf.json");
    const term =
      daemonSets(json)[0].spec.template.spec.affinity.node_affinity
        .required_during_scheduling_ignored_during_execution.node_selector_term[0];
    term.match_expressions[0].values = "${var.canary_pools}";
    expect(findingsOf(checkJson(json), WG106).map((f) => f.outcome)).toEqual([
      "not-applicable",
      "not-applicable",
      "not-applicable",
    ]);
  });

  test("GIVEN an operator that is not modelled (Gt) THEN not applicable, naming it", () => {
    const json = fixtureJson("staged-good.tf.json");
    const term =
      daemonSets(json)[0].spec.template.spec.affinity.node_affinity
        .required_during_scheduling_ignored_during_execution.node_selector_term[0];
    term.match_expressions[0] = { key: "cpu", operator: "Gt", values: ["4"] };
    expect(findingsOf(checkJson(json), WG106)[0].message).toMatch(/operator "Gt" on "cpu" is not modelled/);
  });
});
