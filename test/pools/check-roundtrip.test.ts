import { Testing } from "cdktf";
import { Construct } from "constructs";
import { StagedDaemonSet } from "../../lib";
import { daemonSetsFromTerraformJson } from "../../lib/inputs/tf-json";
import { runPolicy } from "../../lib/policy/engine";
import { AksWavePools } from "../../lib/pools/aks";
import { EksWavePools } from "../../lib/pools/eks";
import { GkeWavePools } from "../../lib/pools/gke";
import { KarpenterWavePools } from "../../lib/pools/karpenter";
import { WavePools } from "../../lib/pools/wave-pools";

const waves = [
  { name: "canary", size: { min: 1, max: 2 }, taint: true },
  { name: "staging", size: { min: 20, max: 40 } },
  { name: "production", size: { min: 200, max: 400 } },
];

const clouds: [string, (scope: Construct) => WavePools<unknown>][] = [
  [
    "eks",
    (s) =>
      new EksWavePools(s, "pools", {
        clusterName: "c",
        nodeRoleArn: "arn:aws:iam::1:role/n",
        subnetIds: ["s"],
        waves,
      }),
  ],
  ["gke", (s) => new GkeWavePools(s, "pools", { cluster: "c", nodeLocations: ["z1"], waves })],
  ["aks", (s) => new AksWavePools(s, "pools", { kubernetesClusterId: "id", waves })],
  ["karpenter", (s) => new KarpenterWavePools(s, "pools", { waves })],
];

describe.each(clouds)("%s wave pools, as `check` reads them back", (_cloud, build) => {
  test("the loaders read each synthesized pool's label, taint, size and budget, and WG111 passes every wave", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const pools = build(scope);
        new StagedDaemonSet(scope, "agent", {
          name: "agent",
          image: "registry.example/agent",
          versions: { canary: "v2", staging: "v1", production: "v1" },
          pod: {
            containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }],
          },
          waves: pools.waves(),
          minWaves: 3,
        });
      }),
    );
    const load = daemonSetsFromTerraformJson(json, { file: "stack.tf.json", format: "tf-json" });
    const byName = Object.fromEntries((load.nodePools ?? []).map((p) => [p.name, p]));
    expect(Object.keys(byName).sort()).toEqual(["canary", "production", "staging"]);
    expect(byName.canary.labels["wavegate.dev/pool"]).toBe("canary");
    expect(byName.canary.taints).toEqual([
      { key: "wavegate.dev/pool", value: "canary", effect: "NoSchedule" },
    ]);
    expect(byName.staging.taints).toEqual([]);
    expect(byName.canary.upgradeBudget?.value).toEqual(expect.anything());
    const report = runPolicy({ ...load, files: [], stacks: [] });
    const wg111 = report.findings.filter((f) => f.ruleId === "WG111");
    expect(Object.fromEntries(wg111.map((f) => [f.wave, [f.outcome, f.message]]))).toEqual({
      canary: ["pass", undefined],
      staging: ["pass", undefined],
      production: ["pass", undefined],
    });
  });

  test("without the canary's toleration, WG111 fails the canary (the agent would never run on its pool)", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const pools = build(scope);
        new StagedDaemonSet(scope, "agent", {
          name: "agent",
          image: "registry.example/agent",
          versions: { canary: "v2", staging: "v1", production: "v1" },
          pod: {
            containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }],
          },
          waves: pools.waves().map((w) => ({ ...w, tolerations: undefined })),
          minWaves: 3,
        });
      }),
    );
    const load = daemonSetsFromTerraformJson(json, { file: "stack.tf.json", format: "tf-json" });
    const canary = runPolicy({ ...load, files: [], stacks: [] }).findings.find(
      (f) => f.ruleId === "WG111" && f.wave === "canary",
    );
    expect(canary?.outcome).toBe("fail");
    expect(canary?.message).toMatch(
      /taints its nodes wavegate.dev\/pool=canary:NoSchedule, which the wave does not tolerate/,
    );
  });
});
