import { VerdictEngine } from "../../lib/verify/engine";
import { daemonSet, done, fakeClock, node, NODES, pod, REVISIONS, settings, snapshot } from "./fixtures";

function engine(over: Parameters<typeof settings>[0] = {}) {
  const clock = fakeClock();
  return { e: new VerdictEngine(settings(over), clock.now), clock };
}

describe("VerdictEngine: rollout complete, bake, verified", () => {
  test("a complete rollout is progressing until the bake ends, then verified", () => {
    const { e, clock } = engine();
    expect(e.observe(snapshot()).verdict).toBe("progressing");
    clock.advance(599);
    expect(e.observe().verdict).toBe("progressing");
    clock.advance(1);
    expect(e.observe()).toMatchObject({ verdict: "verified", reasonCode: "verified" });
    expect(e.events.map((x) => `${x.signal}:${x.status}`)).toEqual(["rollout:ok", "bake:pending", "bake:ok"]);
  });

  test.each([
    [
      "spec not observed yet",
      daemonSet({
        observedGeneration: 1,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
      }),
    ],
    [
      "2 of 3 updated",
      daemonSet({
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 2,
        numberAvailable: 3,
      }),
    ],
    [
      "2 of 3 available",
      daemonSet({
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      }),
    ],
    [
      "numberUnavailable 1",
      daemonSet({
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 3,
        numberUnavailable: 1,
      }),
    ],
    [
      "numberReady 3 but nothing updated (the provider's bug)",
      daemonSet({
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        numberReady: 3,
        updatedNumberScheduled: 0,
        numberAvailable: 3,
      }),
    ],
  ])("not complete: %s -> never verified, failed at the progress deadline", (_what, ds) => {
    const { e, clock } = engine({ progressDeadlineSeconds: 60 });
    expect(e.observe(snapshot({ daemonSet: ds })).verdict).toBe("progressing");
    clock.advance(60);
    expect(e.observe()).toMatchObject({ verdict: "failed", reasonCode: "progress-deadline" });
  });

  test("counters complete but a pod still on the old revision's hash: not complete", () => {
    const { e, clock } = engine({ progressDeadlineSeconds: 60 });
    const pods = [pod("n0"), pod("n1"), pod("n2", "old")];
    expect(e.observe(snapshot({ pods })).message).toMatch(/1 pods not on revision new/);
    clock.advance(61);
    expect(e.observe().verdict).toBe("failed");
  });

  test("desired 0 proves nothing: inconclusive, never verified", () => {
    const { e } = engine();
    const ds = daemonSet({
      observedGeneration: 2,
      desiredNumberScheduled: 0,
      updatedNumberScheduled: 0,
      numberAvailable: 0,
    });
    expect(e.observe(snapshot({ daemonSet: ds, pods: [] }))).toMatchObject({
      verdict: "inconclusive",
      reasonCode: "desired-zero",
    });
  });

  test("no pool nodes: inconclusive", () => {
    const { e } = engine();
    expect(e.observe(snapshot({ nodes: [] }))).toMatchObject({
      verdict: "inconclusive",
      reasonCode: "no-nodes",
    });
  });

  test("the DaemonSet missing is an error", () => {
    expect(engine().e.observe(snapshot({ daemonSet: undefined }))).toMatchObject({
      verdict: "error",
      reasonCode: "not-found",
    });
  });
});

describe("VerdictEngine: the boot-loop signal (Node conditions)", () => {
  test.each([
    ["False", "NotReady"],
    ["Unknown", "Unknown"],
  ] as const)("a pool node Ready at start turning %s fails at once, naming it", (status, word) => {
    const { e } = engine();
    e.observe(snapshot());
    const d = e.observe(snapshot({ nodes: [node("n0"), node("n1", status), node("n2")] }));
    expect(d).toMatchObject({ verdict: "failed", reasonCode: "node-not-ready" });
    expect(e.failedNodes).toEqual(["n1"]);
    expect(e.events.find((x) => x.signal === "node-ready")!.message).toContain(word);
  });

  test("a node already NotReady at start does not count; its pod keeps reporting Running", () => {
    const { e } = engine();
    const nodes = [node("n0"), node("n1", "False"), node("n2")];
    e.observe(snapshot({ nodes }));
    expect(e.observe(snapshot({ nodes })).verdict).toBe("progressing");
  });

  test("a tolerance of 1 allows one node, fails on the second", () => {
    const { e } = engine({ notReadyTolerance: 1 });
    e.observe(snapshot());
    expect(e.observe(snapshot({ nodes: [node("n0", "False"), node("n1"), node("n2")] })).verdict).toBe(
      "progressing",
    );
    expect(
      e.observe(snapshot({ nodes: [node("n0", "False"), node("n1", "False"), node("n2")] })).verdict,
    ).toBe("failed");
  });

  test("a failure is final: later healthy snapshots do not change it", () => {
    const { e, clock } = engine();
    e.observe(snapshot());
    e.observe(snapshot({ nodes: [node("n0", "False"), node("n1"), node("n2")] }));
    clock.advance(3600);
    expect(e.observe(snapshot()).verdict).toBe("failed");
  });
});

