import fc from "fast-check";
import { nodePoolFromKubernetes, nodePoolFromResource, NODE_POOL_TYPES } from "../../lib/inputs/node-pools";

const source = { file: "main.tf", format: "hcl" as const };

describe("node pools read from Terraform resources", () => {
  test("EKS in plan / HCL shape (blocks as arrays of one): labels, NO_SCHEDULE taints, sizes, percentage budget", () => {
    const pool = nodePoolFromResource(
      "aws_eks_node_group",
      "canary",
      [
        {
          node_group_name: "canary",
          labels: { "wavegate.dev/pool": "canary", team: "${var.team}" },
          taint: [{ key: "dedicated", value: "agents", effect: "NO_EXECUTE" }],
          scaling_config: [{ min_size: 1, max_size: 3, desired_size: 2 }],
          update_config: [{ max_unavailable: 0, max_unavailable_percentage: 10 }],
          release_version: "1.30.4-20240917",
        },
      ],
      source,
    );
    expect(pool).toMatchObject({
      cloud: "eks",
      name: "canary",
      labels: { "wavegate.dev/pool": "canary", "eks.amazonaws.com/nodegroup": "canary" },
      unknownLabels: ["team"],
      taints: [{ key: "dedicated", value: "agents", effect: "NoExecute" }],
      size: { min: 1, max: 3, desired: 2 },
      upgradeBudget: { value: "10%", field: "update_config.max_unavailable_percentage" },
      image: { value: "1.30.4-20240917", field: "release_version" },
      source: { address: "aws_eks_node_group.canary" },
    });
  });

  test("a node group named by an expression: its cloud label is unknown, never guessed", () => {
    const pool = nodePoolFromResource("aws_eks_node_group", "x", { node_group_name: "${var.name}" }, source);
    expect(pool?.labels["eks.amazonaws.com/nodegroup"]).toBeUndefined();
    expect(pool?.unknownLabels).toEqual(["eks.amazonaws.com/nodegroup"]);
  });

  test("GKE sizes count per zone: totals are the per-zone counts times node_locations (or total_*_node_count)", () => {
    const perZone = nodePoolFromResource(
      "google_container_node_pool",
      "p",
      {
        name: "p",
        node_locations: ["a", "b", "c"],
        autoscaling: { min_node_count: 2, max_node_count: 5 },
      },
      source,
    );
    expect(perZone?.size).toEqual({ min: 6, max: 15 });
    expect(perZone?.autoUpgrade).toBe(true); // GKE's default when management.auto_upgrade is not false
    const totals = nodePoolFromResource(
      "google_container_node_pool",
      "p",
      {
        autoscaling: { total_min_node_count: 4, total_max_node_count: 9 },
        management: { auto_upgrade: false },
      },
      source,
    );
    expect(totals?.size).toEqual({ min: 4, max: 9 });
    expect(totals?.autoUpgrade).toBe(false);
  });

  test("Karpenter NodePool in a kubernetes_manifest or YAML; other manifests are not pools", () => {
    const manifest = {
      apiVersion: "karpenter.sh/v1",
      kind: "NodePool",
      metadata: { name: "canary" },
      spec: {
        template: { spec: { taints: [{ key: "k", effect: "NoSchedule" }] } },
        disruption: { budgets: [{ nodes: "0", schedule: "@daily", duration: "10m" }, { nodes: "5%" }] },
      },
    };
    const pool = nodePoolFromResource("kubernetes_manifest", "np", { manifest }, source);
    expect(pool).toMatchObject({
      cloud: "karpenter",
      labels: { "karpenter.sh/nodepool": "canary" },
      taints: [{ key: "k", value: "", effect: "NoSchedule" }],
      upgradeBudget: { value: "5%" },
    });
    expect(nodePoolFromKubernetes(manifest, "pools.yaml", 3)?.source).toEqual({
      file: "pools.yaml",
      format: "k8s-yaml",
      address: "NodePool/canary",
      line: 3,
    });
    expect(
      nodePoolFromResource("kubernetes_manifest", "d", { manifest: { kind: "DaemonSet" } }, source),
    ).toBeUndefined();
    expect(nodePoolFromResource("aws_instance", "i", {}, source)).toBeUndefined();
  });

  test("property: any JSON body of a pool type loads without throwing (bad input is never a crash)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NODE_POOL_TYPES, "kubernetes_manifest"),
        fc.jsonValue(),
        (type, body) => {
          nodePoolFromResource(type, "x", body, source);
          nodePoolFromResource(
            type,
            "x",
            { manifest: body, labels: body, taint: body, node_taints: body },
            source,
          );
          return true;
        },
      ),
      { seed: 11, numRuns: 300 },
    );
  });
});
