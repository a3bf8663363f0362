import { hasUnprintable, printableValues } from "../../model/printable";

/**
 * {@link printableValues}, with a walk that allocates nothing first: most values (a DaemonSet's source: file,
 * address, stack, construct path) hold no control character, and then the value itself is the answer, as
 * `printableValues` would return it. Only a value that needs escaping is copied, by `printableValues` itself.
 */
export function printableValuesCheaply<T>(value: T): T {
  return needsEscaping(value, 0) ? printableValues(value) : value;
}

/** As deep as `printableValues` looks (lib/model/printable.ts): beyond it, values are returned unchanged. */
const MAX_DEPTH = 64;

/** True when {@link printableValues} would change a string in `value` (the same walk, without copying). */
function needsEscaping(value: unknown, depth: number): boolean {
  if (typeof value === "string") return hasUnprintable(value);
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (needsEscaping(value[i], depth + 1)) return true;
    return false;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  // The values `Object.entries` gives `printableValues`: own, enumerable, string-keyed.
  for (const v of Object.values(value)) if (needsEscaping(v, depth + 1)) return true;
  return false;
}
