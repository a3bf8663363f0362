import { IntOrPercent } from "../../lib/model/int-or-percent";
import {
  classifyNode,
  hasOldPods,
  isRolloutComplete,
  NewPod,
  NodeClass,
  noSurgeStep,
  OldPod,
  rollingBudget,
  surgeStep,
} from "../../lib/simulate/controller";

const P = (v: number | string) => IntOrPercent.parse(v, "test");
/** Counts in NodeClass order: noPod, newUnavailable, newAvailable, oldAvailable, oldUnavailable, bothNewUnavailable, bothNewAvailable. */
const counts = (c: Partial<Record<keyof typeof NodeClass, number>>) =>
  (Object.keys(NodeClass) as (keyof typeof NodeClass)[]).map((k) => c[k] ?? 0);

describe("rollingBudget: percents round up against the desired node count", () => {
  test.each([
    ["10%", 25, 3],
    ["10%", 15, 2],
    ["33%", 10, 4],
    ["10%", 2000, 200],
    ["10%", 1, 1],
    ["1%", 20, 1],
    ["100%", 7, 7],
    [3, 25, 3],
  ])("maxUnavailable %s of %i nodes -> %i", (value, desired, expected) => {
    expect(rollingBudget(P(value), P(0), desired)).toEqual({ maxUnavailable: expected, maxSurge: 0 });
  });

  test("maxSurge rounds up too: 10% of 15 -> 2", () => {
    expect(rollingBudget(P(0), P("10%"), 15)).toEqual({ maxUnavailable: 0, maxSurge: 2 });
  });

  test("0% of a small pool resolves to 0 for both, which falls back to maxUnavailable 1", () => {
    expect(rollingBudget(P("0%"), P(0), 5)).toEqual({ maxUnavailable: 1, maxSurge: 0 });
  });
});

describe("classifyNode sorts a node as findUpdatedPodsOnNode does", () => {
  test.each([
    [OldPod.none, NewPod.none, NodeClass.noPod],
    [OldPod.none, NewPod.starting, NodeClass.newUnavailable],
    [OldPod.none, NewPod.ready, NodeClass.newUnavailable],
    [OldPod.none, NewPod.failed, NodeClass.newUnavailable],
    [OldPod.none, NewPod.available, NodeClass.newAvailable],
    [OldPod.available, NewPod.none, NodeClass.oldAvailable],
    [OldPod.unavailable, NewPod.none, NodeClass.oldUnavailable],
    [OldPod.available, NewPod.starting, NodeClass.bothNewUnavailable],
    [OldPod.unavailable, NewPod.failed, NodeClass.bothNewUnavailable],
    [OldPod.available, NewPod.available, NodeClass.bothNewAvailable],
  ])("old %i, new %i -> class %i", (oldPod, newPod, cls) => {
    expect(classifyNode(oldPod, newPod)).toBe(cls);
  });
});

describe("noSurgeStep (maxSurge == 0)", () => {
  test.each([
    ["fresh rollout: deletes up to the budget", counts({ oldAvailable: 25 }), 3, 0, 3, 0],
    [
      "budget partly used by new pods not yet available",
      counts({ oldAvailable: 20, newUnavailable: 2 }),
      3,
      0,
      1,
      2,
    ],
    ["budget used up: nothing more", counts({ oldAvailable: 20, newUnavailable: 3 }), 3, 0, 0, 3],
    [
      "a node without a pod uses the budget",
      counts({ oldAvailable: 20, noPod: 1, newUnavailable: 2 }),
      3,
      0,
      0,
      3,
    ],
    [
      "failed pods past the budget never go negative",
      counts({ oldAvailable: 20, newUnavailable: 5 }),
      3,
      0,
      0,
      5,
    ],
    [
      "unavailable old pods are replaced regardless",
      counts({ oldAvailable: 10, oldUnavailable: 4, newUnavailable: 3 }),
      3,
      4,
      0,
      3,
    ],
    [
      "unavailable old pods do not use the budget",
      counts({ oldAvailable: 10, oldUnavailable: 4 }),
      3,
      4,
      3,
      0,
    ],
    ["never more deletions than candidates", counts({ oldAvailable: 2, newAvailable: 30 }), 10, 0, 2, 0],
  ])("%s", (_name, c, maxUnavailable, replace, del, numUnavailable) => {
    expect(noSurgeStep(c, maxUnavailable)).toEqual({
      replaceUnavailableOld: replace,
      deleteAvailableOld: del,
      numUnavailable,
    });
  });
});

describe("surgeStep (maxSurge > 0)", () => {
  test.each([
    ["fresh rollout: surges up to the budget", counts({ oldAvailable: 15 }), 2, 0, 0, 2, 0],
    [
      "new pods waiting use the surge budget",
      counts({ oldAvailable: 13, bothNewUnavailable: 2 }),
      2,
      0,
      0,
      0,
      2,
    ],
    [
      "an available new pod lets its old pod go",
      counts({ oldAvailable: 13, bothNewAvailable: 1, bothNewUnavailable: 1 }),
      2,
      1,
      0,
      1,
      1,
    ],
    [
      "an unavailable old pod gets a new pod outside the budget",
      counts({ oldAvailable: 13, oldUnavailable: 3, bothNewUnavailable: 2 }),
      2,
      0,
      3,
      0,
      2,
    ],
    [
      "nodes with only a new pod do not use the surge budget",
      counts({ oldAvailable: 13, newUnavailable: 5 }),
      2,
      0,
      0,
      2,
      0,
    ],
  ])("%s", (_name, c, maxSurge, deleteOld, onUnavailable, onAvailable, numSurge) => {
    expect(surgeStep(c, maxSurge)).toEqual({
      deleteOld,
      surgeOnUnavailable: onUnavailable,
      surgeOnAvailable: onAvailable,
      numSurge,
    });
  });
});

describe("completion", () => {
  test("complete only when every desired node runs an available new pod", () => {
    expect(isRolloutComplete(counts({ newAvailable: 10 }), 10)).toBe(true);
    expect(isRolloutComplete(counts({ newAvailable: 9, newUnavailable: 1 }), 10)).toBe(false);
    expect(isRolloutComplete(counts({ newAvailable: 9, oldAvailable: 1 }), 10)).toBe(false);
    expect(isRolloutComplete(counts({}), 0)).toBe(true);
  });

  test("hasOldPods sees available and unavailable old pods", () => {
    expect(hasOldPods(counts({ oldUnavailable: 1 }))).toBe(true);
    expect(hasOldPods(counts({ oldAvailable: 1 }))).toBe(true);
    expect(hasOldPods(counts({ newUnavailable: 3, bothNewAvailable: 1 }))).toBe(false);
  });
});
