import { show, ValidationError } from "../model/errors";
import { PodTimings } from "./types";

/** Pod timings with every default applied. */
export type ResolvedTimings = Required<PodTimings>;

/** The defaults: about 20 s from pod creation to Ready, plus 2 s to stop the old pod. */
export const DEFAULT_TIMINGS: ResolvedTimings = {
  terminationSeconds: 2,
  imagePullSeconds: 8,
  startSeconds: 5,
  readinessSeconds: 7,
  jitter: 0.25,
};

/** Applies defaults and checks every value; throws a ValidationError naming the field. */
export function resolveTimings(timings: PodTimings = {}): ResolvedTimings {
  const t = { ...DEFAULT_TIMINGS, ...stripUndefined(timings) };
  for (const key of ["terminationSeconds", "imagePullSeconds", "startSeconds", "readinessSeconds"] as const) {
    if (!Number.isFinite(t[key]) || t[key] < 0) {
      throw new ValidationError(`timings.${key}`, `${show(t[key])} is not a duration`, "Use seconds >= 0.");
    }
  }
  if (!Number.isFinite(t.jitter) || t.jitter < 0 || t.jitter >= 1) {
    throw new ValidationError(
      "timings.jitter",
      `${show(t.jitter)} is out of range`,
      "Use a fraction from 0 to 0.99.",
    );
  }
  return t;
}

/**
 * Timings whose creation-to-Ready time (image pull + start + readiness) totals `seconds`, split in the default
 * proportions (40% pull, 25% start, 35% readiness).
 */
export function timingsForPodStart(seconds: number, base: PodTimings = {}): PodTimings {
  const d = DEFAULT_TIMINGS;
  const total = d.imagePullSeconds + d.startSeconds + d.readinessSeconds;
  return {
    ...base,
    imagePullSeconds: (seconds * d.imagePullSeconds) / total,
    startSeconds: (seconds * d.startSeconds) / total,
    readinessSeconds: (seconds * d.readinessSeconds) / total,
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
