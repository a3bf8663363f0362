/**
 * The verdict engine for one wave: observations in, `progressing` / `verified` / `failed` / `inconclusive` /
 * `error` out. Pure: no I/O, time from an injected clock. The cluster adapter feeds it snapshots; the CLI calls
 * {@link VerdictEngine.observe} on every change and on a timer (the bake ends without any event).
 *
 * Invariants: a failure is final the moment it is seen; `verified` only at the end of the bake; unknown is never
 * healthy (a missing status, a desired count of 0, a metric with no data, a lost connection never verify).
 */
import { VerifySettings } from "./config";
import { PodSignals } from "./pod-signals";
import { judgeMetric, MetricResult } from "./metrics";
import {
  ControllerRevisionObject,
  DaemonSetObject,
  NodeObject,
  nodeReadyStatus,
  PodObject,
  REVISION_HASH_LABEL,
} from "./objects";
import { ReasonCode, SignalEvent, SignalName, Verdict, WaveCounts } from "./report";
import { currentRevision, refOf, RevisionRef } from "./revisions";
import { rolloutStatus, RolloutStatus } from "./rollout-status";

/** What the cluster looks like for one wave: its DaemonSet, revisions, pods and its pool's nodes. */
export interface WaveSnapshot {
  /** The wave's DaemonSet, or undefined when it does not exist. */
  readonly daemonSet?: DaemonSetObject;
  /** The DaemonSet's ControllerRevisions. */
  readonly revisions: readonly ControllerRevisionObject[];
  /** The DaemonSet's pods. */
  readonly pods: readonly PodObject[];
  /** The nodes of the wave's pool. */
  readonly nodes: readonly NodeObject[];
}

/** The engine's current answer. */
export interface Decision {
  /** The verdict. */
  readonly verdict: Verdict;
  /** Reason code, for final verdicts. */
  readonly reasonCode?: ReasonCode;
  /** One line. */
  readonly message: string;
}

/** A clock in milliseconds since the epoch. */
export type Clock = () => number;

/** The pure verdict engine of one wave. */
export class VerdictEngine {
  /** Every signal change, in time order. */
  public readonly events: SignalEvent[] = [];
  /** When verification began (ms). */
  public readonly startedAt: number;
  /** When the rollout was first seen complete (ms): the bake's start. */
  public rolloutCompletedAt?: number;
  /** The pool nodes that turned NotReady/Unknown. */
  public readonly failedNodes: string[] = [];

  private final?: Decision;
  private readyAtStart?: Set<string>;
  private previousHashAtStart?: string;
  private lastStatus?: RolloutStatus;
  private lastSnapshot?: WaveSnapshot;
  private readonly podSignals: PodSignals;
  private readonly metricState = new Map<string, { last: string; errors: number }>();
  private readonly lastSignal = new Map<string, string>();

  constructor(
    private readonly settings: VerifySettings,
    private readonly clock: Clock,
  ) {
    this.startedAt = clock();
    this.podSignals = new PodSignals(settings);
  }

  /** The final decision, once there is one. */
  get decision(): Decision | undefined {
    return this.final;
  }

  /** The hash the wave's old pods carried when verification began (the rollback target), if any. */
  get previousHash(): string | undefined {
    return this.previousHashAtStart;
  }

  /** Judges a snapshot (or, with none, the last one again: time passing ends the bake). */
  observe(snapshot: WaveSnapshot | undefined = this.lastSnapshot): Decision {
    if (this.final !== undefined) return this.final;
    if (snapshot === undefined)
      return { verdict: "progressing", message: "waiting for the first observation" };
    this.lastSnapshot = snapshot;
    const now = this.clock();
    const ds = snapshot.daemonSet;
    if (ds === undefined)
      return this.finish("error", "not-found", "the DaemonSet does not exist in the cluster");
    const status = rolloutStatus(ds, snapshot.revisions, snapshot.pods);
    this.lastStatus = status;
    const current = currentRevision(ds, snapshot.revisions);
    const hash = status.hash;
    if (this.readyAtStart === undefined) this.baseline(snapshot, hash);

    const failure = this.checkNodes(snapshot.nodes) ?? this.checkPods(snapshot.pods, hash, now);
    if (failure !== undefined) return failure;

    const observed =
      ds.metadata?.generation !== undefined &&
      (ds.status?.observedGeneration ?? -1) >= ds.metadata.generation;
    if (observed && status.desired === 0) {
      return this.finish(
        "inconclusive",
        "desired-zero",
        "desiredNumberScheduled is 0: a wave on no node proves nothing",
      );
    }
    if (snapshot.nodes.length === 0) {
      return this.finish("inconclusive", "no-nodes", "the wave's pool has no nodes: nothing to verify");
    }
    this.signal("rollout", status.complete ? "ok" : "pending", status.message, undefined, now);
    if (!status.complete && this.rolloutCompletedAt === undefined) {
      const deadline = this.settings.progressDeadlineSeconds * 1000;
      if (now - this.startedAt >= deadline) {
        this.signal(
          "deadline",
          "failed",
          `progress deadline ${this.settings.progressDeadlineSeconds}s reached`,
          undefined,
          now,
        );
        return this.finish(
          "failed",
          "progress-deadline",
          `the rollout did not complete within ${this.settings.progressDeadlineSeconds}s: ${status.message}`,
        );
      }
      return { verdict: "progressing", message: status.message };
    }
    if (this.rolloutCompletedAt === undefined) {
      this.rolloutCompletedAt = now;
      this.signal(
        "bake",
        "pending",
        `rollout complete on revision ${current?.metadata?.name ?? hash}; baking ${this.settings.bakeSeconds}s`,
        undefined,
        now,
      );
    }
    return this.bake(status, now);
  }

