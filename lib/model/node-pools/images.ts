import { show, ValidationError } from "../errors";

/** A pinned node image, parsed for ordering. */
export interface PoolImage {
  /** The image family, e.g. `al2023` of the Karpenter alias `al2023@v20240807`; empty for plain versions. */
  readonly family: string;
  /** The numbers in order, e.g. `[1, 30, 0, 20240703]` of the EKS release version `1.30.0-20240703`. */
  readonly numbers: readonly number[];
}

/**
 * Parses a pinned node image version: an EKS AMI release version (`1.30.0-20240703`), a Karpenter AMI alias
 * (`al2023@v20240807`), a GKE node version (`1.30.3-gke.1225000`) or an AKS orchestrator version (`1.30.3`).
 * Returns undefined for a floating one (`al2023@latest`) or anything without a number.
 */
export function parsePoolImage(version: string): PoolImage | undefined {
  const at = version.indexOf("@");
  const family = at < 0 ? "" : version.slice(0, at);
  const rest = at < 0 ? version : version.slice(at + 1);
  if (/latest/i.test(rest)) return undefined;
  const numbers = (rest.match(/\d+/g) ?? []).map(Number);
  return numbers.length === 0 ? undefined : { family, numbers };
}

/** Compares two pinned images: negative when `a` is older, 0 when equal, undefined when not comparable. */
export function comparePoolImages(a: string, b: string): number | undefined {
  const [x, y] = [parsePoolImage(a), parsePoolImage(b)];
  if (x === undefined || y === undefined || x.family !== y.family) return undefined;
  for (let i = 0; i < Math.max(x.numbers.length, y.numbers.length); i++) {
    const d = (x.numbers[i] ?? 0) - (y.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** A wave's pinned image, for {@link imageOrderProblem}. */
export interface WaveImage {
  /** The wave. */
  readonly wave: string;
  /** Its pinned image version, when pinned. */
  readonly image?: string;
}

/**
 * The first wave whose pool runs a newer image than an earlier wave's (like WG105 for the agent: a node image is a
 * rollout too, so it must reach the canary first), or undefined when the order holds.
 */
export function imageOrderProblem(
  waves: readonly WaveImage[],
): { later: WaveImage; earlier: WaveImage; index: number } | undefined {
  for (let i = 1; i < waves.length; i++) {
    const later = waves[i];
    if (later.image === undefined) continue;
    for (const earlier of waves.slice(0, i)) {
      if (earlier.image === undefined) continue;
      const order = comparePoolImages(later.image, earlier.image);
      if (order !== undefined && order > 0) return { later, earlier, index: i };
    }
  }
  return undefined;
}

/** Throws a ValidationError when a later wave's pool runs a newer image than an earlier wave's. */
export function checkImageOrder(waves: readonly WaveImage[], field: (index: number) => string): void {
  const problem = imageOrderProblem(waves);
  if (problem === undefined) return;
  throw new ValidationError(
    field(problem.index),
    `wave ${show(problem.later.wave)} pins image ${show(problem.later.image)}, newer than ${show(problem.earlier.image)} of the earlier wave ${show(problem.earlier.wave)}`,
    `Roll the new image out in order: first wave ${show(problem.earlier.wave)}, later waves after it.`,
  );
}
