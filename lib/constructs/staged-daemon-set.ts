import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { DaemonSetV1 } from "@cdktf/provider-kubernetes/lib/daemon-set-v1";
import { toProviderShape } from "../inputs/provider-shape";
import { applyWaveReleases } from "../model/wave-release";
import { emitWaveContent, releaseForWaves, ReleaseFile } from "./release";
import {
  buildWaveDaemonSets,
  DEFAULT_CLUSTER,
  IntOrPercentInput,
  NodePool,
  ObjectMeta,
  PodSpec,
  planWaves,
  show,
  Toleration,
  ValidationError,
  Wave,
  WaveDaemonSet,
} from "../model";
import { withWaveTolerations } from "./wave-tolerations";
import {
  ConstructPolicyOptions,
  constructDefaults,
  enforceConstructPolicy,
  PolicyScope,
  recordSuppressions,
} from "./construct-policy";
import { checkStagedProps } from "./props-schema";
import { DEFAULT_POLICY_OPTIONS } from "../policy/options";
import { addWaveGates, WaveGateOptions } from "./wave-gate";

/** One wave of a staged rollout. */
export interface StagedWaveOptions {
  /** Unique wave name, e.g. `"canary"`. Earlier waves' DaemonSets are named `<agent>-<wave>`. */
  readonly name: string;
  /**
   * The nodes the wave runs on, by a label they already carry (`NodePool.eksNodegroup("dev")`, ...).
   * Omit it on the last wave of a cluster: that wave becomes the catch-all (`NotIn` every earlier pool).
   * @default catch-all (every node of the cluster no earlier wave selects)
   */
  readonly pool?: NodePool;
  /**
   * The Kubernetes provider (cluster) this wave deploys to, for waves that are whole clusters.
   * @default the stack's default Kubernetes provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Nodes (or percent of the wave's nodes) unavailable at once while the wave rolls.
   * @default 1 for the first wave, "10%" for the others
   */
  readonly maxUnavailable?: IntOrPercentInput;
  /**
   * Extra new pods at once. Keep 0 for agents that hook the kernel: two copies on a node fight over the hooks.
   * @default 0
   */
  readonly maxSurge?: IntOrPercentInput;
  /**
   * Seconds a new pod must stay Ready before the next node is updated.
   * @default the rollout's `minReadySeconds`
   */
  readonly minReadySeconds?: number;
  /**
   * Expected node count of the wave's pool, when known: lets wavegate check absolute caps and wave sizes, and
   * feeds `wavegate plan`. Written as the `wavegate.dev/nodes` annotation.
   * @default unknown
   */
  readonly nodes?: number;
  /**
   * Tolerations only this wave's pods get, added to the pod's own: e.g. the taint of the wave's node pool
   * (`EksWavePools.waves()` fills it in).
   * @default none
   */
  readonly tolerations?: readonly Toleration[];
  /**
   * Zones the wave's (regional) pool spans: a first wave may then hold one node per zone even when that is over
   * WG107's percent (3 nodes of a 3-zone pool in a 150-node cluster). Written as `wavegate.dev/zones`.
   * @default not stated
   */
  readonly zones?: number;
}

/** How every wave of a rollout is gated. */
export interface RolloutOptions {
  /**
   * No wave's maxUnavailable or maxSurge may exceed this.
   * @default "10%"
   */
  readonly maxUnavailableCap?: IntOrPercentInput;
  /**
   * Seconds a new pod must stay Ready before it counts as available (at least 10).
   * @default 30
   */
  readonly minReadySeconds?: number;
  /**
   * Old revisions kept per wave, so a wave can be rolled back alone (at least 2).
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
  /**
   * The fewest waves accepted, at construct time and by the policy the construct runs (WG107, canary, staging,
   * production); two-wave rollouts need `minWaves: 2` here and in the gate's options (`wavegate.json`).
   * @default 3
   */
  readonly minWaves?: number;
  /**
   * How long `terraform apply` waits for one wave to roll out before failing (and so before the next wave starts).
   * @default "30m"
   */
  readonly rolloutTimeout?: string;
  /**
   * The policy the construct runs on its waves (the same rules as `wavegate check`): options and suppressions.
   * Error-level failures throw a `ValidationError` naming the wave and construct path.
   * @default the policy defaults, no suppressions
   */
  readonly policy?: ConstructPolicyOptions;
  /**
   * The deploy-time gate: after each wave but the last, `wavegate verify --rollback` runs (a `terraform_data` +
   * `local-exec`) and the next wave waits for it. `true` for the defaults; see `WaveGateOptions`.
   * @default no gate (check's WG110 warns)
   */
  readonly gate?: WaveGateOptions | boolean;
}

