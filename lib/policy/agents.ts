import { LoadedDaemonSet } from "../inputs/types";
import { isUnknown } from "../inputs/types";
import { WaveContract } from "../model/contract";
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
 * Groups DaemonSets into rollouts by the rollout contract: DaemonSets whose agent (`wavegate.dev/agent`, else the
 * `app.kubernetes.io/name` label of a wave-labelled DaemonSet) is the same, split per cluster (see
 * {@link splitRollouts}), each ordered by wave. A DaemonSet without the contract is an agent of its own, named
 * after the DaemonSet. Groups keep the order in which their first DaemonSet was read.
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
  const out: AgentGroup[] = [];
  for (let g = 0; g < groups.length; g++) {
    const { agent, members } = groups[g];
    // `members` is this function's own list: used as is when the agent is in one cluster (the usual case).
    const rollouts = !byAgent.has(agent) || inOneCluster(members) ? [members] : splitRollouts(members);
    for (let r = 0; r < rollouts.length; r++) {
      const daemonSets = inWaveOrder(rollouts[r]);
      const scope = rollouts.length > 1 ? scopeOf(rollouts[r]) : undefined;
      out.push(scope !== undefined ? { agent, daemonSets, scope } : { agent, daemonSets });
    }
  }
  return out;
}

/** True when every DaemonSet is in the first one's stack and cluster. */
function inOneCluster(members: readonly LoadedDaemonSet[]): boolean {
  const first = members[0];
  for (let i = 1; i < members.length; i++) {
    if (members[i].cluster !== first.cluster || members[i].source.stack !== first.source.stack) return false;
  }
  return true;
}

/** The DaemonSets of one agent in one cluster (a cluster is a provider within a stack, or `wavegate.dev/cluster`). */
interface ClusterUnit {
  readonly stack: string | undefined;
  readonly members: LoadedDaemonSet[];
  readonly waves: Set<string>;
}

/**
 * Splits one agent's DaemonSets into rollouts, one per cluster unless the clusters are waves of one rollout:
 * - clusters that share two or more waves are separate rollouts (two regional stacks, each canary -> production);
 * - clusters that each run one wave are waves of one rollout (dev cluster -> staging cluster -> production
 *   clusters, examples/three-clusters), and so is a one-wave cluster beside a single multi-wave rollout when it is
 *   in the same stack or runs a wave that rollout lacks (a production wave spread over two clusters);
 * - a one-wave cluster beside several rollouts joins the one in its stack, else every rollout that lacks its wave
 *   (a shared dev cluster ahead of regional stacks), else it is a rollout of its own.
 * A DaemonSet may so belong to several rollouts. Returns the rollouts' DaemonSets in read order.
 */
export function splitRollouts(members: readonly LoadedDaemonSet[]): LoadedDaemonSet[][] {
  // The usual case, without building keys: every DaemonSet of the agent in one stack and cluster.
  if (inOneCluster(members)) return [[...members]];
  const units = new Map<string, ClusterUnit>();
  for (const ds of members) {
    const key = `${ds.source.stack ?? ""}\u0000${ds.cluster}`;
    let unit = units.get(key);
    if (unit === undefined)
      units.set(key, (unit = { stack: ds.source.stack, members: [], waves: new Set() }));
    unit.members.push(ds);
    unit.waves.add(waveName(ds));
  }
  if (units.size <= 1) return [[...members]];
  const all = [...units.values()];
  const rollouts: ClusterUnit[][] = [];
  for (const u of all.filter((x) => x.waves.size >= 2)) {
    const fits = rollouts.find((r) => r.every((v) => shared(u, v) < 2));
    if (fits !== undefined) fits.push(u);
    else rollouts.push([u]);
  }
  if (rollouts.length === 0) return [[...members]];
  const multi = rollouts.slice();
  for (const u of all.filter((x) => x.waves.size < 2)) {
    const [wave] = u.waves;
    const lacks = (r: ClusterUnit[]) => !r.some((v) => v.waves.has(wave));
    const sameStack = multi.filter((r) => r.some((v) => v.stack === u.stack));
    if (sameStack.length === 1) sameStack[0].push(u);
    else if (multi.length === 1 && lacks(multi[0])) multi[0].push(u);
    else if (multi.length > 1 && multi.some(lacks)) for (const r of multi.filter(lacks)) r.push(u);
    else rollouts.push([u]);
  }
  return rollouts.map((r) => {
    const inRollout = new Set(r.flatMap((u) => u.members));
    return members.filter((ds) => inRollout.has(ds));
  });
}

