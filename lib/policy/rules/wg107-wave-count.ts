import { contractOf } from "../accessors";
import { describeAgent, groupIndex, waveName, wavesOf } from "../agents";
import { Rule } from "../types";
import { fail, judge, notApplicable, pass } from "./result";

/** Rule ID: enough waves, and a small first wave. */
export const WG107 = "WG107";

/** WG107: an agent has at least `minWaves` waves and its first wave holds at most `maxFirstWavePercent` of its nodes. */
export const waveCountRule: Rule = {
  id: WG107,
  name: "WaveCount",
  severity: "error",
  title:
    "An agent has enough waves (default 3) and a small first wave (at most 1% of its known nodes, min 1 node)",
  why:
    "A canary only limits the blast radius when it is small and is followed by an intermediate wave before " +
    "production; two waves, or a canary holding a large share of the fleet, put too many nodes at risk at once.",
  fix:
    "Add waves (canary on a small dev pool, staging ~10%, production as the catch-all) and shrink the first wave's " +
    "pool; state pool sizes with the wavegate.dev/nodes annotation (StagedDaemonSet `nodes`). A regional canary " +
    "pool that cannot be smaller than one node per zone states its zones (wavegate.dev/zones, wave `zones`).",
  example: {
    fails: "# two waves: canary (50 nodes) -> production (1000 nodes)",
    passes: [
      "# three waves: canary (10 nodes, 1%) -> staging (100 nodes) -> production (890 nodes)",
      'metadata { annotations = { "wavegate.dev/nodes" = "10" } }   # on each wave: its pool size',
    ].join("\n"),
  },
  check(ctx) {
    const { minWaves, maxFirstWavePercent } = ctx.options;
    const groups = groupIndex(ctx.agents);
    return judge(ctx, (ds) => {
      const group = groups.get(ds);
      if (contractOf(ds) === undefined || group === undefined) {
        return notApplicable(ds, "not a wave of a staged rollout (see WG101)");
      }
      const waves = wavesOf(group);
      if (waves.length < minWaves) {
        return fail(
          ds,
          `${describeAgent(group)} has ${waves.length} wave(s) (${waves.map((w) => w.name).join(", ")}); ` +
            `at least ${minWaves} are required`,
        );
      }
      if (waveName(ds) !== waves[0].name) return pass(ds);
      const counts = group.daemonSets.map((d) => contractOf(d)?.nodes);
      if (counts.some((n) => n === undefined)) {
        return pass(
          ds,
          "first-wave size not checked: not every wave states its node count (wavegate.dev/nodes)",
        );
      }
      const total = counts.reduce((sum: number, n) => sum + (n ?? 0), 0);
      const first = waves[0].daemonSets.reduce((sum, d) => sum + (contractOf(d)?.nodes ?? 0), 0);
      // A regional pool holds at least one node per zone: a first wave stating its zones may hold that many.
      const zones = waves[0].daemonSets.reduce((sum, d) => sum + (contractOf(d)?.zones ?? 0), 0);
      const byPercent = Math.max(1, Math.ceil((total * maxFirstWavePercent) / 100));
      const allowed = Math.max(byPercent, zones);
      if (first > allowed) {
        const floor = zones > 0 ? `${zones} zone(s): one node each` : "min 1 node";
        return fail(
          ds,
          `first wave "${waves[0].name}" has ${first} of ${total} nodes; at most ${allowed} ` +
            `(${maxFirstWavePercent}%, ${floor}) are allowed`,
        );
      }
      return pass(ds);
    });
  },
};
