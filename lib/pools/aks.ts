/**
 * `wavegate/aks`: one AKS node pool (`azurerm_kubernetes_cluster_node_pool`) per wave. Needs the optional peer
 * dependency `@cdktf/provider-azurerm` (14.x); only `lib/kubernetes-cluster-node-pool` is loaded.
 */
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { KubernetesClusterNodePool } from "@cdktf/provider-azurerm/lib/kubernetes-cluster-node-pool";
import { show, ValidationError } from "../model";
import { checkImageOrder, checkUpgradeBudget } from "../model/node-pools";
import { checkWaves, WavePool, WavePoolOptions, WavePools, WavePoolsProps, wavePool } from "./wave-pools";

export * from "./wave-pools";

/** AKS agent pool names: `^[a-z][a-z0-9]{0,11}$` (Linux pools). */
export const AKS_POOL_NAME: RegExp = /^[a-z][a-z0-9]{0,11}$/;

/** AKS node taints: `key=value:Effect` strings (`node_taints`). */
export const AKS_TAINT: RegExp = /^([^=:\s]+)=([^=:\s]*):(NoSchedule|PreferNoSchedule|NoExecute)$/;

/** One wave's AKS node pool. */
export interface AksWavePoolOptions extends WavePoolOptions {
  /**
   * The agent pool's name: `^[a-z][a-z0-9]{0,11}$`.
   * @default the wave's name, when it fits
   */
  readonly poolName?: string;
  /**
   * The pinned Kubernetes version of the pool (`orchestrator_version`); a later wave must not pin a newer one.
   * @default the props' `orchestratorVersion`
   */
  readonly orchestratorVersion?: string;
  /**
   * More taints, in AKS's `key=value:Effect` form.
   * @default none
   */
  readonly extraTaints?: readonly string[];
}

/** Props of {@link AksWavePools}. */
export interface AksWavePoolsProps extends WavePoolsProps<AksWavePoolOptions> {
  /** The AKS cluster's resource id. */
  readonly kubernetesClusterId: string;
  /** VM size. @default "Standard_D2s_v5" */
  readonly vmSize?: string;
  /** Availability zones. @default none */
  readonly zones?: readonly string[];
  /** The version every wave pins unless it says otherwise. @default the cluster's */
  readonly orchestratorVersion?: string;
  /**
   * The cluster's `node_os_upgrade_channel` (set on `azurerm_kubernetes_cluster`, which these pools do not own):
   * with `NodeImage` (AKS's default) or `SecurityPatch`, AKS re-images every pool in the maintenance window, not in
   * waves (a warning says so, and so does leaving it unstated).
   * @default unknown: warned as AKS's default, `NodeImage` (Azure `ManagedClusterAutoUpgradeProfile.nodeOSUpgradeChannel`)
   */
  readonly nodeOsUpgradeChannel?: "None" | "Unmanaged" | "SecurityPatch" | "NodeImage";
  /** The azurerm provider. @default the stack's default */
  readonly provider?: TerraformProvider;
}

/**
 * One AKS user node pool per wave, labelled `wavegate.dev/pool=<wave>` (optionally tainted), autoscaled, with its own
 * surge budget (`upgrade_settings.max_surge`) within the cap, each depending on the previous wave's pool.
 *
 * @example
 * const pools = new AksWavePools(stack, "wave-pools", {
 *   kubernetesClusterId: "/subscriptions/.../managedClusters/prod",
 *   waves: [
 *     { name: "canary", size: { min: 1, max: 2 } },
 *     { name: "staging", size: { min: 20, max: 40 } },
 *     { name: "production", size: { min: 200, max: 400 } },
 *   ],
 * });
 */
export class AksWavePools extends WavePools<KubernetesClusterNodePool> {
  public readonly pools: readonly WavePool<KubernetesClusterNodePool>[];

