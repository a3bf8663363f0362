import { ValidationError } from "../../lib/model/errors";
import { runPolicy, runRules } from "../../lib/policy/engine";
import { ALL_RULES, pass } from "../../lib/policy/rules";
import { Rule } from "../../lib/policy/types";
import { checkFixture, fixtureJson, loadJson } from "./helpers";

const rule = (id: string, check: Rule["check"]): Rule => ({
  id,
  severity: "error",
  title: "test rule",
  why: "testing the engine",
  fix: "nothing to fix",
  check,
});

describe("policy engine", () => {
  const load = loadJson(fixtureJson("staged-good.tf.json"));

  test("GIVEN the staged fixture THEN one finding per rule x DaemonSet and what was read", () => {
    const report = runPolicy(load);
    expect(report.findings).toHaveLength(ALL_RULES.length * 3);
    expect(report.rules).toEqual(ALL_RULES);
    expect(report.input).toEqual({
      files: ["test.tf.json"],
      stacks: [],
      otherResources: 3, // the provider and the two wave gates
      warnings: [],
      daemonSets: 3,
    });
    expect(report.findings.filter((f) => f.outcome === "fail")).toEqual([]);
  });

  test("findings carry the resource's name, namespace, agent, wave and source", () => {
    const [f] = runPolicy(load).findings;
    expect(f).toMatchObject({
      ruleId: "WG101",
      name: "node-agent-canary",
      namespace: "kube-system",
      agent: "node-agent",
      wave: "canary",
      source: {
        file: "test.tf.json",
        format: "tf-json",
        address: "kubernetes_daemon_set_v1.node-agent_canary",
      },
    });
  });

  test("GIVEN a rule that throws THEN every resource gets outcome error (never a pass) and other rules still run", () => {
    const boom = rule("T1", () => {
      throw new Error("cannot read property x");
    });
    const fine = rule("T2", (ctx) => ctx.all.map((ds) => pass(ds)));
    const report = runRules([boom, fine], load);
    const t1 = report.findings.filter((f) => f.ruleId === "T1");
    expect(t1.map((f) => f.outcome)).toEqual(["error", "error", "error"]);
    expect(t1[0]).toMatchObject({
      severity: "error",
      message: "rule T1 failed to run: cannot read property x",
    });
    expect(report.findings.filter((f) => f.ruleId === "T2").map((f) => f.outcome)).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test("GIVEN a rule that judges only some resources THEN the others are not applicable", () => {
    const some = rule("T3", (ctx) => [pass(ctx.all[0])]);
    expect(runRules([some], load).findings.map((f) => f.outcome)).toEqual([
      "pass",
      "not-applicable",
      "not-applicable",
    ]);
  });

  test("GIVEN severity overrides and disabled rules THEN they apply", () => {
    const report = checkFixture("wg101-fail-guardrail.tf.json", {
      severities: { WG101: "warning" },
      disabledRules: ["WG203", "WG205"],
    });
    expect(report.findings.find((f) => f.ruleId === "WG101")?.severity).toBe("warning");
    expect(report.rules.map((r) => r.id)).not.toContain("WG203");
    expect(report.findings.some((f) => f.ruleId === "WG205")).toBe(false);
  });

  test.each([
    [{ disabledRules: ["WG999"] }, /disabledRules\[0\]: there is no rule "WG999"/],
    [{ severities: { WG101: "fatal" as never } }, /severities.WG101: "fatal" is not a severity/],
    [{ maxUnavailableCap: "lots" }, /maxUnavailableCap/],
    [{ minWaves: 0 }, /minWaves: 0 is not a whole number of at least 1/],
    [{ minReadySeconds: -1 }, /minReadySeconds/],
    [{ maxFirstWavePercent: 0 }, /maxFirstWavePercent/],
  ])("GIVEN invalid options %j THEN a ValidationError names the field", (options, message) => {
    expect(() => runPolicy(load, options)).toThrow(ValidationError);
    expect(() => runPolicy(load, options)).toThrow(message);
  });

  test("GIVEN a suppression for a rule that did not run THEN it is unused and says why", () => {
    const reason = "an old rule we used to suppress";
    const report = runPolicy(load, { disabledRules: ["WG109"] }, [
      { ruleId: "WG999", resource: "*", reason },
      { ruleId: "WG109", resource: "*", reason },
    ]);
    expect(report.suppressionProblems.map((p) => [p.problem, p.detail])).toEqual([
      ["unused", "WG999 is not a rule that ran (unknown or disabled); remove the suppression"],
      ["unused", "WG109 is not a rule that ran (unknown or disabled); remove the suppression"],
    ]);
  });

  test("GIVEN nothing loaded THEN no findings, and the report says nothing was read", () => {
    const report = runPolicy({ daemonSets: [], files: [], stacks: [], otherResources: 0, warnings: [] });
    expect(report.findings).toEqual([]);
    expect(report.input.daemonSets).toBe(0);
  });
});
