import fc from "fast-check";
import type * as Sarif from "sarif";
import { evaluateGate } from "../../../lib/policy/gate";
import { countReport, outcomeLine } from "../../../lib/policy/reporters/summary";
import { JsonReport, renderJson } from "../../../lib/policy/reporters/json";
import { renderJunit } from "../../../lib/policy/reporters/junit";
import { renderSarif } from "../../../lib/policy/reporters/sarif";
import { renderText } from "../../../lib/policy/reporters/text";
import { Finding } from "../../../lib/policy/types";
import { F, makeReport } from "./fixture";

const findingArb: fc.Arbitrary<Finding> = fc
  .record({
    base: fc.constantFrom(F.canaryPass, F.legacyFail, F.legacyWarn, F.legacyNa, F.legacyError),
    ruleId: fc.constantFrom("WG101", "WG109"),
    outcome: fc.constantFrom("pass", "fail", "not-applicable", "error" as const),
    suppressed: fc.boolean(),
    message: fc.option(fc.string(), { nil: undefined }),
  })
  .map(({ base, ruleId, outcome, suppressed, message }) => ({
    ...base,
    ruleId,
    outcome,
    message,
    suppressed: suppressed && outcome === "fail" ? F.canarySuppressed.suppressed : undefined,
  }));

describe("reporter invariants (property)", () => {
  test("counts add up; every format accounts for every finding; output is well-formed", () => {
    fc.assert(
      fc.property(fc.array(findingArb, { maxLength: 30 }), (findings) => {
        const report = makeReport(findings);
        const gate = evaluateGate(report);
        const c = countReport(report);
        expect(c.pass + c.fail + c.notApplicable + c.error + c.suppressed).toBe(findings.length);

        const failing = findings.filter((f) => f.outcome === "fail");
        const sarif = JSON.parse(renderSarif(report)) as Sarif.Log;
        expect(sarif.runs[0].results).toHaveLength(failing.length);
        expect(sarif.runs[0].results?.filter((r) => r.suppressions !== undefined)).toHaveLength(c.suppressed);

        const json = JSON.parse(renderJson(report, { gate })) as JsonReport;
        expect(json.findings).toHaveLength(c.fail + c.suppressed + c.error);
        expect(json.gate?.passed).toBe(gate.passed);

        const junit = renderJunit(report);
        expect(junit).toContain(`<testsuites name="wavegate" tests="${findings.length}"`);
        expect((junit.match(/<testcase /g) ?? []).length).toBe(findings.length);

        const text = renderText(report, { gate });
        expect(text).toContain(outcomeLine(c));
        expect(c.failBySeverity.error + c.failBySeverity.warning + c.failBySeverity.info).toBe(c.fail);
        expect(text).toContain(gate.passed ? "Gate: passed" : "Gate: FAILED");
      }),
      { numRuns: 200 },
    );
  });
});
