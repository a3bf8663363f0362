import { LoadedDaemonSet } from "../../inputs/types";
import { Undecidable } from "../accessors";
import { RuleContext, RuleResult, Severity } from "../types";

/**
 * Every result has one object shape (all six fields present, unset ones undefined): the engine reads 200,000 of them
 * for 10,000 DaemonSets, and one shape keeps those reads monomorphic.
 */
function result(
  resource: LoadedDaemonSet,
  outcome: RuleResult["outcome"],
  message: string | undefined,
  severity: Severity | undefined,
  field: string | undefined,
  fix: string | undefined,
): RuleResult {
  return { resource, outcome, message, severity, field, fix };
}

/** The resource passes. */
export function pass(resource: LoadedDaemonSet, message?: string): RuleResult {
  return result(resource, "pass", message, undefined, undefined, undefined);
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
  return result(resource, "fail", message, severity, field, undefined);
}

/** The rule does not apply to the resource, and says why. */
export function notApplicable(resource: LoadedDaemonSet, message: string): RuleResult {
  return result(resource, "not-applicable", message, undefined, undefined, undefined);
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
  const all = ctx.all;
  const out: RuleResult[] = [];
  for (let i = 0; i < all.length; i++) {
    const ds = all[i];
    try {
      const r = fn(ds);
      if (Array.isArray(r)) for (const x of r) out.push(x);
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
export function withFix(r: RuleResult, fix: string): RuleResult {
  return result(r.resource, r.outcome, r.message, r.severity, r.field, fix);
}
