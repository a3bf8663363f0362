/**
 * Errors thrown by wavegate for input it cannot accept.
 *
 * Every error names the field that was wrong, the value found and how to fix it, so a user sees the problem at
 * construct (or load) time, not at `terraform apply`.
 */
export class WavegateError extends Error {
  /** Dotted path of the offending field, e.g. `waves[1].maxUnavailable`. */
  public readonly field: string;
  /** One sentence saying how to fix the problem. */
  public readonly fix: string;

  constructor(field: string, problem: string, fix: string) {
    super(`${field}: ${problem}. ${fix}`);
    this.name = "WavegateError";
    this.field = field;
    this.fix = fix;
  }
}

/** A value, or combination of values, that breaks a rule of the rollout model. */
export class ValidationError extends WavegateError {
  constructor(field: string, problem: string, fix: string) {
    super(field, problem, fix);
    this.name = "ValidationError";
  }
}

/** Renders any value for an error message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === undefined) return "undefined";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
