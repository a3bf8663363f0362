/**
 * The wave to verify, read from the same inputs `wavegate check` reads (cdktf.out, tf.json, plan JSON, HCL, YAML),
 * grouped into agents and waves the way the policy groups them: one source of truth for the namespace, name, pool
 * and expected version. Pure.
 */
import { LoadedDaemonSet, isUnknown } from "../inputs/types";
import { matchesSelector, NodeSelector } from "../model/node-selector";
import { agentContainerOf } from "../policy/accessors";
import { groupAgents, wavesOf } from "../policy/agents";
import { nodeSelectorOf } from "../policy/rules/pool-selector";
import { DaemonSetObject, NodeObject } from "./objects";

/** What verification needs to know about one wave. */
export interface WaveTarget {
  /** The agent. */
  readonly agent: string;
  /** The wave. */
  readonly wave: string;
  /** 0-based position of the wave, and whether it is the agent's last in its cluster. */
  readonly index: number;
  /** The cluster (provider reference). */
  readonly cluster: string;
  /** The DaemonSet's namespace. */
  readonly namespace: string;
  /** The DaemonSet's name. */
  readonly name: string;
  /** The wave's pool as a node selector (undefined: every node). */
  readonly pool?: NodeSelector;
  /** The version the input says the wave runs (`wavegate.dev/version`). */
  readonly expectedVersion?: string;
  /** Container name -> image, as the input writes them (the images drift is judged on). */
  readonly images: Readonly<Record<string, string>>;
  /** The agent container's name. */
  readonly agentContainer?: string;
  /** Where it was read. */
  readonly source: LoadedDaemonSet;
}

/** Thrown when the input does not name the wave asked for (the CLI exits 2). */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetError";
  }
}

/** Finds `--agent` / `--wave` (/ `--cluster`) among the loaded DaemonSets. */
export function findWave(
  daemonSets: readonly LoadedDaemonSet[],
  agent: string,
  wave: string,
  cluster?: string,
): WaveTarget {
  const groups = groupAgents(daemonSets);
  const group = groups.find((g) => g.agent === agent);
  if (group === undefined) {
    throw new TargetError(
      `--agent: no agent named "${agent}" in the input; found ${groups.map((g) => g.agent).join(", ") || "none"}`,
    );
  }
  const waves = wavesOf(group);
  const found = waves.find((w) => w.name === wave);
  if (found === undefined) {
    throw new TargetError(
      `--wave: agent "${agent}" has no wave "${wave}"; its waves are ${waves.map((w) => w.name).join(", ")}`,
    );
  }
  const candidates =
    cluster === undefined ? found.daemonSets : found.daemonSets.filter((d) => d.cluster === cluster);
  if (candidates.length === 0) {
    throw new TargetError(
      `--cluster: wave "${wave}" has no DaemonSet in cluster "${cluster}"; it runs in ${found.daemonSets.map((d) => d.cluster).join(", ")}`,
    );
  }
  if (candidates.length > 1) {
    throw new TargetError(
      `wave "${wave}" runs in several clusters (${candidates.map((d) => d.cluster).join(", ")}); choose one with --cluster`,
    );
  }
  const ds = candidates[0];
  const meta = ds.manifest.metadata ?? {};
  const name = literal(meta.name, "metadata.name", ds);
  const namespace =
    meta.namespace === undefined ? "default" : literal(meta.namespace, "metadata.namespace", ds);
  const images: Record<string, string> = {};
  for (const c of ds.manifest.spec?.template?.spec?.containers ?? []) {
    if (typeof c.name === "string" && typeof c.image === "string" && !isUnknown(c.image))
      images[c.name] = c.image;
  }
  let pool: NodeSelector | undefined;
  try {
    pool = nodeSelectorOf(ds);
  } catch (error) {
    throw new TargetError(
      `${ds.source.address}: the wave's node pool cannot be read: ${(error as Error).message}`,
    );
  }
  const version = meta.annotations?.["wavegate.dev/version"];
  return {
    agent,
    wave,
    index: waves.indexOf(found),
    cluster: ds.cluster,
    namespace,
    name,
    pool,
    expectedVersion: typeof version === "string" && !isUnknown(version) ? version : undefined,
    images,
    agentContainer: agentContainerOf(ds)?.container.name,
    source: ds,
  };
}

function literal(value: unknown, field: string, ds: LoadedDaemonSet): string {
  if (typeof value !== "string" || value === "" || isUnknown(value)) {
    throw new TargetError(
      `${ds.source.address}: ${field} is ${JSON.stringify(value)}, not a literal name; verify needs it`,
    );
  }
  return value;
}

/** True when the node belongs to the wave's pool. */
export function inPool(target: Pick<WaveTarget, "pool">, node: NodeObject): boolean {
  return matchesSelector(target.pool, node.metadata?.labels ?? {});
}

/** A live image that differs from the input's: drift. */
export interface Drift {
  /** The container. */
  readonly container: string;
  /** What the input says. */
  readonly expected: string;
  /** What runs. */
  readonly live: string;
}

/** Containers whose live image differs from the input's (a container missing live counts as drift). */
export function findDrift(target: Pick<WaveTarget, "images">, live: DaemonSetObject): Drift[] {
  const liveImages = new Map<string, string>();
  for (const c of live.spec?.template?.spec?.containers ?? []) {
    if (c.name !== undefined) liveImages.set(c.name, c.image ?? "(none)");
  }
  return Object.entries(target.images)
    .filter(([name, image]) => liveImages.get(name) !== image)
    .map(([container, expected]) => ({
      container,
      expected,
      live: liveImages.get(container) ?? "(no such container)",
    }));
}
