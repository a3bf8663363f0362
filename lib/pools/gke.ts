/**
 * `wavegate/gke`: one GKE node pool (`google_container_node_pool`) per wave. Needs the optional peer dependency
 * `@cdktf/provider-google` (16.x); only `lib/container-node-pool` is loaded.
 */
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { IntOrPercent, show, ValidationError } from "../model";
import { checkImageOrder, checkUpgradeBudget } from "../model/node-pools";
import {
  checkWaves,
  cloudEffect,
  WavePool,
  WavePoolOptions,
  WavePools,
  WavePoolsProps,
  wavePool,
} from "./wave-pools";

export * from "./wave-pools";

/** One wave's GKE node pool. `size` counts nodes **per zone**, as GKE does. */
export interface GkeWavePoolOptions extends WavePoolOptions {
  /**
   * The node pool's name.
   * @default `<poolPrefix><wave>`
   */
  readonly poolName?: string;
  /**
   * The pinned GKE node version (`version`, e.g. `"1.30.3-gke.1225000"`); a later wave must not pin a newer one.
   * @default the props' `version`
   */
  readonly version?: string;
}

/** Props of {@link GkeWavePools}. */
export interface GkeWavePoolsProps extends WavePoolsProps<GkeWavePoolOptions> {
  /** The cluster (its id or name). */
  readonly cluster: string;
  /**
   * The cluster's location (region or zone).
   * @default the provider's
   */
  readonly location?: string;
  /** The project. @default the provider's */
  readonly project?: string;
  /**
   * The zones of every pool (`node_locations`). GKE counts `size` per zone, so wavegate needs them to know a
   * wave's node count: nodes = per-zone count x zones.
   */
  readonly nodeLocations: readonly string[];
  /** Machine type. @default GKE's default (`e2-medium`) */
  readonly machineType?: string;
  /** Node image type. @default GKE's default (`COS_CONTAINERD`) */
  readonly imageType?: string;
  /** The node version every wave pins unless it says otherwise. @default not pinned (the cluster's version) */
  readonly version?: string;
  /**
   * Let GKE upgrade the pools itself (`management.auto_upgrade`). GKE then upgrades each wave pool on its own
   * schedule (maintenance windows), not canary first: a warning says so. Clusters on a release channel require it.
   * @default false
   */
  readonly autoUpgrade?: boolean;
  /** Prefix of the pool names. @default "" */
  readonly poolPrefix?: string;
  /** The Google provider. @default the stack's default */
  readonly provider?: TerraformProvider;
}

/**
 * One GKE node pool per wave, labelled `wavegate.dev/pool=<wave>` (optionally tainted), autoscaled per zone, with
 * its own surge-upgrade budget (`upgrade_settings`: max_surge = budget, max_unavailable = 0) within the cap, each
 * depending on the previous wave's pool.
 *
 * @example
 * const pools = new GkeWavePools(stack, "wave-pools", {
 *   cluster: "prod", location: "europe-west1", nodeLocations: ["europe-west1-b", "europe-west1-c"],
 *   waves: [
 *     { name: "canary", size: { min: 1, max: 1 } },
 *     { name: "staging", size: { min: 10, max: 20 } },
 *     { name: "production", size: { min: 100, max: 200 } },
 *   ],
 * });
 */
export class GkeWavePools extends WavePools<ContainerNodePool> {
  public readonly pools: readonly WavePool<ContainerNodePool>[];

  constructor(scope: Construct, id: string, props: GkeWavePoolsProps) {
    super(scope, id);
    if (typeof props.cluster !== "string" || props.cluster.trim() === "") {
      throw new ValidationError("cluster", "is empty", "Name the GKE cluster the pools belong to.");
    }
    const zones = props.nodeLocations;
    if (!Array.isArray(zones) || zones.length === 0 || new Set(zones).size !== zones.length) {
      throw new ValidationError(
        "nodeLocations",
        `${show(zones)}: GKE counts node pool sizes per zone, so the zones must be listed once each`,
        'List the pools\' zones, e.g. nodeLocations: ["europe-west1-b", "europe-west1-c"].',
      );
    }
    const { waves, labelKey, cap } = checkWaves(props);
    checkImageOrder(
      waves.map((w) => ({ wave: w.options.name, image: w.options.version ?? props.version })),
      (i) => `waves[${i}].version`,
    );
    if (props.autoUpgrade && waves.some((w) => (w.options.version ?? props.version) !== undefined)) {
      throw new ValidationError(
        "autoUpgrade",
        "a pinned version cannot be kept while GKE auto-upgrades the pool",
        "Set autoUpgrade: false, or remove the pinned versions.",
      );
    }
    const pools: WavePool<ContainerNodePool>[] = [];
    for (const w of waves) {
      const name = w.options.poolName ?? `${props.poolPrefix ?? ""}${w.options.name}`;
      if (!/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/.test(name)) {
        throw new ValidationError(
          `${w.field}.poolName`,
          `${show(name)} is not a valid GKE node pool name`,
          "Use 1-40 lower-case letters, digits and '-', starting with a letter.",
        );
      }
      // GKE upgrades a pool zone by zone: judge the budget against one zone's smallest size.
      const budget = checkUpgradeBudget(w.upgradeBudget, cap, w.size.min, `${w.field}.upgradeBudget`);
      const surge = Math.max(1, budget.resolve(w.size.min));
      const previous = pools[pools.length - 1]?.resource;
      const resource = new ContainerNodePool(this, w.options.name, {
        provider: props.provider,
        cluster: props.cluster,
        location: props.location,
        project: props.project,
        name,
        nodeLocations: [...zones],
        version: w.options.version ?? props.version,
        initialNodeCount: w.size.desired,
        autoscaling: { minNodeCount: w.size.min, maxNodeCount: w.size.max },
        management: { autoUpgrade: props.autoUpgrade ?? false, autoRepair: true },
        upgradeSettings: { strategy: "SURGE", maxSurge: surge, maxUnavailable: 0 },
        nodeConfig: {
          machineType: props.machineType,
          imageType: props.imageType,
          labels: w.labels,
          taint: w.taint
            ? [
                {
                  key: w.taint.key,
                  value: w.taint.value ?? "",
                  effect: cloudEffect(w.taint.effect, `${w.field}.taint.effect`, "gke"),
                },
              ]
            : undefined,
        },
        dependsOn: previous ? [previous] : undefined,
        lifecycle: { ignoreChanges: ["initial_node_count"] },
      });
      const pool = wavePool(w, labelKey, IntOrPercent.parse(surge, "upgradeBudget"), resource);
      pools.push({ ...pool, nodes: w.nodes * zones.length });
    }
    this.pools = pools;
    if (props.autoUpgrade) {
      this.warn(
        "wavegate: autoUpgrade is on, so GKE upgrades every wave pool on its own schedule (maintenance windows), not " +
          "canary first. Turn it off and pin `version` per wave, or use maintenance exclusions and upgrade the canary pool first.",
      );
    }
  }
}
