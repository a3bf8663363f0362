import { LoadedDaemonSet } from "../../lib/inputs/types";
import { DaemonSet } from "../../lib/model/k8s";
import { checkPoolCoverage } from "../../lib/model/pool-coverage";
import { nodeSelectorOf } from "../../lib/policy/rules/pool-selector";

function daemonSet(nodeSelectorTerms: unknown[]): LoadedDaemonSet {
  const manifest = {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "agent" },
    spec: {
      selector: {},
      template: {
        spec: {
          containers: [],
          affinity: {
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms } },
          },
        },
      },
    },
  } as unknown as DaemonSet;
  return {
    source: { file: "x.yaml", format: "k8s-yaml", address: "DaemonSet/default/agent" },
    kind: "DaemonSet",
    manifest,
    cluster: "default",
  };
}

describe("nodeSelectorOf", () => {
  test("an empty node selector term matches no node (Kubernetes semantics), so it adds no overlap", () => {
    const canary = nodeSelectorOf(
      daemonSet([{ matchExpressions: [{ key: "pool", operator: "In", values: ["dev"] }] }, {}]),
    );
    const production = nodeSelectorOf(
      daemonSet([{ matchExpressions: [{ key: "pool", operator: "NotIn", values: ["dev"] }] }]),
    );
    expect(canary).toEqual([[{ key: "pool", operator: "In", values: ["dev"] }]]);
    expect(checkPoolCoverage([canary, production])).toMatchObject({
      overlaps: [],
      overlapCount: 0,
      gap: undefined,
      complete: true,
    });
  });

  test("a selector whose only term is empty selects no node (a gap, not every node)", () => {
    const nothing = nodeSelectorOf(daemonSet([{}]));
    expect(nothing).toEqual([]);
    expect(checkPoolCoverage([nothing]).gap).toEqual({});
  });
});
