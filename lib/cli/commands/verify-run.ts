/** The run of `wavegate verify`: load the wave, connect, watch, decide, roll back, report. */
import { writeFile } from "node:fs/promises";
import type { ClusterConnection } from "../../cluster/connect";
import type { WaveWatch } from "../../cluster/wave-watch";
import * as path from "node:path";
import { loadInputs } from "../../inputs/load";
import { VerdictEngine } from "../../verify/engine";
import { progressDeadline, VerifySettings } from "../../verify/config";
import { RollbackOutcome, VerifyReport } from "../../verify/report";
import { findDrift, findWave, TargetError, WaveTarget } from "../../verify/target";
import { CliIo, UsageError } from "../io";
import { ClusterModule, rollBack, runEngine } from "./verify-session";
import { plainProgress, Progress, reportText, terminal, ttyProgress } from "./verify-output";
import { predictedRolloutSeconds, verifySettings } from "./verify-settings";
import { ClusterCliOptions, VERIFY_EXIT, VerifyCliOptions } from "./verify";

/** The wave and a connection to its cluster; throws UsageError for bad input (exit 2). */
export async function prepare(
  paths: readonly string[],
  options: ClusterCliOptions,
  io: CliIo,
): Promise<{ target: WaveTarget; cluster: ClusterModule; settings: VerifySettings }> {
  const settings = await verifySettings(options, io.cwd);
  const load = await loadInputs([...paths], {
    format: options.inputFormat,
    cwd: io.cwd,
    readStdin: io.readStdin,
  });
  let target: WaveTarget;
  try {
    target = findWave(load.daemonSets, options.agent, options.wave, options.cluster);
  } catch (error) {
    if (error instanceof TargetError) throw new UsageError(error.message);
    throw error;
  }
  // Loaded here, never by `wavegate check`: lib/cluster brings @kubernetes/client-node.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cluster = require("../../cluster") as ClusterModule;
  return { target, cluster, settings };
}

/** Runs `wavegate verify`; resolves to the exit code. */
export async function runVerify(
  paths: readonly string[],
  options: VerifyCliOptions,
  io: CliIo,
): Promise<number> {
  const { target, cluster, settings: base } = await prepare(paths, options, io);
  const startedAt = new Date().toISOString();
  const label = `${target.agent}/${target.wave}`;
  const tty = options.format !== "json" && options.output === undefined ? terminal(io) : undefined;
  // log-update is an ES module: Node < 20.19 cannot require it, and then the plain lines are used.
  const progress: Progress =
    tty !== undefined
      ? await ttyProgress(tty, label).catch(() => plainProgress(io.err, label))
      : plainProgress(io.err, label);
  const { connection, watch } = await connectWave(cluster, options, io, target);
  const noVerdict = async (message: string): Promise<number> => {
    const engine = new VerdictEngine(base, Date.now);
    engine.clusterError(message);
    return finish(engine, base, undefined);
  };
  const finish = async (
    engine: VerdictEngine,
    settings: VerifySettings,
    rollback: RollbackOutcome | undefined,
  ): Promise<number> => {
    watch.stop();
    progress.done();
    const d = engine.decision ?? engine.abandon("no decision");
    const report: VerifyReport = {
      schemaVersion: 1,
      agent: target.agent,
      cluster: target.cluster,
      context: connection.kubeconfig.context,
      wave: target.wave,
      namespace: target.namespace,
      daemonSet: target.name,
      expectedVersion: target.expectedVersion,
      expectedImage: target.agentContainer !== undefined ? target.images[target.agentContainer] : undefined,
      verdict: d.verdict === "progressing" ? "inconclusive" : d.verdict,
      reasonCode: d.reasonCode ?? "interrupted",
      reason: d.message,
      startedAt,
      finishedAt: new Date().toISOString(),
      settings: {
        bakeSeconds: settings.bakeSeconds,
        noRestartSeconds: settings.noRestartSeconds,
        progressDeadlineSeconds: settings.progressDeadlineSeconds,
      },
      ...(engine.rolloutCompletedAt !== undefined
        ? { rolloutCompletedAt: new Date(engine.rolloutCompletedAt).toISOString() }
        : {}),
      signals: engine.events,
      counts: engine.counts(),
      failedNodes: engine.failedNodes,
      revisions: {
        current: rollback?.from ?? engine.currentRevision(),
        ...(rollback?.to ? { previous: rollback.to } : {}),
      },
      ...(rollback !== undefined ? { rollback } : {}),
    };
    await emit(reportText(report, options.format ?? "text"), options.output, io);
    if (options.record !== undefined) await recordOutcome(options.record, report, target, io);
    return exitCode(report);
  };
  try {
    await watch.start();
  } catch (error) {
    return noVerdict(error instanceof Error ? error.message : String(error));
  }
  const first = watch.snapshot();
  const drift = first.daemonSet !== undefined ? findDrift(target, first.daemonSet) : [];
  if (drift.length > 0) {
    watch.stop();
    progress.done();
    const d = drift[0];
    throw new UsageError(
      `drift: ${target.namespace}/${target.name} container ${d.container} runs ${d.live}, but the input says ${d.expected}` +
        " (re-apply the input, or make the input agree with the cluster)",
    );
  }
  // An explicit --deadline is taken as given; otherwise the configured one or the simulator's prediction, if longer.
  const settings: VerifySettings = {
    ...base,
    progressDeadlineSeconds:
      options.deadline !== undefined
        ? base.progressDeadlineSeconds
        : progressDeadline(base.progressDeadlineSeconds, predictedRolloutSeconds(target, first.nodes.length)),
  };
  const engine = new VerdictEngine(settings, Date.now);
  const decision = await runEngine(engine, watch, {
    cluster,
    connection,
    target,
    settings,
    onProgress: (e, d) => progress.update(e, d),
  });
  let rollback: RollbackOutcome | undefined;
  if (decision.verdict === "failed" && options.rollback) {
    progress.line(`failed: ${decision.message}; rolling back`);
    rollback = await rollBack(watch, { cluster, connection, target, settings }, engine.previousHash, (l) =>
      progress.line(l),
    );
    progress.line(`rollback ${rollback.outcome}: ${rollback.message}`);
  }
  return finish(engine, settings, rollback);
}

