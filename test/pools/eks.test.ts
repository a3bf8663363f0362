import { Testing, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { EksWavePools, EksWavePoolsProps } from "../../lib/pools/eks";
import { EbpfAgent, StagedDaemonSet, ValidationError } from "../../lib";
import { runPolicy } from "../../lib/policy/engine";
import { daemonSetsFromTerraformJson } from "../../lib/inputs/tf-json";

const WARN = "@cdktf/warn";

const eksProps: EksWavePoolsProps = {
  clusterName: "prod",
  nodeRoleArn: "arn:aws:iam::111122223333:role/eks-nodes",
  subnetIds: ["subnet-0a", "subnet-0b"],
  instanceTypes: ["m6i.large"],
  waves: [
    { name: "canary", size: { min: 1, max: 2 }, taint: true, releaseVersion: "1.30.0-20240807" },
    { name: "staging", size: { min: 20, desired: 25, max: 40 }, releaseVersion: "1.30.0-20240703" },
    { name: "production", size: { min: 200, max: 600 }, releaseVersion: "1.30.0-20240703" },
  ],
};

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synth(props: Partial<EksWavePoolsProps> = {}): { json: Json; pools: EksWavePools } {
  let pools: EksWavePools | undefined;
  const out = Testing.synthScope((scope) => {
    pools = new EksWavePools(scope, "pools", { ...eksProps, ...props });
  });
  return { json: JSON.parse(out), pools: pools! };
}

const thrown = (fn: () => unknown): ValidationError => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error("expected a ValidationError");
};

