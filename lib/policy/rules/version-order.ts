/**
 * Orders version strings the way wave promotion needs: `v2.5.0` is newer than `v2.4.0`; `1.2.0-rc.1` is older than
 * `1.2.0`; a `tag@sha256:...` version is ordered by its tag. Returns undefined for versions that cannot be ordered
 * (bare digests, non-numeric tags), so callers never guess.
 */

interface Parsed {
  readonly numbers: number[];
  readonly pre?: string;
}

const parsed = new Map<string, Parsed | null>();

function parse(version: string): Parsed | undefined {
  let hit = parsed.get(version);
  if (hit === undefined) {
    hit = parseUncached(version) ?? null;
    if (parsed.size < 10_000) parsed.set(version, hit);
  }
  return hit ?? undefined;
}

function parseUncached(version: string): Parsed | undefined {
  const tag = version.split("@")[0];
  const m = /^v?(\d+(?:\.\d+){0,3})(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(tag.trim());
  if (!m) return undefined;
  return { numbers: m[1].split(".").map(Number), ...(m[2] !== undefined ? { pre: m[2] } : {}) };
}

/** Negative when `a` is older than `b`, positive when newer, 0 when the same; undefined when they cannot be ordered. */
export function compareVersions(a: string, b: string): number | undefined {
  if (a === b) return 0;
  const pa = parse(a);
  const pb = parse(b);
  if (pa === undefined || pb === undefined) return undefined;
  const length = Math.max(pa.numbers.length, pb.numbers.length);
  for (let i = 0; i < length; i++) {
    const d = (pa.numbers[i] ?? 0) - (pb.numbers[i] ?? 0);
    if (d !== 0) return d;
  }
  if (pa.pre === pb.pre) return 0;
  if (pa.pre === undefined) return 1;
  if (pb.pre === undefined) return -1;
  return comparePrerelease(pa.pre, pb.pre);
}

/** SemVer 2.0 precedence of pre-release identifiers: numeric ones numerically, others by ASCII, fewer first. */
function comparePrerelease(a: string, b: string): number {
  const xs = a.split(".");
  const ys = b.split(".");
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const [x, y] = [xs[i], ys[i]];
    const [nx, ny] = [/^\d+$/.test(x), /^\d+$/.test(y)];
    if (nx && ny && Number(x) !== Number(y)) return Number(x) - Number(y);
    if (nx !== ny) return nx ? -1 : 1;
    if (x !== y) return x < y ? -1 : 1;
  }
  return xs.length - ys.length;
}