/** The exit code of a report. */
export function exitCode(r: Pick<VerifyReport, "verdict" | "rollback">): number {
  if (r.verdict === "verified") return VERIFY_EXIT.verified;
  if (r.verdict === "failed") {
    return r.rollback !== undefined && r.rollback.outcome !== "completed"
      ? VERIFY_EXIT.rollbackFailed
      : VERIFY_EXIT.failed;
  }
  return VERIFY_EXIT.noVerdict;
}

/** Prints the report to stdout, or writes it to `--output` (and the one-line verdict to stdout). */
export async function emit(text: string, output: string | undefined, io: CliIo): Promise<void> {
  if (output === undefined) {
    io.out(text);
    return;
  }
  await writeFile(path.resolve(io.cwd, output), text).catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--output ${output}: cannot write (${err.code ?? err.message})`);
  });
  io.out(`report written to ${output}\n`);
}

/** `--record <ledger>`: appends the outcome (with the wave's content hash) to the evidence ledger. */
async function recordOutcome(
  ledger: string,
  report: VerifyReport,
  target: WaveTarget,
  io: CliIo,
): Promise<void> {
  const { recordVerifyOutcome } = await import("../release-store");
  const after = await recordVerifyOutcome(ledger, io.cwd, report, { daemonSet: target.source });
  const entry = after.entries[after.entries.length - 1];
  io.err(
    `wavegate: recorded ${entry.event} ${entry.version} in ${ledger}:${after.lines[after.lines.length - 1]}\n`,
  );
}

/**
 * Connects to the cluster and opens the wave's watch. A kubeconfig that cannot be used is bad usage (exit 2), never a
 * silent fallback to another server.
 */
export async function connectWave(
  cluster: ClusterModule,
  options: ClusterCliOptions,
  io: CliIo,
  target: WaveTarget,
): Promise<{ connection: ClusterConnection; watch: WaveWatch }> {
  let connection;
  try {
    connection = await cluster.connect({
      kubeconfig: options.kubeconfig,
      context: options.context,
      cwd: io.cwd,
    });
  } catch (error) {
    if (error instanceof cluster.ClusterError && error.kind === "config") throw new UsageError(error.message);
    throw error;
  }
  return { connection, watch: new cluster.WaveWatch(connection.http, connection.watch, target) };
}
