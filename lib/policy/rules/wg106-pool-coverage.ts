import { LoadedDaemonSet } from "../../inputs/types";
import { describeNode, NodeSelector } from "../../model/node-selector";
import { checkPoolCoverage } from "../../model/pool-coverage";
import { contractOf, Undecidable } from "../accessors";
import { waveName, waveRank } from "../agents";
import { Rule, RuleResult } from "../types";
import { nodeSelectorOf, withoutSharedRequirements } from "./pool-selector";
import { fail, judge, notApplicable, pass } from "./result";

/** Rule ID: wave pools partition the cluster. */
export const WG106 = "WG106";

/** WG106: within one cluster, an agent's wave pools are disjoint and together cover every node. */
export const poolCoverageRule: Rule = {
  id: WG106,
  severity: "error",
  title: "Within each cluster, an agent's wave pools are disjoint and together cover every node",
  why:
    "Overlapping pools run two copies of the agent on a node (two agents fighting over the same kernel hooks) and " +
    "let a later wave's version reach a node early; a gap leaves nodes without the agent at all.",
  fix:
    "Give each earlier wave its own node pool (required node affinity on a pool label) and make the last wave the " +
    "catch-all: NotIn every earlier pool.",
  check(ctx) {
    const verdicts = new Map<LoadedDaemonSet, RuleResult>();
    for (const group of ctx.agents) {
      const byCluster = new Map<string, LoadedDaemonSet[]>();
      for (const ds of group.daemonSets) {
        if (contractOf(ds) === undefined) continue;
        const key = `${ds.source.stack ?? ""}\u0000${ds.cluster}`;
        byCluster.set(key, [...(byCluster.get(key) ?? []), ds]);
      }
      for (const members of byCluster.values())
        judgeCluster(members).forEach((r) => verdicts.set(r.resource, r));
    }
    return judge(
      ctx,
      (ds) => verdicts.get(ds) ?? notApplicable(ds, "not a wave of a staged rollout (see WG101)"),
    );
  },
};

function judgeCluster(members: LoadedDaemonSet[]): RuleResult[] {
  let pools: (NodeSelector | undefined)[];
  try {
    pools = withoutSharedRequirements(members.map(nodeSelectorOf));
  } catch (err) {
    if (err instanceof Undecidable) return members.map((ds) => notApplicable(ds, err.message));
    throw err;
  }
  const coverage = checkPoolCoverage(pools);
  if (!coverage.complete)
    return members.map((ds) => notApplicable(ds, "too many label combinations to decide"));
  const where = clusterName(members[0]);
  const problems = new Map<LoadedDaemonSet, string[]>(members.map((ds) => [ds, []]));
  for (const o of coverage.overlaps) {
    const [a, b] = [members[o.a], members[o.b]];
    const node = describeNode(o.witness);
    problems
      .get(a)
      ?.push(`pool overlaps wave "${waveName(b)}"${where}: ${node} would run two copies of the agent`);
    problems
      .get(b)
      ?.push(`pool overlaps wave "${waveName(a)}"${where}: ${node} would run two copies of the agent`);
  }
  if (coverage.gap !== undefined) {
    const last = members.reduce((x, y) => (waveRank(y) >= waveRank(x) ? y : x));
    problems
      .get(last)
      ?.push(
        `the wave pools${where} leave nodes without the agent: ${describeNode(coverage.gap)} matches no wave`,
      );
  }
  return members.map((ds) => {
    const found = problems.get(ds) ?? [];
    return found.length === 0 ? pass(ds) : fail(ds, found.join("; "));
  });
}

function clusterName(ds: LoadedDaemonSet): string {
  const stack = ds.source.stack !== undefined ? ` of stack "${ds.source.stack}"` : "";
  return ds.cluster === "default" && stack === "" ? "" : ` in cluster "${ds.cluster}"${stack}`;
}
