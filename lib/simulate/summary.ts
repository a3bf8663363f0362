import { rollingBudget } from "./controller";
import type { HaltState } from "./engine";
import { FaultKind, SimulationResult, WaveResult, WaveStatus } from "./types";
import { WaveState } from "./wave-state";

/** What the event loop knows at the end of a run. */
export interface RunEnd {
  /** Simulated seconds when the loop stopped. */
  readonly end: number;
  /** The halt, if the rollout stopped early. */
  readonly halt?: HaltState;
  /** The simulated fault. */
  readonly faultKind: FaultKind;
  /** Fraction of nodes the fault hits. */
  readonly faultRate: number;
  /** The seed. */
  readonly seed: number;
  /** Events processed. */
  readonly events: number;
}

/** Turns the final wave states into the public result. */
export function summarize(states: readonly WaveState[], run: RunEnd): SimulationResult {
  const waves = states.map((s) => waveResult(s, run.end));
  const halted = run.halt !== undefined ? states[run.halt.wave] : undefined;
  const last = states[states.length - 1];
  const totalSeconds = run.halt !== undefined ? run.halt.at : (last.endedAt ?? run.end);
  return {
    waves,
    totalSeconds: round(totalSeconds),
    halt:
      run.halt !== undefined && halted !== undefined
        ? { wave: halted.name, reason: run.halt.reason, atSeconds: round(run.halt.at) }
        : undefined,
    fault: {
      kind: run.faultKind,
      rate: run.faultRate,
      haltedInWave: halted?.name ?? null,
      brickedNodes: waves.reduce((n, w) => n + w.brickedNodes, 0),
      exposedNodes: waves.reduce((n, w) => n + w.exposedNodes, 0),
    },
    seed: run.seed,
    events: run.events,
  };
}

function waveResult(s: WaveState, end: number): WaveResult {
  const budget = rollingBudget(s.maxUnavailable, s.maxSurge, s.initialNodes);
  const status: WaveStatus =
    s.phase === "idle" ? "not-started" : s.phase === "baking" || s.phase === "done" ? "complete" : "halted";
  const started = s.startedAt !== undefined;
  return {
    name: s.name,
    nodes: s.initialNodes,
    joinedNodes: s.joined,
    maxUnavailable: budget.maxUnavailable,
    maxSurge: budget.maxSurge,
    minReadySeconds: s.minReadySeconds,
    bakeSeconds: s.bakeSeconds,
    batches: s.batches,
    status,
    startSeconds: started ? round(s.startedAt as number) : undefined,
    durationSeconds: started ? round((s.endedAt ?? end) - (s.startedAt as number)) : 0,
    exposedNodes: s.exposed,
    brickedNodes: s.brickedCount,
    crashLoopingNodes: s.crashLooping,
    peakUnavailable: s.peakUnavailable,
    peakSurge: s.peakSurge,
  };
}

/** Seconds rounded to a tenth, so reports stay readable and stable. */
function round(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}