  constructor(scope: Construct, id: string, props: AksWavePoolsProps) {
    super(scope, id);
    if (typeof props.kubernetesClusterId !== "string" || props.kubernetesClusterId.trim() === "") {
      throw new ValidationError(
        "kubernetesClusterId",
        "is empty",
        "Pass the AKS cluster's id (azurerm_kubernetes_cluster.id).",
      );
    }
    const { waves, labelKey, cap } = checkWaves(props);
    checkImageOrder(
      waves.map((w) => ({
        wave: w.options.name,
        image: w.options.orchestratorVersion ?? props.orchestratorVersion,
      })),
      (i) => `waves[${i}].orchestratorVersion`,
    );
    const pools: WavePool<KubernetesClusterNodePool>[] = [];
    for (const w of waves) {
      const name = w.options.poolName ?? w.options.name;
      if (!AKS_POOL_NAME.test(name)) {
        throw new ValidationError(
          `${w.field}.poolName`,
          `${show(name)} is not a valid AKS node pool name (^[a-z][a-z0-9]{0,11}$)`,
          'Give the wave a poolName of at most 12 lower-case letters and digits, starting with a letter, e.g. "canary".',
        );
      }
      const taints = [
        ...(w.taint ? [`${w.taint.key}=${w.taint.value ?? ""}:${w.taint.effect}`] : []),
        ...(w.options.extraTaints ?? []),
      ];
      taints.forEach((t, j) => {
        if (!AKS_TAINT.test(t)) {
          throw new ValidationError(
            `${w.field}.extraTaints[${j - (w.taint ? 1 : 0)}]`,
            `${show(t)} is not an AKS taint`,
            'Write it as "key=value:NoSchedule" (effect NoSchedule, PreferNoSchedule or NoExecute).',
          );
        }
      });
      const budget = checkUpgradeBudget(w.upgradeBudget, cap, w.size.min, `${w.field}.upgradeBudget`);
      if (budget.isZero) {
        throw new ValidationError(
          `${w.field}.upgradeBudget`,
          "AKS needs a surge of at least 1 node",
          'Use 1 or a percent such as "10%".',
        );
      }
      const previous = pools[pools.length - 1]?.resource;
      const resource = new KubernetesClusterNodePool(this, w.options.name, {
        provider: props.provider,
        kubernetesClusterId: props.kubernetesClusterId,
        name,
        mode: "User",
        vmSize: props.vmSize ?? "Standard_D2s_v5",
        zones: props.zones ? [...props.zones] : undefined,
        orchestratorVersion: w.options.orchestratorVersion ?? props.orchestratorVersion,
        autoScalingEnabled: true,
        minCount: w.size.min,
        maxCount: w.size.max,
        nodeCount: w.size.desired,
        nodeLabels: w.labels,
        nodeTaints: taints.length > 0 ? taints : undefined,
        upgradeSettings: { maxSurge: budget.toString() },
        dependsOn: previous ? [previous] : undefined,
        lifecycle: { ignoreChanges: ["node_count"] },
      });
      pools.push(wavePool(w, labelKey, budget, resource));
    }
    this.pools = pools;
    const channel = props.nodeOsUpgradeChannel;
    if (channel === undefined) {
      this.warn(
        "wavegate: nodeOsUpgradeChannel is not stated; AKS's default is NodeImage, which re-images every wave pool in " +
          'the maintenance window, not canary first. Set node_os_upgrade_channel = "None" (or "Unmanaged") on the cluster ' +
          "and say so here (nodeOsUpgradeChannel), then roll node images per wave.",
      );
    } else if (channel === "NodeImage" || channel === "SecurityPatch") {
      this.warn(
        `wavegate: the cluster's node OS upgrade channel is ${props.nodeOsUpgradeChannel}, so AKS re-images every wave ` +
          'pool in its maintenance window, not canary first. Use "None" (or "Unmanaged") and roll node images per wave.',
      );
    }
  }
}
