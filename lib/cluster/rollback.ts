/**
 * `kubectl rollout undo daemonset/<name>`, exactly (kubectl `pkg/polymorphichelpers/rollback.go`,
 * `DaemonSetRollbacker.Rollback`): read the DaemonSet and the ControllerRevisions it owns, choose the previous one
 * (lib/verify/revisions.ts: by name/hash, never by number; never a rollback of a rollback), and send its `data`
 * as a strategic-merge patch of the DaemonSet.
 */
import { ControllerRevisionObject, DaemonSetObject } from "../verify/objects";
import { planRollback, RollbackDecision } from "../verify/revisions";
import { KubeHttp } from "./http";
import { labelSelectorOf } from "./selectors";
import { daemonSetPath } from "./wave-watch";

/** The Content-Type of a strategic-merge patch (k8s.io/apimachinery `types.StrategicMergePatchType`). */
export const STRATEGIC_MERGE_PATCH = "application/strategic-merge-patch+json";

/** What a rollback did. */
export interface RollbackResult {
  /** The decision (with the plan when there was one). */
  readonly decision: RollbackDecision;
  /** When the patch was sent (ms), if it was. */
  readonly patchedAt?: number;
}

/**
 * Rolls the DaemonSet back to its previous revision (preferring the one whose hash is `previousHash`).
 * Throws ClusterError when the cluster cannot be read or the patch is refused.
 */
export async function rollbackDaemonSet(
  http: KubeHttp,
  namespace: string,
  name: string,
  previousHash?: string,
  now: () => number = Date.now,
): Promise<RollbackResult> {
  const ds = (await http.get(daemonSetPath(namespace, name))) as DaemonSetObject;
  const list = (await http.get(
    `/apis/apps/v1/namespaces/${encodeURIComponent(namespace)}/controllerrevisions`,
    {
      labelSelector: labelSelectorOf(ds.spec?.selector ?? {}) || undefined,
    },
  )) as { items?: ControllerRevisionObject[] };
  const decision = planRollback(ds, list.items ?? [], previousHash);
  if (!decision.ok) return { decision };
  await http.patch(daemonSetPath(namespace, name), decision.plan.patch, STRATEGIC_MERGE_PATCH);
  return { decision, patchedAt: now() };
}
