import { IntOrPercent } from "../model/int-or-percent";

/** One wave of a simulated rollout: one DaemonSet over one node pool. */
export interface SimWave {
  /** Wave name, e.g. `canary`. */
  readonly name: string;
  /** Nodes in the wave's pool when the rollout starts (the DaemonSet's desired count). */
  readonly nodes: number;
  /** maxUnavailable of the wave's rolling update (resolved against the desired count at every sync). */
  readonly maxUnavailable: IntOrPercent;
  /** maxSurge of the wave's rolling update. */
  readonly maxSurge: IntOrPercent;
  /**
   * Seconds a new pod must stay Ready before it counts as available.
   * @default 0
   */
  readonly minReadySeconds?: number;
  /**
   * Seconds the wave bakes after it completes before the next wave starts (the health gate's soak).
   * Ignored on the last wave.
   * @default 0
   */
  readonly bakeSeconds?: number;
  /**
   * Nodes whose (old) pod is already unavailable when the rollout starts. The controller replaces them regardless
   * of the budget.
   * @default 0
   */
  readonly unhealthyAtStart?: number;
}

/** How long one pod takes to become Ready; each phase gets its own seeded jitter. */
export interface PodTimings {
  /**
   * Seconds to stop the old pod before the new one starts (maxSurge 0 only).
   * @default 2
   */
  readonly terminationSeconds?: number;
  /**
   * Seconds to pull the new image.
   * @default 8
   */
  readonly imagePullSeconds?: number;
  /**
   * Seconds from container start until the process runs.
   * @default 5
   */
  readonly startSeconds?: number;
  /**
   * Seconds from process start until the readiness probe first passes.
   * @default 7
   */
  readonly readinessSeconds?: number;
  /**
   * Relative jitter of every phase: each takes `base * (1 + u)` with `u` uniform in `[-jitter, +jitter]`.
   * @default 0.25
   */
  readonly jitter?: number;
}

/** What the new version does wrong. */
export type FaultKind = "none" | "crashloop" | "brick";

/** A fault of the new version. */
export interface FaultSpec {
  /**
   * `crashloop`: the new pod never turns Ready (the node is fine). `brick`: the node turns NotReady once the new
   * pod starts, so the pod stays unavailable. `none`: a good version.
   * @default "none"
   */
  readonly kind: FaultKind;
  /**
   * Fraction of nodes (0..1) the fault hits, e.g. one kernel out of several in the fleet; each node is drawn
   * independently with the seeded generator.
   * @default 1
   */
  readonly rate?: number;
}

/** Everything besides the waves that shapes a simulation. */
export interface SimulationOptions {
  /**
   * Seed of the pseudo-random generator (timings, faulty nodes, churn). Same seed, same result.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Pod timings.
   * @default see PodTimings
   */
  readonly timings?: PodTimings;
  /**
   * The new version's fault.
   * @default { kind: "none" }
   */
  readonly fault?: FaultSpec;
  /**
   * New nodes joining the fleet per hour (autoscaler, auto-repair), spread over the waves' pools by size. A new
   * node gets its wave's current template at once.
   * @default 0
   */
  readonly churnPerHour?: number;
  /**
   * Seconds from a halt until a human rolls the bad version back; node churn keeps exposing new nodes until then.
   * @default 3600
   */
  readonly responseSeconds?: number;
  /**
   * Simulated seconds after which the run stops whatever its state (a safety net).
   * @default 30 days
   */
  readonly maxSeconds?: number;
  /**
   * Recount every node after every controller sync and throw if the incremental counters disagree (slow; tests).
   * @default false
   */
  readonly audit?: boolean;
}

/** Where a wave ended. */
export type WaveStatus = "complete" | "halted" | "not-started";

/** Why a rollout stopped before its last wave completed. */
export type HaltReason =
  /** The native controller stopped: unavailable pods exhausted the budget. */
  | "budget-exhausted"
  /** Every node was updated but some pods never became available, so the rollout never completes. */
  | "never-available"
  /** The health gate saw an anomaly (a failed pod) while the wave baked, or at its end. */
  | "health-gate";

/** What happened in one wave. */
export interface WaveResult {
  /** Wave name. */
  readonly name: string;
  /** Nodes in the pool at the start. */
  readonly nodes: number;
  /** Nodes that joined the pool during the simulation. */
  readonly joinedNodes: number;
  /** maxUnavailable resolved against the starting node count. */
  readonly maxUnavailable: number;
  /** maxSurge resolved against the starting node count. */
  readonly maxSurge: number;
  /** minReadySeconds used. */
  readonly minReadySeconds: number;
  /** Bake time after completion, in seconds (0 for the last wave). */
  readonly bakeSeconds: number;
  /** Rounds of the rolling window: the longest chain of updates each started by the previous one finishing. */
  readonly batches: number;
  /** Where the wave ended. */
  readonly status: WaveStatus;
  /** Seconds from rollout start to this wave's start, when it started. */
  readonly startSeconds?: number;
  /** Seconds from the wave's start until it completed or halted (0 when it never started). */
  readonly durationSeconds: number;
  /** Nodes that ran the new version. */
  readonly exposedNodes: number;
  /** Nodes the new version bricked. */
  readonly brickedNodes: number;
  /** Nodes whose new pod crash-looped. */
  readonly crashLoopingNodes: number;
  /** The most nodes without an available pod at once during the wave's rollout. */
  readonly peakUnavailable: number;
  /** The most nodes running two pods (old and new) at once. */
  readonly peakSurge: number;
}

/** The outcome of one simulated rollout. */
export interface SimulationResult {
  /** Per-wave results, in rollout order. */
  readonly waves: readonly WaveResult[];
  /** Seconds from start until the last wave completed, or until the halt. */
  readonly totalSeconds: number;
  /** Set when the rollout stopped before the last wave completed. */
  readonly halt?: {
    /** Name of the wave the rollout stopped in. */
    readonly wave: string;
    /** Why it stopped. */
    readonly reason: HaltReason;
    /** Seconds from rollout start. */
    readonly atSeconds: number;
  };
  /** Exposure summary. */
  readonly fault: {
    /** The simulated fault. */
    readonly kind: FaultKind;
    /** Fraction of nodes it hits. */
    readonly rate: number;
    /** The wave the rollout halted in, or null. */
    readonly haltedInWave: string | null;
    /** Nodes bricked over all waves, including nodes that joined before the rollback. */
    readonly brickedNodes: number;
    /** Nodes that ran the new version over all waves. */
    readonly exposedNodes: number;
  };
  /** Seed used. */
  readonly seed: number;
  /** Simulation events processed (for benchmarks). */
  readonly events: number;
}
