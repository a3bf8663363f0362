/**
 * A small seeded pseudo-random generator (mulberry32): fast, 32-bit state, good enough for jitter and sampling.
 * Same seed, same sequence, on every platform.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    // Mix the seed so that neighbouring seeds (1, 2, 3) start far apart.
    this.state = Math.imul((seed | 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0;
  }

  /** A uniform number in [0, 1). */
  public next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** `base` scaled by a factor uniform in `[1 - jitter, 1 + jitter]`. */
  public jittered(base: number, jitter: number): number {
    if (jitter === 0 || base === 0) return base;
    return base * (1 + (this.next() * 2 - 1) * jitter);
  }

  /** An exponentially distributed wait with the given mean (the gap between Poisson arrivals). */
  public exponential(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }

  /** An independent generator derived from this seed and a stream number (timings, faults, churn). */
  public static stream(seed: number, stream: number): Random {
    return new Random(Math.imul(seed | 0, 0x27d4eb2d) ^ Math.imul(stream + 1, 0x165667b1));
  }
}
