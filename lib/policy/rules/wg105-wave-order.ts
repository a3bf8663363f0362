import { contractOf, versionOf } from "../accessors";
import { groupIndex, waveName, waveRank, wavesOf } from "../agents";
import { Rule } from "../types";
import { fail, judge, notApplicable, pass } from "./result";
import { compareVersions } from "./version-order";

/** Rule ID: versions move through the waves in order. */
export const WG105 = "WG105";

/**
 * WG105: no wave runs a version newer than an earlier wave's. A later wave may run a version an earlier wave runs
 * (promoted) or an older one (not promoted yet); a version no earlier wave runs that is newer than an earlier
 * wave's skipped the waves before it.
 */
export const waveOrderRule: Rule = {
  id: WG105,
  severity: "error",
  title: "New versions start in the first wave: no later wave runs a version newer than an earlier wave's",
  why:
    "A version that skips the canary reaches staging or production untested: exactly the all-at-once failure the " +
    "waves exist to prevent.",
  fix: "Promote in order: give the new version to the first wave, then the next, and only then to production.",
  check(ctx) {
    const groups = groupIndex(ctx.agents);
    return judge(ctx, (ds) => {
      const group = groups.get(ds);
      if (contractOf(ds) === undefined || group === undefined) {
        return notApplicable(ds, "not a wave of a staged rollout (see WG101)");
      }
      const ordered = wavesOf(group);
      if (ordered.length < 2) return notApplicable(ds, "the agent has a single wave (see WG101)");
      const rank = waveRank(ds);
      // `ordered` is sorted by rank: the earlier waves are a prefix of it.
      const cut = ordered.findIndex((w) => w.rank >= rank);
      const earlier = cut < 0 ? ordered : ordered.slice(0, cut);
      if (earlier.length === 0) return pass(ds, "first wave");
      const version = versionOf(ds);
      if (version === undefined) {
        return notApplicable(ds, "no version: no wavegate.dev/version annotation or image tag");
      }
      for (const w of earlier) for (const d of w.daemonSets) if (versionOf(d) === version) return pass(ds);
      for (const w of earlier) {
        for (const d of w.daemonSets) {
          const other = versionOf(d);
          if (other === undefined) continue;
          const order = compareVersions(version, other);
          if (order === undefined) {
            return notApplicable(
              ds,
              `cannot order versions ${version} and ${other} (wave "${w.name}"); use semantic version tags`,
            );
          }
          if (order > 0) {
            return fail(
              ds,
              `wave "${waveName(ds)}" runs ${version}, which no earlier wave runs and which is newer than ` +
                `wave "${w.name}" (${other}): the new version skipped the waves before it`,
            );
          }
        }
      }
      return pass(ds, "not promoted yet: runs an older version than the earlier waves");
    });
  },
};
