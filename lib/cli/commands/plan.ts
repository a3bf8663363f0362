import { Command, Option } from "commander";
import { INPUT_FORMATS } from "../../inputs/load";
import { InputFormat } from "../../inputs/types";
import type { FaultKind } from "../../simulate/types";
import { CliIo } from "../io";

/** Report formats of `wavegate plan`. */
export const PLAN_FORMATS = ["text", "json", "markdown"] as const;
/** Faults `--fault` accepts. */
export const FAULT_KINDS: readonly FaultKind[] = ["none", "crashloop", "brick"];

/** Raw options of `wavegate plan`, as commander hands them over. */
export interface PlanCliOptions {
  /** `canary=20,staging=200`. */
  readonly nodes?: string;
  /** Fleet file (JSON or YAML). */
  readonly fleet?: string;
  /** Creation-to-Ready time of one pod, e.g. `20s`. */
  readonly podStart?: string;
  /** `canary=1h,staging=30m`, or one duration for every wave. */
  readonly bake?: string;
  /** Fault of the new version. @default "none" */
  readonly fault?: FaultKind;
  /** Fraction of nodes the fault hits. @default "1.0" */
  readonly faultRate?: string;
  /** New nodes per hour. @default "0" */
  readonly churn?: string;
  /** Time from a halt to the rollback. @default "1h" */
  readonly response?: string;
  /** Seed. @default "1" */
  readonly seed?: string;
  /** Report format. @default "text" */
  readonly format?: (typeof PLAN_FORMATS)[number];
  /** Also simulate one un-staged DaemonSet over every node. */
  readonly compareUnstaged?: boolean;
  /** Agent to plan when the input holds several. */
  readonly agent?: string;
  /** Plan only the DaemonSets of this CDKTF stack. */
  readonly stack?: string;
  /** Plan only the DaemonSets of this cluster (provider alias or `wavegate.dev/cluster`). */
  readonly cluster?: string;
  /** Read every input as this format. */
  readonly inputFormat?: InputFormat;
}

/** `wavegate plan <input>`: simulate the rollout. */
export function registerPlan(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("plan")
    .description(
      "simulate the rollout: how long it takes and how many nodes a bad version can reach\n" +
        "(the Kubernetes DaemonSet controller, wave by wave, behind a health gate; exit 2 on bad usage or input)",
    )
    .argument(
      "<input...>",
      "cdktf.out, *.tf.json, plan JSON, *.tf or Kubernetes YAML (- reads standard input)",
    )
    .option("--nodes <list>", "node count per wave, e.g. canary=20,staging=200,production=2000")
    .option(
      "--fleet <file>",
      'JSON/YAML fleet file: { "nodes": { "canary": 20 }, "bake": { "canary": "1h" } }',
    )
    .option(
      "--pod-start <duration>",
      "time from pod creation to Ready (image pull + start + readiness)",
      "20s",
    )
    .option("--bake <list>", "bake time per wave (canary=1h,staging=30m) or one for all (default 1h)")
    .addOption(
      new Option("--fault <kind>", "what the new version does wrong").choices(FAULT_KINDS).default("none"),
    )
    .option("--fault-rate <fraction>", "fraction of nodes the fault hits (0..1)", "1.0")
    .option("--churn <nodes-per-hour>", "new nodes joining per hour (autoscaler, auto-repair)", "0")
    .option(
      "--response <duration>",
      "time from a halt until someone rolls back (churn keeps exposing nodes)",
      "1h",
    )
    .option("--seed <n>", "seed of the pseudo-random timings, faulty nodes and churn", "1")
    .addOption(new Option("-f, --format <format>", "report format").choices(PLAN_FORMATS).default("text"))
    .option(
      "--compare-unstaged",
      "also simulate one un-staged DaemonSet (maxUnavailable 10%) over every node",
    )
    .option("--agent <name>", "the agent to plan when the input holds several")
    .option("--stack <name>", "plan only the DaemonSets of this CDKTF stack (e.g. one region)")
    .option(
      "--cluster <name>",
      "plan only this cluster's DaemonSets (provider alias, or wavegate.dev/cluster)",
    )
    .addOption(
      new Option("--input-format <format>", "read every input as this format").choices(INPUT_FORMATS),
    )
    .action(async (paths: string[], options: PlanCliOptions) => {
      setExit(await runPlan(paths, options, io));
    });
}

/**
 * Loads the input, simulates, prints the report; resolves to 0. Throws UsageError / InputError (exit 2).
 * The simulator is loaded on first use (plan-run.ts), so registering `plan` for `check` never loads it.
 */
export async function runPlan(paths: readonly string[], options: PlanCliOptions, io: CliIo): Promise<number> {
  return (await import("./plan-run")).runPlan(paths, options, io);
}
