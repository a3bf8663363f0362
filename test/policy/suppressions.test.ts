import { applySuppressions, suppressionMatches, suppressionProblem } from "../../lib/policy/suppressions";
import { Finding, Suppression } from "../../lib/policy/types";
import { checkFixture, checkJson, fixtureJson } from "./helpers";

const NOW = new Date("2026-06-15T12:00:00Z");
const reason = "accepted until the canary pool exists";
const guardrail = () => fixtureJson("wg101-fail-guardrail.tf.json");

const finding: Finding = {
  ruleId: "WG101",
  severity: "error",
  outcome: "fail",
  source: {
    file: "a.tf.json",
    format: "cdktf-out",
    address: "kubernetes_daemon_set_v1.agent_1A2B",
    constructPath: "stack/agent/production",
  },
  name: "agent",
  namespace: "kube-system",
};

describe("suppressions", () => {
  test.each([
    ["kubernetes_daemon_set_v1.agent_1A2B", true],
    ["stack/agent/production", true],
    ["stack/agent", true],
    ["stack/age", false],
    ["DaemonSet/kube-system/agent", true],
    ["DaemonSet/default/agent", false],
    ["*", true],
    ["kubernetes_daemon_set_v1.other", false],
  ])("resource %s matches: %s", (resource, expected) => {
    expect(suppressionMatches({ ruleId: "WG101", resource, reason }, finding)).toBe(expected);
  });

  test("the rule ID must match (case-insensitively)", () => {
    expect(suppressionMatches({ ruleId: "wg101", resource: "*", reason }, finding)).toBe(true);
    expect(suppressionMatches({ ruleId: "WG102", resource: "*", reason }, finding)).toBe(false);
  });

  test("GIVEN a matching suppression THEN the failure keeps outcome fail and is marked suppressed", () => {
    const s: Suppression = { ruleId: "WG101", resource: "kubernetes_daemon_set_v1.node_agent", reason };
    const report = checkJson(guardrail(), {}, [s], NOW);
    const f = report.findings.find((x) => x.ruleId === "WG101");
    expect(f).toMatchObject({ outcome: "fail", suppressed: s });
    expect(report.suppressionProblems).toEqual([]);
  });

  test("GIVEN a reason under 10 characters THEN invalid and not applied", () => {
    const s = { ruleId: "WG101", resource: "*", reason: "legacy" };
    const report = checkJson(guardrail(), {}, [s], NOW);
    expect(report.findings.find((x) => x.ruleId === "WG101")?.suppressed).toBeUndefined();
    expect(report.suppressionProblems).toEqual([
      expect.objectContaining({
        suppression: s,
        problem: "invalid",
        detail: expect.stringMatching(/shorter than 10/),
      }),
    ]);
  });

  test("GIVEN an expired suppression THEN expired and not applied; a date lasts to the end of its day", () => {
    const expired = { ruleId: "WG101", resource: "*", reason, expires: "2026-06-14" };
    const report = checkJson(guardrail(), {}, [expired], NOW);
    expect(report.findings.find((x) => x.ruleId === "WG101")?.suppressed).toBeUndefined();
    expect(report.suppressionProblems.map((p) => p.problem)).toEqual(["expired"]);
    expect(suppressionProblem({ ...expired, expires: "2026-06-15" }, NOW)).toBeUndefined();
    expect(suppressionProblem({ ...expired, expires: "2026-06-15T11:00:00Z" }, NOW)?.problem).toBe("expired");
  });

  test.each(["next year", "2026-02-31", "2026-13-01", "2026-00-15", "15.06.2026"])(
    "GIVEN expires %j THEN invalid",
    (expires) => {
      expect(suppressionProblem({ ruleId: "WG101", resource: "*", reason, expires }, NOW)?.problem).toBe(
        "invalid",
      );
    },
  );

  test("GIVEN no rule ID or resource THEN invalid", () => {
    expect(suppressionProblem({ ruleId: "", resource: "*", reason }, NOW)?.detail).toMatch(/no ruleId/);
    expect(suppressionProblem({ ruleId: "WG101", resource: " ", reason }, NOW)?.detail).toMatch(
      /no resource/,
    );
  });

  test("GIVEN a suppression that matches no failure THEN it is reported unused", () => {
    const s = { ruleId: "WG101", resource: "*", reason };
    const report = checkFixture("staged-good.tf.json");
    const applied = applySuppressions(report.findings, [s], NOW);
    expect(applied.problems).toEqual([expect.objectContaining({ suppression: s, problem: "unused" })]);
    expect(applied.findings.some((f) => f.suppressed)).toBe(false);
  });

  test("passes, not-applicable and errors are never suppressed", () => {
    for (const outcome of ["pass", "not-applicable", "error"] as const) {
      const { findings, problems } = applySuppressions(
        [{ ...finding, outcome }],
        [{ ruleId: "WG101", resource: "*", reason }],
        NOW,
      );
      expect(findings[0].suppressed).toBeUndefined();
      expect(problems[0].problem).toBe("unused");
    }
  });
});
