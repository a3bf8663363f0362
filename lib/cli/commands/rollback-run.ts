/** The run of `wavegate rollback`. */
import { RollbackOutcome } from "../../verify/report";
import { CliIo } from "../io";
import { RollbackReport } from "./rollback";
import { rollBack } from "./verify-session";
import { plainProgress } from "./verify-output";
import { ClusterCliOptions, VERIFY_EXIT } from "./verify";
import { connectWave, emit, prepare } from "./verify-run";

/** Runs `wavegate rollback`; resolves to the exit code. */
export async function runRollback(
  paths: readonly string[],
  options: ClusterCliOptions,
  io: CliIo,
): Promise<number> {
  const { target, cluster, settings } = await prepare(paths, options, io);
  const startedAt = new Date().toISOString();
  const progress = plainProgress(io.err, `${target.agent}/${target.wave}`);
  const { connection, watch } = await connectWave(cluster, options, io, target);
  let rollback: RollbackOutcome;
  let code: number;
  try {
    await watch.start();
    rollback = await rollBack(watch, { cluster, connection, target, settings }, undefined, (l) =>
      progress.line(l),
    );
    code = rollback.outcome === "completed" ? VERIFY_EXIT.verified : VERIFY_EXIT.rollbackFailed;
  } catch (error) {
    rollback = { outcome: "failed", message: (error as Error).message };
    code = VERIFY_EXIT.noVerdict;
  } finally {
    watch.stop();
  }
  const report: RollbackReport = {
    schemaVersion: 1,
    agent: target.agent,
    cluster: target.cluster,
    wave: target.wave,
    namespace: target.namespace,
    daemonSet: target.name,
    startedAt,
    finishedAt: new Date().toISOString(),
    rollback,
  };
  const text =
    options.format === "json"
      ? `${JSON.stringify(report, null, 2)}\n`
      : `wavegate rollback: ${target.agent}/${target.wave} (${target.namespace}/${target.name}) ${rollback.outcome}: ${rollback.message}\n`;
  await emit(text, options.output, io);
  return code;
}
