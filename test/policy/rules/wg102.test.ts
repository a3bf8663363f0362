import fc from "fast-check";
import { WG102 } from "../../../lib/policy/rules";
import { checkFixture, checkJson, daemonSets, findingsOf, fixtureJson, outcomesOf } from "../helpers";

/** The staged fixture with the staging wave's rolling update replaced. */
function stagingWith(rollingUpdate: Record<string, unknown>, nodes?: string) {
  const json = fixtureJson("staged-good.tf.json");
  const staging = daemonSets(json)[1];
  staging.spec.strategy.rolling_update = rollingUpdate;
  if (nodes === undefined) delete staging.metadata.annotations["wavegate.dev/nodes"];
  else staging.metadata.annotations["wavegate.dev/nodes"] = nodes;
  return findingsOf(checkJson(json), WG102).find((f) => f.name === "node-agent-staging");
}

describe("WG102 rolling update bounded", () => {
  test("GIVEN caps within 10% (percent, and absolute numbers within a known pool size) THEN all pass", () => {
    expect(Object.values(outcomesOf(checkFixture("staged-good.tf.json"), WG102))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
    expect(Object.values(outcomesOf(checkFixture("wg102-pass-absolute-within-cap.tf.json"), WG102))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });

  test('GIVEN max_unavailable "100%" THEN it fails', () => {
    const [f] = findingsOf(checkFixture("wg102-fail-100-percent.tf.json"), WG102);
    expect(f.outcome).toBe("fail");
    expect(f.message).toMatch(/100% updates every node at once/);
  });

  test("GIVEN an absolute number over the cap of a known pool size THEN it fails naming both", () => {
    const f = findingsOf(checkFixture("wg102-fail-absolute-over-cap.tf.json"), WG102).find(
      (x) => x.name === "node-agent-staging",
    );
    expect(f?.outcome).toBe("fail");
    expect(f?.message).toBe("maxUnavailable 50 is over the cap of 10% (200 nodes: the cap allows 20)");
  });

  test.each([
    [{ max_unavailable: "25%", max_surge: "0" }, /maxUnavailable 25% is over the cap of 10%/],
    [{ max_unavailable: "0", max_surge: "20%" }, /maxSurge 20% is over the cap/],
    [{ max_unavailable: "110%", max_surge: "0" }, /maxUnavailable "110%" is invalid/],
    [{ max_unavailable: "lots", max_surge: "0" }, /maxUnavailable "lots" is invalid/],
    [{ max_unavailable: "0", max_surge: "0" }, /both 0/],
    [{ max_unavailable: "1", max_surge: "1" }, /both non-zero/],
  ])("GIVEN %j THEN it fails", (rolling, message) => {
    const f = stagingWith(rolling, "200");
    expect(f?.outcome).toBe("fail");
    expect(f?.message).toMatch(message);
  });

  test("GIVEN an absolute number equal to a large pool THEN it fails as over the cap", () => {
    expect(stagingWith({ max_unavailable: "200", max_surge: "0" }, "200")?.message).toBe(
      "maxUnavailable 200 is over the cap of 10% (200 nodes: the cap allows 20)",
    );
  });

  test("GIVEN a one-node wave with maxUnavailable 1 THEN it passes (the cap rounds up to one node)", () => {
    expect(stagingWith({ max_unavailable: "1", max_surge: "0" }, "1")?.outcome).toBe("pass");
  });

  test("GIVEN an absolute number above 1 and no known pool size THEN not applicable, naming the annotation", () => {
    const f = stagingWith({ max_unavailable: "5", max_surge: "0" });
    expect(f?.outcome).toBe("not-applicable");
    expect(f?.message).toMatch(
      /maxUnavailable 5 cannot be compared with the cap of 10% .*wavegate\.dev\/nodes/,
    );
  });

  test("GIVEN maxUnavailable 1 and no known pool size THEN it passes (every non-zero percent cap allows one node)", () => {
    expect(stagingWith({ max_unavailable: "1", max_surge: "0" })?.outcome).toBe("pass");
  });

  test("GIVEN a percent and a number cap with no known pool size THEN not applicable, never a pass", () => {
    const json = fixtureJson("staged-good.tf.json");
    delete daemonSets(json)[1].metadata.annotations["wavegate.dev/nodes"];
    const f = findingsOf(checkJson(json, { maxUnavailableCap: "2" }), WG102).find(
      (x) => x.name === "node-agent-staging",
    );
    expect(f?.outcome).toBe("not-applicable");
  });

  test('GIVEN a Kubernetes manifest with maxUnavailable "1" (a string without %) THEN it fails: the API server rejects it', () => {
    const manifest = (maxUnavailable: unknown) => ({
      resource: {
        kubernetes_manifest: {
          agent: {
            manifest: {
              apiVersion: "apps/v1",
              kind: "DaemonSet",
              metadata: { name: "agent", namespace: "kube-system" },
              spec: {
                updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable, maxSurge: 0 } },
              },
            },
          },
        },
      },
    });
    const [bad] = findingsOf(checkJson(manifest("1")), WG102);
    expect(bad.outcome).toBe("fail");
    expect(bad.message).toMatch(/maxUnavailable "1" is invalid in Kubernetes, .*write 1\)/);
    expect(findingsOf(checkJson(manifest(1)), WG102)[0].outcome).toBe("pass");
    expect(findingsOf(checkJson(manifest("10%")), WG102)[0].outcome).toBe("pass");
  });

  test("GIVEN no strategy THEN the Kubernetes default (maxUnavailable 1) passes", () => {
    const json = fixtureJson("staged-good.tf.json");
    delete daemonSets(json)[1].spec.strategy;
    expect(outcomesOf(checkJson(json), WG102)["node-agent-staging"]).toBe("pass");
  });

  test("GIVEN a value unknown until apply THEN not applicable, naming the field and expression", () => {
    const f = stagingWith({ max_unavailable: "${var.max_unavailable}", max_surge: "0" }, "200");
    expect(f?.outcome).toBe("not-applicable");
    expect(f?.message).toBe(
      "value unknown: spec.updateStrategy.rollingUpdate.maxUnavailable is ${var.max_unavailable}",
    );
  });

  test("GIVEN a larger cap option THEN 25% passes", () => {
    const json = fixtureJson("staged-good.tf.json");
    daemonSets(json)[1].spec.strategy.rolling_update.max_unavailable = "25%";
    expect(outcomesOf(checkJson(json, { maxUnavailableCap: "30%" }), WG102)["node-agent-staging"]).toBe(
      "pass",
    );
  });

  test("property: a percent passes exactly when it is within the cap", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 99 }), (pct, cap) => {
        const json = fixtureJson("staged-good.tf.json");
        daemonSets(json)[1].spec.strategy.rolling_update = { max_unavailable: `${pct}%`, max_surge: "0" };
        const outcome = outcomesOf(checkJson(json, { maxUnavailableCap: `${cap}%` }), WG102)[
          "node-agent-staging"
        ];
        expect(outcome).toBe(pct <= cap && pct < 100 ? "pass" : "fail");
      }),
      { numRuns: 60 },
    );
  });
});
