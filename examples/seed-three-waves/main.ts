/**
 * The seed scenario: one eBPF security agent rolled out in three waves inside one EKS cluster.
 * canary (the `dev-agents` node group, one version ahead) -> staging (`staging-agents`) -> production (every other node).
 *
 * The agent is an `EbpfAgent`: it loads verifier-checked tracing programs through bpf() with BPF + PERFMON, never
 * SYS_MODULE, never privileged, so a bad version is rejected or unloaded instead of panicking the kernel.
 *
 * In your own repo, import from "wavegate" instead of "../../lib".
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { EbpfAgent, NodePool } from "../../lib";

export class SeedStack extends TerraformStack {
  /** The agent, so tests can read its waves. */
  public readonly agent: EbpfAgent;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    new KubernetesProvider(this, "kubernetes", { configPath: "~/.kube/config" });

    this.agent = new EbpfAgent(this, "cloud-sec-agent", {
      name: "cloud-sec-agent",
      namespace: "kube-system",
      containerName: "ebpf-monitor",
      image: "registry.eu-sovereign.cloud/security/ebpf-agent",
      versions: { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" },
      waves: [
        { name: "canary", pool: NodePool.eksNodegroup("dev-agents"), nodes: 20 },
        { name: "staging", pool: NodePool.eksNodegroup("staging-agents"), nodes: 200 },
        { name: "production", nodes: 2000 },
      ],
      programs: ["tracing"],
      processVisibility: true,
      health: { port: 9090 },
      gate: true, // after canary and staging: wavegate verify --rollback; the next wave waits for it
    });
  }
}

const app = new App();
new SeedStack(app, "seed-three-waves");
app.synth();
