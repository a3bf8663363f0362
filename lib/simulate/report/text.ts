import { printableValues } from "../../model/printable";
import { RolloutPlan } from "../plan";
import { SimulationResult } from "../types";
import { formatDuration, HALT_WORDS, nodes, scenarioLine, textTable } from "./format";
import { comparisonRows, WAVE_COLUMNS, waveRows } from "./rows";

/** The plan as plain text: per-wave table, total, exposure, and the un-staged comparison when present. */
export function renderPlanText(input: RolloutPlan): string {
  const plan = printableValues(input); // no control characters from inputs (lib/model/printable.ts)
  const out: string[] = [];
  out.push(`wavegate plan: ${headline(plan)}`);
  out.push(scenarioLine(plan.options), "");
  out.push(textTable(WAVE_COLUMNS, waveRows(plan.staged)), "");
  out.push(outcome(plan.staged));
  if (plan.unstaged !== undefined) {
    out.push("", "Staged vs un-staged (one DaemonSet over every node, maxUnavailable 10%):");
    out.push(textTable(["", "staged", "un-staged"], comparisonRows(plan), false));
  }
  return `${out.join("\n")}\n`;
}

/** `agent: rolling v2.5.0 through canary -> staging -> production`. */
export function headline(plan: RolloutPlan): string {
  const version = plan.version !== undefined ? ` ${plan.version}` : " the new version";
  return `${plan.agent}: rolling${version} through ${plan.waves.map((w) => w.name).join(" -> ")}`;
}

/** The closing sentence: total time, halt, exposure. */
export function outcome(result: SimulationResult): string {
  const exposure = `exposed ${nodes(result.fault.exposedNodes)}, bricked ${nodes(result.fault.brickedNodes)}`;
  if (result.halt === undefined) {
    return `Total: ${formatDuration(result.totalSeconds)} until the last wave completed; ${exposure}.`;
  }
  return (
    `Halted in ${result.halt.wave} after ${formatDuration(result.halt.atSeconds)}: ${HALT_WORDS[result.halt.reason]}; ` +
    `${exposure}.`
  );
}
