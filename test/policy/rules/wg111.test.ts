import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { NodePool, planStagedDaemonSet, StagedWaveOptions } from "../../../lib";
import { loadInputs } from "../../../lib/inputs/load";
import { runPolicy } from "../../../lib/policy/engine";
import { Finding } from "../../../lib/policy/types";

let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), "wavegate-wg111-"))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The agent's wave DaemonSets as Kubernetes YAML (no tolerate-all: only what each wave is given). */
function agentYaml(waves: StagedWaveOptions[]): string {
  const built = planStagedDaemonSet({
    name: "agent",
    namespace: "kube-system",
    image: "registry.example/agent",
    versions: Object.fromEntries(waves.map((w) => [w.name, "v1.0.0"])),
    pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }] },
    waves,
    minWaves: 3,
  });
  return built.map((w) => stringify(w.manifest)).join("---\n");
}

const WAVES: StagedWaveOptions[] = [
  { name: "canary", pool: NodePool.gkeNodePool("canary"), nodes: 2 },
  { name: "staging", pool: NodePool.gkeNodePool("staging"), nodes: 20 },
  { name: "production", nodes: 200 },
];

const GKE_HCL = (canary: string, staging: string) => `
resource "google_container_node_pool" "canary" {
  name           = "canary"
  cluster        = "prod"
  node_locations = ["europe-west1-b", "europe-west1-c"]
  autoscaling {
    min_node_count = 1
    max_node_count = 1
  }
  management {
    auto_upgrade = false
  }
  ${canary}
}

resource "google_container_node_pool" "staging" {
  name           = "staging"
  cluster        = "prod"
  node_locations = ["europe-west1-b", "europe-west1-c"]
  autoscaling {
    min_node_count = 10
    max_node_count = 20
  }
  management {
    auto_upgrade = false
  }
  node_config {
    labels = { "wavegate.dev/pool" = "staging" }
  }
  ${staging}
}
`;

