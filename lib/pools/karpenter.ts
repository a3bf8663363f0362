/**
 * `wavegate/karpenter`: one Karpenter `NodePool` (karpenter.sh/v1, through `kubernetes_manifest`) per wave, and
 * optionally one `EC2NodeClass` (karpenter.k8s.aws/v1) per wave pinning its AMI alias. Only
 * `@cdktf/provider-kubernetes/lib/manifest` is loaded.
 */
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { show, ValidationError } from "../model";
import { checkImageOrder, checkUpgradeBudget, parsePoolImage } from "../model/node-pools";
import { checkWaves, WavePool, WavePoolOptions, WavePools, WavePoolsProps, wavePool } from "./wave-pools";

export * from "./wave-pools";

/** One wave's Karpenter NodePool. `size` is the node count you expect (Karpenter scales by pending pods). */
export interface KarpenterWavePoolOptions extends WavePoolOptions {
  /**
   * The wave's AMI alias, e.g. `"al2023@v20240807"` (an `EC2NodeClass` of its own is created for the wave). A later
   * wave must not pin a newer AMI than an earlier one; `@latest` makes Karpenter replace the wave's nodes whenever
   * AWS releases an AMI (a warning says so).
   * @default the props' `amiAlias`
   */
  readonly amiAlias?: string;
}

/** The EC2NodeClass settings shared by every wave's class (karpenter.k8s.aws/v1 `EC2NodeClass` spec). */
export interface KarpenterNodeClassOptions {
  /** The IAM role of the nodes. */
  readonly role: string;
  /** `subnetSelectorTerms`, e.g. `[{ tags: { "karpenter.sh/discovery": "prod" } }]`. */
  readonly subnetSelectorTerms: readonly Readonly<Record<string, unknown>>[];
  /** `securityGroupSelectorTerms`. */
  readonly securityGroupSelectorTerms: readonly Readonly<Record<string, unknown>>[];
}

/** Props of {@link KarpenterWavePools}. */
export interface KarpenterWavePoolsProps extends WavePoolsProps<KarpenterWavePoolOptions> {
  /**
   * The EC2NodeClass every NodePool uses when no wave pins an AMI (`nodeClassRef.name`).
   * @default "default"
   */
  readonly nodeClassName?: string;
  /**
   * Create one `EC2NodeClass` per wave (named `<prefix><wave>`) with these settings and the wave's `amiAlias`.
   * Needed for `amiAlias`.
   * @default none: every wave uses `nodeClassName`
   */
  readonly nodeClass?: KarpenterNodeClassOptions;
  /** The AMI alias every wave pins unless it says otherwise. @default none */
  readonly amiAlias?: string;
  /**
   * Node requirements of every pool (`spec.template.spec.requirements`).
   * @default linux / amd64 on-demand: `kubernetes.io/os In (linux)`
   */
  readonly requirements?: readonly Readonly<Record<string, unknown>>[];
  /** Prefix of the NodePool (and EC2NodeClass) names. @default "" */
  readonly namePrefix?: string;
  /** The Kubernetes provider (cluster). @default the stack's default */
  readonly provider?: TerraformProvider;
}

/**
 * One Karpenter NodePool per wave: nodes labelled `wavegate.dev/pool=<wave>` (optionally tainted), a disruption
 * budget (`spec.disruption.budgets[].nodes`: how many nodes Karpenter replaces at once, e.g. on AMI drift) within
 * the cap, each depending on the previous wave's. `kubernetes_manifest` needs the Karpenter CRDs in the cluster at
 * plan time.
 *
 * @example
 * const pools = new KarpenterWavePools(stack, "wave-pools", {
 *   nodeClass: { role: "KarpenterNodeRole-prod", subnetSelectorTerms: [{ tags: { "karpenter.sh/discovery": "prod" } }],
 *     securityGroupSelectorTerms: [{ tags: { "karpenter.sh/discovery": "prod" } }] },
 *   waves: [
 *     { name: "canary", size: { min: 1, max: 2 }, amiAlias: "al2023@v20240807" },
 *     { name: "staging", size: { min: 20, max: 40 }, amiAlias: "al2023@v20240703" },
 *     { name: "production", size: { min: 200, max: 400 }, amiAlias: "al2023@v20240703" },
 *   ],
 * });
 */
