import { LoadedNodePool } from "../../inputs/node-pools";
import { LoadedDaemonSet } from "../../inputs/types";
import { IntOrPercent } from "../../model/int-or-percent";
import { POOL_LABELS } from "../../model/node-pool";
import { comparePoolImages, matchPool, repels, toleratesTaint } from "../../model/node-pools";
import { describeSelector, NodeSelector } from "../../model/node-selector";
import { Toleration } from "../../model/k8s";
import { contractOf, knownList, podSpecOf } from "../accessors";
import { groupIndex, waveRank } from "../agents";
import { Rule } from "../types";
import { nodeSelectorOf } from "./pool-selector";
import { fail, judge, notApplicable, pass } from "./result";

/** Rule ID: wave node pools agree with their waves. */
export const WG111 = "WG111";

/** WG111: every wave's selector picks a node pool read, tolerates its taints, and the pool upgrades within the cap. */
export const wavePoolsRule: Rule = {
  id: WG111,
  name: "WavePoolsAgree",
  severity: "error",
  title:
    "Each wave's node pools (EKS, GKE, AKS, Karpenter) carry the label the wave selects, taint only what the wave tolerates, and upgrade within the cap",
  why:
    "A wave that selects a label no pool carries runs nowhere; a pool tainted against its own wave's agent leaves " +
    "those nodes unprotected; and a node image upgrade replacing more nodes at once than the agent's cap is an " +
    "un-staged rollout of its own (the cloud re-creates every node the budget allows, agent and all).",
  fix:
    "Label each wave's pool with the label its wave selects (wavegate/eks etc. set wavegate.dev/pool=<wave>), add the " +
    "pool taint's toleration to the wave, and set the pool's upgrade budget (update_config, upgrade_settings, " +
    "disruption budgets) within the cap; turn off GKE auto_upgrade on wave pools.",
  example: {
    fails: [
      'resource "aws_eks_node_group" "canary" {',
      '  labels = { "wavegate.dev/pool" = "canary" }',
      "  update_config { max_unavailable_percentage = 100 }   # the whole pool re-created at once",
      "}",
      "# the canary wave DaemonSet selects wavegate.dev/pool In (canary)",
    ].join("\n"),
    passes: [
      'resource "aws_eks_node_group" "canary" {',
      '  labels = { "wavegate.dev/pool" = "canary" }',
      "  update_config { max_unavailable = 1 }",
      "}",
      "# the canary wave DaemonSet selects wavegate.dev/pool In (canary)",
    ].join("\n"),
  },
  check(ctx) {
    const pools = withNodeClassImages(ctx.pools ?? []);
    const cap = IntOrPercent.parse(ctx.options.maxUnavailableCap, "maxUnavailableCap");
    const owned = new Set<string>(Object.values(POOL_LABELS));
    for (const p of pools) for (const k of [...Object.keys(p.labels), ...p.unknownLabels]) owned.add(k);
    const matched = new Map<LoadedDaemonSet, LoadedNodePool[]>();
    const matchedOf = (ds: LoadedDaemonSet): LoadedNodePool[] => {
      let found = matched.get(ds);
      if (found === undefined) {
        const selector = nodeSelectorOf(ds);
        found = pools.filter(
          (p) => matchPool(selector, { known: p.labels, unknownValues: p.unknownLabels }, owned) === "yes",
        );
        matched.set(ds, found);
      }
      return found;
    };
    const groups = groupIndex(ctx.agents);
    return judge(ctx, (ds) => {
      if (contractOf(ds) === undefined)
        return notApplicable(ds, "not a wave of a staged rollout (see WG101)");
      if (pools.length === 0) return notApplicable(ds, "no node pools in the inputs");
      const selector = nodeSelectorOf(ds);
      const candidates = pools.filter(
        (p) => matchPool(selector, { known: p.labels, unknownValues: p.unknownLabels }, owned) !== "no",
      );
      if (candidates.length === 0 && isCatchAll(selector, owned)) {
        return pass(
          ds,
          "a catch-all wave: no node pool read is left to it, so it runs on nodes outside the pools read",
        );
      }
      if (candidates.length === 0) {
        return fail(
          ds,
          `the wave selects ${describeSelector(selector)}, but none of the ${pools.length} node pool(s) read ` +
            `carries such labels (${pools.map(describePool).join("; ")}), so it runs on no pool`,
        );
      }
      const mine = matchedOf(ds);
      const errors: string[] = [];
      const warnings: string[] = [];
      const undecided: string[] = [];
      const tolerations = knownList<Toleration>(podSpecOf(ds).tolerations, "spec.template.spec.tolerations");
      for (const p of mine) {
        for (const taint of p.taints.filter(repels)) {
          if (!tolerations.some((t) => toleratesTaint(t, taint))) {
            errors.push(
              `pool ${poolName(p)} taints its nodes ${taint.key}=${taint.value ?? ""}:${taint.effect}, which the wave does not ` +
                "tolerate, so the agent never runs there (add the toleration to the wave)",
            );
          }
        }
        const budget = p.upgradeBudget;
        const parsed = budget === undefined ? undefined : IntOrPercent.tryParse(budget.value);
        if (budget !== undefined && parsed === undefined) {
          undecided.push(`pool ${poolName(p)}: ${budget.field} is ${String(budget.value)}`);
        } else if (parsed !== undefined) {
          const within = parsed.isWithin(cap, p.size?.min);
          if (within === false) {
            errors.push(
              `pool ${poolName(p)} upgrades ${parsed} node(s) at once (${budget?.field}${p.size?.min !== undefined ? `, ${p.size.min} nodes` : ""}), over the cap of ${cap}`,
            );
          } else if (within === undefined) {
            undecided.push(
              `pool ${poolName(p)}: ${budget?.field} ${parsed} cannot be compared with the cap ${cap} without the pool's size`,
            );
          }
        }
        if (p.autoUpgrade) {
          warnings.push(
            p.cloud === "karpenter"
              ? `pool ${poolName(p)} launches from EC2NodeClass ${p.nodeClass} with a floating AMI alias (${p.image?.value}): Karpenter replaces its nodes whenever an AMI is released, not in wave order`
              : `pool ${poolName(p)} has auto_upgrade on: GKE upgrades it on its own schedule, not in wave order`,
          );
        }
      }
      errors.push(...imageOrderProblems(ds, mine, groups.get(ds)?.daemonSets ?? [], matchedOf));
      if (errors.length > 0) return fail(ds, errors.join("; "));
      if (undecided.length > 0) return notApplicable(ds, `value unknown: ${undecided.join("; ")}`);
      if (warnings.length > 0) return fail(ds, warnings.join("; "), "warning");
      return mine.length === 0
        ? notApplicable(
            ds,
            `value unknown: which pools the wave runs on depends on labels unknown here: ${candidates.map(poolName).join(", ")}`,
          )
        : pass(ds);
    });
  },
};

