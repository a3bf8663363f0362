import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { Labels } from "@cdktf/provider-kubernetes/lib/labels";
import { NodeTaint } from "@cdktf/provider-kubernetes/lib/node-taint";
import { NodePool, show, ValidationError } from "../model";
import { dns1123SubdomainProblem } from "../model/k8s-names";
import { checkWaveNodesProps } from "./props-schema";

/** A taint put on a wave's nodes. */
export interface WaveNodeTaint {
  /** Taint key, e.g. `wavegate.dev/canary`. */
  readonly key: string;
  /**
   * Taint value.
   * @default "true"
   */
  readonly value?: string;
  /**
   * Taint effect.
   * @default "NoSchedule"
   */
  readonly effect?: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

/** Props of {@link WaveNodes}. */
export interface WaveNodesProps {
  /** Names of the nodes to put in the pool (e.g. a few dev nodes for the canary). */
  readonly nodes: readonly string[];
  /** The label key that defines the pool, e.g. `wavegate.dev/pool`. */
  readonly labelKey: string;
  /** The label value of this pool, e.g. `canary`. */
  readonly labelValue: string;
  /**
   * Also taint the nodes, so that only pods tolerating the taint (such as the agent) land there.
   * @default no taint
   */
  readonly taint?: WaveNodeTaint;
  /**
   * The Kubernetes provider (cluster) of the nodes.
   * @default the stack's default Kubernetes provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Take over labels / taints another field manager set on these nodes.
   * @default false
   */
  readonly force?: boolean;
}

const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/;

/**
 * Puts named nodes into a wave's pool when no existing node-pool label fits: one `kubernetes_labels` per node
 * (and optionally one `kubernetes_node_taint`). Use `.pool` as the wave's pool.
 *
 * @example
 * const canaryNodes = new WaveNodes(stack, "canary-nodes", {
 *   nodes: ["ip-10-0-1-12.ec2.internal"], labelKey: "wavegate.dev/pool", labelValue: "canary",
 * });
 * // waves: [{ name: "canary", pool: canaryNodes.pool }, ...]
 */
export class WaveNodes extends Construct {
  /** The pool of these nodes: `labelKey In (labelValue)`. */
  public readonly pool: NodePool;
  /** The label resources, one per node. */
  public readonly labels: readonly Labels[];
  /** The taint resources, one per node, when a taint was asked for. */
  public readonly taints: readonly NodeTaint[];

  constructor(scope: Construct, id: string, props: WaveNodesProps) {
    super(scope, id);
    validate(props);
    this.pool = NodePool.labeled(props.labelKey, props.labelValue);
    this.labels = props.nodes.map(
      (node, i) =>
        new Labels(this, `label-${i}`, {
          provider: props.provider,
          apiVersion: "v1",
          kind: "Node",
          metadata: { name: node },
          labels: { [props.labelKey]: props.labelValue },
          fieldManager: "wavegate",
          force: props.force,
        }),
    );
    const taint = props.taint;
    this.taints = taint
      ? props.nodes.map(
          (node, i) =>
            new NodeTaint(this, `taint-${i}`, {
              provider: props.provider,
              metadata: { name: node },
              taint: [{ key: taint.key, value: taint.value ?? "true", effect: taint.effect ?? "NoSchedule" }],
              fieldManager: "wavegate",
              force: props.force,
            }),
        )
      : [];
  }
}

function validate(props: WaveNodesProps): void {
  checkWaveNodesProps(props);
  if (!Array.isArray(props.nodes) || props.nodes.length === 0) {
    throw new ValidationError("nodes", "no node named", "Name at least one node to put in the pool.");
  }
  const seen = new Set<string>();
  props.nodes.forEach((n, i) => {
    if (typeof n !== "string" || n.trim() === "") {
      throw new ValidationError(
        `nodes[${i}]`,
        "the node name is empty",
        "Use the node's name from `kubectl get nodes`.",
      );
    }
    const invalid = dns1123SubdomainProblem(n);
    if (invalid !== undefined) {
      throw new ValidationError(
        `nodes[${i}]`,
        `${show(n)} is not a valid node name (${invalid})`,
        "Use the node's name from `kubectl get nodes`.",
      );
    }
    if (seen.has(n))
      throw new ValidationError(`nodes[${i}]`, `${show(n)} is listed twice`, "List each node once.");
    seen.add(n);
  });
  if (!LABEL_KEY.test(props.labelKey ?? "")) {
    throw new ValidationError(
      "labelKey",
      `${show(props.labelKey)} is not a valid label key`,
      'Use an optional DNS prefix and a name, e.g. "wavegate.dev/pool".',
    );
  }
  if (!LABEL_VALUE.test(props.labelValue ?? "") || props.labelValue === "" || props.labelValue.length > 63) {
    throw new ValidationError(
      "labelValue",
      `${show(props.labelValue)} is not a valid label value`,
      "Use at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit.",
    );
  }
  if (props.taint && !LABEL_KEY.test(props.taint.key ?? "")) {
    throw new ValidationError(
      "taint.key",
      `${show(props.taint.key)} is not a valid taint key`,
      'Use e.g. "wavegate.dev/canary".',
    );
  }
}
