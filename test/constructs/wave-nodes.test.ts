import { Testing } from "cdktf";
import { StagedDaemonSet, ValidationError, WaveNodes, WaveNodesProps } from "../../lib";

const props: WaveNodesProps = {
  nodes: ["node-a", "node-b"],
  labelKey: "wavegate.dev/pool",
  labelValue: "canary",
};

describe("WaveNodes", () => {
  test("GIVEN two named nodes THEN one kubernetes_labels per node, owned by the wavegate field manager", () => {
    const json = JSON.parse(Testing.synthScope((scope) => new WaveNodes(scope, "canary-nodes", props)));
    const labels = Object.values(json.resource.kubernetes_labels) as Record<string, unknown>[];
    expect(labels).toHaveLength(2);
    expect(labels.map((l) => (l.metadata as { name: string }).name).sort()).toEqual(["node-a", "node-b"]);
    for (const l of labels) {
      expect(l).toMatchObject({
        api_version: "v1",
        kind: "Node",
        labels: { "wavegate.dev/pool": "canary" },
        field_manager: "wavegate",
      });
    }
    expect(json.resource.kubernetes_node_taint).toBeUndefined();
  });

  test("an optional taint becomes one kubernetes_node_taint per node, NoSchedule by default", () => {
    const json = JSON.parse(
      Testing.synthScope(
        (scope) => new WaveNodes(scope, "n", { ...props, taint: { key: "wavegate.dev/canary" } }),
      ),
    );
    const taints = Object.values(json.resource.kubernetes_node_taint) as Record<string, unknown>[];
    expect(taints).toHaveLength(2);
    expect(taints[0].taint).toEqual([{ key: "wavegate.dev/canary", value: "true", effect: "NoSchedule" }]);
  });

  test("its pool binds a wave to exactly those labels", () => {
    const json = JSON.parse(
      Testing.synthScope((scope) => {
        const nodes = new WaveNodes(scope, "canary-nodes", props);
        new StagedDaemonSet(scope, "agent", {
          name: "agent",
          image: "r.io/agent",
          versions: { canary: "v2", production: "v1" },
          minWaves: 2,
          waves: [{ name: "canary", pool: nodes.pool }, { name: "production" }],
          pod: { containers: [{ name: "a", readinessProbe: { exec: { command: ["true"] } } }] },
        });
      }),
    );
    const canary = Object.values(json.resource.kubernetes_daemon_set_v1).find(
      (r) => (r as { metadata: { name: string } }).metadata.name === "agent-canary",
    ) as { spec: { template: { spec: { affinity: unknown } } } };
    expect(canary.spec.template.spec.affinity).toEqual({
      node_affinity: {
        required_during_scheduling_ignored_during_execution: {
          node_selector_term: [
            { match_expressions: [{ key: "wavegate.dev/pool", operator: "In", values: ["canary"] }] },
          ],
        },
      },
    });
  });

  test.each([
    ["no nodes", { nodes: [] }, /^nodes: no node named/],
    ["a duplicate node", { nodes: ["a", "a"] }, /^nodes\[1\]: "a" is listed twice/],
    ["an invalid label key", { labelKey: "bad key" }, /^labelKey: "bad key" is not a valid label key/],
    ["an invalid label value", { labelValue: "-x" }, /^labelValue: "-x" is not a valid label value/],
  ] as [string, Partial<WaveNodesProps>, RegExp][])("refuses %s", (_name, override, message) => {
    const act = () => Testing.synthScope((scope) => new WaveNodes(scope, "n", { ...props, ...override }));
    expect(act).toThrow(ValidationError);
    expect(act).toThrow(message);
  });
});
