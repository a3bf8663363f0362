import { knownNumber, knownObject } from "../accessors";
import { Rule } from "../types";
import { fail, judge, pass } from "./result";

/** Rule ID: a wave can be rolled back. */
export const WG108 = "WG108";

/** Fewest old revisions that still allow a rollback. */
export const MIN_REVISION_HISTORY = 2;

/** WG108: revisionHistoryLimit keeps at least two revisions (Kubernetes default 10). */
export const revisionHistoryRule: Rule = {
  id: WG108,
  name: "RevisionHistory",
  severity: "error",
  title: "revision_history_limit keeps at least 2 revisions, so a wave can be rolled back",
  why:
    "Rolling a wave back means returning to a previous ControllerRevision; with fewer than two kept, the previous " +
    "version is gone when it is needed most.",
  fix: "Set revision_history_limit to 2 or more (Kubernetes defaults to 10), or leave it unset.",
  example: {
    fails: "spec { revision_history_limit = 0 }",
    passes: "spec { revision_history_limit = 10 }",
  },
  check(ctx) {
    return judge(ctx, (ds) => {
      const spec = knownObject(ds.manifest.spec, "spec") ?? {};
      const limit = knownNumber(spec.revisionHistoryLimit, "spec.revisionHistoryLimit");
      if (limit === undefined || limit >= MIN_REVISION_HISTORY) return pass(ds);
      return fail(
        ds,
        `revision_history_limit is ${limit}: the wave cannot be rolled back`,
        undefined,
        "spec.revisionHistoryLimit",
      );
    });
  },
};
