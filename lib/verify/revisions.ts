/**
 * Which ControllerRevision a DaemonSet runs now and which one a rollback returns to: pure decisions over API objects,
 * after kubectl's `pkg/polymorphichelpers` (`rollback.go`: `DaemonSetRollbacker`, `daemonSetMatch`, `findHistory`).
 *
 * The revision is chosen by name and template hash, never by the `.revision` number: the DaemonSet controller
 * renumbers a reused revision to max+1 when a rollback (or a re-apply of an old template) makes it current again
 * (kubernetes `pkg/controller/daemon/update.go`, `constructHistory` / `dedupCurHistories`).
 */
import { ControllerRevisionObject, DaemonSetObject, PodTemplateLike, REVISION_HASH_LABEL } from "./objects";

/** The hash a ControllerRevision stands for: its `controller-revision-hash` label, else its name's `-<hash>` tail. */
export function revisionHash(revision: ControllerRevisionObject): string | undefined {
  const label = revision.metadata?.labels?.[REVISION_HASH_LABEL];
  if (label !== undefined) return label;
  const name = revision.metadata?.name;
  const dash = name?.lastIndexOf("-") ?? -1;
  return name !== undefined && dash >= 0 ? name.slice(dash + 1) : undefined;
}

/** The pod template a revision restores: `data.spec.template` without the `$patch` directive. */
export function revisionTemplate(revision: ControllerRevisionObject): PodTemplateLike | undefined {
  const data = revision.data as { spec?: { template?: Record<string, unknown> } } | undefined;
  const template = data?.spec?.template;
  if (template === undefined || template === null || typeof template !== "object") return undefined;
  const { $patch: _directive, ...rest } = template;
  return rest as PodTemplateLike;
}

/** The revisions the DaemonSet owns (by controller reference uid when the objects carry one). */
export function ownedRevisions(
  daemonSet: DaemonSetObject,
  revisions: readonly ControllerRevisionObject[],
): ControllerRevisionObject[] {
  const uid = daemonSet.metadata?.uid;
  return revisions.filter((r) => {
    const owners = r.metadata?.ownerReferences;
    if (uid === undefined || owners === undefined || owners.length === 0) return true;
    return owners.some((o) => o.uid === uid);
  });
}

/**
 * The revision whose template equals the DaemonSet's live template (kubectl `daemonSetMatch`: the same bytes), else
 * the one with the highest `.revision` (the controller always gives the current one the maximum), else undefined.
 */
export function currentRevision(
  daemonSet: DaemonSetObject,
  revisions: readonly ControllerRevisionObject[],
): ControllerRevisionObject | undefined {
  const owned = ownedRevisions(daemonSet, revisions);
  const live = canonical(daemonSet.spec?.template);
  const matching = owned.filter((r) => canonical(revisionTemplate(r)) === live);
  const pool = matching.length > 0 ? matching : owned;
  return [...pool].sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
}

/** Why a rollback cannot be planned. */
export type NoRollbackReason = "no-current-revision" | "no-previous-revision" | "current-is-a-rollback";

/** A planned rollback: from which revision to which, and the exact request body. */
export interface RollbackPlan {
  /** The revision running now (the one being undone). */
  readonly from: RevisionRef;
  /** The revision restored. */
  readonly to: RevisionRef;
  /**
   * The strategic-merge patch body, exactly what `kubectl rollout undo daemonset/<name>` sends: the revision's
   * `data` as stored (`{"spec":{"template":{...,"$patch":"replace"}}}`), Content-Type
   * `application/strategic-merge-patch+json`.
   */
  readonly patch: string;
}

/** A revision by name and hash (its number only for display). */
export interface RevisionRef {
  /** `metadata.name`, e.g. `agent-canary-5d8f7c9b4`. */
  readonly name: string;
  /** The `controller-revision-hash`. */
  readonly hash?: string;
  /** `.revision` at the time it was read (renumbered by the controller; never used to choose). */
  readonly revision?: number;
}

/** The result of {@link planRollback}: a plan, or why there is none. */
export type RollbackDecision =
  | { readonly ok: true; readonly plan: RollbackPlan }
  | { readonly ok: false; readonly reason: NoRollbackReason; readonly message: string };

/** A reference to a revision. */
export function refOf(revision: ControllerRevisionObject): RevisionRef {
  return {
    name: revision.metadata?.name ?? "(unnamed)",
    hash: revisionHash(revision),
    revision: revision.revision,
  };
}

/**
 * Decides the rollback of a DaemonSet: the current revision (by template), then the previous one:
 * 1. the revision named by `previousHash` (the hash the wave's old pods carried when verification began), when
 *    it still exists and differs from the current one;
 * 2. else the revision created most recently before the current one (`creationTimestamp`, then name): creation
 *    order is never renumbered.
 *
 * Never rolls back a rollback: when the current revision is older than another owned revision (it was reused and
 * renumbered, which is what a rollback does), the decision is `current-is-a-rollback`.
 */
export function planRollback(
  daemonSet: DaemonSetObject,
  revisions: readonly ControllerRevisionObject[],
  previousHash?: string,
): RollbackDecision {
  const owned = ownedRevisions(daemonSet, revisions);
  const current = currentRevision(daemonSet, owned);
  if (current === undefined) {
    return { ok: false, reason: "no-current-revision", message: "the DaemonSet has no ControllerRevision" };
  }
  const others = owned.filter((r) => r.metadata?.name !== current.metadata?.name);
  const created = (r: ControllerRevisionObject) => Date.parse(r.metadata?.creationTimestamp ?? "") || 0;
  const newerThanCurrent = others.filter((r) => created(r) > created(current));
  if (newerThanCurrent.length > 0) {
    return {
      ok: false,
      reason: "current-is-a-rollback",
      message:
        `the current revision ${current.metadata?.name} was created before ${newerThanCurrent[0].metadata?.name}: ` +
        "it was restored by a rollback, and a rollback is never rolled back",
    };
  }
  const byHash =
    previousHash !== undefined && previousHash !== revisionHash(current)
      ? others.find((r) => revisionHash(r) === previousHash)
      : undefined;
  const previous =
    byHash ??
    [...others].sort(
      (a, b) => created(b) - created(a) || (b.metadata?.name ?? "").localeCompare(a.metadata?.name ?? ""),
    )[0];
  if (previous === undefined || previous.data === undefined) {
    return {
      ok: false,
      reason: "no-previous-revision",
      message: `no previous revision to roll back to (the DaemonSet owns only ${current.metadata?.name})`,
    };
  }
  return {
    ok: true,
    plan: { from: refOf(current), to: refOf(previous), patch: JSON.stringify(previous.data) },
  };
}

/** A stable text form of a template (object keys sorted), for equality. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}
