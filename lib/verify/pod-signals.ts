/**
 * The restart and can't-start signals over the new revision's pods (defaults after DataDog ExtendedDaemonSet):
 * restart counts per container, the time of the last restart, and how long each can't-start reason has lasted.
 */
import { CANT_START_REASONS, VerifySettings } from "./config";
import { PodObject, REVISION_HASH_LABEL } from "./objects";
import { SignalEvent } from "./report";

/** Records a signal (the engine's). */
export type Signal = (
  status: SignalEvent["status"],
  signal: "restarts" | "cant-start",
  message: string,
  subject: string,
) => void;

/** What the pods say: a failure message with its code, or nothing. */
export type PodFailure =
  { readonly reasonCode: "restarts" | "cant-start"; readonly message: string } | undefined;

/** The state of the pod signals of one verification. */
export class PodSignals {
  /** Restart count per pod/container. */
  readonly restartCounts: Map<string, number> = new Map<string, number>();
  /** When a restart was last seen (ms). */
  lastRestartAt?: number;
  /** Why the wave cannot be verified (more than `restartsInconclusive` restarts), once seen. */
  unverifiable?: string;
  private readonly cantStartSince = new Map<string, { at: number; reason: string }>();

  constructor(private readonly settings: VerifySettings) {}

  /** Judges the pods on revision `hash`. */
  check(pods: readonly PodObject[], hash: string | undefined, now: number, signal: Signal): PodFailure {
    const seenWaiting = new Set<string>();
    for (const pod of pods) {
      if (hash === undefined || pod.metadata?.labels?.[REVISION_HASH_LABEL] !== hash) continue;
      const podName = pod.metadata?.name ?? "?";
      const statuses = [
        ...(pod.status?.initContainerStatuses ?? []),
        ...(pod.status?.containerStatuses ?? []),
      ];
      for (const c of statuses) {
        const key = `${podName}/${c.name ?? "?"}`;
        const count = c.restartCount ?? 0;
        const node = pod.spec?.nodeName !== undefined ? ` on ${pod.spec.nodeName}` : "";
        if (count > (this.restartCounts.get(key) ?? 0)) {
          this.restartCounts.set(key, count);
          this.lastRestartAt = now;
          signal(
            count > this.settings.restartsInconclusive ? "warning" : "ok",
            "restarts",
            `${key}${node} restarted ${count} times`,
            key,
          );
          if (count > this.settings.restartsFailed) {
            return {
              reasonCode: "restarts",
              message: `container ${key}${node} restarted ${count} times (more than ${this.settings.restartsFailed})`,
            };
          }
          if (count > this.settings.restartsInconclusive) {
            this.unverifiable ??= `container ${key} restarted ${count} times (more than ${this.settings.restartsInconclusive})`;
          }
        }
        const reason = c.state?.waiting?.reason;
        if (reason === undefined || !CANT_START_REASONS.has(reason)) continue;
        seenWaiting.add(key);
        const since = this.cantStartSince.get(key);
        if (since === undefined || since.reason !== reason) {
          this.cantStartSince.set(key, { at: since?.at ?? now, reason });
          signal("warning", "cant-start", `${key}: ${reason}`, key);
        } else if (now - since.at > this.settings.cantStartSeconds * 1000) {
          signal(
            "failed",
            "cant-start",
            `${key}: ${reason} for ${Math.round((now - since.at) / 1000)}s`,
            key,
          );
          return {
            reasonCode: "cant-start",
            message: `container ${key}${node} cannot start (${reason}) for more than ${this.settings.cantStartSeconds}s`,
          };
        }
      }
    }
    for (const key of [...this.cantStartSince.keys()])
      if (!seenWaiting.has(key)) this.cantStartSince.delete(key);
    return undefined;
  }

  /** Restarts counted (sum over containers). */
  total(): number {
    let n = 0;
    for (const c of this.restartCounts.values()) n += c;
    return n;
  }
}
