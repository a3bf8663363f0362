import { GkeWavePools, GkeWavePoolsProps } from "../../lib/pools/gke";
import { Json, synthWith, thrown, warningsOf } from "./helpers";

const props: GkeWavePoolsProps = {
  cluster: "prod",
  location: "europe-west1",
  nodeLocations: ["europe-west1-b", "europe-west1-c"],
  machineType: "e2-standard-4",
  waves: [
    { name: "canary", size: { min: 1, max: 1 }, taint: { effect: "NoExecute" } },
    { name: "staging", size: { min: 10, max: 20 }, upgradeBudget: 1 },
    { name: "production", size: { min: 100, max: 200 } },
  ],
};

const synth = (p: Partial<GkeWavePoolsProps> = {}) =>
  synthWith((scope) => new GkeWavePools(scope, "pools", { ...props, ...p }));

describe("GkeWavePools", () => {
  test("GIVEN three waves THEN three google_container_node_pool: labels, taint in GKE spelling, per-zone autoscaling, surge budget", () => {
    const { json } = synth();
    const pools = Object.values(json.resource.google_container_node_pool as Record<string, Json>);
    const byName = Object.fromEntries(pools.map((p) => [p.name, p]));
    expect(byName.canary).toMatchObject({
      cluster: "prod",
      location: "europe-west1",
      node_locations: ["europe-west1-b", "europe-west1-c"],
      autoscaling: { min_node_count: 1, max_node_count: 1 },
      initial_node_count: 1,
      management: { auto_upgrade: false, auto_repair: true },
      upgrade_settings: { strategy: "SURGE", max_surge: 1, max_unavailable: 0 },
      node_config: {
        machine_type: "e2-standard-4",
        labels: { "wavegate.dev/pool": "canary" },
        taint: [{ key: "wavegate.dev/pool", value: "canary", effect: "NO_EXECUTE" }],
      },
    });
    expect(byName.staging.upgrade_settings.max_surge).toBe(1);
    // "10%" of production's smallest zone (100 nodes) is 10 nodes upgraded at once.
    expect(byName.production.upgrade_settings.max_surge).toBe(10);
    expect(byName.production.depends_on).toHaveLength(1);
  });

  test("sizes count per zone: a wave's nodes are the per-zone bound times the zones", () => {
    const { built } = synth();
    expect(built.waves().map((w) => [w.name, w.nodes])).toEqual([
      ["canary", 2],
      ["staging", 20],
      ["production", 200],
    ]);
    expect(built.waves()[0].tolerations).toEqual([
      { key: "wavegate.dev/pool", operator: "Equal", value: "canary", effect: "NoExecute" },
    ]);
  });

  test("node counts per zone need the zones, listed once each", () => {
    expect(thrown(() => synth({ nodeLocations: [] })).field).toBe("nodeLocations");
    expect(thrown(() => synth({ nodeLocations: ["a", "a"] })).message).toMatch(/per zone/);
  });

  test("auto-upgrade: a warning that GKE upgrades every wave on its own schedule; with a pinned version refused", () => {
    const warnings = warningsOf((stack) => new GkeWavePools(stack, "p", { ...props, autoUpgrade: true }));
    expect(warnings).toEqual([expect.stringMatching(/GKE upgrades every wave pool on its own schedule/)]);
    expect(warningsOf((stack) => new GkeWavePools(stack, "p", props))).toEqual([]);
    expect(thrown(() => synth({ autoUpgrade: true, version: "1.30.3-gke.1225000" })).field).toBe(
      "autoUpgrade",
    );
  });

  test("a later wave pinning a newer node version is refused; an invalid pool name names its field", () => {
    const waves = [
      { ...props.waves[0], version: "1.30.3-gke.1000" },
      { ...props.waves[1], version: "1.30.3-gke.2000" },
      props.waves[2],
    ];
    expect(thrown(() => synth({ waves })).field).toBe("waves[1].version");
    const badName = [{ ...props.waves[0], poolName: "Canary_1" }, ...props.waves.slice(1)];
    expect(thrown(() => synth({ waves: badName })).field).toBe("waves[0].poolName");
    const budget = [props.waves[0], { ...props.waves[1], upgradeBudget: 2 }, props.waves[2]];
    expect(thrown(() => synth({ waves: budget })).field).toBe("waves[1].upgradeBudget");
  });
});
