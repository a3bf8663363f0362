import { Construct } from "constructs";
import { checkNoSurge, checkVersions, EbpfPod, EbpfPodOptions, planEbpfPod } from "../model/ebpf";
import { WaveDaemonSet } from "../model";
import {
  EmittedWave,
  planStagedDaemonSet,
  RolloutOptions,
  StagedDaemonSet,
  StagedDaemonSetProps,
  StagedWaveOptions,
} from "./staged-daemon-set";
import { ReleaseFile } from "./release";
import { checkEbpfProps } from "./props-schema";

export * from "../model/ebpf";

/** Props of {@link EbpfAgent}: who the agent is, how it rolls out, and what its eBPF programs do. */
export interface EbpfAgentProps extends EbpfPodOptions, RolloutOptions {
  /** Agent name: the production (catch-all) DaemonSet keeps it; earlier waves are `<name>-<wave>`. */
  readonly name: string;
  /**
   * Namespace of every wave.
   * @default "kube-system"
   */
  readonly namespace?: string;
  /** Image repository without tag or digest, e.g. `registry.example/security/ebpf-agent`. */
  readonly image: string;
  /**
   * The version each wave runs, by wave name: a tag, `tag@sha256:...` or `sha256:...`. Give this or `release`.
   * @example { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" }
   * @default from `release`
   */
  readonly versions?: Readonly<Record<string, string>>;
  /**
   * The release file (`Release.load("wavegate.release.yaml")`): each wave's version, content and args / env
   * overrides (see {@link StagedDaemonSetProps.release}).
   * @default none (versions from `versions`)
   */
  readonly release?: ReleaseFile;
  /** The waves, in rollout order. maxSurge must stay 0 (two agents on one node fight over the same hooks). */
  readonly waves: readonly StagedWaveOptions[];
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
  /**
   * Extra labels on the pod template.
   * @default none
   */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/**
 * A least-privilege eBPF node agent, rolled out in waves. Describe what the agent does (`programs`,
 * `processVisibility`, `minKernel`) and it gets exactly the capabilities that needs, never SYS_MODULE, never
 * privileged, a read-only root filesystem, the eBPF host mounts, probes on its health endpoint, and a
 * {@link StagedDaemonSet} with one DaemonSet per wave and maxSurge 0.
 *
 * @example
 * new EbpfAgent(stack, "agent", {
 *   name: "node-agent",
 *   image: "registry.example/node-agent",
 *   versions: { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" },
 *   waves: [
 *     { name: "canary", pool: NodePool.eksNodegroup("dev") },
 *     { name: "staging", pool: NodePool.eksNodegroup("staging") },
 *     { name: "production" },
 *   ],
 *   programs: ["tracing"],
 *   health: { port: 9090 },
 * });
 */
export class EbpfAgent extends Construct {
  /** The staged rollout this agent composes. */
  public readonly staged: StagedDaemonSet;
  /** The emitted waves, in rollout order. */
  public readonly waves: readonly EmittedWave[];
  /** The pod every wave runs, with the privilege profile derived from the props. */
  public readonly pod: EbpfPod;

  constructor(scope: Construct, id: string, props: EbpfAgentProps) {
    super(scope, id);
    const { staged, pod } = stagedProps(props);
    this.pod = pod;
    this.staged = new StagedDaemonSet(this, "staged", staged);
    this.waves = this.staged.waves;
  }
}

/**
 * The pure half of {@link EbpfAgent}: validates props, runs the hard refusals, and returns each wave's manifest.
 * Throws a `ValidationError` naming the field and the fix.
 */
export function planEbpfAgent(props: EbpfAgentProps): WaveDaemonSet[] {
  return planStagedDaemonSet(stagedProps(props).staged);
}

/** Turns EbpfAgent props into StagedDaemonSet props. */
function stagedProps(props: EbpfAgentProps): { staged: StagedDaemonSetProps; pod: EbpfPod } {
  checkEbpfProps(props);
  checkNoSurge(props.waves);
  if (props.release === undefined) checkVersions(props.versions);
  const pod = planEbpfPod(props, props.name);
  const staged: StagedDaemonSetProps = {
    name: props.name,
    namespace: props.namespace ?? "kube-system",
    image: props.image,
    versions: props.versions,
    release: props.release,
    waves: props.waves,
    pod: pod.spec,
    podMetadata: {
      labels: props.podLabels === undefined ? undefined : { ...props.podLabels },
      annotations: Object.keys(pod.podAnnotations).length > 0 ? pod.podAnnotations : undefined,
    },
    agentContainer: pod.containerName,
    labels: props.labels,
    annotations: { ...props.annotations, ...pod.annotations },
    maxUnavailableCap: props.maxUnavailableCap,
    minReadySeconds: props.minReadySeconds,
    revisionHistoryLimit: props.revisionHistoryLimit,
    minWaves: props.minWaves,
    rolloutTimeout: props.rolloutTimeout,
    policy: props.policy,
    gate: props.gate,
  };
  return { staged, pod };
}
