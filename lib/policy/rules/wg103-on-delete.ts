import { known, knownObject } from "../accessors";
import { Rule } from "../types";
import { fail, judge, pass } from "./result";

/** Rule ID: the update strategy is RollingUpdate. */
export const WG103 = "WG103";

/** WG103: the update strategy is not OnDelete. */
export const onDeleteRule: Rule = {
  id: WG103,
  name: "NoOnDeleteStrategy",
  severity: "warning",
  title: "The update strategy is RollingUpdate, not OnDelete",
  why:
    "With OnDelete nothing controls the rollout: each node gets the new version whenever its pod happens to be " +
    "deleted (node drain, eviction, auto-repair), with no cap, no readiness gating and no way to halt it.",
  fix: 'Set strategy.type = "RollingUpdate" with a capped max_unavailable, one DaemonSet per wave.',
  example: {
    fails: 'strategy { type = "OnDelete" }',
    passes: [
      "strategy {",
      '  type = "RollingUpdate"',
      '  rolling_update { max_unavailable = "10%" }',
      "}",
    ].join("\n"),
  },
  check(ctx) {
    return judge(ctx, (ds) => {
      const spec = knownObject(ds.manifest.spec, "spec") ?? {};
      const strategy = knownObject(spec.updateStrategy, "spec.updateStrategy") ?? {};
      const type = known(strategy.type, "spec.updateStrategy.type");
      return type === "OnDelete"
        ? fail(
            ds,
            "update strategy is OnDelete: pods are replaced only when deleted, with no controlled rollout",
            undefined,
            "spec.updateStrategy.type",
          )
        : pass(ds);
    });
  },
};