  /** Feeds one metric query result. A breach is final at once; more than the error limit in a row is an error. */
  metric(name: string, result: MetricResult, threshold: Parameters<typeof judgeMetric>[1]): Decision {
    if (this.final !== undefined) return this.final;
    const now = this.clock();
    const judged = judgeMetric(result, threshold);
    const state = this.metricState.get(name) ?? { last: "none", errors: 0 };
    state.errors = judged === "error" ? state.errors + 1 : 0;
    state.last = judged;
    this.metricState.set(name, state);
    const shown =
      result.kind === "values"
        ? result.values.join(", ")
        : result.kind === "empty"
          ? "no data"
          : result.message;
    const t = `${threshold.op} ${threshold.value}`;
    if (judged === "breached") {
      this.signal("metric", "failed", `${name} = ${shown}, threshold ${t}`, name, now);
      return this.finish("failed", "metric-breached", `metric ${name} = ${shown} breaches ${t}`);
    }
    if (judged === "error" && state.errors > this.settings.metricErrorLimit) {
      this.signal("metric", "error", `${name}: ${state.errors} consecutive errors (${shown})`, name, now);
      return this.finish(
        "error",
        "metric-errors",
        `metric ${name} failed ${state.errors} times in a row: ${shown}`,
      );
    }
    const status = judged === "ok" ? "ok" : judged === "no-data" ? "inconclusive" : "warning";
    this.signal("metric", status, `${name} = ${shown} (threshold ${t})`, name, now);
    return this.observe();
  }

  /** The cluster cannot be read (unreachable, 401/403, a watch that cannot be re-established): never verified. */
  clusterError(message: string): Decision {
    if (this.final !== undefined) return this.final;
    this.signal("cluster", "error", message, undefined, this.clock());
    return this.finish("error", "cluster-error", message);
  }

  /** Ends the verification without a decision (interrupted, or the caller's overall time limit). */
  abandon(message: string): Decision {
    if (this.final !== undefined) return this.final;
    return this.finish("inconclusive", "interrupted", message);
  }

  /** Counts for the report. */
  counts(): WaveCounts {
    const s = this.lastStatus;
    return {
      poolNodes: this.lastSnapshot?.nodes.length ?? 0,
      readyAtStart: this.readyAtStart?.size ?? 0,
      desired: s?.desired,
      updated: s?.updated,
      available: s?.available,
      pods: this.lastSnapshot?.pods.length ?? 0,
    };
  }

  /** The current revision, as last seen. */
  currentRevision(): RevisionRef | undefined {
    const ds = this.lastSnapshot?.daemonSet;
    const cur = ds !== undefined ? currentRevision(ds, this.lastSnapshot?.revisions ?? []) : undefined;
    return cur !== undefined ? refOf(cur) : undefined;
  }

  /** Seconds of bake left (undefined before the rollout completed). */
  bakeLeftSeconds(): number | undefined {
    if (this.rolloutCompletedAt === undefined) return undefined;
    return Math.max(
      0,
      Math.ceil((this.rolloutCompletedAt + this.settings.bakeSeconds * 1000 - this.clock()) / 1000),
    );
  }

  /** Restarts counted on the new revision's containers (sum). */
  restarts(): number {
    return this.podSignals.total();
  }

