import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { loadInputs } from "../../inputs/load";
import { LoadedDaemonSet } from "../../inputs/types";
import { WavegateError } from "../../model/errors";
import { AgentWaves, plannableAgents, UnplannableAgent } from "../../simulate/from-daemon-sets";
import {
  Fleet,
  parseBakes,
  parseDuration,
  parseFleetFile,
  parseNodeCounts,
  toSimWaves,
} from "../../simulate/params";
import { planRollout, RolloutPlan } from "../../simulate/plan";
import { timingsForPodStart } from "../../simulate/pod-timings";
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from "../../simulate/report";
import { SimulationOptions } from "../../simulate/types";
import { CliIo, EXIT, UsageError } from "../io";
import type { PLAN_FORMATS, PlanCliOptions } from "./plan";

/** Loads the input, simulates, prints the report; resolves to 0. Throws UsageError / InputError (exit 2). */
export async function runPlan(paths: readonly string[], options: PlanCliOptions, io: CliIo): Promise<number> {
  const simulation = usage(() => simulationOptions(options));
  const fleet = options.fleet !== undefined ? await readFleet(options.fleet, io.cwd) : {};
  const overrides = usage(() => ({
    nodes: { ...fleet.nodes, ...(options.nodes !== undefined ? parseNodeCounts(options.nodes) : {}) },
    ...bakeOverrides(options.bake, fleet),
  }));
  const load = await loadInputs([...paths], {
    format: options.inputFormat,
    cwd: io.cwd,
    readStdin: io.readStdin,
  });
  const selected = usage(() => select(load.daemonSets, options));
  const agent = usage(() => pickAgent(plannableAgents(selected), options.agent, paths));
  const waves = usage(() => toSimWaves(agent, overrides));
  const plan = planRollout(agent.agent, waves, simulation, {
    version: agent.waves[0]?.version,
    compareUnstaged: options.compareUnstaged,
  });
  io.out(render(plan, options.format ?? "text"));
  return EXIT.ok;
}

function render(plan: RolloutPlan, format: (typeof PLAN_FORMATS)[number]): string {
  if (format === "json") return renderPlanJson(plan);
  if (format === "markdown") return renderPlanMarkdown(plan);
  return renderPlanText(plan);
}

function simulationOptions(o: PlanCliOptions): SimulationOptions {
  const seed = Number(o.seed ?? "1");
  if (!Number.isSafeInteger(seed))
    throw new UsageError(`--seed: ${JSON.stringify(o.seed)} is not an integer`);
  return {
    seed,
    timings: timingsForPodStart(parseDuration(o.podStart ?? "20s", "--pod-start")),
    fault: { kind: o.fault ?? "none", rate: fraction(o.faultRate ?? "1.0") },
    churnPerHour: number(o.churn ?? "0", "--churn", "a number of nodes per hour >= 0"),
    responseSeconds: parseDuration(o.response ?? "1h", "--response"),
  };
}

function bakeOverrides(
  bake: string | undefined,
  fleet: Fleet,
): { bake?: Record<string, number>; defaultBakeSeconds?: number } {
  if (bake === undefined) return { bake: { ...fleet.bake } };
  if (!bake.includes("="))
    return { bake: { ...fleet.bake }, defaultBakeSeconds: parseDuration(bake, "--bake") };
  return { bake: { ...fleet.bake, ...parseBakes(bake) } };
}

/** The DaemonSets `--stack` and `--cluster` select; a name that matches nothing is a usage error listing the names. */
function select(daemonSets: readonly LoadedDaemonSet[], options: PlanCliOptions): readonly LoadedDaemonSet[] {
  let out = daemonSets;
  if (options.stack !== undefined) {
    const stacks = distinct(out.map((ds) => ds.source.stack));
    out = out.filter((ds) => ds.source.stack === options.stack);
    if (out.length === 0) {
      throw new UsageError(
        `--stack: no DaemonSet in stack ${JSON.stringify(options.stack)}; ` +
          (stacks.length > 0
            ? `stacks read: ${stacks.join(", ")}`
            : "the input has no CDKTF stacks (pass cdktf.out)"),
      );
    }
  }
  if (options.cluster !== undefined) {
    const wanted = options.cluster;
    const clusters = distinct(out.map((ds) => ds.cluster));
    // `eu` also names the provider alias `kubernetes.eu`.
    out = out.filter((ds) => ds.cluster === wanted || ds.cluster === `kubernetes.${wanted}`);
    if (out.length === 0) {
      throw new UsageError(
        `--cluster: no DaemonSet in cluster ${JSON.stringify(wanted)}; clusters read: ${clusters.join(", ")}`,
      );
    }
  }
  return out;
}

function distinct(values: readonly (string | undefined)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== undefined))];
}

/**
 * The agent to plan: the one `--agent` names, else the only one. Names the agents it could plan and, for those it
 * could not, why (OnDelete, values unknown until apply, a wave in two clusters: plan it with --stack / --cluster).
 */
function pickAgent(
  found: { agents: AgentWaves[]; unplannable: UnplannableAgent[] },
  wanted: string | undefined,
  paths: readonly string[],
): AgentWaves {
  const { agents, unplannable } = found;
  if (agents.length === 0 && unplannable.length === 0) {
    throw new UsageError(`no DaemonSet found in ${paths.join(", ")}: nothing to plan`);
  }
  const could =
    agents.length > 0 ? `could plan: ${agents.map((a) => a.agent).join(", ")}` : "could plan none";
  const couldNot = unplannable.map((u) => `${u.agent} (${u.error.message})`);
  const listing = [could, ...(couldNot.length > 0 ? [`cannot plan: ${couldNot.join("; ")}`] : [])].join("; ");
  if (wanted !== undefined) {
    const found = agents.find((a) => a.agent === wanted);
    if (found !== undefined) return found;
    const refused = unplannable.find((u) => u.agent === wanted);
    if (refused !== undefined) throw refused.error;
    throw new UsageError(`--agent: no agent named ${JSON.stringify(wanted)}; ${listing}`);
  }
  if (agents.length === 1 && unplannable.length === 0) return agents[0];
  if (agents.length + unplannable.length === 1) throw unplannable[0].error;
  throw new UsageError(
    `the input holds ${agents.length + unplannable.length} agents; choose one with --agent <name> ` +
      `(or --stack / --cluster); ${listing}`,
  );
}

async function readFleet(file: string, cwd: string): Promise<Fleet> {
  const text = await readFile(path.resolve(cwd, file), "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`--fleet ${file}: cannot read (${err.code ?? err.message})`);
  });
  return usage(() => parseFleetFile(text, file));
}

function fraction(text: string): number {
  const n = number(text, "--fault-rate", "a fraction from 0 to 1");
  if (n > 1)
    throw new UsageError(`--fault-rate: ${text} is over 1; use a fraction from 0 to 1 (1 = every node)`);
  return n;
}

function number(text: string, flag: string, what: string): number {
  const n = Number(text);
  if (text.trim() === "" || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`${flag}: ${JSON.stringify(text)} is not ${what}`);
  }
  return n;
}

/** Runs `fn`, turning a model ValidationError about a flag or fleet value into a usage error (exit 2). */
function usage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof WavegateError) throw new UsageError(error.message);
    throw error;
  }
}
