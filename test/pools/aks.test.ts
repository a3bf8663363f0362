import { AksWavePools, AksWavePoolsProps } from "../../lib/pools/aks";
import { Json, synthWith, thrown, warningsOf } from "./helpers";

const props: AksWavePoolsProps = {
  nodeOsUpgradeChannel: "None",
  kubernetesClusterId:
    "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/prod",
  vmSize: "Standard_D4s_v5",
  waves: [
    {
      name: "canary",
      size: { min: 1, max: 2 },
      taint: true,
      extraTaints: ["dedicated=agents:PreferNoSchedule"],
    },
    { name: "staging", size: { min: 20, max: 40 } },
    { name: "production", size: { min: 200, max: 400 }, orchestratorVersion: "1.30.3" },
  ],
};

const synth = (p: Partial<AksWavePoolsProps> = {}) =>
  synthWith((scope) => new AksWavePools(scope, "pools", { ...props, ...p }));

describe("AksWavePools", () => {
  test("GIVEN three waves THEN three azurerm_kubernetes_cluster_node_pool: labels, key=value:Effect taints, autoscaling, max_surge", () => {
    const { json } = synth();
    const pools = Object.values(json.resource.azurerm_kubernetes_cluster_node_pool as Record<string, Json>);
    const byName = Object.fromEntries(pools.map((p) => [p.name, p]));
    expect(byName.canary).toMatchObject({
      mode: "User",
      vm_size: "Standard_D4s_v5",
      auto_scaling_enabled: true,
      min_count: 1,
      max_count: 2,
      node_count: 1,
      node_labels: { "wavegate.dev/pool": "canary" },
      node_taints: ["wavegate.dev/pool=canary:NoSchedule", "dedicated=agents:PreferNoSchedule"],
      upgrade_settings: { max_surge: "1" },
    });
    expect(byName.staging.upgrade_settings).toEqual({ max_surge: "10%" });
    expect(byName.production.orchestrator_version).toBe("1.30.3");
    expect(byName.production.depends_on).toHaveLength(1);
  });

  test("AKS spellings are checked: pool names ^[a-z][a-z0-9]{0,11}$ and taints key=value:Effect", () => {
    const longName = [props.waves[0], { ...props.waves[1], name: "staging-early" }, props.waves[2]];
    const error = thrown(() => synth({ waves: longName }));
    expect(error.field).toBe("waves[1].poolName");
    expect(error.message).toMatch(/\^\[a-z\]\[a-z0-9\]\{0,11\}\$/);
    const renamed = [
      props.waves[0],
      { ...props.waves[1], name: "staging-early", poolName: "stagingearly" },
      props.waves[2],
    ];
    expect(synth({ waves: renamed }).built.pool("staging-early").resource.nameInput).toBe("stagingearly");
    const badTaint = [{ ...props.waves[0], extraTaints: ["dedicated:NoSchedule"] }, ...props.waves.slice(1)];
    expect(thrown(() => synth({ waves: badTaint })).field).toBe("waves[0].extraTaints[0]");
  });

  test("node OS channel NodeImage (or SecurityPatch): a warning that AKS re-images every wave at once", () => {
    for (const channel of ["NodeImage", "SecurityPatch"] as const) {
      const warnings = warningsOf(
        (s) => new AksWavePools(s, "p", { ...props, nodeOsUpgradeChannel: channel }),
      );
      expect(warnings).toEqual([
        expect.stringMatching(new RegExp(`channel is ${channel}, so AKS re-images every wave`)),
      ]);
    }
    expect(warningsOf((s) => new AksWavePools(s, "p", { ...props, nodeOsUpgradeChannel: "None" }))).toEqual(
      [],
    );
    // Unstated: AKS's default channel is NodeImage, so it is warned too.
    const { nodeOsUpgradeChannel: _unused, ...unstated } = props;
    expect(warningsOf((s) => new AksWavePools(s, "p", unstated))).toEqual([
      expect.stringMatching(/nodeOsUpgradeChannel is not stated; AKS's default is NodeImage/),
    ]);
  });

  test("a later wave on a newer Kubernetes version than an earlier one is refused", () => {
    const waves = [
      { ...props.waves[0], orchestratorVersion: "1.30.3" },
      { ...props.waves[1], orchestratorVersion: "1.31.0" },
      props.waves[2],
    ];
    expect(thrown(() => synth({ waves })).field).toBe("waves[1].orchestratorVersion");
    const older = [props.waves[0], { ...props.waves[1], orchestratorVersion: "1.31.0" }, props.waves[2]];
    expect(synth({ waves: older }).built.pools).toHaveLength(3);
  });
});
