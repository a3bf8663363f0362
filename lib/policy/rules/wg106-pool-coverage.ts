import { LoadedDaemonSet } from "../../inputs/types";
import { describeNode, NodeSelector } from "../../model/node-selector";
import { contractOf, Undecidable } from "../accessors";
import { waveName, waveRank } from "../agents";
import { PoolCoverage } from "../../model/pool-coverage";
import { Rule, RuleResult } from "../types";
import { nodeSelectorOf, partitionCoverage, poolCoverage, withoutSharedRequirements } from "./pool-selector";
import { fail, judge, notApplicable, pass } from "./result";

/** Rule ID: wave pools partition the cluster. */
export const WG106 = "WG106";

/** WG106: within one cluster, an agent's wave pools are disjoint and together cover every node. */
export const poolCoverageRule: Rule = {
  id: WG106,
  name: "PoolCoverage",
  severity: "error",
  title: "Within each cluster, an agent's wave pools are disjoint and together cover every node",
  why:
    "Overlapping pools run two copies of the agent on a node (two agents fighting over the same kernel hooks) and " +
    "let a later wave's version reach a node early; a gap leaves nodes without the agent at all.",
  fix:
    "Give each earlier wave its own node pool (required node affinity on a pool label) and make the last wave the " +
    "catch-all: NotIn every earlier pool.",
  example: {
    fails: [
      '# canary:     node_selector_term { match_expressions { key = "eks.amazonaws.com/nodegroup"  operator = "In"  values = ["dev"] } }',
      "# production: no affinity: every node, the dev pool included (two copies on dev nodes)",
    ].join("\n"),
    passes: [
      '# canary:     ... operator = "In"     values = ["dev"]',
      '# production: ... operator = "NotIn"  values = ["dev"]   (the catch-all)',
    ].join("\n"),
  },
  check(ctx) {
    const verdicts = new Map<LoadedDaemonSet, RuleResult>();
    const agents = ctx.agents;
    for (let g = 0; g < agents.length; g++) {
      const staged = stagedOf(agents[g].daemonSets);
      if (staged.length === 0) continue;
      if (inOneCluster(staged)) judgeCluster(staged, verdicts);
      else for (const members of byCluster(staged)) judgeCluster(members, verdicts);
    }
    return judge(ctx, (ds) => verdicts.get(ds) ?? notApplicable(ds, NOT_STAGED));
  },
};

const NOT_STAGED = "not a wave of a staged rollout (see WG101)";

/** The DaemonSets that adopt the rollout contract (the list itself when all do, the usual case). */
function stagedOf(daemonSets: readonly LoadedDaemonSet[]): readonly LoadedDaemonSet[] {
  let i = 0;
  while (i < daemonSets.length && contractOf(daemonSets[i]) !== undefined) i++;
  if (i === daemonSets.length) return daemonSets;
  const staged = daemonSets.slice(0, i);
  for (; i < daemonSets.length; i++) if (contractOf(daemonSets[i]) !== undefined) staged.push(daemonSets[i]);
  return staged;
}

/** True when every DaemonSet is in the first one's cluster (provider within a stack): the usual case. */
function inOneCluster(members: readonly LoadedDaemonSet[]): boolean {
  const first = members[0];
  for (let i = 1; i < members.length; i++) {
    const ds = members[i];
    if (ds.source.stack !== first.source.stack || ds.cluster !== first.cluster) return false;
  }
  return true;
}

/** Splits an agent's DaemonSets by cluster (provider within a stack), in order of first appearance. */
function byCluster(members: readonly LoadedDaemonSet[]): LoadedDaemonSet[][] {
  const clusters = new Map<string, LoadedDaemonSet[]>();
  for (const ds of members) {
    const k = `${ds.source.stack ?? ""}\u0000${ds.cluster}`;
    const list = clusters.get(k);
    if (list === undefined) clusters.set(k, [ds]);
    else list.push(ds);
  }
  return [...clusters.values()];
}

/** Each member's node selector, without the requirements all share; throws `Undecidable` as `nodeSelectorOf` does. */
function poolsOf(members: readonly LoadedDaemonSet[]): (NodeSelector | undefined)[] {
  const pools = new Array<NodeSelector | undefined>(members.length);
  for (let i = 0; i < members.length; i++) pools[i] = nodeSelectorOf(members[i]);
  return pools;
}

/** Judges the waves of one agent in one cluster, into `out` (by DaemonSet). */
function judgeCluster(members: readonly LoadedDaemonSet[], out: Map<LoadedDaemonSet, RuleResult>): void {
  let pools: (NodeSelector | undefined)[];
  try {
    pools = poolsOf(members);
  } catch (err) {
    if (!(err instanceof Undecidable)) throw err;
    for (const ds of members) out.set(ds, notApplicable(ds, err.message));
    return;
  }
  // A partition (In pools and their NotIn catch-all, one requirement each) shares no requirement (no two pools'
  // requirements are the same), so it is decided before `withoutSharedRequirements` as after it.
  const coverage = partitionCoverage(pools) ?? poolCoverage(withoutSharedRequirements(pools));
  if (coverage.complete && coverage.overlapCount === 0 && coverage.gap === undefined) {
    for (let i = 0; i < members.length; i++) out.set(members[i], pass(members[i]));
    return;
  }
  for (const r of problemResults(members, coverage)) out.set(r.resource, r);
}

/** The members' results when the pools overlap, leave a gap, or could not be decided. */
function problemResults(members: readonly LoadedDaemonSet[], coverage: PoolCoverage): RuleResult[] {
  if (!coverage.complete) {
    // Fail closed: a search that gave up is never a pass (nor a silent not-applicable).
    return members.map((ds) =>
      fail(
        ds,
        "pool coverage could not be decided: too many label combinations to search within the budget; " +
          "simplify the pools' node affinity (one pool label per wave, the last wave NotIn the others)",
      ),
    );
  }
  const where = clusterName(members[0]);
  const problems: string[][] = members.map(() => []);
  coverage.perPool.forEach((p, i) => {
    if (p.count === 0) return;
    const shown = p.shown.map((o) => {
      const other = members[o.a === i ? o.b : o.a];
      return `pool overlaps wave "${waveName(other)}"${where}: ${describeNode(o.witness)} would run two copies of the agent`;
    });
    const rest = p.count - p.shown.length;
    problems[i].push(shown.join("; ") + (rest > 0 ? `; and ${rest} more wave(s) overlap it` : ""));
  });
  if (coverage.gap !== undefined) {
    let last = 0;
    members.forEach((ds, i) => {
      if (waveRank(ds) >= waveRank(members[last])) last = i;
    });
    problems[last].push(
      `the wave pools${where} leave nodes without the agent: ${describeNode(coverage.gap)} matches no wave`,
    );
  }
  return members.map((ds, i) => (problems[i].length === 0 ? pass(ds) : fail(ds, problems[i].join("; "))));
}

function clusterName(ds: LoadedDaemonSet): string {
  const stack = ds.source.stack !== undefined ? ` of stack "${ds.source.stack}"` : "";
  return ds.cluster === "default" && stack === "" ? "" : ` in cluster "${ds.cluster}"${stack}`;
}
