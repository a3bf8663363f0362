import { LoadedDaemonSet } from "../../inputs/types";
import { AgentGroup, Rule, RuleResult } from "../types";
import { fail, judge, notApplicable, pass } from "./result";
import { ContentRef, contentRefs, namespaceOf, waveNameOf } from "./release-waves";

/** Rule ID: every wave reads its own content. */
export const WG304 = "WG304";

/** WG304: no ConfigMap or Secret is mounted (or read through envFrom / env) by more than one wave of an agent. */
export const contentPerWaveRule: Rule = {
  id: WG304,
  name: "ContentPerWave",
  severity: "error",
  title: "no ConfigMap or Secret is shared by two waves of an agent",
  why:
    "Kubelet refreshes mounted ConfigMaps and Secrets in place on every node: a content update to one shared by " +
    "every wave reaches them all at once, whatever the waves' versions say.",
  fix:
    "Give each wave its own ConfigMap (the release file's per-wave `content` does this) and promote content changes " +
    "wave by wave; fleet-wide settings that must never vary belong in the image.",
  example: {
    fails: [
      "# the canary and the staging wave both mount ConfigMap agent-rules",
      'resource "kubernetes_daemon_set_v1" "agent_canary" {',
      '  spec { template { spec { volume { name = "rules"  config_map { name = "agent-rules" } } } } }',
      "}",
      'resource "kubernetes_daemon_set_v1" "agent_staging" {',
      '  spec { template { spec { volume { name = "rules"  config_map { name = "agent-rules" } } } } }',
      "}",
    ].join("\n"),
    passes: [
      "# each wave mounts its own ConfigMap (the release file's per-wave content)",
      'resource "kubernetes_daemon_set_v1" "agent_canary" {',
      '  spec { template { spec { volume { name = "rules"  config_map { name = "agent-rules-canary" } } } } }',
      "}",
      'resource "kubernetes_daemon_set_v1" "agent_staging" {',
      '  spec { template { spec { volume { name = "rules"  config_map { name = "agent-rules-staging" } } } } }',
      "}",
    ].join("\n"),
  },
  check(ctx) {
    // A DaemonSet in several rollouts (a shared dev cluster) gets one result from each, in rollout order.
    const verdicts = new Map<LoadedDaemonSet, RuleResult | RuleResult[]>();
    const put = (r: RuleResult) => {
      const known = verdicts.get(r.resource);
      if (known === undefined) verdicts.set(r.resource, r);
      else if (Array.isArray(known)) known.push(r);
      else verdicts.set(r.resource, [known, r]);
    };
    for (const group of ctx.agents) judgeGroup(group, put);
    return judge(ctx, (ds) => verdicts.get(ds) ?? notApplicable(ds, "the rule does not apply"));
  },
};

function judgeGroup(group: AgentGroup, put: (r: RuleResult) => void): void {
  const members = group.daemonSets;
  const found = new Array<readonly ContentRef[]>(members.length);
  let any = false;
  for (let i = 0; i < members.length; i++) {
    found[i] = contentRefs(members[i]);
    if (found[i].length > 0) any = true;
  }
  if (!any) {
    // The usual case: no wave reads a ConfigMap or Secret, so none shares one.
    for (let i = 0; i < members.length; i++) put(pass(members[i]));
    return;
  }
  const users = new Map<string, Set<string>>();
  const refs = members.map((ds, i) => {
    const keyed = found[i].map((r) => ({ ref: r, key: refKey(ds.cluster, namespaceOf(ds), r) }));
    for (const { key } of keyed) {
      const waves = users.get(key) ?? new Set<string>();
      waves.add(waveNameOf(ds));
      users.set(key, waves);
    }
    return keyed;
  });
  members.forEach((ds, i) => {
    const shared = refs[i].filter(({ key }) => (users.get(key)?.size ?? 0) > 1);
    if (shared.length === 0) {
      put(pass(ds));
      return;
    }
    const seen = new Set<string>();
    const problems = shared
      .filter(({ key }) => !seen.has(key) && Boolean(seen.add(key)))
      .map(({ ref, key }) => {
        const waves = [...(users.get(key) ?? [])];
        return (
          `${ref.kind} ${namespaceOf(ds)}/${ref.name} (${ref.via}) is read by ${waves.length} waves of ` +
          `${group.agent} (${waves.join(", ")}): a content update reaches them all at once`
        );
      });
    put(fail(ds, problems.join("; ")));
  });
}

function refKey(cluster: string, namespace: string, r: ContentRef): string {
  return `${cluster}\u0000${namespace}\u0000${r.kind}\u0000${r.name}`;
}
