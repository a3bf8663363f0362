/**
 * The verification report: a stable, documented shape (`schemaVersion: 1`) that `wavegate verify --format json`
 * prints and that other tools (the release ledger) may store as evidence. Fields are only ever added.
 */
import { RevisionRef } from "./revisions";

/** What the engine says about a wave at one moment. */
export type Verdict = "progressing" | "verified" | "failed" | "inconclusive" | "error";

/** A final verdict (what a report carries). */
export type FinalVerdict = Exclude<Verdict, "progressing">;

/** Why the verdict is what it is: a stable code, then a sentence in `reason`. */
export type ReasonCode =
  | "verified"
  | "node-not-ready"
  | "restarts"
  | "cant-start"
  | "metric-breached"
  | "progress-deadline"
  | "desired-zero"
  | "no-nodes"
  | "restarts-unverifiable"
  | "metric-no-data"
  | "bake-unquiet"
  | "metric-errors"
  | "cluster-error"
  | "not-found"
  | "interrupted";

/** The signals the engine reads. */
export type SignalName =
  | "rollout"
  | "node-ready"
  | "restarts"
  | "cant-start"
  | "bake"
  | "metric"
  | "desired"
  | "deadline"
  | "cluster"
  | "rollback";

/** One observation of one signal, when it changed. */
export interface SignalEvent {
  /** Which signal. */
  readonly signal: SignalName;
  /** ISO time of the observation. */
  readonly at: string;
  /** What it said. */
  readonly status: "ok" | "pending" | "warning" | "failed" | "inconclusive" | "error";
  /** One line, e.g. `node ip-10-0-1-5 turned NotReady (was Ready at start)`. */
  readonly message: string;
  /** The node, pod/container or metric it is about. */
  readonly subject?: string;
}

/** Counts at the end of the verification. */
export interface WaveCounts {
  /** Nodes of the wave's pool seen. */
  readonly poolNodes: number;
  /** Pool nodes Ready when verification began (the boot-loop signal watches these). */
  readonly readyAtStart: number;
  /** desiredNumberScheduled. */
  readonly desired?: number;
  /** updatedNumberScheduled. */
  readonly updated?: number;
  /** numberAvailable. */
  readonly available?: number;
  /** The wave's pods seen. */
  readonly pods: number;
}

/** What happened to the rollback. */
export interface RollbackOutcome {
  /** `completed`: the previous template is back and rolled out; `failed`: the patch or its rollout failed;
   * `no-previous-revision` / `refused` (never roll back a rollback): nothing was sent. */
  readonly outcome: "completed" | "failed" | "no-previous-revision" | "refused";
  /** The revision undone. */
  readonly from?: RevisionRef;
  /** The revision restored. */
  readonly to?: RevisionRef;
  /** One line. */
  readonly message: string;
  /** ISO time the patch was sent. */
  readonly patchedAt?: string;
  /** ISO time the restored revision finished rolling out. */
  readonly completedAt?: string;
}

/**
 * The report of one `wavegate verify` (or `wavegate rollback`) run over one wave.
 * @example { "schemaVersion": 1, "agent": "cloud-sec-agent", "wave": "canary", "verdict": "failed", "reason": "...", ... }
 */
export interface VerifyReport {
  /** Always 1 for this shape. */
  readonly schemaVersion: 1;
  /** The agent (rollout contract `wavegate.dev/agent`). */
  readonly agent: string;
  /** The cluster (provider reference / `wavegate.dev/cluster`, `default` when not stated). */
  readonly cluster: string;
  /** The kubeconfig context used, when known. */
  readonly context?: string;
  /** The wave name. */
  readonly wave: string;
  /** The DaemonSet's namespace. */
  readonly namespace: string;
  /** The DaemonSet's name. */
  readonly daemonSet: string;
  /** The version the input says the wave runs. */
  readonly expectedVersion?: string;
  /** The agent container's image the input says the wave runs. */
  readonly expectedImage?: string;
  /** The final verdict. */
  readonly verdict: FinalVerdict;
  /** Stable reason code. */
  readonly reasonCode: ReasonCode;
  /** One-line reason, naming the node, pod or metric. */
  readonly reason: string;
  /** ISO time verification began. */
  readonly startedAt: string;
  /** ISO time it ended. */
  readonly finishedAt: string;
  /** The effective settings (seconds). */
  readonly settings: {
    readonly bakeSeconds: number;
    readonly noRestartSeconds: number;
    readonly progressDeadlineSeconds: number;
  };
  /** ISO time the rollout was first seen complete (the bake's start), if it was. */
  readonly rolloutCompletedAt?: string;
  /** Every signal change, in time order. */
  readonly signals: readonly SignalEvent[];
  /** Counts. */
  readonly counts: WaveCounts;
  /** Pool nodes that turned NotReady/Unknown. */
  readonly failedNodes: readonly string[];
  /** The revisions involved. */
  readonly revisions: { readonly current?: RevisionRef; readonly previous?: RevisionRef };
  /** The rollback, when one was asked for and the wave failed. */
  readonly rollback?: RollbackOutcome;
}
