/**
 * Returning memory between the phases of a large check. V8 collects the old generation only when it has grown by a
 * factor (up to 4x) over what was live after the last full collection, so the input text and the parsed JSON, garbage
 * once the DaemonSets are loaded, would otherwise stay in the heap while the rules allocate their findings: at 100,000
 * DaemonSets the heap reached 1.1 GB where 0.4 GB was live. A full collection at each phase boundary of a large input
 * keeps the peak near what is live (see test/bench/check-process.bench.js); for small inputs it is skipped (it would
 * cost time and save nothing that matters).
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Loads of at least this many DaemonSets collect garbage between phases (about 75 MB of Terraform JSON). */
export const LARGE_LOAD = 25_000;

/** Texts of at least this many characters are collected once parsed. */
export const LARGE_TEXT: number = 64 << 20;

let gc: (() => void) | null | undefined;

/**
 * Runs a full garbage collection when `large` (a load of {@link LARGE_LOAD} DaemonSets or more, a text of
 * {@link LARGE_TEXT} characters or more); a no-op where the runtime offers no way to (it never throws).
 */
export function releaseMemory(large: boolean): void {
  if (!large) return;
  if (gc === undefined) gc = findGc();
  gc?.();
}

/** `gc()` from a context created after `--expose-gc` is set (the flag applies to contexts made after it). */
function findGc(): (() => void) | null {
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === "function") return existing as () => void;
  try {
    setFlagsFromString("--expose-gc");
    const fn: unknown = runInNewContext("gc");
    return typeof fn === "function" ? (fn as () => void) : null;
  } catch {
    return null;
  }
}
