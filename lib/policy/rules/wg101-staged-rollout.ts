import { isUnknown, LoadedDaemonSet } from "../../inputs/types";
import { CONTRACT } from "../../model/contract";
import { contractOf, UnknownValue } from "../accessors";
import { describeAgent, groupIndex, wavesOf } from "../agents";
import { Rule } from "../types";
import { fail, judge, notApplicable, pass } from "./result";

/** Rule ID: every DaemonSet is part of a staged rollout. */
export const WG101 = "WG101";

/** WG101: a DaemonSet adopts the rollout contract and its agent has more than one wave. */
export const stagedRolloutRule: Rule = {
  id: WG101,
  name: "StagedRollout",
  severity: "error",
  title: "Every DaemonSet is one wave of a staged rollout (rollout contract, at least two waves)",
  why:
    "A single DaemonSet rolls a new version over every node of the cluster with no canary, no bake time and no " +
    "health gate; new nodes get the newest version at once. maxUnavailable alone is not a guardrail.",
  fix:
    "Use StagedDaemonSet (canary -> staging -> production), or add the rollout contract (wavegate.dev/wave label, " +
    "wavegate.dev/agent annotation) to one DaemonSet per wave, each on its own node pool.",
  example: {
    fails: [
      'resource "kubernetes_daemon_set_v1" "agent" {',
      '  metadata { name = "agent" }   # one DaemonSet over every node',
      "}",
    ].join("\n"),
    passes: [
      'resource "kubernetes_daemon_set_v1" "agent_canary" {',
      "  metadata {",
      '    name        = "agent-canary"',
      '    labels      = { "app.kubernetes.io/name" = "agent", "wavegate.dev/wave" = "canary" }',
      '    annotations = { "wavegate.dev/agent" = "agent", "wavegate.dev/wave-index" = "0",',
      '                    "wavegate.dev/waves" = "canary,staging,production" }',
      "  }",
      "}",
      "# ... and one DaemonSet per later wave, each on its own node pool",
    ].join("\n"),
  },
  check(ctx) {
    const groups = groupIndex(ctx.agents);
    return judge(ctx, (ds) => {
      if (contractOf(ds) === undefined) {
        // Unknown is never a failure: labels from merge(local.base, {...}) may carry the contract at plan time.
        const unknown = unknownContract(ds);
        if (unknown !== undefined) {
          return notApplicable(ds, `${unknown.message} (the rollout contract cannot be read until plan)`);
        }
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
          `${describeAgent(group)} has a single wave (${waves[0]?.name}) in the inputs read${hint}`,
        );
      }
      return pass(ds);
    });
  },
};

const CONTRACT_KEYS: readonly string[] = [CONTRACT.waveLabel, CONTRACT.agentAnnotation];

/** The first metadata field that could hold the contract but is unknown until plan, if any. */
function unknownContract(ds: LoadedDaemonSet): UnknownValue | undefined {
  const meta: unknown = ds.manifest.metadata;
  if (isUnknown(meta)) return new UnknownValue("metadata", String(meta));
  if (typeof meta !== "object" || meta === null) return undefined;
  for (const field of ["labels", "annotations"] as const) {
    const value: unknown = (meta as Record<string, unknown>)[field];
    if (isUnknown(value)) return new UnknownValue(`metadata.${field}`, String(value));
    if (typeof value !== "object" || value === null) continue;
    for (const [key, v] of Object.entries(value)) {
      if (isUnknown(key)) return new UnknownValue(`metadata.${field} key`, key);
      if (CONTRACT_KEYS.includes(key) && isUnknown(v)) {
        return new UnknownValue(`metadata.${field}["${key}"]`, String(v));
      }
    }
  }
  return undefined;
}
