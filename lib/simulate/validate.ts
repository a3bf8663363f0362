import { show, ValidationError } from "../model/errors";
import { validateSurgeAndUnavailable } from "../model/int-or-percent";
import { FaultSpec, SimulationOptions, SimWave } from "./types";

/** Checks the waves and options of a simulation; throws a ValidationError naming the field and the fix. */
export function validateSimulation(waves: readonly SimWave[], options: SimulationOptions): void {
  if (!Array.isArray(waves) || waves.length === 0) {
    throw new ValidationError("waves", "no wave to simulate", "Give at least one wave with a node count.");
  }
  waves.forEach((w, i) => {
    const at = `waves[${i}]`;
    if (!Number.isInteger(w.nodes) || w.nodes < 0) {
      throw new ValidationError(
        `${at}.nodes`,
        `${show(w.nodes)} is not a node count for wave ${show(w.name)}`,
        "Use a whole number >= 0.",
      );
    }
    validateSurgeAndUnavailable(w.maxUnavailable, w.maxSurge, at);
    nonNegative(w.minReadySeconds ?? 0, `${at}.minReadySeconds`);
    nonNegative(w.bakeSeconds ?? 0, `${at}.bakeSeconds`);
    const unhealthy = w.unhealthyAtStart ?? 0;
    if (!Number.isInteger(unhealthy) || unhealthy < 0 || unhealthy > w.nodes) {
      throw new ValidationError(
        `${at}.unhealthyAtStart`,
        `${show(unhealthy)} is not between 0 and the wave's ${w.nodes} nodes`,
        "Use a whole number of nodes no larger than the wave.",
      );
    }
  });
  if (options.seed !== undefined && !Number.isInteger(options.seed)) {
    throw new ValidationError(
      "seed",
      `${show(options.seed)} is not an integer`,
      "Use a whole number such as 1.",
    );
  }
  validateFault(options.fault ?? { kind: "none" });
  nonNegative(options.churnPerHour ?? 0, "churnPerHour");
  nonNegative(options.responseSeconds ?? 0, "responseSeconds");
  nonNegative(options.maxSeconds ?? 0, "maxSeconds");
}

function validateFault(fault: FaultSpec): void {
  if (!["none", "crashloop", "brick"].includes(fault.kind)) {
    throw new ValidationError(
      "fault.kind",
      `${show(fault.kind)} is not a fault`,
      'Use "none", "crashloop" or "brick".',
    );
  }
  const rate = fault.rate ?? 1;
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new ValidationError(
      "fault.rate",
      `${show(rate)} is not a fraction`,
      "Use a number from 0 to 1 (1 = every node).",
    );
  }
}

function nonNegative(value: number, field: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new ValidationError(field, `${show(value)} is not a number >= 0`, "Use seconds (or a rate) >= 0.");
  }
}
