/**
 * Turns the first schema issue of a prop into a `ValidationError` naming the field (`pod.containers[0].env`), what was
 * wrong and how to fix it.
 */
import { z } from "zod";
import { show, ValidationError } from "../model/errors";
import { INT32_MAX } from "../model/k8s-names";

/** Checks `props` against `schema`; throws a ValidationError for the first problem. */
export function parse(schema: z.ZodTypeAny, props: unknown): void {
  let result: z.SafeParseReturnType<unknown, unknown>;
  try {
    result = schema.safeParse(props);
  } catch (err) {
    // A getter that throws, a Proxy: the props cannot be read.
    throw new ValidationError("props", `cannot be read (${describeThrown(err)})`, "Pass plain objects.");
  }
  if (result.success) return;
  const issue = result.error.issues[0];
  throw new ValidationError(fieldOf(issue.path), problemOf(issue), fixOf(issue));
}

/** `["pod", "containers", 0, "env"]` -> `pod.containers[0].env`. */
function fieldOf(path: readonly (string | number)[]): string {
  let out = "";
  for (const p of path) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out === "" ? "props" : out;
}

const NOUNS: Record<string, string> = {
  array: "a list",
  object: "an object",
  string: "a string",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  undefined: "nothing",
  null: "null",
  function: "a function",
  bigint: "a bigint",
  symbol: "a symbol",
  nan: "NaN",
};

function problemOf(issue: z.ZodIssue): string {
  switch (issue.code) {
    case z.ZodIssueCode.invalid_type: {
      const expected = NOUNS[issue.expected] ?? issue.expected;
      if (issue.received === "undefined") return `is required (${expected})`;
      const got = NOUNS[issue.received] ?? issue.received;
      const split =
        issue.expected === "array" && issue.received === "string"
          ? " (it would be split into characters)"
          : "";
      return `must be ${expected}, not ${got}${split}`;
    }
    case z.ZodIssueCode.too_small:
      return issue.type === "array"
        ? `must hold at least ${issue.minimum} item(s)`
        : `is below ${issue.minimum}${issue.type === "string" ? " characters" : ""}`;
    case z.ZodIssueCode.too_big:
      return `is above ${issue.maximum}${issue.type === "number" && Number(issue.maximum) === INT32_MAX ? " (int32)" : ""}`;
    case z.ZodIssueCode.invalid_enum_value:
      return `${show(issue.received)} is not one of ${issue.options.map((o) => show(o)).join(", ")}`;
    case z.ZodIssueCode.invalid_union:
      return "is neither a number nor a valid string";
    case z.ZodIssueCode.custom:
      return issue.message;
    default:
      return issue.message;
  }
}

function fixOf(issue: z.ZodIssue): string {
  if (issue.code === z.ZodIssueCode.custom && typeof issue.params?.fix === "string") return issue.params.fix;
  if (issue.code === z.ZodIssueCode.invalid_type) {
    if (issue.expected === "array") return "Give a list, e.g. [ ... ].";
    if (issue.expected === "boolean") return "Write true or false (not a string or number).";
    if (issue.expected === "number") return "Write a number (not a string).";
    return `Give ${NOUNS[issue.expected] ?? issue.expected}.`;
  }
  if (issue.code === z.ZodIssueCode.invalid_enum_value) return `Use one of ${issue.options.join(", ")}.`;
  if (issue.code === z.ZodIssueCode.too_small || issue.code === z.ZodIssueCode.too_big) {
    return "Use a value in range (whole numbers fit in int32).";
  }
  return "Fix the value as the prop's type says.";
}

/** Describes a thrown value without trusting it (its getters and toString may throw too). */
export function describeThrown(err: unknown): string {
  try {
    if (err instanceof Error) return String(err.message);
    if (typeof err === "string") return err;
    return typeof err;
  } catch {
    return "an unreadable error";
  }
}
