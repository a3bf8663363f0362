/**
 * Wave node pools on EKS: wavegate creates the three wave node groups (canary, staging, production) in one stack and
 * rolls the seed agent out on them in another (the usual cluster-infra / in-cluster split: the pools stack needs
 * only the AWS provider, the agent stack only the Kubernetes provider).
 *
 * Each node group carries `wavegate.dev/pool=<wave>`; each agent wave selects that label (never a cloud-generated
 * name), states its pool's size as `nodes` (canary at its maximum, the others at their minimum) and tolerates the
 * canary pool's taint. The node groups' own upgrade budgets (`update_config`) stay within the agent's cap, and each
 * pins its AMI release, the canary one release ahead.
 *
 *   npm run example:eks-pools     # cdktf synth --app "node --import tsx examples/eks-wave-pools/main.ts", offline
 *   npm run wavegate -- check cdktf.out && npm run wavegate -- plan cdktf.out
 *
 * The stacks live here; `main.ts` synthesizes them (tests import this file without synthesizing).
 * In your own repo, import from "wavegate" and "wavegate/eks" instead of "../../lib".
 */
import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider, AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { EbpfAgent } from "../../lib";
import { EksWavePools } from "../../lib/pools/eks";

/** The cluster infrastructure: one EKS managed node group per wave. */
export class PoolsStack extends TerraformStack {
  /** The wave pools, so the agent stack (and tests) can use them. */
  public readonly pools: EksWavePools;

  constructor(scope: Construct, id: string, aws: AwsProviderConfig = { region: "eu-central-1" }) {
    super(scope, id);
    new AwsProvider(this, "aws", aws);
    this.pools = new EksWavePools(this, "wave-pools", {
      clusterName: "sovereign-prod",
      nodeRoleArn: "arn:aws:iam::111122223333:role/sovereign-prod-nodes",
      subnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"],
      instanceTypes: ["m6i.xlarge"],
      amiType: "AL2023_x86_64_STANDARD",
      waves: [
        // The canary runs the newest AMI release first, on tainted nodes only the agent (and what tolerates it) uses.
        { name: "canary", size: { min: 1, max: 2 }, taint: true, releaseVersion: "1.30.4-20240917" },
        { name: "staging", size: { min: 20, desired: 30, max: 60 }, releaseVersion: "1.30.4-20240910" },
        { name: "production", size: { min: 200, desired: 300, max: 800 }, releaseVersion: "1.30.4-20240910" },
      ],
    });
  }
}

/** The agent, rolled out in three waves on the pools. */
export class AgentStack extends TerraformStack {
  /** The agent, so tests can read its waves. */
  public readonly agent: EbpfAgent;

  constructor(scope: Construct, id: string, pools: EksWavePools) {
    super(scope, id);
    new KubernetesProvider(this, "kubernetes", { configPath: "~/.kube/config" });
    this.agent = new EbpfAgent(this, "cloud-sec-agent", {
      name: "cloud-sec-agent",
      namespace: "kube-system",
      containerName: "ebpf-monitor",
      image: "registry.eu-sovereign.cloud/security/ebpf-agent",
      versions: { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" },
      waves: pools.waves(), // one line: pool, nodes and toleration per wave
      programs: ["tracing"],
      processVisibility: true,
      health: { port: 9090 },
    });
  }
}

/** Both stacks in one app. */
export function buildApp(app: App, aws?: AwsProviderConfig): { pools: PoolsStack; agent: AgentStack } {
  const pools = new PoolsStack(app, "eks-wave-pools", aws);
  const agent = new AgentStack(app, "eks-wave-agent", pools.pools);
  return { pools, agent };
}
