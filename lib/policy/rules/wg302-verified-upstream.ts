import { Rule, RuleResult } from "../types";
import { fail, notApplicable, pass } from "./result";
import { Undecidable } from "../accessors";
import { pinnedRelease } from "./release-waves";

/** Rule ID: a wave's release was verified and baked in the wave before. */
export const WG302 = "WG302";

/** WG302: every wave after the first pins a release the ledger shows verified and baked in the previous wave. */
export const verifiedUpstreamRule: Rule = {
  id: WG302,
  name: "VerifiedUpstream",
  severity: "error",
  title: "each wave pins a release the ledger shows verified and baked in the wave before it",
  why:
    "Waves only protect anything when a release enters wave N after it proved itself in wave N-1 for the bake " +
    "time; a release pinned straight into staging or production skips that evidence.",
  fix:
    "Move releases with `wavegate promote <agent> --to <wave>` (it checks the ledger), record verify outcomes with " +
    "`wavegate verify --record`, or approve a skipped bake with `wavegate promote --approve --reason`.",
  example: {
    fails: [
      "# wavegate.ledger.jsonl has no `verified` entry for v2.5.0 in canary",
      'resource "kubernetes_daemon_set_v1" "agent_staging" {',
      '  spec { template { spec { container { image = "registry.example/agent:v2.5.0" } } } }',
      "}",
    ].join("\n"),
    passes: [
      "# wavegate.ledger.jsonl: v2.5.0 verified in canary and baked 1 h there (wavegate promote agent --to staging)",
      'resource "kubernetes_daemon_set_v1" "agent_staging" {',
      '  spec { template { spec { container { image = "registry.example/agent:v2.5.0" } } } }',
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
          if (pinned === undefined) out.push(notApplicable(ds, "the DaemonSet states no wave and version"));
          else if (pinned.index === 0) out.push(pass(ds, "the first wave: nothing comes before it"));
          else {
            const problem = evidence.admitted(pinned);
            out.push(problem === undefined ? pass(ds) : fail(ds, problem));
          }
        } catch (err) {
          if (err instanceof Undecidable) out.push(notApplicable(ds, err.message));
          else throw err;
        }
      }
    }
    return out;
  },
};