async function wg111(files: Record<string, string>): Promise<Record<string, Finding>> {
  const paths = Object.entries(files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  const report = runPolicy(await loadInputs(paths));
  return Object.fromEntries(report.findings.filter((f) => f.ruleId === "WG111").map((f) => [f.wave, f]));
}

describe("WG111: wave node pools written without wavegate's constructs", () => {
  test("GIVEN pools that match their waves THEN every wave passes (HCL pools, YAML agent)", async () => {
    const found = await wg111({ "pools.tf": GKE_HCL("", ""), "agent.yaml": agentYaml(WAVES) });
    expect(Object.values(found).map((f) => [f.wave, f.outcome])).toEqual([
      ["canary", "pass"],
      ["staging", "pass"],
      ["production", "pass"],
    ]);
  });

  test("a wave selecting a label no pool carries fails, naming the pools read", async () => {
    const waves = [{ ...WAVES[0], pool: NodePool.gkeNodePool("dev") }, WAVES[1], WAVES[2]];
    const found = await wg111({ "pools.tf": GKE_HCL("", ""), "agent.yaml": agentYaml(waves) });
    expect(found.canary.outcome).toBe("fail");
    expect(found.canary.message).toMatch(
      /selects cloud.google.com\/gke-nodepool in \(dev\), but none of the 2 node pool\(s\) read carries such labels \(canary: \{cloud.google.com\/gke-nodepool=canary\}/,
    );
  });

  test("a pool taint its wave does not tolerate fails; with the toleration it passes; PreferNoSchedule never fails", async () => {
    const taint = `node_config {\n    taint {\n      key    = "dedicated"\n      value  = "canary"\n      effect = "NO_SCHEDULE"\n    }\n  }`;
    const untolerated = await wg111({ "pools.tf": GKE_HCL(taint, ""), "agent.yaml": agentYaml(WAVES) });
    expect(untolerated.canary.message).toMatch(
      /pool canary \(google_container_node_pool.canary\) taints its nodes dedicated=canary:NoSchedule, which the wave does not tolerate/,
    );
    const tolerations = [
      { key: "dedicated", operator: "Equal" as const, value: "canary", effect: "NoSchedule" as const },
    ];
    const tolerated = [{ ...WAVES[0], tolerations }, WAVES[1], WAVES[2]];
    expect(
      (await wg111({ "pools.tf": GKE_HCL(taint, ""), "agent.yaml": agentYaml(tolerated) })).canary.outcome,
    ).toBe("pass");
    const soft = taint.replace("NO_SCHEDULE", "PREFER_NO_SCHEDULE");
    expect(
      (await wg111({ "pools.tf": GKE_HCL(soft, ""), "agent.yaml": agentYaml(WAVES) })).canary.outcome,
    ).toBe("pass");
  });

  test("a pool upgrade budget over the cap fails (GKE: max_surge + max_unavailable against the pool's size)", async () => {
    const budget = `upgrade_settings {\n    max_surge       = 2\n    max_unavailable = 1\n  }`;
    const found = await wg111({ "pools.tf": GKE_HCL("", budget), "agent.yaml": agentYaml(WAVES) });
    expect(found.staging.message).toMatch(
      /pool staging .* upgrades 3 node\(s\) at once \(upgrade_settings.max_surge \+ max_unavailable, 20 nodes\), over the cap of 10%/,
    );
  });

  test("GKE auto_upgrade on a wave pool is a warning", async () => {
    const found = await wg111({
      "pools.tf": GKE_HCL("", "").replace("auto_upgrade = false", "auto_upgrade = true"),
      "agent.yaml": agentYaml(WAVES),
    });
    expect([found.canary.outcome, found.canary.severity]).toEqual(["fail", "warning"]);
    expect(found.canary.message).toMatch(/auto_upgrade on: GKE upgrades it on its own schedule/);
  });

  test("Karpenter NodePools in YAML: the disruption budget is checked (Karpenter's default 10% when none)", async () => {
    const nodePool = (name: string, budget?: string) =>
      stringify({
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name },
        spec: {
          template: {
            metadata: { labels: { "wavegate.dev/pool": name } },
            spec: { nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" } },
          },
          ...(budget ? { disruption: { budgets: [{ nodes: budget }] } } : {}),
        },
      });
    const waves = ["canary", "staging", "production"].map((name, i) => ({
      name,
      ...(i < 2 ? { pool: NodePool.labeled("wavegate.dev/pool", name) } : {}),
      nodes: [2, 20, 200][i],
    }));
    const yaml = [nodePool("canary", "1"), nodePool("staging"), nodePool("production", "30%")].join("---\n");
    const found = await wg111({ "pools.yaml": yaml, "agent.yaml": agentYaml(waves) });
    expect([found.canary.outcome, found.staging.outcome]).toEqual(["pass", "pass"]);
    expect(found.production.message).toMatch(
      /pool production \(NodePool\/production\) upgrades 30% node\(s\) at once/,
    );
  });

  test("Karpenter AMI aliases come from each pool's EC2NodeClass: a newer AMI in a later wave fails, @latest warns", async () => {
    const nodeClass = (name: string, alias: string) =>
      stringify({
        apiVersion: "karpenter.k8s.aws/v1",
        kind: "EC2NodeClass",
        metadata: { name },
        spec: { role: "r", amiSelectorTerms: [{ alias }] },
      });
    const nodePool = (name: string) =>
      stringify({
        apiVersion: "karpenter.sh/v1",
        kind: "NodePool",
        metadata: { name },
        spec: {
          template: {
            metadata: { labels: { "wavegate.dev/pool": name } },
            spec: { nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name } },
          },
        },
      });
    const waves = ["canary", "staging", "production"].map((name, i) => ({
      name,
      ...(i < 2 ? { pool: NodePool.labeled("wavegate.dev/pool", name) } : {}),
      nodes: [2, 20, 200][i],
    }));
    const yaml = (aliases: string[]) =>
      ["canary", "staging", "production"]
        .flatMap((n, i) => [nodePool(n), nodeClass(n, aliases[i])])
        .join("---\n");
    const newer = await wg111({
      "pools.yaml": yaml(["al2023@v20240807", "al2023@v20240901", "al2023@v20240807"]),
      "agent.yaml": agentYaml(waves),
    });
    expect(newer.canary.outcome).toBe("pass");
    expect(newer.staging.message).toMatch(
      /pool staging \(NodePool\/staging\) pins EC2NodeClass staging spec.amiSelectorTerms\[\].alias al2023@v20240901, newer than al2023@v20240807 of pool canary/,
    );
    const latest = await wg111({
      "pools.yaml": yaml(["al2023@latest", "al2023@v20240807", "al2023@v20240807"]),
      "agent.yaml": agentYaml(waves),
    });
    expect([latest.canary.outcome, latest.canary.severity]).toEqual(["fail", "warning"]);
    expect(latest.canary.message).toMatch(
      /floating AMI alias \(al2023@latest\): Karpenter replaces its nodes/,
    );
  });

  test("AKS pools in Terraform JSON: key=value:Effect taints are read; unknown budgets are never a pass", async () => {
    const pool = (name: string, extra: object) => ({
      name,
      kubernetes_cluster_id: "${azurerm_kubernetes_cluster.prod.id}",
      min_count: 20,
      max_count: 40,
      node_labels: { "wavegate.dev/pool": name },
      ...extra,
    });
    const json = {
      resource: {
        azurerm_kubernetes_cluster_node_pool: {
          canary: pool("canary", { node_taints: ["wavegate.dev/pool=canary:NoExecute"] }),
          staging: pool("staging", { upgrade_settings: { max_surge: "${var.surge}" } }),
        },
      },
    };
    const waves = ["canary", "staging", "production"].map((name, i) => ({
      name,
      ...(i < 2 ? { pool: NodePool.labeled("wavegate.dev/pool", name) } : {}),
      nodes: [2, 20, 200][i],
    }));
    const found = await wg111({ "pools.tf.json": JSON.stringify(json), "agent.yaml": agentYaml(waves) });
    expect(found.canary.message).toMatch(/taints its nodes wavegate.dev\/pool=canary:NoExecute/);
    expect(found.staging.outcome).toBe("not-applicable");
    expect(found.staging.message).toMatch(
      /value unknown: pool staging .*upgrade_settings.max_surge is \$\{var.surge\}/,
    );
  });

  test("no node pool in the inputs: not applicable", async () => {
    const found = await wg111({ "agent.yaml": agentYaml(WAVES) });
    expect(found.canary).toMatchObject({ outcome: "not-applicable", message: "no node pools in the inputs" });
  });
});

test("WG111: pools whose labels are unknown until apply are never a pass", async () => {
  const dir2 = mkdtempSync(join(tmpdir(), "wavegate-wg111-unknown-"));
  try {
    const json = {
      resource: {
        aws_eks_node_group: {
          canary: {
            node_group_name: "canary",
            labels: "${var.labels}",
            scaling_config: { min_size: 1, max_size: 2 },
          },
        },
      },
    };
    writeFileSync(join(dir2, "pools.tf.json"), JSON.stringify(json));
    const waves = ["canary", "staging", "production"].map((name, i) => ({
      name,
      ...(i < 2 ? { pool: NodePool.labeled("wavegate.dev/pool", name) } : {}),
      nodes: [2, 20, 200][i],
    }));
    writeFileSync(join(dir2, "agent.yaml"), agentYaml(waves));
    const report = runPolicy(await loadInputs([join(dir2, "pools.tf.json"), join(dir2, "agent.yaml")]));
    const canary = report.findings.find((f) => f.ruleId === "WG111" && f.wave === "canary");
    expect(canary?.outcome).toBe("not-applicable");
    expect(canary?.message).toMatch(
      /^value unknown: which pools the wave runs on depends on labels unknown here/,
    );
  } finally {
    rmSync(dir2, { recursive: true, force: true });
  }
});
