import { evaluateGate } from "../../../lib/policy/gate";
import { JsonReport, renderJson, toJsonReport } from "../../../lib/policy/reporters/json";
import { F, fullReport, makeReport, RULES } from "./fixture";

describe("renderJson", () => {
  const report = fullReport();
  const json = JSON.parse(renderJson(report, { gate: evaluateGate(report) })) as JsonReport;

  test("has the schema version and tool", () => {
    expect(json.schemaVersion).toBe(1);
    expect(json.tool.name).toBe("wavegate");
    expect(json.tool.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  test("summary counts what was read and every outcome", () => {
    expect(json.summary).toEqual({
      files: 2,
      stacks: 1,
      daemonSets: 2,
      otherResources: 2,
      pass: 1,
      fail: 2,
      failBySeverity: { error: 1, warning: 1, info: 0 },
      notApplicable: 0,
      error: 0,
      suppressed: 1,
      suppressionProblems: 2,
    });
  });

  test("gate verdict", () => {
    expect(json.gate).toEqual({
      passed: false,
      failOn: "error",
      reasons: ["1 failure at severity error", "1 expired suppression"],
    });
    expect(toJsonReport(report).gate).toBeUndefined();
  });

  test("input and rules", () => {
    expect(json.input).toEqual({
      files: ["cdktf.out/stacks/app/cdk.tf.json", "legacy & old.tf.json"],
      stacks: ["app"],
      warnings: ["1 value unknown until apply"],
    });
    expect(json.rules).toEqual(
      RULES.map(({ id, severity, title, why, fix }) => ({ id, severity, title, why, fix })),
    );
  });

  test("findings: failures and errors only by default, field by field", () => {
    expect(json.findings.map((f) => [f.ruleId, f.outcome])).toEqual([
      ["WG109", "fail"],
      ["WG101", "fail"],
      ["WG109", "fail"],
    ]);
    expect(json.findings[0]).toEqual({
      ruleId: "WG109",
      severity: "warning",
      outcome: "fail",
      message: 'image "agent:v1" has no digest',
      resource: {
        address: "kubernetes_daemon_set_v1.agent_canary_1A2B",
        file: "cdktf.out/stacks/app/cdk.tf.json",
        format: "cdktf-out",
        stack: "app",
        constructPath: "app/agent/canary",
        name: "agent-canary",
        namespace: "kube-system",
        agent: "agent",
        wave: "canary",
      },
      suppressed: {
        resource: "app/agent/canary",
        reason: "canary tracks the moving tag on purpose",
        expires: "2099-01-01",
      },
    });
    expect(json.findings[1].resource.line).toBe(7);
    expect(json.findings[1].suppressed).toBeUndefined();
  });

  test("verbose adds passes and not-applicable results", () => {
    const r = toJsonReport(makeReport([F.canaryPass, F.legacyNa, F.legacyError]), { verbose: true });
    expect(r.findings.map((f) => f.outcome)).toEqual(["pass", "not-applicable", "error"]);
    expect(
      toJsonReport(makeReport([F.canaryPass, F.legacyNa, F.legacyError])).findings.map((f) => f.outcome),
    ).toEqual(["error"]);
  });

  test("suppression problems are flattened", () => {
    expect(json.suppressionProblems[1]).toEqual({
      problem: "expired",
      detail: "WG109 on * expired on 2020-01-01; fix the finding or renew the suppression",
      ruleId: "WG109",
      resource: "*",
      reason: "legacy images until Q3",
      expires: "2020-01-01",
    });
  });
});
