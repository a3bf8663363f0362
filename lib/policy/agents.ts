import { LoadedDaemonSet } from "../inputs/types";
import { isUnknown } from "../inputs/types";
import { contractOf } from "./accessors";
import { AgentGroup } from "./types";

/** One wave of an agent: every DaemonSet of that wave (several when the wave spans clusters). */
export interface AgentWave {
  /** Wave name (`wavegate.dev/wave`), or the DaemonSet name when it has none. */
  readonly name: string;
  /** Position in rollout order (the wave-index annotation, else the position in the waves list). */
  readonly rank: number;
  /** The wave's DaemonSets. */
  readonly daemonSets: readonly LoadedDaemonSet[];
}

/**
 * Groups DaemonSets into agents by the rollout contract, across every stack and file: DaemonSets whose agent
 * (`wavegate.dev/agent`, else the `app.kubernetes.io/name` label of a wave-labelled DaemonSet) is the same form one
 * group, ordered by wave. A DaemonSet without the contract is an agent of its own, named after the DaemonSet.
 * Groups keep the order in which their first DaemonSet was read.
 */
export function groupAgents(all: readonly LoadedDaemonSet[]): AgentGroup[] {
  const groups: { agent: string; members: LoadedDaemonSet[] }[] = [];
  const byAgent = new Map<string, { agent: string; members: LoadedDaemonSet[] }>();
  for (const ds of all) {
    const agent = contractOf(ds)?.agent;
    if (typeof agent !== "string" || agent === "" || isUnknown(agent)) {
      groups.push({ agent: nameOf(ds), members: [ds] });
      continue;
    }
    const group = byAgent.get(agent);
    if (group !== undefined) group.members.push(ds);
    else {
      const created = { agent, members: [ds] };
      byAgent.set(agent, created);
      groups.push(created);
    }
  }
  return groups.map(({ agent, members }) => ({ agent, daemonSets: inWaveOrder(members) }));
}

/** DaemonSets by wave rank, keeping read order among equal ranks (as read when already in order, the usual case). */
function inWaveOrder(members: LoadedDaemonSet[]): LoadedDaemonSet[] {
  const ranks = members.map(waveRank);
  if (ranks.every((rank, i) => i === 0 || ranks[i - 1] <= rank)) return members;
  return members
    .map((ds, i) => ({ ds, i, rank: ranks[i] }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.ds);
}

const wavesByGroup = new WeakMap<AgentGroup, readonly AgentWave[]>();

/**
 * The distinct waves of an agent in rollout order; DaemonSets of the same wave name share one entry.
 * Computed once per group (several rules ask).
 */
export function wavesOf(group: AgentGroup): readonly AgentWave[] {
  let known = wavesByGroup.get(group);
  if (known === undefined) {
    known = computeWaves(group);
    wavesByGroup.set(group, known);
  }
  return known;
}

function computeWaves(group: AgentGroup): AgentWave[] {
  const waves = new Map<string, { name: string; rank: number; daemonSets: LoadedDaemonSet[] }>();
  for (const ds of group.daemonSets) {
    const name = waveName(ds);
    const wave = waves.get(name) ?? { name, rank: waveRank(ds), daemonSets: [] };
    wave.daemonSets.push(ds);
    waves.set(name, wave);
  }
  return [...waves.values()].sort((a, b) => a.rank - b.rank);
}

/** The group a DaemonSet belongs to. */
export function groupOf(groups: readonly AgentGroup[], ds: LoadedDaemonSet): AgentGroup | undefined {
  return groups.find((g) => g.daemonSets.includes(ds));
}

const indexes = new WeakMap<readonly AgentGroup[], ReadonlyMap<LoadedDaemonSet, AgentGroup>>();

/** A map from each DaemonSet to its group, for rules that look groups up per resource (built once per grouping). */
export function groupIndex(groups: readonly AgentGroup[]): ReadonlyMap<LoadedDaemonSet, AgentGroup> {
  let index = indexes.get(groups);
  if (index === undefined) {
    const built = new Map<LoadedDaemonSet, AgentGroup>();
    for (const g of groups) for (const ds of g.daemonSets) built.set(ds, g);
    indexes.set(groups, (index = built));
  }
  return index;
}

/** The wave name of a DaemonSet: the `wavegate.dev/wave` label, else its name. */
export function waveName(ds: LoadedDaemonSet): string {
  return contractOf(ds)?.wave ?? nameOf(ds);
}

/** Rollout position: the `wavegate.dev/wave-index` annotation, else the wave's position in `wavegate.dev/waves`. */
export function waveRank(ds: LoadedDaemonSet): number {
  const c = contractOf(ds);
  if (c?.index !== undefined) return c.index;
  const position = c?.wave !== undefined ? (c.waves?.indexOf(c.wave) ?? -1) : -1;
  return position >= 0 ? position : Number.MAX_SAFE_INTEGER;
}

/** The DaemonSet's name (or its address when the name is missing). */
export function nameOf(ds: LoadedDaemonSet): string {
  const name = ds.manifest.metadata?.name;
  return typeof name === "string" && name !== "" ? name : ds.source.address;
}
