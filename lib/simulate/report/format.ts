import { HaltReason, SimulationOptions, WaveResult } from "../types";

/** `45s`, `17m 20s`, `2h 5m`, `1d 3h`: two units at most, rounded to whole seconds. */
export function formatDuration(seconds: number): string {
  let s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const units: [string, number][] = [
    ["d", 86400],
    ["h", 3600],
    ["m", 60],
    ["s", 1],
  ];
  const parts: string[] = [];
  for (const [unit, size] of units) {
    if (s >= size || parts.length > 0) {
      const n = Math.floor(s / size);
      s -= n * size;
      parts.push(`${n}${unit}`);
    }
    if (parts.length === 2) break;
  }
  return parts.filter((p, i) => i === 0 || !/^0\D$/.test(p)).join(" ");
}

/** What a halt reason means, in words. */
export const HALT_WORDS: Readonly<Record<HaltReason, string>> = {
  "budget-exhausted": "unavailable pods used up maxUnavailable, so the controller stopped",
  "never-available": "every node was updated but some pods never became available",
  "health-gate": "the health gate saw a failed pod and did not promote",
};

/** A wave's status cell. */
export function statusText(w: WaveResult, haltedHere: boolean, reason?: HaltReason): string {
  if (haltedHere && reason === "health-gate") return "halted at gate";
  if (w.status === "halted") return reason === "never-available" ? "stuck" : "halted";
  if (w.status === "not-started") return "not started";
  return "complete";
}

/** One line describing the simulated fault and parameters. */
export function scenarioLine(options: SimulationOptions): string {
  const fault = options.fault ?? { kind: "none" };
  const rate = fault.rate ?? 1;
  const faultText =
    fault.kind === "none"
      ? "no fault (a good version)"
      : `${fault.kind === "brick" ? "bricks the node" : "crash-loops"} on ${pct(rate)} of nodes`;
  const churn = options.churnPerHour ?? 0;
  return `fault: ${faultText}; churn: ${churn} new node(s)/h; seed ${options.seed ?? 1}`;
}

/** Nodes with a unit: `1 node`, `20 nodes`. */
export function nodes(n: number): string {
  return `${n} node${n === 1 ? "" : "s"}`;
}

function pct(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}

/**
 * Renders rows as a plain text table: the first column left-aligned, the others right-aligned, except the last
 * when `lastLeft` (a status column).
 */
export function textTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  lastLeft = true,
): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) =>
        c === 0 || (lastLeft && c === cells.length - 1) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]),
      )
      .join("  ")
      .trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}
