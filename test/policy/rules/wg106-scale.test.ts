import { LoadedDaemonSet } from "../../../lib/inputs/types";
import { DaemonSet, NodeSelectorRequirement } from "../../../lib/model/k8s";
import { runRules } from "../../../lib/policy/engine";
import { poolCoverageRule, WG106 } from "../../../lib/policy/rules";

/** An agent with one wave DaemonSet per pool (Kubernetes form); `undefined` pools have no affinity. */
function agent(pools: (NodeSelectorRequirement[] | undefined)[]): LoadedDaemonSet[] {
  const names = pools.map((_, i) => `w${i}`);
  return pools.map((expressions, i) => {
    const manifest: DaemonSet = {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: {
        name: `agent-${names[i]}`,
        labels: { "app.kubernetes.io/name": "agent", "wavegate.dev/wave": names[i] },
        annotations: {
          "wavegate.dev/agent": "agent",
          "wavegate.dev/wave-index": String(i),
          "wavegate.dev/waves": names.join(","),
          "wavegate.dev/version": "v1",
        },
      },
      spec: {
        selector: { matchLabels: { "wavegate.dev/wave": names[i] } },
        template: {
          spec: {
            containers: [{ name: "agent", image: "r.io/agent:v1" }],
            ...(expressions
              ? {
                  affinity: {
                    nodeAffinity: {
                      requiredDuringSchedulingIgnoredDuringExecution: {
                        nodeSelectorTerms: [{ matchExpressions: expressions }],
                      },
                    },
                  },
                }
              : {}),
          },
        },
      },
    };
    return {
      source: { file: "x.yaml", format: "k8s-yaml", address: `DaemonSet/default/agent-${names[i]}` },
      kind: "DaemonSet",
      manifest,
      cluster: "default",
    };
  });
}

function wg106(daemonSets: LoadedDaemonSet[]) {
  return runRules([poolCoverageRule], {
    daemonSets,
    files: ["x.yaml"],
    stacks: [],
    otherResources: 0,
    warnings: [],
  }).findings.filter((f) => f.ruleId === WG106);
}

describe("WG106 decides at scale, and fails closed", () => {
  test("GIVEN 12 waves on labels of their own, two sharing a node group THEN the overlap fails with a witness (not n/a)", () => {
    const pools = Array.from({ length: 11 }, (_, i) => [
      { key: `wave-${i}`, operator: "In", values: ["yes"] },
    ]);
    const rest = Array.from({ length: 11 }, (_, i) => ({
      key: `wave-${i}`,
      operator: "NotIn",
      values: ["yes"],
    }));
    const findings = wg106(agent([...pools, rest]));
    expect(findings.some((f) => f.outcome === "not-applicable")).toBe(false);
    expect(findings[0].outcome).toBe("fail");
    expect(findings[0].message).toMatch(/overlaps wave "w1": a node labelled \{wave-0=yes, wave-1=yes\}/);
    expect(findings[11].outcome).toBe("pass");
  });

  test("GIVEN 2,000 overlapping waves THEN each fails with a bounded message (3 witnesses and a count)", () => {
    const same = [{ key: "pool", operator: "In", values: ["dev"] }];
    const findings = wg106(agent(Array.from({ length: 2000 }, () => same)));
    expect(findings).toHaveLength(2000);
    expect(findings.every((f) => f.outcome === "fail")).toBe(true);
    expect(findings[5].message).toMatch(/overlaps wave "w0".*; and 1996 more wave\(s\) overlap it$/);
    const total = findings.reduce((n, f) => n + (f.message?.length ?? 0), 0);
    expect(total).toBeLessThan(2000 * 600);
  });
});