/**
 * The pools, without the Karpenter EC2NodeClasses read beside them, each Karpenter pool with its class's AMI alias
 * as its image (a floating `@latest` alias marks it as upgraded on the cloud's own schedule).
 */
function withNodeClassImages(all: readonly LoadedNodePool[]): LoadedNodePool[] {
  const classes = new Map(all.filter((p) => p.role === "node-class").map((c) => [c.name, c]));
  return all
    .filter((p) => p.role !== "node-class")
    .map((p) => {
      const image = p.nodeClass === undefined ? undefined : classes.get(p.nodeClass)?.image;
      if (p.image !== undefined || image === undefined) return p;
      const floating = /@latest$/.test(image.value);
      return {
        ...p,
        image: { value: image.value, field: `EC2NodeClass ${p.nodeClass} ${image.field}` },
        ...(floating ? { autoUpgrade: true } : {}),
      };
    });
}

/** A later wave's pool pinning a newer image than an earlier wave's pool. */
function imageOrderProblems(
  ds: LoadedDaemonSet,
  mine: readonly LoadedNodePool[],
  group: readonly LoadedDaemonSet[],
  matchedOf: (ds: LoadedDaemonSet) => LoadedNodePool[],
): string[] {
  const rank = waveRank(ds);
  const out: string[] = [];
  for (const earlier of group) {
    if (waveRank(earlier) >= rank) continue;
    for (const p of mine) {
      for (const q of matchedOf(earlier)) {
        if (p.image === undefined || q.image === undefined || p === q) continue;
        const order = comparePoolImages(p.image.value, q.image.value);
        if (order !== undefined && order > 0) {
          out.push(
            `pool ${poolName(p)} pins ${p.image.field} ${p.image.value}, newer than ${q.image.value} of pool ${poolName(q)} ` +
              `of the earlier wave ${contractOf(earlier)?.wave ?? "?"} (roll node images out in wave order)`,
          );
        }
      }
    }
  }
  return out;
}

/**
 * True for a catch-all selector: on the keys pools own, only `NotIn` / `DoesNotExist` requirements, so it needs no
 * pool of its own (the nodes no earlier wave selects).
 */
function isCatchAll(selector: NodeSelector | undefined, owned: ReadonlySet<string>): boolean {
  return (
    selector !== undefined &&
    selector.every((t) =>
      t.every((r) => !owned.has(r.key) || r.operator === "NotIn" || r.operator === "DoesNotExist"),
    )
  );
}

function poolName(p: LoadedNodePool): string {
  return `${p.name ?? p.source.address} (${p.source.address})`;
}

function describePool(p: LoadedNodePool): string {
  const labels = Object.entries(p.labels).map(([k, v]) => `${k}=${v}`);
  return `${p.name ?? p.source.address}: {${labels.join(", ")}}`;
}
