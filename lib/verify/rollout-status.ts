/**
 * Is a DaemonSet's rollout complete? kubectl's answer (`pkg/polymorphichelpers/rollout_status.go`,
 * `DaemonSetStatusViewer.Status`) and more: kubectl reads only the status counters; a wave is complete only when
 * every pod of it also runs the newest ControllerRevision's hash and none is unavailable. A checker that reads
 * `numberReady` passes mid-rollout (hashicorp/terraform-provider-kubernetes#2092).
 */
import { currentRevision, revisionHash } from "./revisions";
import { ControllerRevisionObject, DaemonSetObject, PodObject, REVISION_HASH_LABEL } from "./objects";

/** The rollout's state and a one-line account of it. */
export interface RolloutStatus {
  /** True only when every condition holds. */
  readonly complete: boolean;
  /** kubectl-style message. */
  readonly message: string;
  /** desiredNumberScheduled (undefined when the status has none yet). */
  readonly desired?: number;
  /** updatedNumberScheduled. */
  readonly updated: number;
  /** numberAvailable. */
  readonly available: number;
  /** numberUnavailable. */
  readonly unavailable: number;
  /** The newest revision's hash, when known. */
  readonly hash?: string;
  /** Pods of the wave not on the newest hash. */
  readonly podsOnOldHash: number;
}

/** Decides whether the rollout of `daemonSet` is complete, given its revisions and its pods. */
export function rolloutStatus(
  daemonSet: DaemonSetObject,
  revisions: readonly ControllerRevisionObject[],
  pods: readonly PodObject[],
): RolloutStatus {
  const name = daemonSet.metadata?.name ?? "?";
  const s = daemonSet.status ?? {};
  const desired = s.desiredNumberScheduled;
  const updated = s.updatedNumberScheduled ?? 0;
  const available = s.numberAvailable ?? 0;
  const unavailable = s.numberUnavailable ?? 0;
  const current = currentRevision(daemonSet, revisions);
  const hash = current !== undefined ? revisionHash(current) : undefined;
  const podsOnOldHash = pods.filter((p) => p.metadata?.labels?.[REVISION_HASH_LABEL] !== hash).length;
  const base = { desired, updated, available, unavailable, hash, podsOnOldHash };
  const waiting = (message: string): RolloutStatus => ({ ...base, complete: false, message });
  const strategy = daemonSet.spec?.updateStrategy?.type;
  if (strategy !== undefined && strategy !== "RollingUpdate") {
    return waiting(`rollout status is only available for RollingUpdate strategy type (is ${strategy})`);
  }
  const generation = daemonSet.metadata?.generation;
  if (generation === undefined || s.observedGeneration === undefined || generation > s.observedGeneration) {
    return waiting("Waiting for daemon set spec update to be observed...");
  }
  if (desired === undefined)
    return waiting("Waiting for the daemon set status to report desiredNumberScheduled...");
  if (updated < desired) {
    return waiting(
      `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
    );
  }
  if (available < desired) {
    return waiting(
      `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
    );
  }
  if (unavailable !== 0)
    return waiting(`Waiting for daemon set "${name}": ${unavailable} pods unavailable...`);
  if (hash === undefined)
    return waiting(`Waiting for daemon set "${name}": no ControllerRevision matches its template...`);
  if (podsOnOldHash > 0) {
    return waiting(`Waiting for daemon set "${name}": ${podsOnOldHash} pods not on revision ${hash}...`);
  }
  return {
    ...base,
    complete: true,
    message: `daemon set "${name}" successfully rolled out (revision ${hash})`,
  };
}

/**
 * Has a rollback to `hash` finished? The restored template is observed, and every pod on a Ready node of the wave
 * runs `hash` and is Ready. Pods on NotReady nodes are listed, not waited for: a node the bad version bricked cannot
 * run anything until it is repaired, and the DaemonSet controller halts on it (its pod stays unavailable).
 */
export function rollbackStatus(
  daemonSet: DaemonSetObject,
  pods: readonly PodObject[],
  nodes: readonly {
    metadata?: { name?: string };
    status?: { conditions?: readonly { type?: string; status?: string }[] };
  }[],
  hash: string,
): { complete: boolean; message: string; unrecovered: string[] } {
  const ready = new Set(
    nodes
      .filter((n) => n.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True"))
      .map((n) => n.metadata?.name),
  );
  const generation = daemonSet.metadata?.generation;
  if (generation === undefined || (daemonSet.status?.observedGeneration ?? -1) < generation) {
    return { complete: false, message: "waiting for the restored template to be observed", unrecovered: [] };
  }
  const unrecovered = pods.filter((p) => !ready.has(p.spec?.nodeName)).map((p) => p.spec?.nodeName ?? "?");
  const pending = pods.filter(
    (p) =>
      ready.has(p.spec?.nodeName) &&
      (p.metadata?.labels?.[REVISION_HASH_LABEL] !== hash ||
        !(p.status?.containerStatuses ?? []).every((c) => c.ready === true)),
  );
  if (pending.length > 0)
    return {
      complete: false,
      message: `${pending.length} pods not yet back on revision ${hash}`,
      unrecovered,
    };
  const onReady = pods.length - unrecovered.length;
  return {
    complete: onReady > 0,
    message: `${onReady} pods back on revision ${hash}${unrecovered.length > 0 ? `; NotReady nodes not recovered: ${unrecovered.join(", ")}` : ""}`,
    unrecovered,
  };
}
