import { show, ValidationError } from "./errors";

/** `IntOrPercent.tryParse` results by input (bounded). */
const parsedValues = new Map<number | string, IntOrPercent | null>();
const MAX_PARSED = 1000;

/** What a user may write for maxUnavailable / maxSurge: `3`, `"3"` or `"10%"`. */
export type IntOrPercentInput = number | string;

/**
 * An int-or-percent value with Kubernetes semantics (`k8s.io/apimachinery/pkg/util/intstr`).
 *
 * A percent of N is `ceil(pct * N / 100)`: the DaemonSet controller rounds both maxUnavailable and maxSurge up
 * (`GetScaledValueFromIntOrPercent(..., roundUp=true)`).
 */
export class IntOrPercent {
  /**
   * Parses `3`, `"3"` or `"10%"`. Rejects negatives, fractions, percents over 100 and anything else.
   * @param field the field name used in the error message
   */
  public static parse(value: IntOrPercentInput, field: string): IntOrPercent {
    if (typeof value === "number") {
      if (!Number.isInteger(value) || value < 0) {
        throw new ValidationError(
          field,
          `${show(value)} is not a whole number of nodes`,
          'Use a non-negative integer such as 1, or a percent such as "10%".',
        );
      }
      return new IntOrPercent(value, false);
    }
    if (typeof value === "string") {
      const trimmed = value.trim();
      const percent = /^(\d+)%$/.exec(trimmed);
      if (percent) {
        const n = Number(percent[1]);
        if (n > 100) {
          throw new ValidationError(
            field,
            `${show(value)} is over 100%`,
            'Use a percent from "0%" to "100%" (a staged wave should stay at or under its cap, e.g. "10%").',
          );
        }
        return new IntOrPercent(n, true);
      }
      if (/^\d+$/.test(trimmed)) return new IntOrPercent(Number(trimmed), false);
    }
    throw new ValidationError(
      field,
      `${show(value)} is not an integer or a percent`,
      'Use a non-negative integer such as 1 or "1", or a percent such as "10%".',
    );
  }

  /** Like `parse`, but returns undefined instead of throwing. */
  public static tryParse(value: unknown): IntOrPercent | undefined {
    if (typeof value !== "number" && typeof value !== "string") return undefined;
    // Values are immutable, and a fleet writes a few texts ("1", "10%") thousands of times: parsed once each
    // (but -0, which a Map would not tell from 0).
    let hit = Object.is(value, -0) ? undefined : parsedValues.get(value);
    if (hit === undefined) {
      try {
        hit = IntOrPercent.parse(value, "value");
      } catch {
        hit = null;
      }
      if (parsedValues.size >= MAX_PARSED) parsedValues.clear();
      if (!Object.is(value, -0)) parsedValues.set(value, hit);
    }
    return hit ?? undefined;
  }

  private constructor(
    /** The number, or the percent when `isPercent`. */
    public readonly value: number,
    /** True for a percent value. */
    public readonly isPercent: boolean,
  ) {}

  /** True when the value is 0 or 0%. */
  public get isZero(): boolean {
    return this.value === 0;
  }

  /** The number of nodes this value allows out of `total`, rounded up as the DaemonSet controller does. */
  public resolve(total: number): number {
    if (!this.isPercent) return this.value;
    return Math.ceil((this.value * total) / 100);
  }

  /** The Kubernetes form: the integer `3` or the string `"10%"` (a string without `%` is invalid in Kubernetes). */
  public toKubernetes(): number | string {
    return this.isPercent ? `${this.value}%` : this.value;
  }

  /** The Terraform string form: `"10%"` or `"3"`. */
  public toString(): string {
    return this.isPercent ? `${this.value}%` : String(this.value);
  }

  /**
   * True when this value can never allow more than `cap` for any node count.
   * A percent is within a percent cap when it is not larger; a number is within a number cap when it is not larger.
   * A number against a percent cap (or a percent against a number cap) is only decidable with a known node count
   * (`total`), except 0 or 1 node, which every non-zero percent cap allows; undecidable returns undefined.
   */
  public isWithin(cap: IntOrPercent, total?: number): boolean | undefined {
    if (this.isPercent === cap.isPercent) return this.value <= cap.value;
    // ceil() never resolves a non-zero percent below 1 node, so 0 or 1 node is within any non-zero percent cap.
    if (!this.isPercent && cap.isPercent && cap.value > 0 && this.value <= 1) return true;
    if (total === undefined) return undefined;
    return this.resolve(total) <= cap.resolve(total);
  }
}

/** The resolved rolling-update budget of one DaemonSet, in nodes. */
export interface ResolvedBudget {
  /** Nodes that may be unavailable at once. */
  readonly maxUnavailable: number;
  /** Nodes that may run an extra (new) pod at once. */
  readonly maxSurge: number;
}

/**
 * Checks the rolling-update pair the way the API server does: exactly one of maxSurge / maxUnavailable is non-zero.
 * @param prefix field prefix for messages, e.g. `waves[0]`
 */
export function validateSurgeAndUnavailable(
  maxUnavailable: IntOrPercent,
  maxSurge: IntOrPercent,
  prefix: string,
): void {
  if (maxUnavailable.isZero && maxSurge.isZero) {
    throw new ValidationError(
      `${prefix}.maxUnavailable`,
      "maxUnavailable and maxSurge are both 0, so the rollout could never progress",
      "Set maxUnavailable to a small number such as 1 (and keep maxSurge 0).",
    );
  }
  if (!maxUnavailable.isZero && !maxSurge.isZero) {
    throw new ValidationError(
      `${prefix}.maxSurge`,
      `maxUnavailable (${maxUnavailable}) and maxSurge (${maxSurge}) are both non-zero, which Kubernetes rejects`,
      "Set one of them to 0 (agents that hook the kernel should use maxSurge 0).",
    );
  }
}

/** Resolves both values against `desired` nodes, as `pkg/controller/daemon/util` does. */
export function resolveBudget(
  maxUnavailable: IntOrPercent,
  maxSurge: IntOrPercent,
  desired: number,
): ResolvedBudget {
  let unavailable = maxUnavailable.resolve(desired);
  const surge = maxSurge.resolve(desired);
  // update.go: "if both are disabled, set unavailable to 1 (default behavior)".
  if (unavailable === 0 && surge === 0) unavailable = 1;
  return { maxUnavailable: unavailable, maxSurge: surge };
}
