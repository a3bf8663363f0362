import { runPolicy } from "../../../lib/policy/engine";
import { findingsOf, outcomesOf } from "../helpers";
import { agentProps, loaded } from "./release-helpers";
import { Release } from "../../../lib/constructs/release";

const input = (daemonSets: ReturnType<typeof loaded>) => ({
  daemonSets,
  files: [],
  stacks: [],
  otherResources: 0,
  warnings: [],
});
const pod = agentProps().pod;

describe("WG304: no ConfigMap or Secret shared by two waves", () => {
  test("GIVEN one ConfigMap mounted by all three waves THEN WG304 fails on each, naming it and the waves", () => {
    const props = agentProps({
      pod: {
        containers: pod.containers,
        volumes: [{ name: "rules", configMap: { name: "agent-rules" } }],
      },
    });
    const report = runPolicy(input(loaded(props)));
    expect(outcomesOf(report, "WG304")).toEqual({
      "agent-canary": "fail",
      "agent-staging": "fail",
      agent: "fail",
    });
    expect(findingsOf(report, "WG304")[0].message).toBe(
      'ConfigMap kube-system/agent-rules (volume "rules") is read by 3 waves of agent (canary, staging, production): ' +
        "a content update reaches them all at once",
    );
  });

  test("a Secret read through envFrom by every wave fails too", () => {
    const props = agentProps({
      pod: {
        containers: [{ ...pod.containers[0], envFrom: [{ secretRef: { name: "agent-token" } }] } as never],
      },
    });
    expect(findingsOf(runPolicy(input(loaded(props))), "WG304")[0].message).toMatch(
      /^Secret kube-system\/agent-token \(envFrom of container "agent"\) is read by 3 waves/,
    );
  });

  test("per-wave content from a release file: each wave its own ConfigMap, WG304 passes", () => {
    const release = Release.parse({
      apiVersion: "wavegate.dev/v1alpha1",
      kind: "Release",
      agents: [
        {
          name: "agent",
          waves: ["canary", "staging", "production"].map((name) => ({
            name,
            version: "v1.0.0",
            content: { "rules.yaml": "rules: []\n" },
          })),
        },
      ],
    });
    const report = runPolicy(input(loaded(agentProps({ versions: undefined, release }))));
    expect(outcomesOf(report, "WG304")).toEqual({
      "agent-canary": "pass",
      "agent-staging": "pass",
      agent: "pass",
    });
  });

  test("the cluster's own kube-root-ca.crt is not content", () => {
    const props = agentProps({
      pod: { containers: pod.containers, volumes: [{ name: "ca", configMap: { name: "kube-root-ca.crt" } }] },
    });
    expect(Object.values(outcomesOf(runPolicy(input(loaded(props))), "WG304"))).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  });
});
