/**
 * Waves as whole clusters — the seed diagram's shape: dev cluster -> staging cluster -> production clusters.
 * One Kubernetes provider per cluster; each wave's DaemonSet runs on every node of its cluster(s), and each wave
 * starts only after the previous one has rolled out. Inside the production cluster the agent is itself staged:
 * a 10% "production-early" pool before the rest.
 *
 * In your own repo, import from "wavegate" instead of "../../lib".
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { NodePool, StagedDaemonSet } from "../../lib";

export class ThreeClustersStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    const cluster = (name: string) =>
      new KubernetesProvider(this, name, { alias: name, configPath: "~/.kube/config", configContext: name });
    const dev = cluster("dev");
    const staging = cluster("staging");
    const production = cluster("production");

    new StagedDaemonSet(this, "node-agent", {
      name: "node-agent",
      namespace: "kube-system",
      image: "registry.example/security/node-agent",
      versions: {
        dev: "v3.1.0",
        staging: "v3.0.2",
        "production-early": "v3.0.2",
        production: "v3.0.1",
      },
      waves: [
        { name: "dev", provider: dev, nodes: 12 },
        { name: "staging", provider: staging, nodes: 120 },
        {
          name: "production-early",
          provider: production,
          pool: NodePool.gkeNodePool("early-adopters"),
          nodes: 150,
        },
        { name: "production", provider: production, nodes: 1500 },
      ],
      pod: {
        priorityClassName: "system-node-critical",
        tolerations: [{ operator: "Exists" }],
        containers: [
          {
            name: "agent",
            readinessProbe: { httpGet: { path: "/readyz", port: 8080 }, periodSeconds: 5 },
            resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
            securityContext: {
              readOnlyRootFilesystem: true,
              capabilities: { drop: ["ALL"], add: ["BPF", "PERFMON"] },
            },
          },
        ],
      },
    });
  }
}

const app = new App();
new ThreeClustersStack(app, "three-clusters");
app.synth();
