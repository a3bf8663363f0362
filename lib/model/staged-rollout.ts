import { contractMetadata, CONTRACT } from "./contract";
import { DEFAULT_CLUSTER } from "./wave";
import { show, ValidationError } from "./errors";
import { imageWithVersion } from "./image";
import { Container, DaemonSet, NodeSelectorTerm, PodTemplateSpec } from "./k8s";
import { NodeSelector } from "./node-selector";
import { Wave } from "./wave";

/** The agent every wave runs: what stays the same from wave to wave. */
export interface AgentDefinition {
  /** Agent name: the production (catch-all) DaemonSet's name, and the prefix of the other waves' names. */
  readonly name: string;
  /** Namespace of every wave DaemonSet. */
  readonly namespace: string;
  /** Image repository without tag, e.g. `registry.example/security/agent`; each wave adds its version. */
  readonly image: string;
  /** The pod template shared by all waves; the agent container's image is set per wave. */
  readonly template: PodTemplateSpec;
  /** Name of the container that runs the agent (gets the wave's image). Defaults to the first container. */
  readonly agentContainer?: string;
  /** Extra labels on every wave DaemonSet. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Extra annotations on every wave DaemonSet. */
  readonly annotations?: Readonly<Record<string, string>>;
  /** revisionHistoryLimit of every wave (at least 2, so a wave can be rolled back). */
  readonly revisionHistoryLimit: number;
}

/** One wave's DaemonSet, as Kubernetes would store it. */
export interface WaveDaemonSet {
  /** The wave. */
  readonly wave: Wave;
  /** The DaemonSet manifest for the wave. */
  readonly manifest: DaemonSet;
}

/** DaemonSet name of a wave: the catch-all production wave keeps the agent's name so it migrates in place. */
export function waveDaemonSetName(agent: string, wave: Wave, lastIndex: number): string {
  return wave.index === lastIndex ? agent : `${agent}-${wave.name}`;
}

/** Checks an agent definition; throws a ValidationError naming the field on bad input. */
export function validateAgent(agent: AgentDefinition): Container {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(agent.name ?? "") || agent.name.length > 63) {
    throw new ValidationError(
      "name",
      `${show(agent.name)} is not a valid DaemonSet name`,
      "Use lower-case letters, digits and '-' (DNS-1123 label, at most 63 characters).",
    );
  }
  if (typeof agent.image !== "string" || agent.image.trim() === "") {
    throw new ValidationError(
      "image",
      "the image repository is empty",
      'Set it, e.g. image: "registry.example/agent".',
    );
  }
  if (/[:@]/.test(agent.image.slice(agent.image.lastIndexOf("/") + 1))) {
    throw new ValidationError(
      "image",
      `${show(agent.image)} carries a tag or digest`,
      "Give the repository only; pin each wave's tag or digest in `versions`.",
    );
  }
  if (!Number.isInteger(agent.revisionHistoryLimit) || agent.revisionHistoryLimit < 2) {
    throw new ValidationError(
      "revisionHistoryLimit",
      `${show(agent.revisionHistoryLimit)} keeps too few revisions to roll a wave back`,
      "Use 2 or more (default 10).",
    );
  }
  const containers = agent.template?.spec?.containers ?? [];
  if (containers.length === 0) {
    throw new ValidationError("containers", "the pod has no container", "Add the agent container.");
  }
  const names = agent.agentContainer ?? containers[0].name;
  const main = containers.find((c) => c.name === names);
  if (main === undefined) {
    throw new ValidationError(
      "agentContainer",
      `no container is named ${show(agent.agentContainer)}`,
      `Use one of ${containers.map((c) => show(c.name)).join(", ")}.`,
    );
  }
  if (main.image !== undefined) {
    throw new ValidationError(
      `containers.${main.name}.image`,
      "the agent container sets its own image, which would be the same in every wave",
      "Remove it: set `image` (the repository) and `versions` (one per wave) instead.",
    );
  }
  if (main.readinessProbe === undefined) {
    throw new ValidationError(
      `containers.${main.name}.readinessProbe`,
      "the agent container has no readiness probe, so maxUnavailable guards nothing (a pod is Ready as soon as it starts)",
      'Add a readiness probe on the agent\'s health endpoint, e.g. { httpGet: { path: "/healthz", port: 9090 } }.',
    );
  }
  return main;
}

