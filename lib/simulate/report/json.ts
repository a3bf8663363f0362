import { RolloutPlan } from "../plan";
import { SimulationResult } from "../types";

/** One wave in the JSON report (`maxUnavailable` / `maxSurge` are resolved node counts). */
export interface JsonWave {
  /** Wave name. */
  readonly name: string;
  /** Nodes at the start. */
  readonly nodes: number;
  /** Resolved maxUnavailable. */
  readonly maxUnavailable: number;
  /** Resolved maxSurge. */
  readonly maxSurge: number;
  /** Seconds from the wave's start until it completed or halted (0 when it never started). */
  readonly durationSeconds: number;
  /** Nodes that ran the new version. */
  readonly exposedNodes: number;
  /** Nodes the new version bricked. */
  readonly brickedNodes: number;
}

/** The JSON report of one simulation. */
export interface JsonPlan {
  /** Waves in order. */
  readonly waves: JsonWave[];
  /** Seconds until the last wave completed, or until the halt. */
  readonly totalSeconds: number;
  /** Exposure summary. */
  readonly fault: {
    /** `none`, `crashloop` or `brick`. */
    readonly kind: string;
    /** Wave the rollout halted in, or null. */
    readonly haltedInWave: string | null;
    /** Nodes bricked. */
    readonly brickedNodes: number;
    /** Nodes that ran the new version. */
    readonly exposedNodes: number;
  };
  /** The un-staged comparison (same shape), with `--compare-unstaged`. */
  readonly unstaged?: Omit<JsonPlan, "unstaged">;
}

/** The plan as JSON, with the keys the issue specifies. */
export function renderPlanJson(plan: RolloutPlan): string {
  const report: JsonPlan = {
    ...jsonOf(plan.staged),
    ...(plan.unstaged !== undefined ? { unstaged: jsonOf(plan.unstaged.result) } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

function jsonOf(result: SimulationResult): Omit<JsonPlan, "unstaged"> {
  return {
    waves: result.waves.map((w) => ({
      name: w.name,
      nodes: w.nodes,
      maxUnavailable: w.maxUnavailable,
      maxSurge: w.maxSurge,
      durationSeconds: w.durationSeconds,
      exposedNodes: w.exposedNodes,
      brickedNodes: w.brickedNodes,
    })),
    totalSeconds: result.totalSeconds,
    fault: {
      kind: result.fault.kind,
      haltedInWave: result.fault.haltedInWave,
      brickedNodes: result.fault.brickedNodes,
      exposedNodes: result.fault.exposedNodes,
    },
  };
}
