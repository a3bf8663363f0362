import { LoadedDaemonSet, LoadResult, SourceRef } from "../inputs/types";
import { ReleaseFacts } from "./release-facts";
import type { LoadedNodePool } from "../inputs/node-pools";

/** How serious a finding is. Separate from the gate, which decides which severities fail a run. */
export type Severity = "error" | "warning" | "info";

/** The outcome of one rule on one resource. A rule that throws is an `error`, never a pass. */
export type Outcome = "pass" | "fail" | "not-applicable" | "error";

/** The wave DaemonSets of one rollout of an agent: grouped by the rollout contract, per cluster. */
export interface AgentGroup {
  /** Agent name (contract annotation / name label), or the DaemonSet name for un-staged DaemonSets. */
  readonly agent: string;
  /** The agent's DaemonSets in wave order (by `wavegate.dev/wave-index`, then by the `wavegate.dev/waves` list). */
  readonly daemonSets: readonly LoadedDaemonSet[];
  /**
   * Where this rollout runs (`stack "eu"`, `cluster "kubernetes.us"`), when the agent has several rollouts: the same
   * agent in two regional stacks or clusters is two rollouts, each judged on its own.
   */
  readonly scope?: string;
}

/** Everything a rule may look at. */
export interface RuleContext {
  /** Every DaemonSet loaded. */
  readonly all: readonly LoadedDaemonSet[];
  /** DaemonSets grouped into agents. */
  readonly agents: readonly AgentGroup[];
  /** Effective options (caps, minimums). */
  readonly options: Required<PolicyOptions>;
  /** Ledger, plan changes and baseline for the release rules (WG301–WG304), when given. */
  readonly release?: ReleaseFacts;
  /** Node pools loaded (EKS, GKE, AKS, Karpenter), for WG111. */
  readonly pools?: readonly LoadedNodePool[];
}

/** What a rule says about one resource. */
export interface RuleResult {
  /** The resource judged. */
  readonly resource: LoadedDaemonSet;
  /** pass / fail / not-applicable. */
  readonly outcome: Exclude<Outcome, "error">;
  /** For fail: what is wrong, naming the field and value; for not-applicable: why (e.g. "value unknown"). */
  readonly message?: string;
  /** Severity override for this result (WG109 is an error for `latest`, a warning for a tag without digest). */
  readonly severity?: Severity;
  /**
   * For fail: the Kubernetes path of the offending field (`spec.template.spec.containers[0].securityContext.privileged`),
   * or the object that lacks it, when the rule can name one. Reporters show the line it is on, when the input has lines.
   */
  readonly field?: string;
  /** How to fix this failure, when it differs from the rule's `fix` (a rule that checks several things). */
  readonly fix?: string;
}

/** A failing and a passing snippet of a rule (Terraform HCL unless stated), for `wavegate explain`. */
export interface RuleExample {
  /** A configuration the rule fails. */
  readonly fails: string;
  /** The same configuration, fixed. */
  readonly passes: string;
}

/** A policy rule: a small pure function with a stable ID. */
export interface Rule {
  /** Stable ID, e.g. `WG101`. Written as a constant, never derived from a file name. */
  readonly id: string;
  /** A PascalCase name, distinct from the ID (SARIF `name`), e.g. `StagedRollout`. @default derived from the title */
  readonly name?: string;
  /** Default severity. */
  readonly severity: Severity;
  /** One-line statement of the compliant state. */
  readonly title: string;
  /** Why it matters. */
  readonly why: string;
  /** How to fix a failure. */
  readonly fix: string;
  /** A failing and a passing snippet (`wavegate explain <id>` prints it); every built-in rule has one. */
  readonly example?: RuleExample;
  /** Judges every resource it applies to. May throw: the engine turns that into an `error` result. */
  check(ctx: RuleContext): RuleResult[];
}

/** Options of a policy run (all optional; defaults in `DEFAULT_POLICY_OPTIONS`). */
export interface PolicyOptions {
  /** Largest maxUnavailable / maxSurge a wave may have. @default "10%" */
  readonly maxUnavailableCap?: string;
  /** Smallest minReadySeconds accepted. @default 10 */
  readonly minReadySeconds?: number;
  /** Fewest waves an agent must have. @default 3 */
  readonly minWaves?: number;
  /** Largest first wave, as a percent of the agent's known nodes (at least 1 node). @default 1 */
  readonly maxFirstWavePercent?: number;
  /** Per-rule severity overrides, e.g. `{ WG109: "error" }`. @default {} */
  readonly severities?: Readonly<Record<string, Severity>>;
  /** Rule IDs not to run. @default [] */
  readonly disabledRules?: readonly string[];
}

/** A suppression: accept one rule's failure on one resource, for a stated reason. */
export interface Suppression {
  /** The rule ID. */
  readonly ruleId: string;
  /** The resource: Terraform address, construct path, `DaemonSet/<ns>/<name>`, or `*` for all. */
  readonly resource: string;
  /** Why (at least 10 characters). */
  readonly reason: string;
  /** ISO date after which the suppression no longer applies (and is reported). */
  readonly expires?: string;
}

/** One result of the run, with everything a reporter needs. */
export interface Finding {
  /** Rule ID. */
  readonly ruleId: string;
  /** Effective severity. */
  readonly severity: Severity;
  /** Outcome. */
  readonly outcome: Outcome;
  /** Message (for fail / error / not-applicable). */
  readonly message?: string;
  /** How to fix this failure, when it differs from the rule's `fix`. */
  readonly fix?: string;
  /** Where. */
  readonly source: SourceRef;
  /** The offending field's Kubernetes path, when the rule named one (see `RuleResult.field`). */
  readonly field?: string;
  /** 1-based line of `field` in the source file, for failures whose source can locate fields (else `source.line`). */
  readonly line?: number;
  /** DaemonSet name and namespace. */
  readonly name: string;
  /** Namespace. */
  readonly namespace?: string;
  /** Agent and wave, when the DaemonSet adopts the contract. */
  readonly agent?: string;
  /** Wave name. */
  readonly wave?: string;
  /** The wave's 0-based position in the rollout (`wavegate.dev/wave-index`), when stated. */
  readonly waveIndex?: number;
  /** Which rollout of the agent (`stack "eu"`), when the agent has several (the same agent in two regions). */
  readonly rollout?: string;
  /** The suppression that accepted this failure, if any. */
  readonly suppressed?: Suppression;
}

/** The result of a policy run. */
export interface PolicyReport {
  /**
   * Every rule x resource result, including passes and not-applicable, rule by rule (each rule's in load order).
   * In a report of the engine the plain passes (no message) are made on the first read: the gate, the counts and
   * the reporters never ask for them, so a check of 10,000 DaemonSets does not build 150,000 objects it never shows.
   */
  readonly findings: readonly Finding[];
  /** The rules that ran. */
  readonly rules: readonly Rule[];
  /** What was read. */
  readonly input: Pick<LoadResult, "files" | "stacks" | "otherResources" | "warnings"> & {
    daemonSets: number;
    /** Node pools read (EKS, GKE, AKS, Karpenter; judged by WG111). */
    nodePools?: number;
  };
  /** Suppressions that matched nothing or have expired (reported as findings of their own by reporters). */
  readonly suppressionProblems: readonly {
    suppression: Suppression;
    problem: "unused" | "expired" | "invalid";
    detail: string;
  }[];
}
