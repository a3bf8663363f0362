import { changesExisting, CONTENT_TYPES, PlanChange } from "../../inputs/plan-changes";
import { LoadedDaemonSet } from "../../inputs/types";
import { groupAgents } from "../agents";
import { Rule, RuleResult } from "../types";
import { fail, notApplicable, pass } from "./result";
import { ContentRef, contentRefs, namespaceOf, waveFingerprint, waveKey, waveNameOf } from "./release-waves";

/** Rule ID: one change advances one wave. */
export const WG301 = "WG301";

/** WG301: a change (a plan, or this synth against `--baseline`) changes at most one wave of each agent. */
export const oneWavePerChangeRule: Rule = {
  id: WG301,
  name: "OneWavePerChange",
  severity: "error",
  title: "one change advances at most one wave of an agent (versions, pod spec and content alike)",
  why:
    "A change that reaches two waves at once skips the canary for one of them: an edit of the shared pod spec " +
    "(args, env, probes) or of a ConfigMap the waves mount reaches every wave in one apply, which is how the " +
    "2024-07-19 content update reached every host at once.",
  fix:
    "Change one wave per apply: put per-wave args, env and content in the release file and promote them wave by " +
    "wave (`wavegate promote`), and give each wave its own ConfigMap.",
  example: {
    fails: [
      "# plan JSON: one apply updates two waves of the agent",
      '{ "resource_changes": [',
      '  { "address": "kubernetes_daemon_set_v1.agent_staging", "change": { "actions": ["update"] } },',
      '  { "address": "kubernetes_daemon_set_v1.agent", "change": { "actions": ["update"] } } ] }',
    ].join("\n"),
    passes: [
      "# plan JSON: this apply updates the staging wave only; production follows after staging is verified",
      '{ "resource_changes": [',
      '  { "address": "kubernetes_daemon_set_v1.agent_staging", "change": { "actions": ["update"] } } ] }',
    ].join("\n"),
  },
  check(ctx) {
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
    const changes = indexPlan(plan ?? []);
    const out: RuleResult[] = [];
    for (const group of ctx.agents) {
      const why = new Map<LoadedDaemonSet, string[]>();
      for (const ds of group.daemonSets) {
        const reasons = [
          ...planReasons(ds, changes),
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
  },
};

/**
 * A plan's changes, indexed once for the rule: each resource's first change by file and address, and the ConfigMap /
 * Secret changes by file, kind and name (with their place in the plan). Searching the whole list for every DaemonSet
 * made a plan of 10,000 DaemonSets take 16 s (DaemonSets x changes).
 */
interface PlanIndex {
  readonly first: ReadonlyMap<string, ReadonlyMap<string, PlanChange>>;
  readonly content: ReadonlyMap<string, ReadonlyMap<string, readonly IndexedChange[]>>;
}

/** A ConfigMap / Secret change and its position in the plan. */
interface IndexedChange {
  readonly at: number;
  readonly change: PlanChange;
  readonly kind: ContentRef["kind"];
}

const contentKey = (kind: string, name: string): string => `${kind}\u0000${name}`;

function indexPlan(plan: readonly PlanChange[]): PlanIndex {
  const first = new Map<string, Map<string, PlanChange>>();
  const content = new Map<string, Map<string, IndexedChange[]>>();
  plan.forEach((c, at) => {
    let byAddress = first.get(c.file);
    if (byAddress === undefined) first.set(c.file, (byAddress = new Map()));
    if (!byAddress.has(c.address)) byAddress.set(c.address, c);
    if (!CONTENT_TYPES.has(c.type) || c.name === undefined) return;
    const kind = c.type.includes("secret") ? "Secret" : "ConfigMap";
    let inFile = content.get(c.file);
    if (inFile === undefined) content.set(c.file, (inFile = new Map()));
    const key = contentKey(kind, c.name);
    const same = inFile.get(key);
    if (same === undefined) inFile.set(key, [{ at, change: c, kind }]);
    else same.push({ at, change: c, kind });
  });
  return { first, content };
}

/** The changes of the ConfigMaps and Secrets `refs` name, in plan order (each once). */
function changesOf(plan: PlanIndex, file: string, refs: readonly ContentRef[]): IndexedChange[] {
  const inFile = plan.content.get(file);
  if (inFile === undefined || refs.length === 0) return [];
  const keys = new Set(refs.map((r) => contentKey(r.kind, r.name)));
  const out: IndexedChange[] = [];
  for (const key of keys) for (const c of inFile.get(key) ?? []) out.push(c);
  return out.sort((a, b) => a.at - b.at);
}

function planReasons(ds: LoadedDaemonSet, plan: PlanIndex): string[] {
  if (ds.source.format !== "plan-json") return [];
  const reasons: string[] = [];
  const own = plan.first.get(ds.source.file)?.get(ds.source.address);
  if (own !== undefined && changesExisting(own.actions)) {
    reasons.push(`the plan ${own.actions.includes("update") ? "updates" : "replaces"} ${own.address}`);
  }
  const refs = contentRefs(ds);
  const namespace = namespaceOf(ds);
  for (const { change: c, kind } of changesOf(plan, ds.source.file, refs)) {
    if (!changesExisting(c.actions) && !c.actions.includes("delete")) continue;
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
