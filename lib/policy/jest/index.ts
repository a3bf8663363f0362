/**
 * Jest matchers for users' own tests: `expect(Testing.synth(stack)).toPassRolloutPolicy()` and
 * `expect(Testing.synth(stack)).toViolateRule("WG105")`.
 *
 * Register them once, in a jest setup file (`setupFilesAfterEnv`): `import "wavegate/jest";`.
 * Importing this module calls `expect.extend` when jest's global `expect` is present.
 */
import { daemonSetsFromTerraformJson } from "../../inputs/tf-json";
import { runPolicy } from "../engine";
import { evaluateGate, FailOn, GateResult } from "../gate";
import { Finding, PolicyOptions, PolicyReport, Suppression } from "../types";

/** Options of the rollout-policy matchers. */
export interface RolloutPolicyMatcherOptions extends PolicyOptions {
  /**
   * Lowest severity of an unsuppressed failure that makes `toPassRolloutPolicy` fail.
   * @default "error"
   */
  readonly failOn?: FailOn;
  /**
   * Failures to accept, by rule and resource (Terraform address or `*`; `Testing.synth` drops construct paths).
   * @default []
   */
  readonly suppressions?: readonly Suppression[];
  /**
   * The time suppression expiry is judged against.
   * @default now
   */
  readonly now?: Date;
}

/** What jest passes a matcher as `this` (the part used here). */
interface MatcherThis {
  readonly isNot?: boolean;
}

/** A matcher's verdict, as jest expects it. */
interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

/**
 * Runs the policy on synthesized Terraform JSON: the string `Testing.synth(stack)` / `Testing.synthScope(...)`
 * return, or the parsed object.
 * @throws TypeError when the value is not Terraform JSON
 */
export function rolloutPolicyReport(synth: unknown, options: RolloutPolicyMatcherOptions = {}): PolicyReport {
  let json: unknown = synth;
  if (typeof synth === "string") {
    try {
      json = JSON.parse(synth);
    } catch (err) {
      throw new TypeError(
        `expected the output of Testing.synth(stack) (Terraform JSON), but the string is not JSON: ${(err as Error).message}`,
      );
    }
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new TypeError(
      `expected the output of Testing.synth(stack) (a Terraform JSON string or object), got ${Array.isArray(json) ? "an array" : typeof json}`,
    );
  }
  const file = "<synth>";
  const loaded = daemonSetsFromTerraformJson(json, { file, format: "tf-json" });
  return runPolicy(
    {
      daemonSets: loaded.daemonSets,
      files: [file],
      stacks: loaded.stacks ?? [],
      otherResources: loaded.otherResources,
      warnings: loaded.warnings,
    },
    options,
    options.suppressions,
    options.now,
  );
}

/** One line per finding: `WG101 error kubernetes_daemon_set_v1.agent: message`. */
export function listFindings(findings: readonly Finding[]): string {
  if (findings.length === 0) return "  (none)";
  return findings
    .map((f) => {
      const mark = f.suppressed !== undefined ? ` [suppressed: ${f.suppressed.reason}]` : "";
      return `  ${f.ruleId} ${f.outcome === "error" ? "rule error" : f.severity} ${f.source.address}: ${f.message ?? ""}${mark}`;
    })
    .join("\n");
}

function gateProblems(gate: GateResult): string {
  const lines = [...gate.failures, ...gate.ruleErrors].map((f) => listFindings([f]));
  for (const p of gate.suppressionFailures) lines.push(`  ${p.problem} suppression: ${p.detail}`);
  return lines.join("\n");
}

/** The matchers, for `expect.extend(rolloutPolicyMatchers)` when registering by hand. */
export const rolloutPolicyMatchers = {
  /** Passes when the synthesized JSON passes the rollout-policy gate (at `failOn`, default "error"). */
  toPassRolloutPolicy(
    this: MatcherThis,
    received: unknown,
    options: RolloutPolicyMatcherOptions = {},
  ): MatcherResult {
    const report = rolloutPolicyReport(received, options);
    const gate = evaluateGate(report, options.failOn ?? "error");
    const read = `${report.input.daemonSets} DaemonSet(s) checked`;
    return {
      pass: gate.passed,
      message: () =>
        gate.passed
          ? `expected the synthesized stack to fail the rollout policy, but it passed (${read})`
          : `expected the synthesized stack to pass the rollout policy (fail on ${gate.failOn}), but ` +
            `${gate.reasons.join(", ")} (${read}):\n${gateProblems(gate)}`,
    };
  },

  /** Passes when at least one DaemonSet fails `ruleId` (unsuppressed). */
  toViolateRule(
    this: MatcherThis,
    received: unknown,
    ruleId: string,
    options: RolloutPolicyMatcherOptions = {},
  ): MatcherResult {
    const report = rolloutPolicyReport(received, options);
    if (!report.rules.some((r) => r.id === ruleId)) {
      throw new TypeError(
        `toViolateRule: there is no rule ${JSON.stringify(ruleId)} (or it is disabled); use one of ${report.rules.map((r) => r.id).join(", ")}`,
      );
    }
    const ofRule = report.findings.filter((f) => f.ruleId === ruleId);
    const violations = ofRule.filter((f) => f.outcome === "fail" && f.suppressed === undefined);
    const failing = report.findings.filter((f) => f.outcome === "fail" || f.outcome === "error");
    return {
      pass: violations.length > 0,
      message: () =>
        violations.length > 0
          ? `expected no DaemonSet to violate ${ruleId}, but ${violations.length} did:\n${listFindings(violations)}`
          : `expected a DaemonSet to violate ${ruleId}, but none did (${ofRule.length} result(s) of ${ruleId} on ` +
            `${report.input.daemonSets} DaemonSet(s); outcomes: ${outcomes(ofRule)}). Failures found:\n${listFindings(failing)}`,
    };
  },
};

function outcomes(findings: readonly Finding[]): string {
  const counts = new Map<string, number>();
  for (const f of findings) {
    const key = f.suppressed !== undefined ? "suppressed" : f.outcome;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts.size === 0 ? "none" : [...counts].map(([k, n]) => `${n} ${k}`).join(", ");
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // The type parameters must match @types/jest's declaration exactly.
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
    interface Matchers<R, T = {}> {
      /** Passes when synthesized Terraform JSON passes the wavegate rollout policy (see `wavegate/jest`). */
      toPassRolloutPolicy(options?: RolloutPolicyMatcherOptions): R;
      /** Passes when a DaemonSet in synthesized Terraform JSON violates the rule, e.g. `"WG105"`. */
      toViolateRule(ruleId: string, options?: RolloutPolicyMatcherOptions): R;
    }
  }
}

const globalExpect = (globalThis as { expect?: { extend?: (matchers: object) => void } }).expect;
if (typeof globalExpect?.extend === "function") globalExpect.extend(rolloutPolicyMatchers);
