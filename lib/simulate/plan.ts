import { IntOrPercent } from "../model/int-or-percent";
import { simulateRollout } from "./engine";
import { SimulationOptions, SimulationResult, SimWave } from "./types";

/** The classic "guardrail" the comparison runs: one DaemonSet over every node with this maxUnavailable. */
export const UNSTAGED_MAX_UNAVAILABLE = "10%";

/**
 * The un-staged equivalent of a staged rollout: one DaemonSet over all the waves' nodes, `maxUnavailable` 10%,
 * maxSurge 0, the last wave's minReadySeconds, no bake and no health gate.
 */
export function unstagedWave(
  waves: readonly SimWave[],
  maxUnavailable: string = UNSTAGED_MAX_UNAVAILABLE,
): SimWave {
  return {
    name: "unstaged",
    nodes: waves.reduce((n, w) => n + w.nodes, 0),
    maxUnavailable: IntOrPercent.parse(maxUnavailable, "maxUnavailable"),
    maxSurge: IntOrPercent.parse(0, "maxSurge"),
    minReadySeconds: waves[waves.length - 1]?.minReadySeconds ?? 0,
    bakeSeconds: 0,
  };
}

/** A simulated plan of one agent, optionally beside its un-staged equivalent. */
export interface RolloutPlan {
  /** The agent's name. */
  readonly agent: string;
  /** The version being rolled, when known. */
  readonly version?: string;
  /** The waves simulated. */
  readonly waves: readonly SimWave[];
  /** The options used. */
  readonly options: SimulationOptions;
  /** The staged rollout. */
  readonly staged: SimulationResult;
  /** The un-staged comparison, when asked for. */
  readonly unstaged?: { readonly wave: SimWave; readonly result: SimulationResult };
}

/** Simulates the staged rollout (and, with `compareUnstaged`, the same fleet as one un-staged DaemonSet). */
export function planRollout(
  agent: string,
  waves: readonly SimWave[],
  options: SimulationOptions,
  extra: { readonly version?: string; readonly compareUnstaged?: boolean } = {},
): RolloutPlan {
  const staged = simulateRollout(waves, options);
  let unstaged: RolloutPlan["unstaged"];
  if (extra.compareUnstaged) {
    const wave = unstagedWave(waves);
    unstaged = { wave, result: simulateRollout([wave], options) };
  }
  return { agent, version: extra.version, waves, options, staged, unstaged };
}
