import { Testing } from "cdktf";
import { EbpfAgent, EbpfAgentProps } from "../../lib";
import { daemonSetsFromTerraformJson } from "../../lib/inputs/tf-json";
import { runPolicy } from "../../lib/policy/engine";
import { agentProps } from "./ebpf-agent-helpers";

/** Rule ID -> outcomes, over every wave of a synthesized EbpfAgent. */
function outcomes(props: EbpfAgentProps): Record<string, string[]> {
  const json = JSON.parse(Testing.synthScope((scope) => new EbpfAgent(scope, "agent", props)));
  const load = daemonSetsFromTerraformJson(json, { file: "stack.tf.json", format: "tf-json" });
  const report = runPolicy({ ...load, files: ["stack.tf.json"], stacks: [] });
  const out: Record<string, string[]> = {};
  for (const f of report.findings) (out[f.ruleId] ??= []).push(f.outcome);
  return out;
}

describe("EbpfAgent and the rollout policy agree", () => {
  test("the default agent with its deploy-time gate passes every rule but the digest warning", () => {
    const result = outcomes(agentProps({ gate: true })); // without gate, WG110 warns

    for (const [rule, list] of Object.entries(result)) {
      if (rule === "WG109") continue; // tags without @sha256 digests: a warning by design of this fixture
      expect({ rule, list: list.filter((o) => o !== "pass" && o !== "not-applicable") }).toEqual({
        rule,
        list: [],
      });
    }
  });

  test("hostNetwork with a reason satisfies WG205 (the preset writes wavegate.dev/allow-host-network)", () => {
    const result = outcomes(
      agentProps({ hostNetwork: { reason: "XDP programs attach to host interfaces" } }),
    );
    expect(result.WG205).toEqual(["pass", "pass", "pass"]);
  });

  test("SYS_ADMIN with a reason satisfies WG203 (the preset writes wavegate.dev/allow-sys-admin)", () => {
    const result = outcomes(
      agentProps({
        minKernel: "5.4",
        allowSysAdmin: { reason: "kernel 5.4 nodes have no CAP_BPF / CAP_PERFMON" },
      }),
    );
    expect(result.WG203).toEqual(["pass", "pass", "pass"]);
  });
});
