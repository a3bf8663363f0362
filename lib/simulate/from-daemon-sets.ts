/**
 * The pure adapter from loaded DaemonSets to simulation waves: groups wave DaemonSets by the rollout contract's
 * agent (`wavegate.dev/agent`), orders them by `wavegate.dev/wave-index`, and reads each wave's rolling-update
 * budget, minReadySeconds and node count (`wavegate.dev/nodes`). A DaemonSet without the contract is an agent of
 * one (un-staged) wave.
 */
import { LoadedDaemonSet, isUnknown } from "../inputs/types";
import { readContract } from "../model/contract";
import { show, ValidationError } from "../model/errors";
import { imageVersion, sameVersion } from "../model/image";
import { IntOrPercent, validateSurgeAndUnavailable } from "../model/int-or-percent";

/** One wave read from a DaemonSet, before node counts and bake times are known for sure. */
export interface WaveSpec {
  /** Wave name (the contract's wave label, or the DaemonSet's name). */
  readonly name: string;
  /** The DaemonSet's `namespace/name`. */
  readonly daemonSet: string;
  /** Where it was read from (Terraform address or YAML object). */
  readonly address: string;
  /** The version the wave runs today: its image's (the annotation's when they agree). */
  readonly version?: string;
  /** maxUnavailable of the rolling update (Kubernetes default 1). */
  readonly maxUnavailable: IntOrPercent;
  /** maxSurge of the rolling update (Kubernetes default 0). */
  readonly maxSurge: IntOrPercent;
  /** minReadySeconds (default 0). */
  readonly minReadySeconds: number;
  /** Node count from the `wavegate.dev/nodes` annotation, when present. */
  readonly nodes?: number;
}

/** One agent's waves, in rollout order. */
export interface AgentWaves {
  /** The agent's name. */
  readonly agent: string;
  /** Its waves, ordered by wave index. */
  readonly waves: readonly WaveSpec[];
  /** True when its DaemonSets carry the rollout contract (a staged rollout). */
  readonly staged: boolean;
}

/**
 * Groups DaemonSets into agents and their waves. Throws a ValidationError (naming the DaemonSet and field) for a
 * rolling update the simulator cannot run: `OnDelete`, values unknown until apply, or an invalid surge pair.
 */
export function agentsFromDaemonSets(daemonSets: readonly LoadedDaemonSet[]): AgentWaves[] {
  const { agents, unplannable } = plannableAgents(daemonSets);
  if (unplannable.length > 0) throw unplannable[0].error;
  return agents;
}

/** An agent the simulator cannot run, and why. */
export interface UnplannableAgent {
  /** The agent's name. */
  readonly agent: string;
  /** What stops it (names the DaemonSet and field). */
  readonly error: ValidationError;
}

/**
 * Like {@link agentsFromDaemonSets}, but never throws for one agent's problem: the agents that can be simulated,
 * in read order, and every agent that cannot, with its error (so a caller can name both).
 */
export function plannableAgents(daemonSets: readonly LoadedDaemonSet[]): {
  agents: AgentWaves[];
  unplannable: UnplannableAgent[];
} {
  const groups = new Map<string, { staged: boolean; members: LoadedDaemonSet[] }>();
  for (const ds of daemonSets) {
    const meta = ds.manifest.metadata ?? {};
    const contract = readContract(meta.labels, meta.annotations);
    const name = meta.name ?? ds.source.address;
    const agent = contract?.agent ?? contract?.wave ?? name;
    const key = contract !== undefined ? `contract:${agent}` : `plain:${name}`;
    const group = groups.get(key) ?? { staged: contract !== undefined, members: [] };
    group.members.push(ds);
    groups.set(key, group);
  }
  const agents: AgentWaves[] = [];
  const unplannable: UnplannableAgent[] = [];
  for (const [key, group] of groups) {
    const agent = key.replace(/^\w+:/, "");
    try {
      agents.push({ agent, staged: group.staged, waves: wavesOfAgent(agent, group.members) });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      unplannable.push({ agent, error });
    }
  }
  return { agents, unplannable };
}

