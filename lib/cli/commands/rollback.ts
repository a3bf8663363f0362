/**
 * `wavegate rollback <input...> --agent <name> --wave <name>`: undoes one wave as `kubectl rollout undo` does (the
 * previous ControllerRevision by name/hash, never a rollback of a rollback) and waits until it has rolled out.
 * Exit 0 rolled back, 2 bad usage/input, 3 cluster unreachable/forbidden, 4 no previous revision / refused / failed.
 */
import { Command } from "commander";
import type { RollbackOutcome } from "../../verify/report";
import { CliIo } from "../io";
import { clusterOptions, ClusterCliOptions } from "./verify";

/** The report of `wavegate rollback` (`schemaVersion: 1`). */
export interface RollbackReport {
  readonly schemaVersion: 1;
  readonly agent: string;
  readonly cluster: string;
  readonly wave: string;
  readonly namespace: string;
  readonly daemonSet: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly rollback: RollbackOutcome;
}

/** `wavegate rollback`. */
export function registerRollback(program: Command, io: CliIo, setExit: (code: number) => void): void {
  clusterOptions(
    program
      .command("rollback")
      .description(
        "roll one wave back to its previous revision, as kubectl rollout undo does, and wait for it\n" +
          "(exit 0 rolled back, 2 bad usage/input, 3 cluster unreachable/forbidden, 4 nothing to roll back to or failed)",
      ),
  ).action(async (paths: string[], options: ClusterCliOptions) => {
    setExit(
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      await (require("./rollback-run") as typeof import("./rollback-run")).runRollback(paths, options, io),
    );
  });
}
