/**
 * The seed scenario: one eBPF security agent rolled out in three waves inside one EKS cluster.
 * canary (the `dev-agents` node group, one version ahead) -> staging (`staging-agents`) -> production (every other node).
 *
 * In your own repo, import from "wavegate" instead of "../../lib".
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NodePool, StagedDaemonSet } from "../../lib";

export class SeedStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new KubernetesProvider(this, "kubernetes", { configPath: "~/.kube/config" });

    new StagedDaemonSet(this, "cloud-sec-agent", {
      name: "cloud-sec-agent",
      namespace: "kube-system",
      image: "registry.eu-sovereign.cloud/security/ebpf-agent",
      versions: { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" },
      waves: [
        { name: "canary", pool: NodePool.eksNodegroup("dev-agents"), nodes: 20 },
        { name: "staging", pool: NodePool.eksNodegroup("staging-agents"), nodes: 200 },
        { name: "production", nodes: 2000 },
      ],
      pod: {
        containers: [
          {
            name: "ebpf-monitor",
            ports: [{ name: "health", containerPort: 9090 }],
            readinessProbe: { httpGet: { path: "/readyz", port: 9090 }, periodSeconds: 5 },
          },
        ],
      },
    });
  }
}

const app = new App();
new SeedStack(app, "seed-three-waves");
app.synth();
