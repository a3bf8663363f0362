import { Construct } from "constructs";
import { NodePool, StagedDaemonSet } from "../../lib";

/**
 * A clean three-wave staged agent (canary 10 nodes, staging 100, production 1000, one version everywhere) that
 * raises no error-level finding: the "good" input of policy and CLI tests.
 */
export function threeWaveAgent(scope: Construct, name = "agent"): StagedDaemonSet {
  return new StagedDaemonSet(scope, name, {
    name,
    namespace: "kube-system",
    image: "registry.example/agent",
    versions: { canary: "v1.0.0", staging: "v1.0.0", production: "v1.0.0" },
    waves: [
      { name: "canary", pool: NodePool.eksNodegroup("dev"), nodes: 10 },
      { name: "staging", pool: NodePool.eksNodegroup("staging"), nodes: 100 },
      { name: "production", nodes: 1000 },
    ],
    pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }] },
  });
}
