import { Testing, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { EbpfAgent, NodePool, StagedDaemonSet, StagedDaemonSetProps } from "../../lib";
import { GATE_MARKER, shellQuote } from "../../lib/constructs/wave-gate";

const base: StagedDaemonSetProps = {
  name: "node-agent",
  namespace: "kube-system",
  image: "registry.example/node-agent",
  versions: { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" },
  waves: [
    { name: "canary", pool: NodePool.eksNodegroup("dev") },
    { name: "staging", pool: NodePool.eksNodegroup("staging") },
    { name: "production" },
  ],
  pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }] },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

function synth(
  props: StagedDaemonSetProps,
  providerConfig = { configPath: "~/.kube/config", configContext: "prod-eu" },
): Json {
  const app = Testing.app();
  const stack = new TerraformStack(app, "s");
  new KubernetesProvider(stack, "kubernetes", providerConfig);
  new StagedDaemonSet(stack, "agent", props);
  return JSON.parse(Testing.synth(stack));
}

describe("the deploy-time wave gate", () => {
  test("GIVEN gate: true WHEN synthesized THEN a terraform_data gate follows every wave but the last, and the next wave depends on it", () => {
    const out = synth({ ...base, gate: true });
    const gates: Json = out.resource.terraform_data;
    const ds: Json = out.resource.kubernetes_daemon_set_v1;
    expect(
      Object.keys(gates)
        .map((k) => k.replace(/_[0-9A-F]{8}$/, ""))
        .sort(),
    ).toEqual(["agent_canary-gate", "agent_staging-gate"]);
    const [canaryGate, stagingGate] = ["canary", "staging"].map((w) =>
      Object.entries(gates).find(([k]) => k.includes(`${w}-gate`))!,
    );
    const addr = (type: string, key: string) => `${type}.${key}`;
    const dsKey = (w: string) => Object.keys(ds).find((k) => k.startsWith(`agent_${w}_`))!;
    // The gate waits for its wave; the next wave waits for the gate.
    expect(canaryGate[1].depends_on).toEqual([addr("kubernetes_daemon_set_v1", dsKey("canary"))]);
    expect(ds[dsKey("staging")].depends_on).toEqual(
      expect.arrayContaining([
        addr("kubernetes_daemon_set_v1", dsKey("canary")),
        addr("terraform_data", canaryGate[0]),
      ]),
    );
    expect(ds[dsKey("production")].depends_on).toEqual(
      expect.arrayContaining([addr("terraform_data", stagingGate[0])]),
    );
    // The command verifies the wave just applied, with the provider's kubeconfig and context, and rolls back.
    const command: string = canaryGate[1].provisioner[0]["local-exec"].command;
    expect(command).toBe(
      "npx --no-install wavegate verify cdk.tf.json --agent node-agent --wave canary --kubeconfig '~/.kube/config' --context prod-eu --rollback",
    );
    expect(canaryGate[1].input).toMatchObject({
      [GATE_MARKER]: "node-agent/canary",
      namespace: "kube-system",
      daemonSet: "node-agent-canary",
    });
    expect(canaryGate[1].triggers_replace.spec).toMatch(/^[0-9a-f]{16}$/);
  });

  test("GIVEN a change to one wave WHEN synthesized again THEN only that wave's gate trigger changes (it is replaced and reruns)", () => {
    const before = synth({ ...base, gate: true }).resource.terraform_data;
    const after = synth({ ...base, versions: { ...base.versions, canary: "v2.6.0" }, gate: true }).resource
      .terraform_data;
    const trigger = (g: Json, w: string) =>
      Object.entries(g).find(([k]) => k.includes(`${w}-gate`))![1].triggers_replace.spec;
    expect(trigger(after, "canary")).not.toBe(trigger(before, "canary"));
    expect(trigger(after, "staging")).toBe(trigger(before, "staging"));
  });

  test("GIVEN gate options THEN they reach the command; rollback: false drops --rollback; enabled: false adds no gate", () => {
    const out = synth({
      ...base,
      gate: {
        rollback: false,
        bake: "30m",
        deadline: "20m",
        kubeconfig: "/etc/kube/ci",
        command: "wavegate",
        extraArgs: ["--prometheus", "http://prom:9090"],
      },
    });
    const command: string = (Object.values(out.resource.terraform_data)[0] as Json).provisioner[0][
      "local-exec"
    ].command;
    expect(command).toBe(
      "wavegate verify cdk.tf.json --agent node-agent --wave canary --kubeconfig /etc/kube/ci --context prod-eu --bake 30m --deadline 20m --prometheus http://prom:9090",
    );
    expect(synth({ ...base, gate: { enabled: false } }).resource.terraform_data).toBeUndefined();
    expect(synth(base).resource.terraform_data).toBeUndefined();
  });

  test("EbpfAgent passes gate through", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "e");
    new KubernetesProvider(stack, "kubernetes", {});
    new EbpfAgent(stack, "agent", {
      name: "ebpf",
      image: "registry.example/ebpf",
      versions: { canary: "v2", production: "v1" },
      waves: [{ name: "canary", pool: NodePool.eksNodegroup("dev") }, { name: "production" }],
      minWaves: 2,
      programs: ["tracing"],
      health: { port: 9090 },
      gate: true,
    });
    const out = JSON.parse(Testing.synth(stack));
    const gates = Object.values(out.resource.terraform_data) as Json[];
    expect(gates).toHaveLength(1);
    expect(gates[0].provisioner[0]["local-exec"].command).toBe(
      "npx --no-install wavegate verify cdk.tf.json --agent ebpf --wave canary --rollback",
    );
  });

  test("shellQuote quotes what the shell would split or expand", () => {
    expect(shellQuote("canary")).toBe("canary");
    expect(shellQuote("a b")).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
  });
});
