/**
 * Pure counting helpers of the DaemonSet rolling update, after kubernetes/kubernetes `pkg/controller/daemon`
 * (`update.go` `rollingUpdate`, `updatedDesiredNodeCounts`, `findUpdatedPodsOnNode`; `util/daemonset_util.go`).
 * No clock, no queue: the event loop (`engine.ts`) calls these with counts and applies what they return.
 */
import { IntOrPercent, resolveBudget, ResolvedBudget } from "../model/int-or-percent";

/** State of the old-template pod on a node. */
export const OldPod = { none: 0, available: 1, unavailable: 2 } as const;
/** State of the new-template pod on a node. */
export const NewPod = { none: 0, starting: 1, ready: 2, available: 3, failed: 4 } as const;

/**
 * What the controller sees on one node, as `findUpdatedPodsOnNode` sorts it (a terminating pod is ignored, so a node
 * whose old pod is being deleted and whose new pod is not created yet has no pod).
 */
export const NodeClass = {
  /** No pod: the manage loop creates one with the current template. */
  noPod: 0,
  /** Only a new pod, not available yet. */
  newUnavailable: 1,
  /** Only a new pod, available: this node is done. */
  newAvailable: 2,
  /** Only an old pod, available: an update candidate. */
  oldAvailable: 3,
  /** Only an old pod, unavailable: replaced regardless of the budget. */
  oldUnavailable: 4,
  /** Old and new pod (surging), new not available yet. */
  bothNewUnavailable: 5,
  /** Old and new pod, new available: the old one is deleted. */
  bothNewAvailable: 6,
} as const;

/** Number of node classes. */
export const NODE_CLASSES = 7;

/** Nodes per class, indexed by `NodeClass`. */
export type ClassCounts = readonly number[];

/** Sorts a node into its class. */
export function classifyNode(oldPod: number, newPod: number): number {
  if (newPod === NewPod.none) {
    if (oldPod === OldPod.none) return NodeClass.noPod;
    return oldPod === OldPod.available ? NodeClass.oldAvailable : NodeClass.oldUnavailable;
  }
  const available = newPod === NewPod.available;
  if (oldPod === OldPod.none) return available ? NodeClass.newAvailable : NodeClass.newUnavailable;
  return available ? NodeClass.bothNewAvailable : NodeClass.bothNewUnavailable;
}

/** True when the node has an available pod of either template. */
export function isNodeAvailable(oldPod: number, newPod: number): boolean {
  return oldPod === OldPod.available || newPod === NewPod.available;
}

/**
 * The budget the controller uses at one sync: maxUnavailable and maxSurge resolved against the desired node count
 * (`ceil(pct * desired / 100)`, both rounded up), with the "both zero means maxUnavailable 1" fallback.
 * `desired` counts every node that should run the pod, NotReady (bricked) nodes included: daemon pods tolerate the
 * not-ready taint, so such nodes stay in the desired set.
 */
export function rollingBudget(
  maxUnavailable: IntOrPercent,
  maxSurge: IntOrPercent,
  desired: number,
): ResolvedBudget {
  return resolveBudget(maxUnavailable, maxSurge, desired);
}

/** What one sync does when maxSurge is 0. */
export interface NoSurgeStep {
  /** Old pods that are unavailable: deleted regardless of the budget. */
  readonly replaceUnavailableOld: number;
  /** Old available pods deleted now (each becomes a new pod), within the remaining budget. */
  readonly deleteAvailableOld: number;
  /** Nodes the controller counts against maxUnavailable before acting. */
  readonly numUnavailable: number;
}

/**
 * The maxSurge == 0 branch of `rollingUpdate`.
 *
 * Assumptions: at most one non-terminating pod per node; a node without a pod gets one from the manage loop.
 * Invariants: nodes without a pod, and nodes whose new pod is not available, count against maxUnavailable; an old
 * pod that is already unavailable is replaced at once without using the budget; old available pods are deleted only
 * while `numUnavailable < maxUnavailable`, so the controller never makes more than maxUnavailable nodes unavailable.
 */
export function noSurgeStep(counts: ClassCounts, maxUnavailable: number): NoSurgeStep {
  const numUnavailable =
    counts[NodeClass.noPod] +
    counts[NodeClass.newUnavailable] +
    counts[NodeClass.bothNewUnavailable] +
    counts[NodeClass.bothNewAvailable];
  const remaining = Math.min(Math.max(maxUnavailable - numUnavailable, 0), counts[NodeClass.oldAvailable]);
  return {
    replaceUnavailableOld: counts[NodeClass.oldUnavailable],
    deleteAvailableOld: remaining,
    numUnavailable,
  };
}

/** What one sync does when maxSurge > 0. */
export interface SurgeStep {
  /** Nodes whose new pod is available: their old pod is deleted. */
  readonly deleteOld: number;
  /** Nodes whose old pod is unavailable: get a new pod at once, outside the surge budget. */
  readonly surgeOnUnavailable: number;
  /** Nodes with an available old pod that get a new pod now, within the remaining surge budget. */
  readonly surgeOnAvailable: number;
  /** Nodes counted against maxSurge before acting. */
  readonly numSurge: number;
}

/**
 * The maxSurge > 0 branch of `rollingUpdate`.
 *
 * Assumptions: the manage loop allows at most two pods per node and creates a pod on a node without one; a node
 * with only a new pod needs nothing from this branch (so a new node does not use the surge budget).
 * Invariants: a node with an unavailable old pod gets a new pod at once; an old pod is deleted only once the new
 * pod on its node is available; at most maxSurge nodes wait for a surged pod to become available.
 */
export function surgeStep(counts: ClassCounts, maxSurge: number): SurgeStep {
  const numSurge = counts[NodeClass.bothNewUnavailable];
  const remaining = Math.min(Math.max(maxSurge - numSurge, 0), counts[NodeClass.oldAvailable]);
  return {
    deleteOld: counts[NodeClass.bothNewAvailable],
    surgeOnUnavailable: counts[NodeClass.oldUnavailable],
    surgeOnAvailable: remaining,
    numSurge,
  };
}

/**
 * True when the rollout of a DaemonSet is complete, as `kubectl rollout status` decides it: every desired node runs
 * an updated pod and every one of them is available.
 */
export function isRolloutComplete(counts: ClassCounts, desired: number): boolean {
  return counts[NodeClass.newAvailable] + counts[NodeClass.bothNewAvailable] === desired;
}

/** True when old-template pods remain (the update has nodes left to reach). */
export function hasOldPods(counts: ClassCounts): boolean {
  return counts[NodeClass.oldAvailable] + counts[NodeClass.oldUnavailable] > 0;
}