function shared(a: ClusterUnit, b: ClusterUnit): number {
  let n = 0;
  for (const w of a.waves) if (b.waves.has(w)) n++;
  return n;
}

/** Where a rollout runs, for messages: `stack "eu"`, `cluster "kubernetes.eu"`, or both. */
function scopeOf(daemonSets: readonly LoadedDaemonSet[]): string | undefined {
  const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v) => v !== undefined))];
  const stacks = distinct(daemonSets.map((ds) => ds.source.stack));
  const clusters = distinct(daemonSets.map((ds) => ds.cluster)).filter((c) => c !== "default");
  const parts = [
    ...(clusters.length > 0
      ? [`cluster${clusters.length > 1 ? "s" : ""} ${clusters.map(quote).join(", ")}`]
      : []),
    ...(stacks.length > 0 ? [`stack${stacks.length > 1 ? "s" : ""} ${stacks.map(quote).join(", ")}`] : []),
  ];
  return parts.length > 0 ? parts.join(" of ") : undefined;
}

const quote = (s: string) => JSON.stringify(s);

/** DaemonSets by wave rank, keeping read order among equal ranks (as read when already in order, the usual case). */
function inWaveOrder(members: LoadedDaemonSet[]): LoadedDaemonSet[] {
  let previous = -Infinity;
  let i = 0;
  for (; i < members.length; i++) {
    const rank = waveRank(members[i]);
    if (!(previous <= rank)) break;
    previous = rank;
  }
  if (i === members.length) return members;
  const ranks = members.map(waveRank);
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
  const members = group.daemonSets;
  const waves: { name: string; rank: number; daemonSets: LoadedDaemonSet[] }[] = [];
  // A few waves per agent: found by name in the list, with a map only for agents of many waves.
  let byName: Map<string, (typeof waves)[number]> | undefined;
  let sorted = true;
  for (let i = 0; i < members.length; i++) {
    const ds = members[i];
    const name = waveName(ds);
    let wave: (typeof waves)[number] | undefined;
    if (byName !== undefined) wave = byName.get(name);
    else
      for (let k = 0; k < waves.length && wave === undefined; k++)
        if (waves[k].name === name) wave = waves[k];
    if (wave === undefined) {
      wave = { name, rank: waveRank(ds), daemonSets: [] };
      if (waves.length > 0 && waves[waves.length - 1].rank > wave.rank) sorted = false;
      waves.push(wave);
      if (byName !== undefined) byName.set(name, wave);
      else if (waves.length > MAX_LISTED_WAVES) byName = new Map(waves.map((w) => [w.name, w]));
    }
    wave.daemonSets.push(ds);
  }
  // Sorted stably by rank; already so when the group is in wave order (as groupAgents builds it).
  return sorted ? waves : waves.sort((a, b) => a.rank - b.rank);
}

const MAX_LISTED_WAVES = 16;

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
    // A DaemonSet shared by several rollouts (a dev cluster ahead of regional stacks) is looked up in its first.
    for (const g of groups) for (const ds of g.daemonSets) if (!built.has(ds)) built.set(ds, g);
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
  return rankOf(contractOf(ds));
}

/** `waveRank` of a DaemonSet whose contract (`contractOf`) is `c`. */
export function rankOf(c: Partial<WaveContract> | undefined): number {
  if (c?.index !== undefined) return c.index;
  const position = c?.wave !== undefined ? (c.waves?.indexOf(c.wave) ?? -1) : -1;
  return position >= 0 ? position : Number.MAX_SAFE_INTEGER;
}

/** The DaemonSet's name (or its address when the name is missing). */
export function nameOf(ds: LoadedDaemonSet): string {
  const name = ds.manifest.metadata?.name;
  return typeof name === "string" && name !== "" ? name : ds.source.address;
}

/** `agent "x"`, with the rollout's scope when the agent has several (`agent "x" in stack "eu"`). */
export function describeAgent(group: AgentGroup | undefined): string {
  if (group === undefined) return "agent";
  return `agent ${JSON.stringify(group.agent)}${group.scope !== undefined ? ` in ${group.scope}` : ""}`;
}
