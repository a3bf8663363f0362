import { contractOf } from "../accessors";
import { groupIndex, wavesOf } from "../agents";
import { Rule } from "../types";
import { fail, judge, pass } from "./result";

/** Rule ID: every DaemonSet is part of a staged rollout. */
export const WG101 = "WG101";

/** WG101: a DaemonSet adopts the rollout contract and its agent has more than one wave. */
export const stagedRolloutRule: Rule = {
  id: WG101,
  severity: "error",
  title: "Every DaemonSet is one wave of a staged rollout (rollout contract, at least two waves)",
  why:
    "A single DaemonSet rolls a new version over every node of the cluster with no canary, no bake time and no " +
    "health gate; new nodes get the newest version at once. maxUnavailable alone is not a guardrail.",
  fix:
    "Use StagedDaemonSet (canary -> staging -> production), or add the rollout contract (wavegate.dev/wave label, " +
    "wavegate.dev/agent annotation) to one DaemonSet per wave, each on its own node pool.",
  check(ctx) {
    const groups = groupIndex(ctx.agents);
    return judge(ctx, (ds) => {
      if (contractOf(ds) === undefined) {
        return fail(
          ds,
          "not part of a staged rollout: no wavegate.dev/wave label or wavegate.dev/agent annotation, so every node " +
            "is updated by this one DaemonSet",
        );
      }
      const group = groups.get(ds);
      const waves = group ? wavesOf(group) : [];
      if (waves.length < 2) {
        const listed = contractOf(ds)?.waves;
        const hint =
          listed !== undefined && listed.length > 1
            ? ` (its wavegate.dev/waves annotation lists ${listed.join(", ")}: check every stack and file together)`
            : "";
        return fail(
          ds,
          `agent "${group?.agent}" has a single wave (${waves[0]?.name}) in the inputs read${hint}`,
        );
      }
      return pass(ds);
    });
  },
};
