import type { GateRef } from "../../inputs/gates";
import { LoadedDaemonSet } from "../../inputs/types";
import { contractOf } from "../accessors";
import { groupIndex, waveName } from "../agents";
import { Rule } from "../types";
import { fail, judge, notApplicable, pass } from "./result";

/** Rule ID: every wave but the last is verified at deploy time before the next one starts. */
export const WG110 = "WG110";

/** WG110: the next wave of the agent (in the same cluster) `depends_on` a wave gate verifying this wave. */
export const waveGateRule: Rule = {
  id: WG110,
  name: "GatedWaves",
  severity: "warning",
  title:
    "Each wave but the last is verified by a deploy-time gate (wavegate verify) that the next wave depends on",
  why:
    "Without a gate, `terraform apply` starts the next wave as soon as the provider thinks this one is done, and its " +
    "wait_for_rollout compares numberReady only: it returns before the new version has rolled out " +
    "(hashicorp/terraform-provider-kubernetes#2092). Nothing checks the wave's health or rolls it back.",
  fix:
    "Set `gate: true` on the StagedDaemonSet / EbpfAgent; by hand: a terraform_data with input " +
    '{ "wavegate.dev/gate" = "<agent>/<wave>" } and a local-exec running ' +
    "`wavegate verify <input> --agent <agent> --wave <wave> --rollback`, listed in the next wave's depends_on.",
  example: {
    fails: [
      'resource "kubernetes_daemon_set_v1" "agent_staging" {',
      "  depends_on = [kubernetes_daemon_set_v1.agent_canary]   # nothing verifies the canary first",
      "}",
    ].join("\n"),
    passes: [
      'resource "terraform_data" "canary_gate" {',
      '  input = { "wavegate.dev/gate" = "agent/canary" }',
      '  provisioner "local-exec" { command = "wavegate verify . --agent agent --wave canary --rollback" }',
      "  depends_on = [kubernetes_daemon_set_v1.agent_canary]",
      "}",
      'resource "kubernetes_daemon_set_v1" "agent_staging" {',
      "  depends_on = [terraform_data.canary_gate]",
      "}",
    ].join("\n"),
  },
  check(ctx) {
    const groups = groupIndex(ctx.agents);
    return judge(ctx, (ds) => {
      const group = groups.get(ds);
      if (contractOf(ds) === undefined || group === undefined) {
        return notApplicable(ds, "not a wave of a staged rollout (see WG101)");
      }
      const next = nextInCluster(group.daemonSets, ds);
      if (next === undefined)
        return notApplicable(
          ds,
          `the last wave of ${group.agent} in cluster ${ds.cluster}: no wave follows it`,
        );
      if (next.gatesBefore === undefined) {
        return notApplicable(
          ds,
          "the input cannot express deploy order (Kubernetes YAML or a plan module): run `wavegate verify` between waves in the pipeline",
        );
      }
      const wave = waveName(ds);
      if (gated(next.gatesBefore, group.agent, wave)) return pass(ds);
      return fail(
        ds,
        `no gate verifies wave "${wave}" before wave "${waveName(next)}" starts: apply moves on as soon as numberReady ` +
          "looks done, before the new version has rolled out",
      );
    });
  },
};

/** The DaemonSet after `ds` among those in its cluster (the first of them when `ds` is not listed). */
function nextInCluster(
  members: readonly LoadedDaemonSet[],
  ds: LoadedDaemonSet,
): LoadedDaemonSet | undefined {
  const at = members.indexOf(ds);
  for (let i = at + 1; i < members.length; i++) if (members[i].cluster === ds.cluster) return members[i];
  return undefined;
}

function gated(gates: readonly GateRef[], agent: string, wave: string): boolean {
  for (let i = 0; i < gates.length; i++) if (gates[i].agent === agent && gates[i].wave === wave) return true;
  return false;
}