/** Props of {@link StagedDaemonSet}. */
export interface StagedDaemonSetProps extends RolloutOptions {
  /** Agent name: the production DaemonSet keeps it (so an existing DaemonSet migrates in place). */
  readonly name: string;
  /**
   * Namespace of every wave.
   * @default "default"
   */
  readonly namespace?: string;
  /** Image repository without tag or digest, e.g. `registry.example/security/agent`. */
  readonly image: string;
  /**
   * The version each wave runs, by wave name: a tag, `tag@sha256:...` or `sha256:...`. Give this or `release`.
   * @example { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" }
   * @default from `release`
   */
  readonly versions?: Readonly<Record<string, string>>;
  /**
   * The release file (`Release.load("wavegate.release.yaml")`): each wave's version, content (mounted from that
   * wave's own ConfigMap), and args / env overrides, promoted wave by wave with `wavegate promote`. Its waves must be
   * this rollout's waves, in the same order.
   * @default none (versions from `versions`)
   */
  readonly release?: ReleaseFile;
  /** The waves, in rollout order: each is promoted only after the previous one has rolled out. */
  readonly waves: readonly StagedWaveOptions[];
  /**
   * The pod every wave runs (Kubernetes field names). The agent container must have a readiness probe and no
   * `image` (each wave sets `image:version`).
   */
  readonly pod: PodSpec;
  /**
   * Labels and annotations of the pod template.
   * @default none
   */
  readonly podMetadata?: Pick<ObjectMeta, "labels" | "annotations">;
  /**
   * Name of the container that runs the agent.
   * @default the first container
   */
  readonly agentContainer?: string;
  /**
   * Extra labels on every wave DaemonSet.
   * @default none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Extra annotations on every wave DaemonSet.
   * @default none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A wave as emitted: the validated wave, its Kubernetes manifest and its Terraform resource. */
export interface EmittedWave extends WaveDaemonSet {
  /** The `kubernetes_daemon_set_v1` resource of the wave. */
  readonly resource: DaemonSetV1;
}

/**
 * One node agent, rolled out in waves: one `kubernetes_daemon_set_v1` per wave, each bound to its node pool by
 * required node affinity, each with its own RollingUpdate cap, readiness gating and pinned version. Each wave
 * depends on the one before; with `gate`, on a `wavegate verify --rollback` gate after it too (`wait_for_rollout`
 * alone checks numberReady only and returns before the wave has rolled out).
 *
 * @example
 * new StagedDaemonSet(stack, "agent", {
 *   name: "node-agent",
 *   namespace: "kube-system",
 *   image: "registry.example/node-agent",
 *   versions: { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" },
 *   waves: [
 *     { name: "canary", pool: NodePool.eksNodegroup("dev") },
 *     { name: "staging", pool: NodePool.eksNodegroup("staging") },
 *     { name: "production" },
 *   ],
 *   pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/healthz", port: 9090 } } }] },
 * });
 */
export class StagedDaemonSet extends Construct {
  /** The emitted waves, in rollout order. */
  public readonly waves: readonly EmittedWave[];

