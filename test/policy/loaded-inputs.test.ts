import * as path from "node:path";
import { loadInputs } from "../../lib/inputs/load";
import { runPolicy } from "../../lib/policy/engine";
import { failingRules, findingsOf } from "./helpers";

const inputs = (name: string) => path.join(__dirname, "../inputs/fixtures", name);

describe("policy over loaded inputs", () => {
  test("GIVEN a hand-written legacy kubernetes_daemonset (blocks as arrays) THEN the rules read it", async () => {
    const report = runPolicy(await loadInputs([inputs("hand-written.tf.json")]));
    const legacy = report.findings.filter((f) => f.name === "legacy-agent" && f.outcome === "fail");
    expect(legacy.map((f) => f.ruleId)).toEqual(["WG101", "WG104", "WG109", "WG201", "WG203", "WG205"]);
    expect(legacy.find((f) => f.ruleId === "WG205")?.message).toMatch(/hostNetwork is true/);
  });

  test("GIVEN values unknown until apply THEN the rules needing them are not applicable, never pass or fail", async () => {
    const report = runPolicy(await loadInputs([inputs("unknowns.tf.json")]));
    for (const id of ["WG102", "WG109"]) {
      expect(findingsOf(report, id)[0]).toMatchObject({
        outcome: "not-applicable",
        message: expect.stringMatching(/^value unknown: spec\./),
      });
    }
    expect(failingRules(report)).toContain("WG101");
  });

  test("GIVEN waves of one agent in two cdktf stacks and clusters THEN they are one agent", async () => {
    const report = runPolicy(await loadInputs([inputs("cdktf-out")]), { minWaves: 2 });
    expect(findingsOf(report, "WG101").map((f) => f.outcome)).toEqual(["pass", "pass"]);
    expect(findingsOf(report, "WG105").map((f) => f.outcome)).toEqual(["pass", "pass"]);
    expect(findingsOf(report, "WG106").map((f) => f.outcome)).toEqual(["pass", "pass"]);
    expect(report.input).toMatchObject({ stacks: ["dev", "prod"], daemonSets: 2, otherResources: 1 });
  });
});
