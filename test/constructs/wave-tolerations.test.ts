import { NodePool, planStagedDaemonSet, StagedDaemonSetProps, ValidationError } from "../../lib";

const props: StagedDaemonSetProps = {
  name: "agent",
  image: "registry.example/agent",
  versions: { canary: "v2", production: "v1" },
  minWaves: 2,
  pod: {
    tolerations: [{ key: "shared", operator: "Exists" }],
    containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }],
  },
  waves: [
    {
      name: "canary",
      pool: NodePool.labeled("wavegate.dev/pool", "canary"),
      tolerations: [{ key: "wavegate.dev/pool", operator: "Equal", value: "canary", effect: "NoSchedule" }],
    },
    { name: "production" },
  ],
};

describe("StagedWaveOptions.tolerations", () => {
  test("are added to that wave's pod only, after the pod's own", () => {
    const [canary, production] = planStagedDaemonSet(props);
    expect(canary.manifest.spec.template.spec.tolerations).toEqual([
      { key: "shared", operator: "Exists" },
      { key: "wavegate.dev/pool", operator: "Equal", value: "canary", effect: "NoSchedule" },
    ]);
    expect(production.manifest.spec.template.spec.tolerations).toEqual([
      { key: "shared", operator: "Exists" },
    ]);
  });

  test.each([
    [{ key: "k", operator: "Is" }, "waves[0].tolerations[0].operator"],
    [{ key: "bad key", operator: "Exists" }, "waves[0].tolerations[0].key"],
    [{ operator: "Equal", value: "x" }, "waves[0].tolerations[0].key"],
    [{ key: "k", operator: "Exists", value: "x" }, "waves[0].tolerations[0].value"],
    [{ key: "k", operator: "Exists", effect: "NO_SCHEDULE" }, "waves[0].tolerations[0].effect"],
  ])("%j is refused at %s", (toleration, field) => {
    const waves = [{ ...props.waves[0], tolerations: [toleration as never] }, props.waves[1]];
    let error: unknown;
    try {
      planStagedDaemonSet({ ...props, waves });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe(field);
  });
});
