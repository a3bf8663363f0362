const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

/** Default bake time of every wave before the next may get its release: 1 h (see README "Bake times"). */
export const DEFAULT_BAKE = "1h";

/**
 * Seconds of a duration written `1h`, `90m`, `1h30m`, `2d`, `45s` or `0s`; undefined for anything else.
 * (Go-style units, as Kargo's `requiredSoakTime` and Argo's durations are written; no fractions.)
 */
export function parseDuration(text: string): number | undefined {
  const m = DURATION.exec(text);
  if (m === null || text === "") return undefined;
  const [d, h, min, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  return ((d * 24 + h) * 60 + min) * 60 + s;
}

/** `1h 30m` from seconds: the largest units, at most two, for messages ("bakes for 1h 30m more"). */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 60) return `${s}s`;
  const units: [number, string][] = [
    [86400, "d"],
    [3600, "h"],
    [60, "m"],
    [1, "s"],
  ];
  const parts: string[] = [];
  let left = s;
  for (const [size, unit] of units) {
    const n = Math.floor(left / size);
    if (n > 0) {
      parts.push(`${n}${unit}`);
      left -= n * size;
    } else if (parts.length > 0) break; // "1h 5s" would mislead: stop at the first empty unit after one.
    if (parts.length === 2) break;
  }
  return parts.join(" ");
}
