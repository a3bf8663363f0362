import { IntOrPercent, IntOrPercentInput } from "../../lib/model/int-or-percent";
import { SimWave } from "../../lib/simulate/types";

/** A wave for tests: maxUnavailable 1, maxSurge 0, minReadySeconds 0, no bake unless given. */
export function wave(
  name: string,
  nodes: number,
  o: {
    maxUnavailable?: IntOrPercentInput;
    maxSurge?: IntOrPercentInput;
    minReadySeconds?: number;
    bakeSeconds?: number;
    unhealthyAtStart?: number;
  } = {},
): SimWave {
  return {
    name,
    nodes,
    maxUnavailable: IntOrPercent.parse(o.maxUnavailable ?? (o.maxSurge ? 0 : 1), "maxUnavailable"),
    maxSurge: IntOrPercent.parse(o.maxSurge ?? 0, "maxSurge"),
    minReadySeconds: o.minReadySeconds ?? 0,
    bakeSeconds: o.bakeSeconds ?? 0,
    unhealthyAtStart: o.unhealthyAtStart,
  };
}

/** Fixed timings without jitter: 2 s stop, 8 s pull, 5 s start, 7 s readiness (22 s per replaced pod). */
export const EXACT = {
  terminationSeconds: 2,
  imagePullSeconds: 8,
  startSeconds: 5,
  readinessSeconds: 7,
  jitter: 0,
};

/** The seed example's fleet: canary 20 (maxUnavailable 1), staging 200 and production 2000 (10%). */
export function seedWaves(bakeSeconds = 3600): SimWave[] {
  return [
    wave("canary", 20, { maxUnavailable: 1, minReadySeconds: 30, bakeSeconds }),
    wave("staging", 200, { maxUnavailable: "10%", minReadySeconds: 30, bakeSeconds }),
    wave("production", 2000, { maxUnavailable: "10%", minReadySeconds: 30 }),
  ];
}
