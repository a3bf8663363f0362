/**
 * One live verification: watches the wave through lib/cluster, feeds the verdict engine on every change, on a
 * timer and with metric results, and — when asked and the wave failed — rolls it back and watches the rollback.
 * The only code here that waits; decisions are lib/verify's.
 */
import type { ClusterConnection } from "../../cluster/connect";
import type { ClusterError } from "../../cluster/errors";
import type { WaveWatch } from "../../cluster/wave-watch";
import { Decision, VerdictEngine } from "../../verify/engine";
import { RollbackOutcome } from "../../verify/report";
import { rollbackStatus } from "../../verify/rollout-status";
import { VerifySettings } from "../../verify/config";
import { WaveTarget } from "../../verify/target";

/** Lazily loaded cluster module (never loaded by `wavegate check`). */
export type ClusterModule = typeof import("../../cluster");

/** What the session needs from its caller. */
export interface SessionOptions {
  readonly cluster: ClusterModule;
  readonly connection: ClusterConnection;
  readonly target: WaveTarget;
  readonly settings: VerifySettings;
  /** Called after every evaluation (the progress display). */
  readonly onProgress: (engine: VerdictEngine, decision: Decision) => void;
  /** Evaluation timer, ms. @default 500 */
  readonly tickMs?: number;
}

/** Waits for the engine's final decision. */
export async function runEngine(
  engine: VerdictEngine,
  watch: WaveWatch,
  options: SessionOptions,
): Promise<Decision> {
  const { settings, cluster } = options;
  const hardStop =
    engine.startedAt +
    (settings.progressDeadlineSeconds + settings.bakeSeconds + settings.noRestartSeconds + 60) * 1000;
  return new Promise<Decision>((resolve) => {
    const timers: NodeJS.Timeout[] = [];
    let done = false;
    const settle = (d: Decision) => {
      options.onProgress(engine, d);
      if (d.verdict === "progressing" || done) return;
      done = true;
      timers.forEach((t) => clearInterval(t));
      process.off("SIGINT", onSigint);
      resolve(d);
    };
    const onSigint = () => settle(engine.abandon("interrupted (SIGINT) before a verdict"));
    process.once("SIGINT", onSigint);
    watch.setHandlers(
      () => settle(engine.observe(watch.snapshot())),
      (e: ClusterError) => settle(engine.clusterError(e.message)),
    );
    timers.push(
      setInterval(() => {
        if (Date.now() > hardStop) settle(engine.abandon("no decision before the time limit"));
        else settle(engine.observe(watch.snapshot()));
      }, options.tickMs ?? 500),
    );
    const url = settings.prometheusUrl;
    if (url !== undefined && settings.metrics.length > 0) {
      const query = async () => {
        for (const m of settings.metrics) {
          const result = await cluster.queryPrometheus(url, m.query);
          if (done) return;
          settle(engine.metric(m.name, result, m.threshold));
        }
      };
      void query();
      timers.push(setInterval(() => void query(), settings.metricIntervalSeconds * 1000));
    }
    settle(engine.observe(watch.snapshot()));
  });
}

/**
 * Rolls the wave back (kubectl rollout undo) and waits until every pod on a Ready node runs the restored revision,
 * for at most the progress deadline.
 */
export async function rollBack(
  watch: WaveWatch | undefined,
  options: Pick<SessionOptions, "cluster" | "connection" | "target" | "settings">,
  previousHash: string | undefined,
  log: (line: string) => void,
): Promise<RollbackOutcome> {
  const { cluster, connection, target, settings } = options;
  let result;
  try {
    result = await cluster.rollbackDaemonSet(connection.http, target.namespace, target.name, previousHash);
  } catch (error) {
    return { outcome: "failed", message: `the rollback patch failed: ${(error as Error).message}` };
  }
  const decision = result.decision;
  if (!decision.ok) {
    return {
      outcome: decision.reason === "current-is-a-rollback" ? "refused" : "no-previous-revision",
      message: decision.message,
    };
  }
  const { from, to } = decision.plan;
  const patchedAt = new Date(result.patchedAt ?? Date.now()).toISOString();
  log(`rollback: patched ${target.namespace}/${target.name} from ${from.name} back to ${to.name}`);
  if (watch === undefined || to.hash === undefined) {
    return { outcome: "completed", from, to, patchedAt, message: `restored ${to.name}; not watched` };
  }
  const deadline = Date.now() + settings.progressDeadlineSeconds * 1000;
  return new Promise<RollbackOutcome>((resolve) => {
    let last = "";
    const check = () => {
      const s = watch.snapshot();
      if (s.daemonSet === undefined) return;
      const status = rollbackStatus(s.daemonSet, s.pods, s.nodes, to.hash!);
      if (status.message !== last) log(`rollback: ${(last = status.message)}`);
      if (status.complete) {
        finish({
          outcome: "completed",
          from,
          to,
          patchedAt,
          completedAt: new Date().toISOString(),
          message: `rolled back to ${to.name}: ${status.message}`,
        });
      } else if (Date.now() > deadline) {
        finish({
          outcome: "failed",
          from,
          to,
          patchedAt,
          message: `the rollback did not complete within ${settings.progressDeadlineSeconds}s: ${status.message}`,
        });
      }
    };
    const timer = setInterval(check, 250);
    const finish = (o: RollbackOutcome) => {
      clearInterval(timer);
      resolve(o);
    };
    watch.setHandlers(check, (e) =>
      finish({
        outcome: "failed",
        from,
        to,
        patchedAt,
        message: `lost the cluster while rolling back: ${e.message}`,
      }),
    );
  });
}
