/**
 * The synth-time gate: the one policy file that touches cdktf and constructs (an adapter over the pure engine).
 */
import { Annotations, App, Aspects, IAspect, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { daemonSetsFromTerraformJson } from "../inputs/tf-json";
import { show, ValidationError } from "../model/errors";
import { isIsoDate } from "./config";
import { runPolicy } from "./engine";
import { evaluateGate, FAIL_ON_LEVELS, FailOn, GateResult } from "./gate";
import { resolvePolicyOptions } from "./options";
import { MIN_SUPPRESSION_REASON } from "./suppressions";
import { ALL_RULES } from "./rules";
import { Finding, PolicyOptions, PolicyReport, Suppression } from "./types";

/** Options of {@link RolloutPolicy.enforce}. */
export interface EnforceOptions extends PolicyOptions {
  /**
   * Lowest severity of an unsuppressed failure that fails `cdktf synth`; failures below it become warnings.
   * @default "error"
   */
  readonly failOn?: FailOn;
  /**
   * Suppressions besides those recorded with {@link RolloutPolicy.suppress} (e.g. shared with `wavegate.json`).
   * @default []
   */
  readonly suppressions?: readonly Suppression[];
  /**
   * The time suppression expiry is judged against.
   * @default the time of synth
   */
  readonly now?: Date;
}

/** Options of {@link RolloutPolicy.suppress}. */
export interface SuppressOptions {
  /**
   * ISO date (`2026-12-31`) after which the suppression no longer applies and fails synth as expired.
   * @default never expires
   */
  readonly expires?: string;
}

const SUPPRESSIONS = Symbol.for("wavegate.policy.suppressions");
const ENFORCED = Symbol.for("wavegate.policy.enforced");

type Tagged = IConstruct & { [SUPPRESSIONS]?: Suppression[]; [ENFORCED]?: boolean };

/**
 * Runs the rollout policy when a CDKTF app is synthesized, on the JSON each stack synthesizes, so it also judges
 * DaemonSets written with raw `DaemonSetV1` or escape hatches.
 *
 * @example
 * const app = new App();
 * const stack = new MyStack(app, "prod");
 * RolloutPolicy.enforce(app, { failOn: "error" });
 * RolloutPolicy.suppress(legacyAgent, "WG101", "Migrating to StagedDaemonSet in Q3", { expires: "2026-09-30" });
 * app.synth(); // throws, naming each failing rule, construct path and fix
 */
export class RolloutPolicy {
  /**
   * Makes synth fail when a stack under `scope` (an App, or one stack) does not pass the policy: the error lists
   * each rule ID, resource construct path (or Terraform address), message and fix. Failures below `failOn` and
   * unused suppressions become synth warnings. Call it after the stacks are created: stacks added later are
   * still checked, but only after synth has written them.
   * @throws ValidationError at call time for invalid options
   */
  public static enforce(scope: IConstruct, options: EnforceOptions = {}): void {
    resolvePolicyOptions(
      options,
      ALL_RULES.map((r) => r.id),
    );
    if (options.failOn !== undefined && !FAIL_ON_LEVELS.includes(options.failOn)) {
      throw new ValidationError(
        "failOn",
        `${show(options.failOn)} is not a level`,
        `Use one of ${FAIL_ON_LEVELS.join(", ")}.`,
      );
    }
    const aspect = new RolloutPolicyAspect(options);
    Aspects.of(scope).add(aspect);
    if (App.isApp(scope)) {
      // cdktf invokes aspects per stack, from the stack down: an App's own aspects never reach its stacks.
      for (const stack of scope.node.findAll().filter(TerraformStack.isStack)) Aspects.of(stack).add(aspect);
      scope.node.addValidation({
        validate: () =>
          scope.node
            .findAll()
            .filter(TerraformStack.isStack)
            .filter((s) => !(s as Tagged)[ENFORCED])
            .flatMap((s) => checkStack(s, options)),
      });
    }
  }

  /**
   * Accepts one rule's failure on a construct: a DaemonSet resource, or any construct above it (a
   * `StagedDaemonSet` covers every wave). Counted and shown in the report, never hidden.
   * @param ruleId a rule ID such as `WG109`
   * @param reason why the failure is accepted (at least 10 characters)
   * @throws ValidationError for an unknown rule, a short reason or an invalid expiry
   */
  public static suppress(
    construct: IConstruct,
    ruleId: string,
    reason: string,
    options: SuppressOptions = {},
  ): void {
    const ids = ALL_RULES.map((r) => r.id);
    if (!ids.includes(ruleId)) {
      throw new ValidationError(
        "ruleId",
        `there is no rule ${show(ruleId)}`,
        `Use one of ${ids.join(", ")}.`,
      );
    }
    if (typeof reason !== "string" || reason.trim().length < MIN_SUPPRESSION_REASON) {
      throw new ValidationError(
        "reason",
        `${show(reason)} is shorter than ${MIN_SUPPRESSION_REASON} characters`,
        'Say why the failure is accepted, e.g. "legacy agent, migrating to StagedDaemonSet in Q3".',
      );
    }
    if (options.expires !== undefined && !isIsoDate(options.expires)) {
      throw new ValidationError(
        "expires",
        `${show(options.expires)} is not an ISO date`,
        "Use YYYY-MM-DD, e.g. 2026-12-31.",
      );
    }
    const tagged = construct as Tagged;
    const list = tagged[SUPPRESSIONS] ?? (tagged[SUPPRESSIONS] = []);
    list.push({
      ruleId,
      resource: construct.node.path,
      reason,
      ...(options.expires ? { expires: options.expires } : {}),
    });
  }

  /** Every suppression recorded with {@link suppress} on `scope` and the constructs below it. */
  public static suppressionsOf(scope: IConstruct): Suppression[] {
    return scope.node.findAll().flatMap((c) => (c as Tagged)[SUPPRESSIONS] ?? []);
  }

  /** Runs the policy on one stack's synthesized JSON now (what `enforce` does at synth), returning the report. */
  public static check(
    stack: TerraformStack,
    options: EnforceOptions = {},
  ): { report: PolicyReport; gate: GateResult } {
    const id = stack.node.id;
    const file = `stacks/${id}/cdk.tf.json`;
    const loaded = daemonSetsFromTerraformJson(stack.toTerraform(), { file, format: "cdktf-out", stack: id });
    const report = runPolicy(
      {
        daemonSets: loaded.daemonSets,
        files: [file],
        stacks: [id],
        otherResources: loaded.otherResources,
        warnings: loaded.warnings,
      },
      options,
      [...(options.suppressions ?? []), ...RolloutPolicy.suppressionsOf(stack)],
      options.now ?? new Date(),
    );
    return { report, gate: evaluateGate(report, options.failOn ?? "error") };
  }
}

class RolloutPolicyAspect implements IAspect {
  constructor(private readonly options: EnforceOptions) {}

  public visit(node: IConstruct): void {
    if (!TerraformStack.isStack(node) || (node as Tagged)[ENFORCED]) return;
    (node as Tagged)[ENFORCED] = true;
    node.node.addValidation({ validate: () => checkStack(node, this.options) });
  }
}

/** Validation messages for a stack (empty when it passes); warnings go to the stack's annotations. */
function checkStack(stack: TerraformStack, options: EnforceOptions): string[] {
  const { report, gate } = RolloutPolicy.check(stack, options);
  const fixOf = new Map(report.rules.map((r) => [r.id, r.fix]));
  for (const f of gate.belowThreshold) Annotations.of(stack).addWarning(describe(f));
  for (const p of gate.unusedSuppressions)
    Annotations.of(stack).addWarning(`wavegate: unused suppression: ${p.detail}`);
  if (gate.passed) return [];
  return [
    ...gate.failures.map((f) => `${describe(f)} Fix: ${f.fix ?? fixOf.get(f.ruleId) ?? ""}`),
    ...gate.ruleErrors.map(
      (f) => `wavegate ${f.ruleId} rule error at ${where(f)}: ${sentence(f.message ?? "")}`,
    ),
    ...gate.suppressionFailures.map((p) => `wavegate: ${p.problem} suppression: ${sentence(p.detail)}`),
  ];
}

/** `wavegate WG101 (error) at stack/agent (kubernetes_daemon_set_v1.agent): message.` */
function describe(f: Finding): string {
  return `wavegate ${f.ruleId} (${f.severity}) at ${where(f)}: ${sentence(f.message ?? "")}`;
}

function where(f: Finding): string {
  const s = f.source;
  return s.constructPath !== undefined ? `${s.constructPath} (${s.address})` : s.address;
}

function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
