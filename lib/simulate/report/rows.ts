import { RolloutPlan } from "../plan";
import { SimulationResult } from "../types";
import { formatDuration, statusText } from "./format";

/** Column titles of the per-wave table (text and markdown). */
export const WAVE_COLUMNS = [
  "wave",
  "nodes",
  "maxUnavailable",
  "maxSurge",
  "batches",
  "duration",
  "bake",
  "exposed",
  "cumulative",
  "bricked",
  "status",
] as const;

/** The per-wave table cells of one result. */
export function waveRows(result: SimulationResult): string[][] {
  let cumulative = 0;
  return result.waves.map((w, i) => {
    cumulative += w.exposedNodes;
    const started = w.status !== "not-started";
    const last = i === result.waves.length - 1;
    const joined = w.joinedNodes > 0 ? ` (+${w.joinedNodes})` : "";
    return [
      w.name,
      `${w.nodes}${joined}`,
      String(w.maxUnavailable),
      String(w.maxSurge),
      started ? String(w.batches) : "-",
      started ? formatDuration(w.durationSeconds) : "-",
      last ? "-" : formatDuration(w.bakeSeconds),
      String(w.exposedNodes),
      String(cumulative),
      String(w.brickedNodes),
      statusText(w, result.halt?.wave === w.name, result.halt?.reason),
    ];
  });
}

/** Rows comparing the staged rollout with its un-staged equivalent: [label, staged, un-staged]. */
export function comparisonRows(plan: RolloutPlan): string[][] {
  const u = plan.unstaged;
  if (u === undefined) return [];
  const s = plan.staged;
  const halted = (r: SimulationResult) =>
    r.fault.haltedInWave === null ? "no" : r.waves.length > 1 ? `in ${r.fault.haltedInWave}` : "yes";
  return [
    ["nodes", String(plan.waves.reduce((n, w) => n + w.nodes, 0)), String(u.wave.nodes)],
    [
      "first budget",
      `${s.waves[0].maxUnavailable || s.waves[0].maxSurge} (${s.waves[0].name})`,
      `${u.result.waves[0].maxUnavailable} (${u.wave.maxUnavailable} of all)`,
    ],
    ["time", formatDuration(s.totalSeconds), formatDuration(u.result.totalSeconds)],
    ["halted", halted(s), halted(u.result)],
    ["exposed nodes", String(s.fault.exposedNodes), String(u.result.fault.exposedNodes)],
    ["bricked nodes", String(s.fault.brickedNodes), String(u.result.fault.brickedNodes)],
  ];
}
