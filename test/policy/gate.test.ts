import fc from "fast-check";
import { evaluateGate, failsAt } from "../../lib/policy/gate";
import { Finding, Severity } from "../../lib/policy/types";
import { F, fullReport, makeReport } from "./reporters/fixture";

describe("evaluateGate", () => {
  test("GIVEN only passes and suppressed failures THEN the gate passes", () => {
    const gate = evaluateGate(makeReport([F.canaryPass, F.canarySuppressed]));
    expect(gate.passed).toBe(true);
    expect(gate.reasons).toEqual([]);
    expect(gate.failures).toEqual([]);
  });

  test("GIVEN an unsuppressed error failure THEN the gate fails at error and at warning", () => {
    const report = makeReport([F.canaryPass, F.legacyFail]);
    expect(evaluateGate(report, "error")).toMatchObject({ passed: false, failures: [F.legacyFail] });
    expect(evaluateGate(report, "warning")).toMatchObject({ passed: false, failures: [F.legacyFail] });
    expect(evaluateGate(report).reasons).toEqual(["1 failure at severity error"]);
  });

  test("GIVEN only a warning failure THEN fail-on error passes (listing it) and fail-on warning fails", () => {
    const report = makeReport([F.legacyWarn]);
    const atError = evaluateGate(report, "error");
    expect(atError.passed).toBe(true);
    expect(atError.belowThreshold).toEqual([F.legacyWarn]);
    const atWarning = evaluateGate(report, "warning");
    expect(atWarning.passed).toBe(false);
    expect(atWarning.reasons).toEqual(["1 failure at severity warning or error"]);
  });

  test("GIVEN a rule error THEN the gate fails even at fail-on error (an error is never a pass)", () => {
    const gate = evaluateGate(makeReport([F.canaryPass, F.legacyError]), "error");
    expect(gate.passed).toBe(false);
    expect(gate.ruleErrors).toEqual([F.legacyError]);
    expect(gate.reasons).toEqual(["1 rule error (a rule threw)"]);
  });

  test("GIVEN an expired suppression THEN the gate fails; GIVEN only an unused one THEN it passes", () => {
    const full = fullReport();
    const expired = makeReport([F.canaryPass], { suppressionProblems: [full.suppressionProblems[1]] });
    expect(evaluateGate(expired)).toMatchObject({ passed: false, reasons: ["1 expired suppression"] });
    const unused = makeReport([F.canaryPass], { suppressionProblems: [full.suppressionProblems[0]] });
    const gate = evaluateGate(unused);
    expect(gate.passed).toBe(true);
    expect(gate.unusedSuppressions).toHaveLength(1);
  });

  test("GIVEN an invalid suppression THEN the gate fails", () => {
    const problem = {
      suppression: { ruleId: "WG999", resource: "*", reason: "no such rule here" },
      problem: "invalid" as const,
      detail: "unknown rule WG999",
    };
    expect(evaluateGate(makeReport([], { suppressionProblems: [problem] }))).toMatchObject({
      passed: false,
      reasons: ["1 invalid suppression"],
    });
  });

  test("GIVEN several problems THEN every reason is listed", () => {
    const gate = evaluateGate(
      makeReport([F.legacyFail, F.legacyFail, F.legacyError], {
        suppressionProblems: fullReport().suppressionProblems,
      }),
      "warning",
    );
    expect(gate.reasons).toEqual([
      "2 failures at severity warning or error",
      "1 rule error (a rule threw)",
      "1 expired suppression",
    ]);
  });

  test("rejects an unknown fail-on level with the allowed values", () => {
    expect(() => evaluateGate(makeReport([]), "info" as never)).toThrow(
      'Invalid failOn: "info". Must be one of error, warning',
    );
  });

  test("property: the gate passes exactly when no unsuppressed failure at/above the level and no rule error", () => {
    const severity = fc.constantFrom<Severity>("error", "warning", "info");
    const finding = fc.record({
      severity,
      outcome: fc.constantFrom("pass", "fail", "not-applicable", "error" as const),
      suppressed: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(finding, { maxLength: 20 }),
        fc.constantFrom("error" as const, "warning" as const),
        (specs, failOn) => {
          const findings: Finding[] = specs.map((s) => ({
            ...F.legacyFail,
            severity: s.severity,
            outcome: s.outcome,
            suppressed: s.suppressed && s.outcome === "fail" ? F.canarySuppressed.suppressed : undefined,
          }));
          const expected = !specs.some(
            (s) =>
              s.outcome === "error" || (s.outcome === "fail" && !s.suppressed && failsAt(s.severity, failOn)),
          );
          expect(evaluateGate(makeReport(findings), failOn).passed).toBe(expected);
        },
      ),
    );
  });

  test("failsAt ranks info < warning < error", () => {
    expect(failsAt("info", "warning")).toBe(false);
    expect(failsAt("warning", "warning")).toBe(true);
    expect(failsAt("warning", "error")).toBe(false);
    expect(failsAt("error", "error")).toBe(true);
  });
});
