import { statedFindings } from "./finding-table";
import { SuppressionProblem } from "./suppressions";
import { Finding, PolicyReport, Severity } from "./types";

/** The lowest severity of an unsuppressed failure that fails the gate. */
export type FailOn = "error" | "warning";

/** The fail-on levels, for argument parsing and error messages. */
export const FAIL_ON_LEVELS: readonly FailOn[] = ["error", "warning"];

/** Severities from least to most serious. */
const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** The gate's verdict on a report. */
export interface GateResult {
  /** True when nothing below fails the run. */
  readonly passed: boolean;
  /** The level the gate was run at. */
  readonly failOn: FailOn;
  /** Unsuppressed failures whose severity is at or above `failOn`: each fails the gate. */
  readonly failures: readonly Finding[];
  /** Rules that threw on a resource: each fails the gate (an error is never a pass). */
  readonly ruleErrors: readonly Finding[];
  /** Expired or invalid suppressions: each fails the gate. */
  readonly suppressionFailures: readonly SuppressionProblem[];
  /** Unused suppressions: reported, never failing. */
  readonly unusedSuppressions: readonly SuppressionProblem[];
  /** Unsuppressed failures below `failOn` (e.g. warnings when failing on errors): reported, never failing. */
  readonly belowThreshold: readonly Finding[];
  /** One line per kind of problem that failed the gate, e.g. `2 failures at severity error`; empty when passed. */
  readonly reasons: readonly string[];
}

/** True when `severity` is at or above the gate level `failOn`. */
export function failsAt(severity: Severity, failOn: FailOn): boolean {
  return RANK[severity] >= RANK[failOn];
}

/**
 * Decides whether a report passes the gate.
 *
 * Fails on: unsuppressed failures at or above `failOn`, any rule error, and any expired or invalid suppression.
 * Unused suppressions and failures below `failOn` are listed but never fail the run.
 */
export function evaluateGate(report: PolicyReport, failOn: FailOn = "error"): GateResult {
  if (!FAIL_ON_LEVELS.includes(failOn)) {
    throw new RangeError(
      `Invalid failOn: ${JSON.stringify(failOn)}. Must be one of ${FAIL_ON_LEVELS.join(", ")}`,
    );
  }
  const failures: Finding[] = [];
  const belowThreshold: Finding[] = [];
  const ruleErrors: Finding[] = [];
  // Passes never fail a gate: only the stated findings are read (a plain pass is no object).
  for (const f of statedFindings(report).findings) {
    if (f.outcome === "error") ruleErrors.push(f);
    else if (f.outcome === "fail" && f.suppressed === undefined) {
      (failsAt(f.severity, failOn) ? failures : belowThreshold).push(f);
    }
  }
  const suppressionFailures = report.suppressionProblems.filter((p) => p.problem !== "unused");
  const unusedSuppressions = report.suppressionProblems.filter((p) => p.problem === "unused");
  const reasons: string[] = [];
  if (failures.length > 0) {
    reasons.push(
      `${plural(failures.length, "failure")} at severity ${failOn === "error" ? "error" : "warning or error"}`,
    );
  }
  if (ruleErrors.length > 0) reasons.push(`${plural(ruleErrors.length, "rule error")} (a rule threw)`);
  for (const kind of ["expired", "invalid"] as const) {
    const n = suppressionFailures.filter((p) => p.problem === kind).length;
    if (n > 0) reasons.push(`${plural(n, `${kind} suppression`)}`);
  }
  return {
    passed: reasons.length === 0,
    failOn,
    failures,
    ruleErrors,
    suppressionFailures,
    unusedSuppressions,
    belowThreshold,
    reasons,
  };
}

/** `1 failure`, `2 failures`. */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
