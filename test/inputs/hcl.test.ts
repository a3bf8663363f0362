import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expandDynamicBlocks } from "../../lib/inputs/dynamic-blocks";
import { hclError, loadHcl } from "../../lib/inputs/hcl";
import { InputError, isUnknown } from "../../lib/inputs/types";
import { MALFORMED_HCL } from "./fixtures/malformed";

const fixture = (name: string) => join(__dirname, "fixtures", name);
const load = (name: string) => loadHcl(name, readFileSync(fixture(name), "utf8"));

describe("loadHcl", () => {
  test("GIVEN the classic guardrail in HCL WHEN loaded THEN it is one DaemonSet with Kubernetes field names", async () => {
    const result = await load("unstaged.tf");
    expect(result.otherResources).toBe(0);
    expect(result.daemonSets).toHaveLength(1);
    const [ds] = result.daemonSets;
    expect(ds.source).toEqual({
      file: "unstaged.tf",
      format: "hcl",
      address: "kubernetes_daemonset.node_agent",
      line: 2,
    });
    expect(ds.kind).toBe("kubernetes_daemonset");
    expect(ds.manifest.metadata).toEqual({
      name: "node-agent",
      namespace: "kube-system",
      labels: { app: "node-agent" },
    });
    expect(ds.manifest.spec.updateStrategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxUnavailable: "10%" },
    });
    const [container] = ds.manifest.spec.template.spec.containers;
    expect(container).toEqual({
      name: "agent",
      image: "registry.example/node-agent:latest",
      ports: [{ containerPort: 9090, name: "metrics" }],
    });
    expect(result.warnings).toEqual([]);
  });

  describe("GIVEN HCL with count, for_each, dynamic blocks, variables, locals and heredocs", () => {
    let result: Awaited<ReturnType<typeof loadHcl>>;
    beforeAll(async () => {
      result = await load("messy.tf");
    });
    const agent = () =>
      result.daemonSets.find((d) => d.source.address === "kubernetes_daemon_set_v1.agent[0]")!;

    test("THEN it loads every DaemonSet and counts the rest", () => {
      // count = 2 and for_each = toset(["a", "b"]) expand as Terraform plans them, one DaemonSet per instance.
      expect(result.daemonSets.map((d) => d.source.address)).toEqual([
        "kubernetes_daemon_set_v1.agent[0]",
        "kubernetes_daemon_set_v1.agent[1]",
        'kubernetes_daemonset.per_zone["a"]',
        'kubernetes_daemonset.per_zone["b"]',
      ]);
      expect(result.daemonSets.map((d) => d.source.line)).toEqual([23, 23, 97, 97]);
      expect(result.daemonSets[3].manifest.metadata.name).toBe("per-zone-b");
      expect(result.daemonSets[3].manifest.spec.selector?.matchLabels).toEqual({ zone: "b" });
      expect(result.otherResources).toBe(1);
    });

    test("THEN literal locals and count.index are substituted; var. references stay unknown, never guessed from defaults", () => {
      const ds = agent();
      expect(ds.manifest.metadata.namespace).toBe("monitoring");
      expect(ds.manifest.metadata.name).toBe("agent-0");
      expect(ds.manifest.metadata.labels).toEqual({ app: "agent" });
      expect(ds.manifest.spec.template.spec.containers[0].image).toBe(
        "registry.example/agent:${var.image_tag}",
      );
      expect(ds.manifest.spec.updateStrategy?.rollingUpdate?.maxUnavailable).toBe("${var.max_unavailable}");
      expect(ds.manifest.spec.minReadySeconds).toBe("${var.min_ready}" as unknown as number);
      expect(isUnknown(ds.manifest.spec.minReadySeconds)).toBe(true);
    });

    test("THEN unknowns are reported in warnings", () => {
      expect(result.warnings).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/kubernetes_daemon_set_v1\.agent\[0\]: \d+ value\(s\) unknown until apply/),
        ]),
      );
    });

    test("THEN a heredoc is a plain string", () => {
      expect(agent().manifest.metadata.annotations?.["example.com/notes"]).toBe(
        "Rolled by the platform team.\nAsk in #platform before changing.\n",
      );
    });

    test("THEN a dynamic block over a literal map is expanded, one block per entry", () => {
      expect(agent().manifest.spec.template.spec.containers[0].env).toEqual([
        { name: "LOG_LEVEL", value: "info" },
        { name: "MODE", value: "ebpf" },
      ]);
    });

    test("THEN a dynamic block over a variable is one block with unknown values, beside the static ones", () => {
      expect(agent().manifest.spec.template.spec.tolerations).toEqual([
        { operator: "Exists" },
        { key: "${taint.value}", operator: "Exists" },
      ]);
      expect(result.warnings).toContain(
        'messy.tf: dynamic "toleration" block over var.extra_tolerations: the number of blocks is unknown until plan; ' +
          "checked as one block whose taint.* values are unknown",
      );
    });

    test("THEN the provider alias names the cluster", () => {
      expect(agent().cluster).toBe("kubernetes.dev");
      expect(result.daemonSets[2].cluster).toBe("default");
    });

    test("THEN the readiness probe is read through nested blocks", () => {
      expect(agent().manifest.spec.template.spec.containers[0].readinessProbe).toEqual({
        httpGet: { path: "/readyz", port: 9090 },
      });
    });
  });

  test("a kubernetes_manifest DaemonSet written as an HCL object is read; one given by an expression is warned about", async () => {
    const hcl = `
resource "kubernetes_manifest" "ds" {
  manifest = {
    apiVersion = "apps/v1"
    kind       = "DaemonSet"
    metadata   = { name = "km", namespace = "kube-system" }
    spec = {
      selector = { matchLabels = { app = "km" } }
      template = {
        metadata = { labels = { app = "km" } }
        spec     = { containers = [{ name = "a", image = "x:v1" }] }
      }
    }
  }
}
resource "kubernetes_manifest" "from_file" {
  manifest = yamldecode(file("\${path.module}/ds.yaml"))
}
`;
    const result = await loadHcl("km.tf", hcl);
    expect(result.daemonSets.map((d) => d.source.address)).toEqual(["kubernetes_manifest.ds"]);
    expect(result.daemonSets[0].manifest.spec.template.spec.containers).toEqual([
      { name: "a", image: "x:v1" },
    ]);
    expect(result.otherResources).toBe(1);
    expect(result.warnings).toEqual([
      "km.tf: kubernetes_manifest.from_file: the manifest is a Terraform expression, so it was not checked",
    ]);
  });

  describe("malformed HCL", () => {
    test("names the file and line, on one line", async () => {
      const error = await loadHcl("main.tf", MALFORMED_HCL).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).line).toBe(3);
      expect((error as InputError).message).toMatch(/^main\.tf:3: malformed HCL: Invalid expression: /);
      expect((error as InputError).message).not.toContain("\n");
    });

    test("a redefined attribute is an error", async () => {
      const error = await loadHcl("x.tf", 'resource "a" "b" {\n  x = 1\n  x = 2\n}\n').catch(
        (e: unknown) => e,
      );
      expect((error as InputError).message).toMatch(/^x\.tf:3: malformed HCL: Attribute redefined: /);
    });

    test("of several diagnostics, the first is shown", () => {
      const error = hclError(
        "m.tf",
        new Error("parse config: [m.tf:2,3-4: Bad one; First detail., m.tf:9,1-2: Bad two; Second detail.]"),
      );
      expect(error.message).toBe("m.tf:2: malformed HCL: Bad one: First detail.");
    });

    test("a message without a position is kept, without a line", () => {
      expect(hclError("m.tf", new Error("something odd")).message).toBe("m.tf: malformed HCL: something odd");
    });
  });
});

