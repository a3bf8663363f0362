import { show, ValidationError } from "../errors";
import { IntOrPercent, IntOrPercentInput } from "../int-or-percent";

/** How many nodes a wave's pool holds. */
export interface PoolSize {
  /** Fewest nodes. */
  readonly min: number;
  /** Most nodes. */
  readonly max: number;
  /**
   * Nodes at creation.
   * @default min
   */
  readonly desired?: number;
}

/** Throws a ValidationError unless `0 <= min <= desired <= max` are whole numbers (and `max >= 1`). */
export function checkPoolSize(size: PoolSize | undefined, field: string): Required<PoolSize> {
  if (typeof size !== "object" || size === null) {
    throw new ValidationError(field, "no size given", "Give the pool a size, e.g. size: { min: 1, max: 3 }.");
  }
  for (const key of ["min", "max", "desired"] as const) {
    const v = size[key];
    if (v === undefined && key === "desired") continue;
    if (!Number.isInteger(v) || (v as number) < 0) {
      throw new ValidationError(
        `${field}.${key}`,
        `${show(v)} is not a node count`,
        "Use a whole number >= 0.",
      );
    }
  }
  const desired = size.desired ?? size.min;
  if (size.max < 1) {
    throw new ValidationError(`${field}.max`, "a pool of at most 0 nodes runs nothing", "Use max >= 1.");
  }
  if (size.min > size.max) {
    throw new ValidationError(
      `${field}.min`,
      `min ${size.min} is greater than max ${size.max}`,
      "Use min <= desired <= max.",
    );
  }
  if (desired < size.min || desired > size.max) {
    throw new ValidationError(
      `${field}.desired`,
      `desired ${desired} is outside min ${size.min} .. max ${size.max}`,
      "Use min <= desired <= max.",
    );
  }
  return { min: size.min, max: size.max, desired };
}

/**
 * The node count each wave is judged with: the first (canary) wave at its maximum, every later wave at its minimum.
 * That is the conservative bound for the canary's share of the fleet (WG107): the canary at its largest against the
 * rest at their smallest.
 */
export function conservativeNodes(sizes: readonly Pick<PoolSize, "min" | "max">[]): number[] {
  return sizes.map((s, i) => (i === 0 ? s.max : s.min));
}

/**
 * Throws a ValidationError when a pool's upgrade budget (nodes replaced or surged at once) exceeds the cap; an
 * absolute budget is judged against `nodes` (pass the pool's smallest size: there the cap allows the least).
 * @returns the parsed budget
 */
export function checkUpgradeBudget(
  budget: IntOrPercentInput,
  cap: IntOrPercent,
  nodes: number,
  field: string,
): IntOrPercent {
  const parsed = IntOrPercent.parse(budget, field);
  const within = parsed.isWithin(cap, nodes);
  if (within !== true) {
    throw new ValidationError(
      field,
      `${parsed} exceeds the cap of ${cap} (${nodes} nodes: the cap allows ${cap.resolve(nodes)})`,
      `Lower it to at most ${cap}: node image upgrades are rollouts too.`,
    );
  }
  return parsed;
}
