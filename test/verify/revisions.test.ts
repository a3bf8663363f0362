import { currentRevision, planRollback } from "../../lib/verify/revisions";
import { rollbackStatus, rolloutStatus } from "../../lib/verify/rollout-status";
import { daemonSet, done, NEW_TEMPLATE, node, OLD_TEMPLATE, pod, revision, REVISIONS } from "./fixtures";

describe("rollback decision (kubectl rollback.go, by name/hash)", () => {
  test("the previous revision is restored with its data as the strategic-merge patch", () => {
    const d = planRollback(done(), REVISIONS);
    expect(d).toMatchObject({
      ok: true,
      plan: { from: { name: "a-new" }, to: { name: "a-old", hash: "old" } },
    });
    expect(d.ok && JSON.parse(d.plan.patch)).toEqual({
      spec: { template: { $patch: "replace", ...OLD_TEMPLATE } },
    });
  });

  test("the current revision is found by template, not by the highest .revision", () => {
    // After a controller renumbering the old template's revision is 3: still not "current" while the DS runs NEW.
    const renumbered = [revision("a-old", "old", 3, OLD_TEMPLATE, "2026-01-01T00:00:00Z"), REVISIONS[1]];
    expect(currentRevision(done(), renumbered)?.metadata?.name).toBe("a-new");
  });

  test("the hash the old pods carried at start wins over creation order", () => {
    const three = [
      revision(
        "a-oldest",
        "oldest",
        1,
        { ...OLD_TEMPLATE, metadata: { labels: { app: "a", v: "0" } } },
        "2025-12-01T00:00:00Z",
      ),
      ...REVISIONS,
    ];
    expect(planRollback(done(), three, "oldest")).toMatchObject({
      ok: true,
      plan: { to: { name: "a-oldest" } },
    });
    expect(planRollback(done(), three)).toMatchObject({ ok: true, plan: { to: { name: "a-old" } } });
  });

  test("never roll back a rollback: a current revision older than another one was restored by a rollback", () => {
    const afterRollback = daemonSet(done().status!, 3, OLD_TEMPLATE);
    const renumbered = [revision("a-old", "old", 3, OLD_TEMPLATE, "2026-01-01T00:00:00Z"), REVISIONS[1]];
    expect(planRollback(afterRollback, renumbered)).toMatchObject({
      ok: false,
      reason: "current-is-a-rollback",
    });
  });

  test("no previous revision", () => {
    expect(planRollback(done(), [REVISIONS[1]])).toMatchObject({ ok: false, reason: "no-previous-revision" });
    expect(planRollback(done(), [])).toMatchObject({ ok: false, reason: "no-current-revision" });
  });

  test("revisions of another DaemonSet (other owner uid) are ignored", () => {
    const foreign = {
      ...REVISIONS[0],
      metadata: { ...REVISIONS[0].metadata, ownerReferences: [{ uid: "other" }] },
    };
    expect(planRollback(done(), [foreign, REVISIONS[1]])).toMatchObject({
      ok: false,
      reason: "no-previous-revision",
    });
  });
});

describe("rollout and rollback status", () => {
  test("kubectl's messages", () => {
    const ds = daemonSet({
      observedGeneration: 2,
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 1,
      numberAvailable: 3,
    });
    expect(rolloutStatus(ds, REVISIONS, []).message).toBe(
      'Waiting for daemon set "a" rollout to finish: 1 out of 3 new pods have been updated...',
    );
    expect(rolloutStatus(done(), REVISIONS, [pod("n0")]).complete).toBe(true);
    expect(
      rolloutStatus(
        { ...done(), spec: { ...done().spec, updateStrategy: { type: "OnDelete" } } },
        REVISIONS,
        [],
      ).complete,
    ).toBe(false);
  });

  test("a rollback is complete when every pod on a Ready node is back and Ready; NotReady nodes are listed", () => {
    const ds = daemonSet({ ...done().status!, observedGeneration: 3 }, 3, OLD_TEMPLATE);
    const nodes = [node("n0"), node("n1", "False")];
    expect(rollbackStatus(ds, [pod("n0", "old"), pod("n1", "new")], nodes, "old")).toMatchObject({
      complete: true,
      unrecovered: ["n1"],
    });
    expect(rollbackStatus(ds, [pod("n0", "new"), pod("n1", "new")], nodes, "old").complete).toBe(false);
    expect(
      rollbackStatus(daemonSet({ observedGeneration: 2 }, 3, NEW_TEMPLATE), [], nodes, "old").complete,
    ).toBe(false);
  });
});