/**
 * Builds one DaemonSet per wave: same pod template, the wave's image version, its node affinity, its rolling-update
 * cap and the rollout contract. Pure: used by the constructs, `wavegate manifests` and tests alike.
 */
export function buildWaveDaemonSets(agent: AgentDefinition, waves: readonly Wave[]): WaveDaemonSet[] {
  const main = validateAgent(agent);
  const multiCluster =
    new Set(waves.map((w) => w.cluster)).size > 1 || waves.some((w) => w.cluster !== DEFAULT_CLUSTER);
  const lastIndex = waves.length - 1;
  return waves.map((wave) => {
    const contract = contractMetadata({
      agent: agent.name,
      wave: wave.name,
      index: wave.index,
      waves: waves.map((w) => w.name),
      version: wave.version,
      cluster: multiCluster ? wave.cluster : undefined,
      nodes: wave.nodes,
      zones: wave.zones,
    });
    const selectorLabels = { [CONTRACT.nameLabel]: agent.name, [CONTRACT.waveLabel]: wave.name };
    const tplMeta = agent.template.metadata ?? {};
    const spec = agent.template.spec;
    const containers = spec.containers.map((c) =>
      c.name === main.name ? { ...c, image: imageWithVersion(agent.image, wave.version) } : c,
    );
    const manifest: DaemonSet = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: {
        name: waveDaemonSetName(agent.name, wave, lastIndex),
        namespace: agent.namespace,
        labels: { ...agent.labels, ...contract.labels },
        annotations: { ...agent.annotations, ...contract.annotations },
      },
      spec: {
        selector: { matchLabels: selectorLabels },
        updateStrategy: {
          type: "RollingUpdate",
          rollingUpdate: {
            maxUnavailable: wave.maxUnavailable.toKubernetes(),
            maxSurge: wave.maxSurge.toKubernetes(),
          },
        },
        minReadySeconds: wave.minReadySeconds,
        revisionHistoryLimit: agent.revisionHistoryLimit,
        template: {
          metadata: {
            ...tplMeta,
            labels: { ...tplMeta.labels, ...selectorLabels },
            annotations: { ...tplMeta.annotations, [CONTRACT.versionAnnotation]: wave.version },
          },
          spec: { ...spec, containers, affinity: withWaveAffinity(spec.affinity, wave.selector) },
        },
      },
    };
    return { wave, manifest };
  });
}

/** Converts a model selector into Kubernetes node selector terms. */
export function toNodeSelectorTerms(selector: NodeSelector): NodeSelectorTerm[] {
  return selector.map((term) => ({
    matchExpressions: term.map((r) =>
      r.values.length > 0
        ? { key: r.key, operator: r.operator, values: [...r.values] }
        : { key: r.key, operator: r.operator },
    ),
  }));
}

/** ANDs the wave's selector into any required node affinity the template already has (e.g. kernel gating). */
function withWaveAffinity(
  affinity: PodTemplateSpec["spec"]["affinity"],
  selector: NodeSelector | undefined,
): PodTemplateSpec["spec"]["affinity"] {
  if (selector === undefined) return affinity;
  const waveTerms = toNodeSelectorTerms(selector);
  const existing = affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const terms =
    existing && existing.length > 0
      ? existing.flatMap((t) =>
          waveTerms.map((w) => ({
            ...t,
            matchExpressions: [...(t.matchExpressions ?? []), ...(w.matchExpressions ?? [])],
          })),
        )
      : waveTerms;
  return {
    ...affinity,
    nodeAffinity: {
      ...affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms },
    },
  };
}
