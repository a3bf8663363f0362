/**
 * Frozen copy of WG301's check before its plan index (lib/policy/rules/wg301-one-wave-per-change.ts at 5fe2f67):
 * the oracle of test/policy/rules/wg301-index.test.ts. Not used by lib/.
 */
import { changesExisting, CONTENT_TYPES, PlanChange } from "../../../lib/inputs/plan-changes";
import { LoadedDaemonSet } from "../../../lib/inputs/types";
import { groupAgents } from "../../../lib/policy/agents";
import { Rule, RuleContext, RuleResult } from "../../../lib/policy/types";
import { oneWavePerChangeRule as currentRule } from "../../../lib/policy/rules/wg301-one-wave-per-change";
import { fail, notApplicable, pass } from "../../../lib/policy/rules/result";
import {
  contentRefs,
  namespaceOf,
  waveFingerprint,
  waveKey,
  waveNameOf,
} from "../../../lib/policy/rules/release-waves";

/**
 * WG301 as it was (the catalogue's rule with the previous check): its id, severity and texts are the rule's own, only
 * the check is frozen.
 */
export const oneWavePerChangeRule: Rule = { ...currentRule, check };

function check(ctx: RuleContext): RuleResult[] {
  const plan = ctx.release?.planChanges;
  const baseline = ctx.release?.baseline;
  if ((plan === undefined || plan.length === 0) && baseline === undefined) {
    return ctx.all.map((ds) =>
      notApplicable(
        ds,
        "needs a plan JSON or --baseline <previous cdktf.out | *.tf.json> to see what changes",
      ),
    );
  }
  const before = baselineWaves(baseline ?? []);
  const out: RuleResult[] = [];
  for (const group of ctx.agents) {
    const why = new Map<LoadedDaemonSet, string[]>();
    for (const ds of group.daemonSets) {
      const reasons = [
        ...planReasons(ds, plan ?? []),
        ...(baseline !== undefined ? baselineReasons(group.agent, ds, before) : []),
      ];
      if (reasons.length > 0) why.set(ds, reasons);
    }
    const waves = [...new Set([...why.keys()].map(waveNameOf))];
    for (const ds of group.daemonSets) {
      const reasons = why.get(ds);
      if (waves.length < 2 || reasons === undefined) {
        out.push(pass(ds));
        continue;
      }
      out.push(
        fail(
          ds,
          `this change reaches ${waves.length} waves of ${group.agent} at once (${waves.join(", ")}); ` +
            `wave ${waveNameOf(ds)}: ${reasons.join("; ")}`,
        ),
      );
    }
  }
  return out;
}

function planReasons(ds: LoadedDaemonSet, plan: readonly PlanChange[]): string[] {
  if (ds.source.format !== "plan-json") return [];
  const reasons: string[] = [];
  const own = plan.find((c) => c.file === ds.source.file && c.address === ds.source.address);
  if (own !== undefined && changesExisting(own.actions)) {
    reasons.push(`the plan ${own.actions.includes("update") ? "updates" : "replaces"} ${own.address}`);
  }
  const refs = contentRefs(ds);
  const namespace = namespaceOf(ds);
  for (const c of plan) {
    if (c.file !== ds.source.file || !CONTENT_TYPES.has(c.type) || c.name === undefined) continue;
    if (!changesExisting(c.actions) && !c.actions.includes("delete")) continue;
    const kind = c.type.includes("secret") ? "Secret" : "ConfigMap";
    const ref = refs.find((r) => r.kind === kind && r.name === c.name);
    if (ref !== undefined && (c.namespace ?? "default") === namespace) {
      reasons.push(`the plan changes ${kind} ${namespace}/${c.name} (${c.address}), read through ${ref.via}`);
    }
  }
  return reasons;
}

function baselineWaves(baseline: readonly LoadedDaemonSet[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const group of groupAgents(baseline)) {
    for (const ds of group.daemonSets) out.set(waveKey(group.agent, ds), waveFingerprint(ds));
  }
  return out;
}

function baselineReasons(agent: string, ds: LoadedDaemonSet, before: ReadonlyMap<string, string>): string[] {
  const was = before.get(waveKey(agent, ds));
  if (was === undefined) return []; // A new wave: nothing ran there before.
  return was === waveFingerprint(ds) ? [] : ["its pod template or content differs from the baseline"];
}
