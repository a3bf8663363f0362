import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { buildApp } from "../../examples/eks-wave-pools/stacks";
import { runCli } from "../../lib/cli/main";
import { CliIo } from "../../lib/cli/io";
import { loadInputs } from "../../lib/inputs/load";
import { JsonPlan } from "../../lib/simulate/report/json";

async function cli(cwd: string, args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: false,
    cwd,
    readStdin: async () => "",
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

describe("examples/eks-wave-pools: a pools stack of three EKS node groups and the seed agent on them", () => {
  let dir: string;
  let out: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "wavegate-eks-pools-"));
    out = join(dir, "cdktf.out");
    const app = new App({ outdir: out });
    buildApp(app);
    app.synth();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test("two stacks: the pools with only the AWS provider, the agent with only the Kubernetes provider", () => {
    const stack = (name: string) =>
      JSON.parse(readFileSync(join(out, "stacks", name, "cdk.tf.json"), "utf8")) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(stack("eks-wave-pools").provider)).toEqual(["aws"]);
    expect(Object.keys(stack("eks-wave-pools").resource)).toEqual(["aws_eks_node_group"]);
    expect(Object.keys(stack("eks-wave-agent").provider)).toEqual(["kubernetes"]);
    expect(Object.keys(stack("eks-wave-agent").resource)).toEqual(["kubernetes_daemon_set_v1"]);
  });

  test("`wavegate check` passes it, WG111 judging each wave against the node group it selects", async () => {
    const { code, out: text } = await cli(dir, ["check", "cdktf.out", "--format", "json", "--verbose"]);
    expect(code).toBe(0);
    const report = JSON.parse(text);
    const wg111 = report.findings.filter((f: { ruleId: string }) => f.ruleId === "WG111");
    const byWave = Object.fromEntries(
      wg111.map((f: { resource: { wave: string }; outcome: string; message?: string }) => [
        f.resource.wave,
        [f.outcome, f.message],
      ]),
    );
    // Judged against the node group each wave selects (no "may match" note: the pools were decided exactly).
    expect(byWave).toEqual({
      canary: ["pass", undefined],
      staging: ["pass", undefined],
      production: ["pass", undefined],
    });
    expect(report.summary.error).toBe(0);
    expect(
      report.findings.filter(
        (f: { outcome: string; severity: string }) => f.outcome === "fail" && f.severity === "error",
      ),
    ).toEqual([]);
  });

  test("the text report says the node groups were read, not left unchecked", async () => {
    const { code, out: text } = await cli(dir, ["check", "cdktf.out"]);
    expect(code).toBe(0);
    expect(text.split("\n")[0]).toBe("wavegate check: 2 files, 2 stacks, 3 DaemonSets read, 3 node pools");
  });

  test("`wavegate plan` reads the pool sizes: canary at its maximum, the others at their minimum", async () => {
    const { code, out: text } = await cli(dir, ["plan", "cdktf.out", "--format", "json"]);
    expect(code).toBe(0);
    const plan = JSON.parse(text) as JsonPlan;
    expect(plan.waves.map((w) => [w.name, w.nodes])).toEqual([
      ["canary", 2],
      ["staging", 20],
      ["production", 200],
    ]);
  });

  test("a hand edit that breaks the pools is caught by WG111: wrong label, budgets over the cap, a newer AMI in a later wave", async () => {
    const file = join(out, "stacks", "eks-wave-pools", "cdk.tf.json");
    const json = JSON.parse(readFileSync(file, "utf8"));
    const groups = Object.values(json.resource.aws_eks_node_group) as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any
    const byName = Object.fromEntries(groups.map((g) => [g.node_group_name, g]));
    byName.canary.labels = { "wavegate.dev/pool": "dev" };
    byName.staging.update_config = { max_unavailable: 5 };
    byName.production.update_config = { max_unavailable_percentage: 50 };
    byName.production.release_version = "1.30.4-20241001";
    const broken = join(dir, "broken.tf.json");
    writeFileSync(broken, JSON.stringify(json));
    const agent = join(out, "stacks", "eks-wave-agent", "cdk.tf.json");
    const load = await loadInputs([broken, agent]);
    expect(load.nodePools).toHaveLength(3);
    const { code, out: text } = await cli(dir, ["check", broken, agent, "--format", "json"]);
    expect(code).toBe(1);
    const messages = Object.fromEntries(
      JSON.parse(text)
        .findings.filter((f: { ruleId: string }) => f.ruleId === "WG111")
        .map((f: { resource: { wave: string }; message: string }) => [f.resource.wave, f.message]),
    );
    expect(messages.canary).toMatch(
      /selects wavegate.dev\/pool in \(canary\) and kubernetes.io\/os in \(linux\), but none of the 3 node pool\(s\)/,
    );
    expect(messages.staging).toMatch(
      /pool staging \(aws_eks_node_group\.\S+\) upgrades 5 node\(s\) at once \(update_config.max_unavailable, 20 nodes\), over the cap of 10%/,
    );
    expect(messages.production).toMatch(/upgrades 50% node\(s\) at once/);
    expect(messages.production).toMatch(
      /pool production .* pins release_version 1.30.4-20241001, newer than 1.30.4-20240910 of pool staging .* of the earlier wave staging/,
    );
  });
});
