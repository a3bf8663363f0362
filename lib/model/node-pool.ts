import { ValidationError } from "./errors";
import { describeSelector, NodeOperator, NodeSelector, requirement } from "./node-selector";

/** Well-known node-pool labels set by managed Kubernetes offerings and autoscalers. */
export const POOL_LABELS = {
  /** Amazon EKS managed node groups. */
  eksNodegroup: "eks.amazonaws.com/nodegroup",
  /** Google GKE node pools. */
  gkeNodePool: "cloud.google.com/gke-nodepool",
  /** Azure AKS agent pools. */
  aksAgentPool: "kubernetes.azure.com/agentpool",
  /** Karpenter NodePools. */
  karpenterNodePool: "karpenter.sh/nodepool",
} as const;

/**
 * The set of nodes a wave runs on, chosen by labels the nodes already carry.
 *
 * Sets `spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution` of the wave's
 * DaemonSet. Build one with the static factories:
 *
 * ```ts
 * NodePool.eksNodegroup("dev-agents");          // eks.amazonaws.com/nodegroup In (dev-agents)
 * NodePool.labeled("wavegate.dev/pool", "canary"); // any label
 * ```
 */
export class NodePool {
  /** Nodes of the named Amazon EKS managed node groups (`eks.amazonaws.com/nodegroup`). */
  public static eksNodegroup(...names: string[]): NodePool {
    return NodePool.labeled(POOL_LABELS.eksNodegroup, ...names);
  }

  /** Nodes of the named GKE node pools (`cloud.google.com/gke-nodepool`). */
  public static gkeNodePool(...names: string[]): NodePool {
    return NodePool.labeled(POOL_LABELS.gkeNodePool, ...names);
  }

  /** Nodes of the named AKS agent pools (`kubernetes.azure.com/agentpool`). */
  public static aksAgentPool(...names: string[]): NodePool {
    return NodePool.labeled(POOL_LABELS.aksAgentPool, ...names);
  }

  /** Nodes launched by the named Karpenter NodePools (`karpenter.sh/nodepool`). */
  public static karpenterNodePool(...names: string[]): NodePool {
    return NodePool.labeled(POOL_LABELS.karpenterNodePool, ...names);
  }

  /** Nodes whose label `key` has one of `values` (`key In (values)`). */
  public static labeled(key: string, ...values: string[]): NodePool {
    if (values.length === 0) {
      throw new ValidationError(
        `NodePool.labeled(${JSON.stringify(key)})`,
        "no label value given",
        `Name at least one value, e.g. NodePool.labeled(${JSON.stringify(key)}, "canary").`,
      );
    }
    return new NodePool([[requirement(key, "In", values, `pool(${key})`)]]);
  }

  /**
   * Nodes matching all of the given expressions (one node selector term).
   * @example NodePool.matching({ key: "pool", operator: "In", values: ["a"] }, { key: "gpu", operator: "DoesNotExist" })
   */
  public static matching(
    ...expressions: { key: string; operator: NodeOperator; values?: string[] }[]
  ): NodePool {
    return new NodePool([
      expressions.map((e, i) => requirement(e.key, e.operator, e.values ?? [], `pool.expressions[${i}]`)),
    ]);
  }

  /** Nodes matching any of the given pools (OR of their node selector terms). */
  public static anyOf(...pools: NodePool[]): NodePool {
    return new NodePool(pools.flatMap((p) => p.selector));
  }

  private constructor(
    /** The node selector in OR-of-AND form. */
    public readonly selector: NodeSelector,
  ) {}

  /** A readable form, e.g. `eks.amazonaws.com/nodegroup in (dev)`. */
  public toString(): string {
    return describeSelector(this.selector);
  }
}
