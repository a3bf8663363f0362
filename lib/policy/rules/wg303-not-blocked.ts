import { Undecidable } from "../accessors";
import { Rule, RuleResult } from "../types";
import { fail, notApplicable, pass } from "./result";
import { pinnedRelease } from "./release-waves";

/** Rule ID: no wave pins a blocked release. */
export const WG303 = "WG303";

/** WG303: no wave pins a version or content the ledger blocks (blocked, or rolled back by verify). */
export const notBlockedRule: Rule = {
  id: WG303,
  name: "NoBlockedRelease",
  severity: "error",
  title: "no wave pins a version or content the ledger blocks",
  why:
    "A version that failed and was rolled back must not come back the next day: the block in the ledger is what " +
    "keeps the next apply from re-applying it.",
  fix:
    "Pin a release that is not blocked (the wave's previous one), or lift the block with `wavegate unblock` once " +
    "the cause is fixed.",
  example: {
    fails: [
      '# wavegate block agent v2.5.0 --reason "boot-loops nodes" was recorded in the ledger',
      'resource "kubernetes_daemon_set_v1" "agent_canary" {',
      '  spec { template { spec { container { image = "registry.example/agent:v2.5.0" } } } }',
      "}",
    ].join("\n"),
    passes: [
      "# the wave is pinned back to the last good release",
      'resource "kubernetes_daemon_set_v1" "agent_canary" {',
      '  spec { template { spec { container { image = "registry.example/agent:v2.4.0" } } } }',
      "}",
    ].join("\n"),
  },
  check(ctx) {
    const evidence = ctx.release?.evidence;
    const out: RuleResult[] = [];
    for (const group of ctx.agents) {
      for (const ds of group.daemonSets) {
        if (evidence === undefined) {
          out.push(notApplicable(ds, "no ledger given (--ledger, or `ledger` in wavegate.json)"));
          continue;
        }
        try {
          const pinned = pinnedRelease(ds, group);
          if (pinned === undefined) {
            out.push(notApplicable(ds, "the DaemonSet states no wave and version"));
            continue;
          }
          const problem = evidence.blocked(pinned);
          out.push(problem === undefined ? pass(ds) : fail(ds, problem));
        } catch (err) {
          if (err instanceof Undecidable) out.push(notApplicable(ds, err.message));
          else throw err;
        }
      }
    }
    return out;
  },
};