describe("VerdictEngine: restarts and can't-start (ExtendedDaemonSet defaults)", () => {
  const withRestarts = (n: number) =>
    snapshot({ pods: [pod("n0", "new", { restarts: n }), pod("n1"), pod("n2")] });

  test.each([
    [2, "verified"],
    [3, "inconclusive"],
    [5, "inconclusive"],
  ])("%i restarts before the bake -> %s at the end of the bake", (n, verdict) => {
    const { e, clock } = engine();
    e.observe(withRestarts(n));
    clock.advance(600);
    expect(e.observe().verdict).toBe(verdict);
  });

  test("more than 5 restarts fails at once", () => {
    const { e } = engine();
    expect(e.observe(withRestarts(6))).toMatchObject({ verdict: "failed", reasonCode: "restarts" });
  });

  test("restarts on old-revision pods are not the new version's", () => {
    const { e } = engine();
    expect(
      e.observe(snapshot({ pods: [pod("n0", "old", { restarts: 9 }), pod("n1"), pod("n2")] })).verdict,
    ).not.toBe("failed");
  });

  test("a restart in the last 5 minutes of the bake holds the verdict; a quiet window then verifies", () => {
    const { e, clock } = engine();
    e.observe(withRestarts(0));
    clock.advance(500);
    e.observe(withRestarts(1));
    clock.advance(100);
    expect(e.observe().verdict).toBe("progressing");
    clock.advance(200);
    expect(e.observe().verdict).toBe("verified");
  });

  test.each([
    "CrashLoopBackOff",
    "ImagePullBackOff",
    "ErrImagePull",
    "CreateContainerConfigError",
    "CreateContainerError",
  ])("%s for more than 3 minutes fails; less does not", (reason) => {
    const { e, clock } = engine();
    const stuck = snapshot({
      daemonSet: daemonSet({
        observedGeneration: 2,
        desiredNumberScheduled: 3,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
        numberUnavailable: 1,
      }),
      pods: [pod("n0", "new", { waiting: reason }), pod("n1"), pod("n2")],
    });
    e.observe(stuck);
    clock.advance(180);
    expect(e.observe(stuck).verdict).toBe("progressing");
    clock.advance(1);
    expect(e.observe(stuck)).toMatchObject({ verdict: "failed", reasonCode: "cant-start" });
  });

  test("a can't-start reason that clears resets its timer", () => {
    const { e, clock } = engine();
    e.observe(snapshot({ pods: [pod("n0", "new", { waiting: "ErrImagePull" }), pod("n1"), pod("n2")] }));
    clock.advance(170);
    e.observe(snapshot());
    clock.advance(20);
    expect(
      e.observe(snapshot({ pods: [pod("n0", "new", { waiting: "ErrImagePull" }), pod("n1"), pod("n2")] }))
        .verdict,
    ).toBe("progressing");
  });
});

describe("VerdictEngine: metrics (Argo Rollouts analysis defaults) and fail-closed", () => {
  const metric = { name: "errors", query: "rate(x[5m])", threshold: { op: "<=" as const, value: 0.01 } };

  test("a breach fails at once; ok values let the bake verify", () => {
    const { e, clock } = engine({ metrics: [metric] });
    e.observe(snapshot());
    expect(e.metric("errors", { kind: "values", values: [0.001] }, metric.threshold).verdict).toBe(
      "progressing",
    );
    clock.advance(600);
    expect(e.observe().verdict).toBe("verified");
    const f = engine({ metrics: [metric] }).e;
    expect(f.metric("errors", { kind: "values", values: [0.5] }, metric.threshold)).toMatchObject({
      verdict: "failed",
      reasonCode: "metric-breached",
    });
  });

  test.each([
    ["empty", { kind: "empty" } as const],
    ["NaN", { kind: "values", values: [NaN] } as const],
  ])("%s is inconclusive at the end of the bake, never verified", (_w, result) => {
    const { e, clock } = engine({ metrics: [metric] });
    e.observe(snapshot());
    e.metric("errors", result, metric.threshold);
    clock.advance(900);
    expect(e.observe()).toMatchObject({ verdict: "inconclusive", reasonCode: "metric-no-data" });
  });

  test("+Inf breaches an upper bound", () => {
    expect(
      engine().e.metric("errors", { kind: "values", values: [Infinity] }, metric.threshold).verdict,
    ).toBe("failed");
  });

  test("more than 4 consecutive errors is an error; a success in between resets the count", () => {
    const { e } = engine({ metrics: [metric] });
    e.observe(snapshot());
    const err = { kind: "error", message: "503" } as const;
    for (let i = 0; i < 4; i++) expect(e.metric("errors", err, metric.threshold).verdict).toBe("progressing");
    e.metric("errors", { kind: "values", values: [0] }, metric.threshold);
    for (let i = 0; i < 4; i++) e.metric("errors", err, metric.threshold);
    expect(e.metric("errors", err, metric.threshold)).toMatchObject({
      verdict: "error",
      reasonCode: "metric-errors",
    });
  });

  test("a cluster error (unreachable, 403, watch lost) is an error verdict, never verified", () => {
    const { e, clock } = engine();
    e.observe(snapshot());
    expect(e.clusterError("forbidden (403)")).toMatchObject({
      verdict: "error",
      reasonCode: "cluster-error",
    });
    clock.advance(3600);
    expect(e.observe(snapshot()).verdict).toBe("error");
  });
});

test("fixtures are consistent: the finished fixture is complete and names the new revision", () => {
  const { e } = engine();
  e.observe({
    daemonSet: done(),
    revisions: REVISIONS,
    pods: NODES.map((n) => pod(n.metadata!.name!)),
    nodes: NODES,
  });
  expect(e.currentRevision()).toMatchObject({ name: "a-new", hash: "new" });
});
