import { LoadedDaemonSet } from "../../inputs/types";
import { Undecidable } from "../accessors";
import { RuleContext, RuleResult, Severity } from "../types";

/** The resource passes. */
export function pass(resource: LoadedDaemonSet, message?: string): RuleResult {
  return message === undefined ? { resource, outcome: "pass" } : { resource, outcome: "pass", message };
}

/**
 * The resource fails; `message` names the field and value, `severity` overrides the rule's default, `field` is the
 * offending field's path (reporters show its line).
 */
export function fail(
  resource: LoadedDaemonSet,
  message: string,
  severity?: Severity,
  field?: string,
): RuleResult {
  const result: RuleResult =
    severity === undefined
      ? { resource, outcome: "fail", message }
      : { resource, outcome: "fail", message, severity };
  return field === undefined ? result : { ...result, field };
}

/** The rule does not apply to the resource, and says why. */
export function notApplicable(resource: LoadedDaemonSet, message: string): RuleResult {
  return { resource, outcome: "not-applicable", message };
}

/**
 * Judges every loaded DaemonSet with `fn`. A value unknown until apply (`UnknownValue` from the accessors) makes
 * that resource "not applicable: value unknown: <field> is <expression>" (any `Undecidable` likewise, with its own
 * message); any other error propagates, so the engine
 * reports the rule as an error, never a pass.
 */
export function judge(
  ctx: RuleContext,
  fn: (ds: LoadedDaemonSet) => RuleResult | RuleResult[],
): RuleResult[] {
  const out: RuleResult[] = [];
  for (const ds of ctx.all) {
    try {
      const r = fn(ds);
      if (Array.isArray(r)) out.push(...r);
      else out.push(r);
    } catch (err) {
      if (err instanceof Undecidable) out.push(notApplicable(ds, err.message));
      else throw err;
    }
  }
  return out;
}

/** One result from several problems: fail with every message joined (at `field`, the first problem's), else pass. */
export function failIfAny(
  ds: LoadedDaemonSet,
  problems: readonly string[],
  severity?: Severity,
  field?: string,
): RuleResult {
  return problems.length === 0 ? pass(ds) : fail(ds, problems.join("; "), severity, field);
}

/** `result` with its own fix, for a failure whose fix differs from the rule's `fix` (a rule that checks several things). */
export function withFix(result: RuleResult, fix: string): RuleResult {
  return { ...result, fix };
}
