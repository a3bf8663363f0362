/**
 * One policy, everywhere: the constructs run the same rule code `wavegate check` runs, on the manifests they are
 * about to emit, so what the gate would fail is refused at construct time (a `ValidationError` naming the wave and
 * the construct path), with the same suppressions.
 */
import { IConstruct } from "constructs";
import { LoadedDaemonSet } from "../inputs/types";
import { show, ValidationError } from "../model/errors";
import { WaveDaemonSet } from "../model/staged-rollout";
import { runPolicy } from "../policy/engine";
import { DEFAULT_POLICY_OPTIONS } from "../policy/options";
import { RolloutPolicy } from "../policy/rollout-policy";
import { suppressionProblem } from "../policy/suppressions";
import { ALL_RULES } from "../policy/rules";
import { Finding, PolicyOptions, Suppression } from "../policy/types";

/** A failure accepted at construct time (and at synth, by `RolloutPolicy.enforce`), for a stated reason. */
export interface ConstructSuppression {
  /** The rule ID, e.g. `WG107`. */
  readonly ruleId: string;
  /** Why the failure is accepted (at least 10 characters). */
  readonly reason: string;
  /**
   * ISO date (`2026-12-31`) after which the suppression no longer applies.
   * @default never expires
   */
  readonly expires?: string;
  /**
   * The wave it applies to.
   * @default every wave of the agent
   */
  readonly wave?: string;
}

/** The policy the construct applies to its own waves (keep it equal to your `wavegate.json`). */
export interface ConstructPolicyOptions {
  /**
   * Policy options, as in `wavegate.json` (`maxFirstWavePercent`, `minFirstWaveNodes`, `severities`, ...).
   * `minWaves` and `maxUnavailableCap` default to the construct's own props.
   * @default the policy defaults
   */
  readonly options?: PolicyOptions;
  /**
   * Failures to accept, each with a reason; also recorded with `RolloutPolicy.suppress` for the synth-time gate.
   * Suppressions recorded with `RolloutPolicy.suppress` on an enclosing construct (e.g. the stack) before this
   * construct is created apply too.
   * @default none
   */
  readonly suppressions?: readonly ConstructSuppression[];
}

/** Where the waves are emitted: the construct (for its path and the suppressions recorded above it). */
export interface PolicyScope {
  /** Construct path of the rollout, e.g. `stack/agent`; wave resources are `<path>/<wave>`. */
  readonly path: string;
  /** The construct, when there is one: suppressions recorded in its tree are read. */
  readonly construct?: IConstruct;
}

/**
 * Runs every rule of the catalogue on the planned waves and throws a `ValidationError` for the error-level failures
 * (and rule errors) that no suppression accepts. Warnings are left to the gate (`wavegate check`, `enforce`).
 */
export function enforceConstructPolicy(
  planned: readonly WaveDaemonSet[],
  scope: PolicyScope,
  policy: ConstructPolicyOptions | undefined,
  defaults: PolicyOptions,
): void {
  const options: PolicyOptions = { ...defaults, ...policy?.options };
  const own = suppressionsOf(policy, scope.path);
  const inherited = scope.construct ? RolloutPolicy.suppressionsOf(scope.construct.node.root) : [];
  const now = new Date();
  own.forEach((s, i) => {
    if (!ALL_RULES.some((r) => r.id === s.ruleId)) {
      throw new ValidationError(
        `policy.suppressions[${i}].ruleId`,
        `there is no rule ${show(s.ruleId)}`,
        `Use one of ${ALL_RULES.map((r) => r.id).join(", ")}.`,
      );
    }
    const wave = policy?.suppressions?.[i]?.wave;
    if (wave !== undefined && !planned.some((w) => w.wave.name === wave)) {
      throw new ValidationError(
        `policy.suppressions[${i}].wave`,
        `there is no wave named ${show(wave)}`,
        `Use one of ${planned.map((w) => show(w.wave.name)).join(", ")}, or omit it for every wave.`,
      );
    }
    const problem = suppressionProblem(s, now);
    if (problem !== undefined) {
      throw new ValidationError(
        `policy.suppressions[${i}]`,
        `${problem.problem}: ${problem.detail}`,
        "Fix it.",
      );
    }
  });
  const daemonSets = planned.map((w) => loaded(w, scope.path));
  const report = runPolicy(
    { daemonSets, files: [scope.path], stacks: [], otherResources: 0, warnings: [] },
    options,
    [...own, ...inherited],
    now,
  );
  const blocking = report.findings.filter(
    (f) =>
      f.suppressed === undefined &&
      (f.outcome === "error" || (f.outcome === "fail" && f.severity === "error")),
  );
  if (blocking.length === 0) return;
  const first = blocking[0];
  const index = planned.findIndex((w) => `${scope.path}/${w.wave.name}` === first.source.constructPath);
  const fixOf = (id: string) => ALL_RULES.find((r) => r.id === id)?.fix ?? "";
  const more =
    blocking.length > 1
      ? `; and ${blocking.length - 1} more: ${blocking.slice(1, 4).map(short).join("; ")}`
      : "";
  throw new ValidationError(
    index >= 0 ? `waves[${index}]` : "waves",
    `${short(first)}${more}`,
    `${fixOf(first.ruleId)} Or accept it with policy: { suppressions: [{ ruleId: ${show(first.ruleId)}, reason: "..." }] }.`,
  );
}

/** Records the construct's own suppressions with `RolloutPolicy.suppress`, so the synth-time gate accepts them too. */
export function recordSuppressions(construct: IConstruct, policy: ConstructPolicyOptions | undefined): void {
  for (const s of policy?.suppressions ?? []) {
    const target = s.wave === undefined ? construct : construct.node.tryFindChild(s.wave);
    if (target !== undefined) {
      RolloutPolicy.suppress(target, s.ruleId, s.reason, s.expires ? { expires: s.expires } : {});
    }
  }
}

/** The default policy options a staged rollout's own props imply. */
export function constructDefaults(props: {
  readonly minWaves?: number;
  readonly maxUnavailableCap?: number | string;
}): PolicyOptions {
  return {
    minWaves: props.minWaves ?? DEFAULT_POLICY_OPTIONS.minWaves,
    ...(props.maxUnavailableCap !== undefined ? { maxUnavailableCap: capText(props.maxUnavailableCap) } : {}),
  };
}

function capText(cap: number | string): string {
  return typeof cap === "number" ? String(cap) : cap;
}

function suppressionsOf(policy: ConstructPolicyOptions | undefined, path: string): Suppression[] {
  return (policy?.suppressions ?? []).map((s) => ({
    ruleId: s.ruleId,
    resource: s.wave === undefined ? path : `${path}/${s.wave}`,
    reason: s.reason,
    ...(s.expires !== undefined ? { expires: s.expires } : {}),
  }));
}

function loaded(w: WaveDaemonSet, path: string): LoadedDaemonSet {
  return {
    source: {
      file: path,
      format: "cdktf-out",
      address: `kubernetes_daemon_set_v1.${w.wave.name}`,
      constructPath: `${path}/${w.wave.name}`,
    },
    kind: "DaemonSet",
    manifest: w.manifest,
    cluster: w.wave.cluster,
  };
}

function short(f: Finding): string {
  const wave = f.wave !== undefined ? `wave ${show(f.wave)}` : f.name;
  return `${f.ruleId} at ${wave} (${f.source.constructPath ?? f.source.address}): ${f.message ?? f.outcome}`;
}
