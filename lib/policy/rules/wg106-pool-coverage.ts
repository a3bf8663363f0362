import { LoadedDaemonSet } from "../../inputs/types";
import { describeNode, NodeSelector } from "../../model/node-selector";
import { contractOf, Undecidable } from "../accessors";
import { waveName, waveRank } from "../agents";
import { Rule, RuleResult } from "../types";
import { nodeSelectorOf, poolCoverage, withoutSharedRequirements } from "./pool-selector";
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
    for (const group of ctx.agents) {
      const staged = group.daemonSets.filter((ds) => contractOf(ds) !== undefined);
      for (const members of byCluster(staged)) {
        const results = judgeCluster(members);
        for (const r of results) verdicts.set(r.resource, r);
      }
    }
    return judge(
      ctx,
      (ds) => verdicts.get(ds) ?? notApplicable(ds, "not a wave of a staged rollout (see WG101)"),
    );
  },
};

/** Splits an agent's DaemonSets by cluster (provider within a stack); usually they all share one. */
function byCluster(members: LoadedDaemonSet[]): LoadedDaemonSet[][] {
  const key = (ds: LoadedDaemonSet) => `${ds.source.stack ?? ""}\u0000${ds.cluster}`;
  if (members.length === 0) return [];
  const first = members[0];
  const sameCluster = (ds: LoadedDaemonSet) =>
    ds.source.stack === first.source.stack && ds.cluster === first.cluster;
  if (members.every(sameCluster)) return [members];
  const clusters = new Map<string, LoadedDaemonSet[]>();
  for (const ds of members) {
    const k = key(ds);
    const list = clusters.get(k);
    if (list === undefined) clusters.set(k, [ds]);
    else list.push(ds);
  }
  return [...clusters.values()];
}

function judgeCluster(members: LoadedDaemonSet[]): RuleResult[] {
  let pools: (NodeSelector | undefined)[];
  try {
    pools = withoutSharedRequirements(members.map(nodeSelectorOf));
  } catch (err) {
    if (err instanceof Undecidable) return members.map((ds) => notApplicable(ds, err.message));
    throw err;
  }
  const coverage = poolCoverage(pools);
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
  if (coverage.overlapCount === 0 && coverage.gap === undefined) return members.map((ds) => pass(ds));
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