function wavesOfAgent(agent: string, members: readonly LoadedDaemonSet[]): WaveSpec[] {
  const items = members.map((ds, i) => {
    const meta = ds.manifest.metadata ?? {};
    const contract = readContract(meta.labels, meta.annotations);
    const name = contract?.wave ?? meta.name ?? ds.source.address;
    const version = runningVersion(ds, contract?.version);
    return { index: contract?.index ?? i, spec: waveSpec(ds, name, version, contract?.nodes), ds };
  });
  items.sort((a, b) => a.index - b.index);
  const seen = new Map<string, LoadedDaemonSet>();
  for (const { spec, ds } of items) {
    const first = seen.get(spec.name);
    if (first !== undefined) {
      const where = [first, ds].map(whereOf).filter((w) => w !== "");
      throw new ValidationError(
        spec.address,
        `wave ${show(spec.name)} of agent ${show(agent)} appears twice${where.length === 2 ? ` (${where.join(" and ")})` : ""}`,
        "Give each wave DaemonSet its own wavegate.dev/wave label, or plan one cluster at a time with --stack or --cluster.",
      );
    }
    seen.set(spec.name, ds);
  }
  return items.map((i) => i.spec);
}

/**
 * The version a wave runs, read from its images (what runs): the `wavegate.dev/version` annotation when a container's
 * image agrees with it, else the first container's image version, else the annotation.
 */
function runningVersion(ds: LoadedDaemonSet, stated: string | undefined): string | undefined {
  const containers: readonly { image?: unknown }[] = ds.manifest.spec?.template?.spec?.containers ?? [];
  const versions = containers
    .map((c) => c.image)
    .filter((image): image is string => typeof image === "string" && !isUnknown(image))
    .map(imageVersion)
    .filter((v): v is string => v !== undefined);
  if (stated !== undefined && versions.some((v) => sameVersion(v, stated) === true)) return stated;
  return versions[0] ?? stated;
}

/** `stack "eu"` / `cluster "kubernetes.us"`, for telling two copies of a wave apart. */
function whereOf(ds: LoadedDaemonSet): string {
  const parts = [
    ...(ds.source.stack !== undefined ? [`stack ${show(ds.source.stack)}`] : []),
    ...(ds.cluster !== "default" ? [`cluster ${show(ds.cluster)}`] : []),
  ];
  return parts.join(", ");
}

function waveSpec(
  ds: LoadedDaemonSet,
  name: string,
  version: string | undefined,
  nodes: number | undefined,
): WaveSpec {
  const address = ds.source.address;
  const spec = ds.manifest.spec ?? ({} as LoadedDaemonSet["manifest"]["spec"]);
  const strategy = spec.updateStrategy;
  if (strategy?.type === "OnDelete") {
    throw new ValidationError(
      `${address}: spec.updateStrategy.type`,
      "OnDelete never replaces a pod by itself, so there is no rollout to simulate",
      "Use type RollingUpdate (the default) with maxUnavailable set.",
    );
  }
  const rolling = strategy?.rollingUpdate;
  const maxSurge = intOrPercent(
    rolling?.maxSurge,
    0,
    `${address}: spec.updateStrategy.rollingUpdate.maxSurge`,
  );
  // Kubernetes defaults maxUnavailable to 1; when only maxSurge is set we take it as "surge instead".
  const unavailableDefault = maxSurge.isZero ? 1 : 0;
  const maxUnavailable = intOrPercent(
    rolling?.maxUnavailable,
    unavailableDefault,
    `${address}: spec.updateStrategy.rollingUpdate.maxUnavailable`,
  );
  validateSurgeAndUnavailable(maxUnavailable, maxSurge, `${address}: spec.updateStrategy.rollingUpdate`);
  return {
    name,
    daemonSet: `${ds.manifest.metadata?.namespace ?? "default"}/${ds.manifest.metadata?.name ?? name}`,
    address,
    version,
    maxUnavailable,
    maxSurge,
    minReadySeconds: seconds(spec.minReadySeconds, `${address}: spec.minReadySeconds`),
    nodes,
  };
}

function intOrPercent(value: unknown, fallback: number, field: string): IntOrPercent {
  if (value === undefined || value === null || value === "") return IntOrPercent.parse(fallback, field);
  if (isUnknown(value)) {
    throw new ValidationError(
      field,
      `${show(value)} is only known at apply time, so the rollout cannot be simulated`,
      'Write the value literally (e.g. 1 or "10%"), or plan the rendered manifests.',
    );
  }
  return IntOrPercent.parse(value as number | string, field);
}

function seconds(value: unknown, field: string): number {
  if (value === undefined || value === null || value === "") return 0;
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
  throw new ValidationError(
    field,
    `${show(value)} is not a whole number of seconds${isUnknown(value) ? " known before apply" : ""}`,
    "Write minReadySeconds literally, e.g. 30.",
  );
}
