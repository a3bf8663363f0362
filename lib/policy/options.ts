import { ValidationError, show } from "../model/errors";
import { IntOrPercent } from "../model/int-or-percent";
import { PolicyOptions, Severity } from "./types";

/** Every severity, for validating options. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** The defaults of every policy option. */
export const DEFAULT_POLICY_OPTIONS: Readonly<Required<PolicyOptions>> = {
  maxUnavailableCap: "10%",
  minReadySeconds: 10,
  minWaves: 3,
  maxFirstWavePercent: 1,
  severities: {},
  disabledRules: [],
};

/**
 * Fills in defaults and checks every option, throwing a `ValidationError` that names the field and the fix.
 * @param knownRuleIds rule IDs that `severities` and `disabledRules` may name
 */
export function resolvePolicyOptions(
  options: PolicyOptions = {},
  knownRuleIds?: readonly string[],
): Required<PolicyOptions> {
  const o: Required<PolicyOptions> = {
    maxUnavailableCap: options.maxUnavailableCap ?? DEFAULT_POLICY_OPTIONS.maxUnavailableCap,
    minReadySeconds: options.minReadySeconds ?? DEFAULT_POLICY_OPTIONS.minReadySeconds,
    minWaves: options.minWaves ?? DEFAULT_POLICY_OPTIONS.minWaves,
    maxFirstWavePercent: options.maxFirstWavePercent ?? DEFAULT_POLICY_OPTIONS.maxFirstWavePercent,
    severities: options.severities ?? DEFAULT_POLICY_OPTIONS.severities,
    disabledRules: options.disabledRules ?? DEFAULT_POLICY_OPTIONS.disabledRules,
  };
  IntOrPercent.parse(o.maxUnavailableCap, "maxUnavailableCap");
  wholeNumber(o.minReadySeconds, "minReadySeconds", 0, "Use a whole number of seconds such as 10.");
  wholeNumber(o.minWaves, "minWaves", 1, "Use a whole number such as 3 (canary, staging, production).");
  if (
    typeof o.maxFirstWavePercent !== "number" ||
    !(o.maxFirstWavePercent > 0) ||
    o.maxFirstWavePercent > 100
  ) {
    throw new ValidationError(
      "maxFirstWavePercent",
      `${show(o.maxFirstWavePercent)} is not a percent above 0 and at most 100`,
      "Use a number such as 1 (the first wave may hold 1% of the agent's nodes).",
    );
  }
  for (const [id, severity] of Object.entries(o.severities)) {
    knownRule(id, `severities.${id}`, knownRuleIds);
    if (!SEVERITIES.includes(severity)) {
      throw new ValidationError(
        `severities.${id}`,
        `${show(severity)} is not a severity`,
        `Use one of ${SEVERITIES.join(", ")}.`,
      );
    }
  }
  o.disabledRules.forEach((id, i) => knownRule(id, `disabledRules[${i}]`, knownRuleIds));
  return o;
}

function wholeNumber(value: unknown, field: string, min: number, fix: string): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new ValidationError(field, `${show(value)} is not a whole number of at least ${min}`, fix);
  }
}

function knownRule(id: string, field: string, known: readonly string[] | undefined): void {
  if (known !== undefined && !known.includes(id)) {
    throw new ValidationError(field, `there is no rule ${show(id)}`, `Use one of ${known.join(", ")}.`);
  }
}
