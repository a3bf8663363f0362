/**
 * What a rule returned, checked before the engine trusts it: custom rules (through `runRules`) may return anything
 * or throw anything. A rule that returns something other than a list of results, a result with an unknown outcome or
 * severity, or that throws a hostile value (a getter that throws, a Proxy, a Symbol, an object whose toString throws)
 * becomes an `error` finding: never a crash, never a pass.
 */
import { LoadedDaemonSet } from "../inputs/types";
import { Outcome, RuleResult, Severity } from "./types";

const OUTCOMES: readonly string[] = ["pass", "fail", "not-applicable"] satisfies Outcome[];
const SEVERITIES: readonly string[] = ["error", "warning", "info"] satisfies Severity[];
const MAX_MESSAGE = 2000;

/** A result the engine can use, or the reason it cannot (an error for the rule). */
export type CheckedResults = { ok: true; results: RuleResult[] } | { ok: false; problem: string };

/** Checks a rule's return value: a list of well-formed results about loaded DaemonSets. */
export function checkRuleResults(value: unknown, all: ReadonlySet<LoadedDaemonSet>): CheckedResults {
  try {
    if (isThenable(value)) {
      silence(value);
      return { ok: false, problem: "returned a Promise; rules must be synchronous" };
    }
    if (!Array.isArray(value))
      return { ok: false, problem: `returned ${kindOf(value)}, not a list of results` };
    const results: RuleResult[] = [];
    for (let i = 0; i < value.length; i++) {
      const r: unknown = value[i];
      if (typeof r !== "object" || r === null) {
        return { ok: false, problem: `result #${i + 1} is ${kindOf(r)}, not a result` };
      }
      const { resource, outcome, message, severity, field, fix } = r as Record<string, unknown>;
      if (!all.has(resource as LoadedDaemonSet)) {
        return { ok: false, problem: `result #${i + 1} is about a resource that was not loaded` };
      }
      if (typeof outcome !== "string" || !OUTCOMES.includes(outcome)) {
        return { ok: false, problem: `result #${i + 1} has an unknown outcome ${safeText(outcome)}` };
      }
      if (severity !== undefined && (typeof severity !== "string" || !SEVERITIES.includes(severity))) {
        return { ok: false, problem: `result #${i + 1} has an unknown severity ${safeText(severity)}` };
      }
      if (message !== undefined && typeof message !== "string") {
        return { ok: false, problem: `result #${i + 1} has a message that is ${kindOf(message)}, not text` };
      }
      if (field !== undefined && typeof field !== "string") {
        return { ok: false, problem: `result #${i + 1} has a field that is ${kindOf(field)}, not text` };
      }
      if (fix !== undefined && typeof fix !== "string") {
        return { ok: false, problem: `result #${i + 1} has a fix that is ${kindOf(fix)}, not text` };
      }
      const checked: RuleResult = {
        resource: resource as LoadedDaemonSet,
        outcome: outcome as RuleResult["outcome"],
        message,
      };
      results.push(
        severity === undefined && field === undefined && fix === undefined
          ? checked
          : {
              ...checked,
              ...(severity !== undefined ? { severity: severity as Severity } : {}),
              ...(field !== undefined ? { field } : {}),
              ...(fix !== undefined ? { fix } : {}),
            },
      );
    }
    return { ok: true, results };
  } catch (err) {
    return { ok: false, problem: `returned results that cannot be read (${describeThrown(err)})` };
  }
}

/** A thrown value as text, without trusting it: its getters, toString and prototype may throw too. */
export function describeThrown(err: unknown): string {
  try {
    if (err instanceof Error) {
      const message: unknown = err.message;
      return typeof message === "string" ? clip(message) : "an Error without a message";
    }
  } catch {
    return "an unreadable thrown value";
  }
  return safeText(err);
}

function safeText(value: unknown): string {
  try {
    if (typeof value === "string") return JSON.stringify(clip(value));
    if (typeof value === "symbol") return clip(value.toString());
    if (value === null || typeof value !== "object") return String(value);
    return `a thrown ${kindOf(value)}`;
  } catch {
    return "an unreadable value";
  }
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value === "object"
    ? "an object"
    : typeof value === "undefined"
      ? "undefined"
      : `a ${typeof value}`;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === "object" || typeof value === "function") &&
    value !== null &&
    typeof (value as { then?: unknown }).then === "function"
  );
}

/** Keeps a rejected Promise from becoming an unhandled rejection that kills the process. */
function silence(p: PromiseLike<unknown>): void {
  try {
    p.then(undefined, () => undefined);
  } catch {
    // a thenable whose then() throws: nothing to silence
  }
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}...` : text;
}