describe("EksWavePools", () => {
  test("GIVEN three waves THEN three aws_eks_node_group, labelled, sized, budgeted and chained in wave order", () => {
    const { json } = synth();
    const groups = json.resource.aws_eks_node_group as Record<string, Json>;
    const byName = Object.fromEntries(Object.values(groups).map((g) => [g.node_group_name, g]));
    const idOf = (name: string) => Object.keys(groups).find((k) => groups[k].node_group_name === name);
    expect(Object.keys(byName).sort()).toEqual(["canary", "production", "staging"]);
    expect(byName.canary).toMatchObject({
      cluster_name: "prod",
      labels: { "wavegate.dev/pool": "canary" },
      taint: [{ key: "wavegate.dev/pool", value: "canary", effect: "NO_SCHEDULE" }],
      scaling_config: { min_size: 1, max_size: 2, desired_size: 1 },
      update_config: { max_unavailable: 1 },
      release_version: "1.30.0-20240807",
      instance_types: ["m6i.large"],
    });
    expect(byName.staging.update_config).toEqual({ max_unavailable_percentage: 10 });
    expect(byName.staging.scaling_config).toEqual({ min_size: 20, max_size: 40, desired_size: 25 });
    expect(byName.staging.taint).toBeUndefined();
    expect(byName.canary.depends_on).toBeUndefined();
    expect(byName.staging.depends_on).toEqual([`aws_eks_node_group.${idOf("canary")}`]);
    expect(byName.production.depends_on).toEqual([`aws_eks_node_group.${idOf("staging")}`]);
    expect(byName.production.lifecycle).toEqual({ ignore_changes: ["scaling_config[0].desired_size"] });
  });

  test("waves() hands a StagedDaemonSet each pool, the conservative node counts and the taint's toleration", () => {
    const { pools } = synth();
    const waves = pools.waves();
    expect(waves.map((w) => [w.name, w.nodes, w.pool?.toString()])).toEqual([
      ["canary", 2, "wavegate.dev/pool in (canary)"],
      ["staging", 20, "wavegate.dev/pool in (staging)"],
      ["production", 200, undefined],
    ]);
    expect(waves[0].tolerations).toEqual([
      { key: "wavegate.dev/pool", operator: "Equal", value: "canary", effect: "NoSchedule" },
    ]);
    expect(waves[1].tolerations).toBeUndefined();
    expect(pools.pool("staging").resource.nodeGroupNameInput).toBe("staging");
    expect(pools.waves({ canary: { maxUnavailable: 1 } })[0]).toMatchObject({
      name: "canary",
      maxUnavailable: 1,
    });
    expect(thrown(() => pools.waves({ nope: {} })).field).toBe("wave");
  });

  test("one line puts an agent on the pools, and the tolerations reach only the canary's pod", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const pools = new EksWavePools(scope, "pools", eksProps);
        new StagedDaemonSet(scope, "agent", {
          name: "agent",
          image: "registry.example/agent",
          versions: { canary: "v2", staging: "v1", production: "v1" },
          pod: {
            containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }],
          },
          waves: pools.waves(),
        });
      }),
    );
    const ds = Object.values(json.resource.kubernetes_daemon_set_v1) as Json[];
    const canary = ds.find((d) => d.metadata.name === "agent-canary")!;
    expect(canary.spec.template.spec.toleration).toEqual([
      { key: "wavegate.dev/pool", operator: "Equal", value: "canary", effect: "NoSchedule" },
    ]);
    expect(ds.find((d) => d.metadata.name === "agent")!.spec.template.spec.toleration).toBeUndefined();
    expect(canary.metadata.annotations["wavegate.dev/nodes"]).toBe("2");
  });

  test("the pools and an EbpfAgent on them pass the whole policy with no error, WG107 judged with the pool sizes", () => {
    const out = Testing.synthScope((scope) => {
      const stack = scope as TerraformStack;
      new KubernetesProvider(stack, "k8s", { configPath: "~/.kube/config" });
      const pools = new EksWavePools(stack, "pools", eksProps);
      new EbpfAgent(stack, "agent", {
        name: "agent",
        image: "registry.example/agent",
        versions: {
          canary: "v2.5.0@sha256:" + "a".repeat(64),
          staging: "v2.4.0@sha256:" + "b".repeat(64),
          production: "v2.4.0@sha256:" + "b".repeat(64),
        },
        waves: pools.waves(),
        programs: ["tracing"],
        health: { port: 9090 },
      });
    });
    const load = daemonSetsFromTerraformJson(JSON.parse(out), { file: "stack", format: "tf-json" });
    const report = runPolicy({ ...load, files: [], stacks: [] });
    const failed = report.findings.filter(
      (f) => (f.outcome === "fail" && f.severity === "error") || f.outcome === "error",
    );
    expect(failed).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === "WG107" && f.outcome === "pass")).toHaveLength(3);
  });

  test("a canary too large for the fleet is what WG107 sees (its maximum against the others' minimum)", () => {
    const { pools } = synth({
      waves: [
        { name: "canary", size: { min: 1, max: 10 } },
        { name: "staging", size: { min: 20, max: 40 } },
        { name: "production", size: { min: 200, max: 600 } },
      ],
    });
    expect(pools.waves().map((w) => w.nodes)).toEqual([10, 20, 200]);
  });

  test.each([
    [{ size: { min: 3, max: 2 } }, "waves[0].size.min", /min 3 is greater than max 2/],
    [{ size: { min: 1, desired: 5, max: 2 } }, "waves[0].size.desired", /desired 5 is outside/],
    [{ size: { min: -1, max: 2 } }, "waves[0].size.min", /not a node count/],
    [{ labels: { "bad key!": "x" } }, 'waves[0].labels["bad key!"]', /must be 1-63/],
    [{ labels: { team: "-x" } }, 'waves[0].labels["team"]', /label value/],
    [{ labels: { "wavegate.dev/pool": "other" } }, 'waves[0].labels["wavegate.dev/pool"]', /wave label/],
    [{ taint: { effect: "NO_SCHEDULE" as never } }, "waves[0].taint.effect", /not a taint effect/],
    [{ upgradeBudget: "50%" }, "waves[0].upgradeBudget", /exceeds the cap of 10%/],
    [{ upgradeBudget: 0 }, "waves[0].upgradeBudget", /outside 1..100/],
    [{ nodeGroupName: "has space" }, "waves[0].nodeGroupName", /not a valid node group name/],
  ])("GIVEN canary %j THEN ValidationError at %s", (change, field, message) => {
    const waves = [{ ...eksProps.waves[0], ...change }, ...eksProps.waves.slice(1)];
    const error = thrown(() => synth({ waves }));
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(error.fix.length).toBeGreaterThan(10);
  });

  test("an absolute budget is judged against the pool's smallest size", () => {
    const waves = [eksProps.waves[0], { ...eksProps.waves[1], upgradeBudget: 3 }, eksProps.waves[2]];
    expect(thrown(() => synth({ waves })).message).toMatch(
      /3 exceeds the cap of 10% \(20 nodes: the cap allows 2\)/,
    );
    const ok = [eksProps.waves[0], { ...eksProps.waves[1], upgradeBudget: 2 }, eksProps.waves[2]];
    expect(synth({ waves: ok }).pools.pool("staging").upgradeBudget.toString()).toBe("2");
  });

  test("a later wave pinning a newer AMI than an earlier wave is refused", () => {
    const waves = [
      { ...eksProps.waves[0], releaseVersion: "1.30.0-20240703" },
      { ...eksProps.waves[1], releaseVersion: "1.30.0-20240807" },
      eksProps.waves[2],
    ];
    const error = thrown(() => synth({ waves }));
    expect(error.field).toBe("waves[1].releaseVersion");
    expect(error.message).toMatch(/newer than "1.30.0-20240703" of the earlier wave "canary"/);
  });

  test("no pinned AMI: a construct-time warning that a new AMI reaches every wave at once", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const waves = eksProps.waves.map((w) => ({ ...w, releaseVersion: undefined }));
    const pools = new EksWavePools(stack, "pools", { ...eksProps, waves });
    const warnings = pools.node.metadata.filter((m) => m.type === WARN).map((m) => String(m.data));
    expect(warnings).toEqual([expect.stringMatching(/no wave pins releaseVersion/)]);
    const pinned = new EksWavePools(stack, "pinned", eksProps);
    expect(pinned.node.metadata.filter((m) => m.type === WARN)).toEqual([]);
  });

  test("bad cluster settings name their field", () => {
    expect(thrown(() => synth({ clusterName: "" })).field).toBe("clusterName");
    expect(thrown(() => synth({ subnetIds: [] })).field).toBe("subnetIds");
    expect(thrown(() => synth({ labelKey: "no good/key/" })).field).toBe("labelKey");
    expect(thrown(() => synth({ waves: [eksProps.waves[0], eksProps.waves[0]] })).message).toMatch(
      /appears twice/,
    );
  });
});