describe("expandDynamicBlocks", () => {
  test("a literal list: one block per element, with the default iterator name", () => {
    const tree = {
      spec: [
        {
          dynamic: {
            port: [
              { for_each: [80, 443], content: [{ container_port: "${port.value}", name: "p-${port.key}" }] },
            ],
          },
        },
      ],
    };
    const { value, warnings } = expandDynamicBlocks(tree, "f.tf");
    expect(value).toEqual({
      spec: [
        {
          port: [
            // "p-${port.key}" is a template of the key: Terraform interpolates it (hclsyntax TemplateExpr).
            { container_port: 80, name: "p-0" },
            { container_port: 443, name: "p-1" },
          ],
        },
      ],
    });
    expect(warnings).toEqual([]);
  });

  test("an empty literal list generates no block", () => {
    const { value } = expandDynamicBlocks(
      { dynamic: { volume: [{ for_each: [], content: [{ name: "x" }] }] } },
      "f",
    );
    expect(value).toEqual({ volume: [] });
  });

  test("nested dynamic blocks expand inside their content", () => {
    const tree = {
      dynamic: {
        container: [
          {
            for_each: "${var.containers}",
            content: [
              {
                name: "${container.value}",
                dynamic: { port: [{ for_each: [1], content: [{ p: "${port.value}" }] }] },
              },
            ],
          },
        ],
      },
    };
    const { value, warnings } = expandDynamicBlocks(tree, "f");
    expect(value).toEqual({ container: [{ name: "${container.value}", port: [{ p: 1 }] }] });
    expect(warnings).toHaveLength(1);
  });
});
