import { printableValues } from "../../model/printable";
import { RolloutPlan } from "../plan";
import { SimulationResult } from "../types";
import { scenarioLine } from "./format";
import { comparisonRows, WAVE_COLUMNS, waveRows } from "./rows";
import { headline, outcome } from "./text";

/** The plan as Markdown for a pull-request comment: table, outcome, comparison and a Mermaid gantt of the waves. */
export function renderPlanMarkdown(input: RolloutPlan): string {
  const plan = printableValues(input); // no control characters from inputs (lib/model/printable.ts)
  const out: string[] = [];
  out.push(`### wavegate plan: ${escape(headline(plan))}`, "");
  out.push(`_${escape(scenarioLine(plan.options))}_`, "");
  out.push(table(WAVE_COLUMNS, waveRows(plan.staged)), "");
  out.push(`**${escape(outcome(plan.staged))}**`, "");
  if (plan.unstaged !== undefined) {
    out.push("Staged vs un-staged (one DaemonSet over every node, maxUnavailable 10%):", "");
    out.push(table(["", "staged", "un-staged"], comparisonRows(plan), false), "");
  }
  out.push("```mermaid", ...gantt(plan.agent, plan.staged), "```");
  return `${out.join("\n")}\n`;
}

/**
 * A Mermaid gantt of the waves (times in seconds since the rollout started): each wave's rollout, then its bake.
 * A halted wave is marked `crit`.
 */
export function gantt(agent: string, result: SimulationResult): string[] {
  const lines = ["gantt", `  title ${agent} rollout (simulated)`, "  dateFormat X", "  axisFormat %H:%M"];
  result.waves.forEach((w, i) => {
    if (w.startSeconds === undefined) return;
    const start = Math.round(w.startSeconds);
    const end = Math.max(start + 1, Math.round(w.startSeconds + w.durationSeconds));
    const halted = result.halt?.wave === w.name;
    lines.push(`  section ${w.name}`);
    lines.push(`  rollout ${w.nodes} nodes :${halted ? "crit, " : ""}w${i}, ${start}, ${end}`);
    const last = i === result.waves.length - 1;
    if (!last && w.status === "complete" && w.bakeSeconds > 0) {
      const bakeEnd =
        halted && result.halt !== undefined
          ? Math.round(result.halt.atSeconds)
          : end + Math.round(w.bakeSeconds);
      lines.push(`  bake :${halted ? "crit, " : ""}b${i}, ${end}, ${Math.max(end + 1, bakeEnd)}`);
    }
  });
  return lines;
}

function table(header: readonly string[], rows: readonly (readonly string[])[], lastLeft = true): string {
  const align = header.map((_, c) => (c === 0 || (lastLeft && c === header.length - 1) ? ":--" : "--:"));
  return [header, align, ...rows].map((r) => `| ${r.map(escape).join(" | ")} |`).join("\n");
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|");
}
