import { show, ValidationError } from "../errors";
import { IntOrPercent, IntOrPercentInput } from "../int-or-percent";

/** The wave fields the eBPF preset checks on top of the staged rollout's own checks. */
export interface EbpfWaveCheck {
  /** Wave name. */
  readonly name: string;
  /** The wave's maxSurge, as given. */
  readonly maxSurge?: IntOrPercentInput;
}

/**
 * Refuses a non-zero maxSurge on any wave: a surge runs the old and the new agent on one node at once, and two eBPF
 * agents fight over the same hooks, pinned maps and perf buffers.
 */
export function checkNoSurge(waves: readonly EbpfWaveCheck[]): void {
  (waves ?? []).forEach((w, i) => {
    if (w?.maxSurge === undefined) return;
    const surge = IntOrPercent.parse(w.maxSurge, `waves[${i}].maxSurge`);
    if (!surge.isZero) {
      throw new ValidationError(
        `waves[${i}].maxSurge`,
        `${show(w.maxSurge)} would run two copies of the agent on one node during the rollout of wave ${show(w.name)}, and two agents on one node fight over the same hooks`,
        "Remove maxSurge (it defaults to 0) and cap the wave with maxUnavailable instead.",
      );
    }
  });
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;

/**
 * Checks each wave's version: a tag (`v2.4.0`), a digest (`sha256:<64 hex>`) or both (`v2.4.0@sha256:<64 hex>`).
 */
export function checkVersions(versions: Readonly<Record<string, string>> | undefined): void {
  for (const [wave, version] of Object.entries(versions ?? {})) {
    const v = typeof version === "string" ? version : "";
    const at = v.indexOf("@");
    const ok =
      DIGEST.test(v) || (at < 0 ? TAG.test(v) : TAG.test(v.slice(0, at)) && DIGEST.test(v.slice(at + 1)));
    if (!ok) {
      throw new ValidationError(
        `versions.${wave}`,
        `${show(version)} is not an image tag or digest`,
        'Use a tag ("v2.4.0"), a digest ("sha256:" and 64 hex digits) or both ("v2.4.0@sha256:...").',
      );
    }
  }
}