  constructor(scope: Construct, id: string, props: StagedDaemonSetProps) {
    super(scope, id);
    const emitted = planStagedDaemonSet(props, { path: this.node.path, construct: this });
    const timeout = props.rolloutTimeout ?? "30m";
    const result: EmittedWave[] = [];
    const content = emitWaveContent(
      this,
      props.name,
      emitted,
      props.release?.releasesOf(props.name),
      props.waves.map((w) => w.provider),
    );
    emitted.forEach(({ wave, manifest }, i) => {
      const option = props.waves[i];
      const tf = toProviderShape(manifest);
      const resource = new DaemonSetV1(this, wave.name, {
        provider: option.provider,
        dependsOn: withContent(i > 0 ? [result[i - 1].resource] : [], content[i]),
        waitForRollout: true,
        timeouts: { create: timeout, update: timeout, delete: "10m" },
        metadata: { name: manifest.metadata.name },
        spec: { template: { metadata: {} } },
      });
      resource.addOverride("metadata", tf.metadata);
      resource.addOverride("spec", tf.spec);
      result.push({ wave, manifest, resource });
    });
    this.waves = result;
    recordSuppressions(this, props.policy);
    addWaveGates(
      this,
      props.name,
      result.map((w, i) => ({ ...w, name: w.wave.name, provider: props.waves[i].provider })),
      props.gate,
    );
  }
}

/**
 * The pure half of {@link StagedDaemonSet}: validates props, runs the policy on the waves, and returns each wave's
 * Kubernetes manifest. Throws a `ValidationError` naming the field and the fix.
 * @param scope where the waves are emitted (construct path, for messages and suppressions)
 * @default scope = the agent's name as path
 */
export function planStagedDaemonSet(props: StagedDaemonSetProps, scope?: PolicyScope): WaveDaemonSet[] {
  checkStagedProps(props);
  if (!Array.isArray(props.waves)) {
    throw new ValidationError("waves", "no waves given", "List the waves, e.g. canary, staging, production.");
  }
  const fromRelease =
    props.release !== undefined
      ? releaseForWaves(props.release, props.name, props.waves, props.versions)
      : undefined;
  const versions = fromRelease?.versions ?? props.versions ?? {};
  const names = new Set(props.waves.map((w) => w?.name));
  for (const key of Object.keys(versions)) {
    if (!names.has(key)) {
      throw new ValidationError(
        `versions.${key}`,
        `there is no wave named ${show(key)}`,
        `Use the wave names: ${[...names].map((n) => show(n)).join(", ")}.`,
      );
    }
  }
  const clusterOf = (p: TerraformProvider | undefined) => (p ? p.node.path : DEFAULT_CLUSTER);
  const waves: Wave[] = planWaves(
    props.waves.map((w) => ({
      name: w.name,
      pool: w.pool,
      cluster: clusterOf(w.provider),
      version: versions[w.name],
      maxUnavailable: w.maxUnavailable,
      maxSurge: w.maxSurge,
      minReadySeconds: w.minReadySeconds,
      nodes: w.nodes,
      zones: w.zones,
    })),
    {
      maxUnavailableCap: props.maxUnavailableCap,
      minWaves: props.minWaves ?? props.policy?.options?.minWaves ?? DEFAULT_POLICY_OPTIONS.minWaves,
      minReadySeconds: props.minReadySeconds,
    },
  );
  const built = buildWaveDaemonSets(
    {
      name: props.name,
      namespace: props.namespace ?? "default",
      image: props.image,
      template: { metadata: props.podMetadata, spec: props.pod },
      agentContainer: props.agentContainer,
      labels: props.labels,
      annotations: props.annotations,
      revisionHistoryLimit: props.revisionHistoryLimit ?? 10,
    },
    waves,
  );
  const tolerated = withWaveTolerations(built, props.waves);
  const agentContainer = props.agentContainer ?? props.pod.containers[0].name;
  const planned =
    fromRelease === undefined
      ? tolerated
      : applyWaveReleases(tolerated, props.name, fromRelease.releases, {
          agentContainer,
          contentPath: fromRelease.contentPath,
        });
  // The gate's rules see what will be applied: tolerations and each wave's content mounts included.
  enforceConstructPolicy(planned, scope ?? { path: props.name }, props.policy, constructDefaults(props));
  return planned;
}

/** A wave's dependencies: the previous wave, and the wave's own content ConfigMap when it has one. */
function withContent(
  deps: ITerraformDependable[],
  configMap: ITerraformDependable | undefined,
): ITerraformDependable[] | undefined {
  const all = configMap !== undefined ? [...deps, configMap] : deps;
  return all.length > 0 ? all : undefined;
}