export class KarpenterWavePools extends WavePools<Manifest> {
  public readonly pools: readonly WavePool<Manifest>[];
  /** The per-wave EC2NodeClass manifests, when `nodeClass` is given. */
  public readonly nodeClasses: readonly Manifest[];

  constructor(scope: Construct, id: string, props: KarpenterWavePoolsProps) {
    super(scope, id);
    const { waves, labelKey, cap } = checkWaves(props);
    const aliasOf = (w: KarpenterWavePoolOptions) => w.amiAlias ?? props.amiAlias;
    waves.forEach((w) => {
      const alias = aliasOf(w.options);
      if (alias !== undefined && !/^[a-z0-9]+@(latest|v\d{8})$/.test(alias)) {
        throw new ValidationError(
          `${w.field}.amiAlias`,
          `${show(alias)} is not an AMI alias`,
          'Use family@version, e.g. "al2023@v20240807" (or "al2023@latest").',
        );
      }
      if (alias !== undefined && props.nodeClass === undefined) {
        throw new ValidationError(
          `${w.field}.amiAlias`,
          "an AMI alias needs an EC2NodeClass per wave",
          "Give `nodeClass` (role and selector terms) so wavegate creates one class per wave.",
        );
      }
    });
    checkImageOrder(
      waves.map((w) => ({ wave: w.options.name, image: aliasOf(w.options) })),
      (i) => `waves[${i}].amiAlias`,
    );
    const prefix = props.namePrefix ?? "";
    const classes: Manifest[] = [];
    const pools: WavePool<Manifest>[] = [];
    for (const w of waves) {
      const budget = checkUpgradeBudget(w.upgradeBudget, cap, w.size.min, `${w.field}.upgradeBudget`);
      const name = `${prefix}${w.options.name}`;
      let className = props.nodeClassName ?? "default";
      if (props.nodeClass !== undefined) {
        const alias = aliasOf(w.options);
        classes.push(
          new Manifest(this, `${w.options.name}-class`, {
            provider: props.provider,
            manifest: {
              apiVersion: "karpenter.k8s.aws/v1",
              kind: "EC2NodeClass",
              metadata: { name },
              spec: {
                role: props.nodeClass.role,
                subnetSelectorTerms: props.nodeClass.subnetSelectorTerms,
                securityGroupSelectorTerms: props.nodeClass.securityGroupSelectorTerms,
                amiSelectorTerms: [{ alias: alias ?? "al2023@latest" }],
              },
            },
          }),
        );
        className = name;
      }
      const previous = pools[pools.length - 1]?.resource;
      const resource = new Manifest(this, w.options.name, {
        provider: props.provider,
        dependsOn: [
          ...(previous ? [previous] : []),
          ...(props.nodeClass ? [classes[classes.length - 1]] : []),
        ],
        manifest: {
          apiVersion: "karpenter.sh/v1",
          kind: "NodePool",
          metadata: { name },
          spec: {
            template: {
              metadata: { labels: w.labels },
              spec: {
                nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: className },
                requirements: props.requirements ?? [
                  { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
                ],
                ...(w.taint
                  ? { taints: [{ key: w.taint.key, value: w.taint.value, effect: w.taint.effect }] }
                  : {}),
              },
            },
            disruption: {
              consolidationPolicy: "WhenEmptyOrUnderutilized",
              consolidateAfter: "5m",
              budgets: [{ nodes: budget.toString() }],
            },
          },
        },
      });
      pools.push(wavePool(w, labelKey, budget, resource));
    }
    this.pools = pools;
    this.nodeClasses = classes;
    const floating = waves.filter((w) => {
      const alias = aliasOf(w.options);
      return alias === undefined || parsePoolImage(alias) === undefined;
    });
    if (floating.length > 0) {
      this.warn(
        `wavegate: wave(s) ${floating.map((w) => w.options.name).join(", ")} pin no AMI (no alias, or @latest), so ` +
          "Karpenter replaces their nodes (drift) whenever a new AMI is released, not canary first. Pin amiAlias per wave " +
          "(with nodeClass) to roll AMIs in waves.",
      );
    }
  }
}