  private baseline(snapshot: WaveSnapshot, hash: string | undefined): void {
    this.readyAtStart = new Set(
      snapshot.nodes.filter((n) => nodeReadyStatus(n) === "True").map((n) => n.metadata?.name ?? ""),
    );
    const old = new Map<string, number>();
    for (const p of snapshot.pods) {
      const h = p.metadata?.labels?.[REVISION_HASH_LABEL];
      if (h !== undefined && h !== hash) old.set(h, (old.get(h) ?? 0) + 1);
    }
    this.previousHashAtStart = [...old.entries()].sort(
      (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
    )[0]?.[0];
  }

  /** The boot-loop signal: a pool node Ready at start that turns NotReady or Unknown fails the wave at once. */
  private checkNodes(nodes: readonly NodeObject[]): Decision | undefined {
    const now = this.clock();
    for (const node of nodes) {
      const name = node.metadata?.name ?? "";
      if (!this.readyAtStart?.has(name)) continue;
      const ready = nodeReadyStatus(node);
      if (ready === "True") continue;
      if (!this.failedNodes.includes(name)) {
        this.failedNodes.push(name);
        this.signal(
          "node-ready",
          "failed",
          `node ${name} turned ${ready === "False" ? "NotReady" : "Unknown"} (was Ready at start)`,
          name,
          now,
        );
      }
    }
    if (this.failedNodes.length > this.settings.notReadyTolerance) {
      return this.finish(
        "failed",
        "node-not-ready",
        `node ${this.failedNodes.join(", ")} turned NotReady/Unknown during the rollout (Ready when verification began)`,
      );
    }
    return undefined;
  }

  /** Restarts and can't-start reasons on the new revision's pods (lib/verify/pod-signals.ts). */
  private checkPods(pods: WaveSnapshot["pods"], hash: string | undefined, now: number): Decision | undefined {
    const failure = this.podSignals.check(pods, hash, now, (status, signal, message, subject) =>
      this.signal(signal, status, message, subject, now),
    );
    return failure === undefined ? undefined : this.finish("failed", failure.reasonCode, failure.message);
  }

  /** After the rollout: verified only when the bake is over, the last restart is old enough, and every metric is ok. */
  private bake(status: RolloutStatus, now: number): Decision {
    const bakeEnd = (this.rolloutCompletedAt ?? now) + this.settings.bakeSeconds * 1000;
    const quietFor = this.settings.noRestartSeconds * 1000;
    const cap = bakeEnd + quietFor;
    const left = Math.ceil((bakeEnd - now) / 1000);
    if (now < bakeEnd) return { verdict: "progressing", message: `baking: ${left}s left` };
    if (this.podSignals.unverifiable !== undefined) {
      return this.finish(
        "inconclusive",
        "restarts-unverifiable",
        `the bake ended but ${this.podSignals.unverifiable}`,
      );
    }
    const noData = [...this.metricState.entries()].filter(([, s]) => s.last !== "ok").map(([n]) => n);
    const missing = this.settings.metrics.filter((m) => !this.metricState.has(m.name)).map((m) => m.name);
    const restartRecent =
      this.podSignals.lastRestartAt !== undefined && now - this.podSignals.lastRestartAt < quietFor;
    if (status.complete && !restartRecent && noData.length === 0 && missing.length === 0) {
      this.signal(
        "bake",
        "ok",
        `baked ${this.settings.bakeSeconds}s with no restart in the last ${this.settings.noRestartSeconds}s`,
        undefined,
        now,
      );
      return this.finish(
        "verified",
        "verified",
        `rolled out to ${status.desired} nodes and baked ${this.settings.bakeSeconds}s`,
      );
    }
    if (now < cap) {
      const why = !status.complete
        ? status.message
        : restartRecent
          ? "a restart in the no-restart window"
          : `metric ${[...noData, ...missing].join(", ")} has no passing value yet`;
      return { verdict: "progressing", message: `bake over, waiting: ${why}` };
    }
    if (!status.complete)
      return this.finish(
        "inconclusive",
        "bake-unquiet",
        `the bake ended but the rollout is no longer complete: ${status.message}`,
      );
    if (restartRecent)
      return this.finish(
        "inconclusive",
        "bake-unquiet",
        `containers kept restarting within the last ${this.settings.noRestartSeconds}s of the bake`,
      );
    return this.finish(
      "inconclusive",
      "metric-no-data",
      `metric ${[...noData, ...missing].join(", ")} returned no usable value`,
    );
  }

  private finish(verdict: Verdict, reasonCode: ReasonCode, message: string): Decision {
    this.final = { verdict, reasonCode, message };
    return this.final;
  }

  /** Records a signal when its message changed (per signal and subject). */
  private signal(
    signal: SignalName,
    status: SignalEvent["status"],
    message: string,
    subject: string | undefined,
    now: number,
  ): void {
    const key = `${signal}/${subject ?? ""}`;
    const text = `${status}:${message}`;
    if (this.lastSignal.get(key) === text) return;
    this.lastSignal.set(key, text);
    this.events.push({
      signal,
      at: new Date(now).toISOString(),
      status,
      message,
      ...(subject !== undefined ? { subject } : {}),
    });
  }
}
