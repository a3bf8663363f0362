/**
 * `wavegate/eks`: one Amazon EKS managed node group (`aws_eks_node_group`) per wave. Needs the optional peer
 * dependency `@cdktf/provider-aws` (20.x, the AWS provider 5.x); only `lib/eks-node-group` is loaded.
 */
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
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

/** One wave's EKS managed node group. */
export interface EksWavePoolOptions extends WavePoolOptions {
  /**
   * The node group's name (1-63 letters, digits, '-' or '_').
   * @default `<nodeGroupPrefix><wave>`
   */
  readonly nodeGroupName?: string;
  /**
   * The pinned AMI release version (`aws_eks_node_group.release_version`, e.g. `"1.30.0-20240703"`). A later wave
   * must not pin a newer one than an earlier wave: a new AMI reaches the canary first.
   * @default the props' `releaseVersion`
   */
  readonly releaseVersion?: string;
  /**
   * EC2 instance types.
   * @default the props' `instanceTypes`
   */
  readonly instanceTypes?: readonly string[];
}

/** Props of {@link EksWavePools}. */
export interface EksWavePoolsProps extends WavePoolsProps<EksWavePoolOptions> {
  /** The EKS cluster's name. */
  readonly clusterName: string;
  /** ARN of the IAM role the nodes use. */
  readonly nodeRoleArn: string;
  /** Subnets the nodes run in. */
  readonly subnetIds: readonly string[];
  /**
   * EC2 instance types of every wave's nodes.
   * @default EKS's default (`t3.medium`)
   */
  readonly instanceTypes?: readonly string[];
  /**
   * AMI type, e.g. `AL2023_x86_64_STANDARD`.
   * @default EKS's default for the cluster version
   */
  readonly amiType?: string;
  /**
   * The AMI release version every wave pins unless it says otherwise.
   * @default not pinned: EKS picks the latest AMI when a node group is created (a warning says so)
   */
  readonly releaseVersion?: string;
  /**
   * Prefix of the node group names.
   * @default "" (the node group is named after its wave)
   */
  readonly nodeGroupPrefix?: string;
  /**
   * The AWS provider to use.
   * @default the stack's default AWS provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Tags on every node group.
   * @default none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * One EKS managed node group per wave, each labelled `wavegate.dev/pool=<wave>` (optionally tainted), sized and with
 * its own upgrade budget (`update_config`) within the cap. Each node group depends on the previous wave's, so
 * `terraform apply` changes (and upgrades) them in wave order. Pass `pools.waves()` as the agent's `waves`.
 *
 * @example
 * const pools = new EksWavePools(stack, "wave-pools", {
 *   clusterName: "prod", nodeRoleArn: "arn:aws:iam::111122223333:role/eks-nodes", subnetIds: ["subnet-0abc"],
 *   waves: [
 *     { name: "canary", size: { min: 1, max: 2 } },
 *     { name: "staging", size: { min: 20, max: 40 } },
 *     { name: "production", size: { min: 200, max: 400 } },
 *   ],
 * });
 * // new EbpfAgent(agentStack, "agent", { ..., waves: pools.waves() });
 */
export class EksWavePools extends WavePools<EksNodeGroup> {
  public readonly pools: readonly WavePool<EksNodeGroup>[];

  constructor(scope: Construct, id: string, props: EksWavePoolsProps) {
    super(scope, id);
    for (const key of ["clusterName", "nodeRoleArn"] as const) {
      if (typeof props[key] !== "string" || props[key].trim() === "") {
        throw new ValidationError(key, "is empty", `Set ${key} (the cluster's node group needs it).`);
      }
    }
    if (!Array.isArray(props.subnetIds) || props.subnetIds.length === 0) {
      throw new ValidationError("subnetIds", "no subnet given", "Name at least one subnet for the nodes.");
    }
    const { waves, labelKey, cap } = checkWaves(props);
    checkImageOrder(
      waves.map((w) => ({ wave: w.options.name, image: w.options.releaseVersion ?? props.releaseVersion })),
      (i) => `waves[${i}].releaseVersion`,
    );
    const pools: WavePool<EksNodeGroup>[] = [];
    for (const w of waves) {
      const name = w.options.nodeGroupName ?? `${props.nodeGroupPrefix ?? ""}${w.options.name}`;
      if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(name)) {
        throw new ValidationError(
          `${w.field}.nodeGroupName`,
          `${show(name)} is not a valid node group name`,
          "Use 1-63 letters, digits, '-' or '_', starting with a letter or digit.",
        );
      }
      const budget = checkUpgradeBudget(w.upgradeBudget, cap, w.size.min, `${w.field}.upgradeBudget`);
      const updateConfig = eksUpdateConfig(budget, `${w.field}.upgradeBudget`);
      const previous = pools[pools.length - 1]?.resource;
      const resource = new EksNodeGroup(this, w.options.name, {
        provider: props.provider,
        clusterName: props.clusterName,
        nodeGroupName: name,
        nodeRoleArn: props.nodeRoleArn,
        subnetIds: [...props.subnetIds],
        instanceTypes: list(w.options.instanceTypes ?? props.instanceTypes),
        amiType: props.amiType,
        releaseVersion: w.options.releaseVersion ?? props.releaseVersion,
        labels: w.labels,
        taint: w.taint
          ? [
              {
                key: w.taint.key,
                value: w.taint.value,
                effect: cloudEffect(w.taint.effect, `${w.field}.taint.effect`, "eks"),
              },
            ]
          : undefined,
        scalingConfig: { minSize: w.size.min, maxSize: w.size.max, desiredSize: w.size.desired },
        updateConfig,
        tags: props.tags ? { ...props.tags } : undefined,
        dependsOn: previous ? [previous] : undefined,
        // The autoscaler changes desired_size; Terraform must not fight it.
        lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"] },
      });
      pools.push(wavePool(w, labelKey, budget, resource));
    }
    this.pools = pools;
    if (waves.every((w) => (w.options.releaseVersion ?? props.releaseVersion) === undefined)) {
      this.warn(
        "wavegate: no wave pins releaseVersion, so EKS gives every node group the latest AMI when it is created or " +
          "its version changes: a new AMI reaches every wave in one apply. Pin releaseVersion per wave to roll AMIs in waves.",
      );
    }
  }
}

/**
 * EKS `update_config`: `max_unavailable` (1-100 nodes) or `max_unavailable_percentage` (1-100), exactly one
 * (AWS EKS API `NodegroupUpdateConfig`).
 */
function eksUpdateConfig(
  budget: IntOrPercent,
  field: string,
): { maxUnavailable?: number; maxUnavailablePercentage?: number } {
  if (budget.value < 1 || budget.value > 100) {
    throw new ValidationError(
      field,
      `${budget} is outside 1..100`,
      'EKS accepts 1-100 nodes or 1%-100%; use e.g. 1 or "10%".',
    );
  }
  return budget.isPercent ? { maxUnavailablePercentage: budget.value } : { maxUnavailable: budget.value };
}

function list(v: readonly string[] | undefined): string[] | undefined {
  return v === undefined ? undefined : [...v];
}
