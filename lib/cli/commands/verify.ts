/**
 * `wavegate verify <input...> --agent <name> --wave <name>`: watches one wave live and decides whether it is healthy;
 * `--rollback` undoes a failed wave as `kubectl rollout undo` does. The wave (namespace, name, pool, expected
 * version) comes from the same inputs `wavegate check` reads. Exit codes in {@link VERIFY_EXIT}.
 */
import { Command, Option } from "commander";
import { INPUT_FORMATS } from "../../inputs/load";
import { InputFormat } from "../../inputs/types";
import { CliIo } from "../io";
import { SettingFlags } from "./verify-settings";

/** Exit codes of `wavegate verify` and `wavegate rollback`. */
export const VERIFY_EXIT = {
  /** Verified (rollback: rolled back and complete). */
  verified: 0,
  /** Failed: an anomaly (rolled back when `--rollback` and the rollback completed). */
  failed: 1,
  /** Bad usage or input, or drift (the live image is not the input's). */
  usage: 2,
  /** No verdict: unreachable, 401/403, deadline without decision, inconclusive, no nodes. */
  noVerdict: 3,
  /** Failed, and the rollback failed or had no previous revision. */
  rollbackFailed: 4,
} as const;

/** Options shared by verify and rollback. */
export interface ClusterCliOptions extends SettingFlags {
  readonly agent: string;
  readonly wave: string;
  readonly cluster?: string;
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly format?: "text" | "json";
  readonly output?: string;
  readonly inputFormat?: InputFormat;
}

/** Raw options of `wavegate verify`. */
export interface VerifyCliOptions extends ClusterCliOptions {
  readonly rollback?: boolean;
}

/** Adds the options verify and rollback share. */
export function clusterOptions(cmd: Command): Command {
  return cmd
    .argument(
      "<input...>",
      "cdktf.out, *.tf.json, plan JSON, *.tf or Kubernetes YAML: where the wave is defined",
    )
    .requiredOption("--agent <name>", "the agent (wavegate.dev/agent)")
    .requiredOption("--wave <name>", "the wave (wavegate.dev/wave)")
    .option("--cluster <name>", "the wave's cluster, when the wave spans several (provider reference)")
    .option("--kubeconfig <file>", "kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)")
    .option("--context <name>", "kubeconfig context (default: current-context)")
    .option(
      "--deadline <duration>",
      "progress deadline (default 10m, or the simulator's prediction if longer)",
    )
    .addOption(new Option("-f, --format <format>", "report format").choices(["text", "json"]).default("text"))
    .option("-o, --output <file>", "write the report to a file")
    .option("-c, --config <file>", "config file with a verify section (default: wavegate.json when present)")
    .addOption(
      new Option("--input-format <format>", "read every input as this format").choices(INPUT_FORMATS),
    );
}

/** `wavegate verify`. */
export function registerVerify(program: Command, io: CliIo, setExit: (code: number) => void): void {
  clusterOptions(
    program
      .command("verify")
      .description(
        "watch one wave live: rollout complete, pool nodes stay Ready, no restarts, bake, metrics\n" +
          "(exit 0 verified, 1 failed, 2 bad usage/input or drift, 3 no verdict, 4 failed and the rollback failed)",
      ),
  )
    .option("--bake <duration>", "watch this long after the rollout completes (default 10m)")
    .option("--restart-window <duration>", "no restart in the last part of the bake (default 5m)")
    .option("--cant-start <duration>", "a can't-start reason lasting longer fails the wave (default 3m)")
    .option("--prometheus <url>", "Prometheus for the metrics of the verify config section")
    .option("--rollback", "roll a failed wave back to its previous revision (kubectl rollout undo)")
    // The run (engine, cluster adapter, client-node) is loaded only when the command runs.
    .action(async (paths: string[], options: VerifyCliOptions) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      setExit(await (require("./verify-run") as typeof import("./verify-run")).runVerify(paths, options, io));
    });
}
