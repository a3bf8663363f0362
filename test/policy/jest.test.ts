import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { DaemonSetV1 } from "@cdktf/provider-kubernetes/lib/daemon-set-v1";
import "../../lib/policy/jest";
import { listFindings, rolloutPolicyMatchers, rolloutPolicyReport } from "../../lib/policy/jest";
import { NodePool, StagedDaemonSet } from "../../lib";

function staged(scope: Construct, versions: Record<string, string>): void {
  new StagedDaemonSet(scope, "agent", {
    // The constructs refuse what the gate fails; accept WG105 here so the synthesized JSON can show the matcher.
    policy: { suppressions: [{ ruleId: "WG105", reason: "the matcher test needs production ahead" }] },
    name: "agent",
    namespace: "kube-system",
    image: "registry.example/agent",
    versions,
    waves: [
      { name: "canary", pool: NodePool.eksNodegroup("dev"), nodes: 10 },
      { name: "staging", pool: NodePool.eksNodegroup("staging"), nodes: 100 },
      { name: "production", nodes: 1000 },
    ],
    pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }] },
  });
}

const SAME = { canary: "v1.0.0", staging: "v1.0.0", production: "v1.0.0" };

function legacy(scope: Construct, image = "registry.example/agent:latest"): void {
  new DaemonSetV1(scope, "legacy", {
    metadata: { name: "legacy" },
    spec: {
      selector: { matchLabels: { app: "legacy" } },
      template: { metadata: { labels: { app: "legacy" } }, spec: { container: [{ name: "legacy", image }] } },
    },
  });
}

describe("wavegate/jest matchers", () => {
  test("toPassRolloutPolicy on Testing.synthScope output (a JSON string)", () => {
    expect(Testing.synthScope((s) => staged(s, SAME))).toPassRolloutPolicy();
  });

  test("toPassRolloutPolicy on a parsed object and on Testing.synth(stack)", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    staged(stack, SAME);
    const synth = Testing.synth(stack);
    expect(JSON.parse(synth)).toPassRolloutPolicy();
    expect(synth).toPassRolloutPolicy();
  });

  test(".not.toPassRolloutPolicy for an un-staged DaemonSet, and options reach the gate", () => {
    const synth = Testing.synthScope((s) => legacy(s));
    expect(synth).not.toPassRolloutPolicy();
    // Warnings pass at the default fail-on error, fail at fail-on warning.
    expect(Testing.synthScope((s) => staged(s, SAME))).not.toPassRolloutPolicy({ failOn: "warning" });
  });

  test("toViolateRule names the rule: latest image, un-staged, production ahead of canary", () => {
    const synth = Testing.synthScope((s) => legacy(s));
    expect(synth).toViolateRule("WG101");
    expect(synth).toViolateRule("WG109");
    expect(synth).not.toViolateRule("WG201");
    const ahead = Testing.synthScope((s) =>
      staged(s, { canary: "v1.0.0", staging: "v1.0.0", production: "v2.0.0" }),
    );
    expect(ahead).toViolateRule("WG105");
    expect(ahead).not.toPassRolloutPolicy();
  });

  test("suppressed failures are not violations", () => {
    const synth = Testing.synthScope((s) => legacy(s));
    const suppressions = [{ ruleId: "WG101", resource: "*", reason: "legacy agent, migrating in Q3" }];
    expect(synth).not.toViolateRule("WG101", { suppressions });
  });

  describe("failure messages list the findings", () => {
    const call = (name: "toPassRolloutPolicy" | "toViolateRule", ...args: unknown[]) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      (rolloutPolicyMatchers[name] as any).call({ isNot: false }, ...args) as {
        pass: boolean;
        message: () => string;
      };

    test("toPassRolloutPolicy", () => {
      const r = call(
        "toPassRolloutPolicy",
        Testing.synthScope((s) => legacy(s)),
      );
      expect(r.pass).toBe(false);
      expect(r.message()).toMatch(
        /^expected the synthesized stack to pass the rollout policy \(fail on error\), but \d+ failures at severity error/,
      );
      expect(r.message()).toContain("WG101 error kubernetes_daemon_set_v1.legacy: ");
      expect(r.message()).toContain("(1 DaemonSet(s) checked)");
    });

    test("toViolateRule when the rule passes", () => {
      const r = call(
        "toViolateRule",
        Testing.synthScope((s) => staged(s, SAME)),
        "WG105",
      );
      expect(r.pass).toBe(false);
      expect(r.message()).toMatch(
        /^expected a DaemonSet to violate WG105, but none did \(3 result\(s\) of WG105 on 3 DaemonSet\(s\); outcomes: 3 pass\)/,
      );
    });

    test("jest prints the message through expect", () => {
      expect(() => expect(Testing.synthScope((s) => legacy(s))).toPassRolloutPolicy()).toThrow(
        /WG101 error kubernetes_daemon_set_v1\.legacy/,
      );
      expect(() => expect(Testing.synthScope((s) => legacy(s))).not.toViolateRule("WG101")).toThrow(
        /expected no DaemonSet to violate WG101, but 1 did:\n {2}WG101 error kubernetes_daemon_set_v1\.legacy/,
      );
    });
  });

  test("the README example: a canary one version ahead passes, and WG105 is not violated", () => {
    const synth = Testing.synthScope((scope) => {
      new StagedDaemonSet(scope, "agent", {
        name: "agent",
        image: "registry.example/agent",
        versions: { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" },
        waves: [
          { name: "canary", pool: NodePool.eksNodegroup("dev"), nodes: 10 },
          { name: "staging", pool: NodePool.eksNodegroup("staging"), nodes: 100 },
          { name: "production", nodes: 1000 },
        ],
        pod: {
          containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }],
        },
      });
    });
    expect(synth).toPassRolloutPolicy();
    expect(synth).not.toViolateRule("WG105");
  });

  test("bad input and unknown rules throw a clear TypeError", () => {
    expect(() => rolloutPolicyReport("not json")).toThrow(
      /^expected the output of Testing\.synth\(stack\) \(Terraform JSON\), but the string is not JSON/,
    );
    expect(() => rolloutPolicyReport(42)).toThrow("got number");
    expect(() => rolloutPolicyReport([])).toThrow("got an array");
    expect(() => expect(Testing.synthScope((s) => legacy(s))).toViolateRule("WG999")).toThrow(
      'toViolateRule: there is no rule "WG999"',
    );
  });

  test("listFindings marks suppressed findings and says (none) for none", () => {
    expect(listFindings([])).toBe("  (none)");
    const report = rolloutPolicyReport(
      Testing.synthScope((s) => legacy(s)),
      {
        suppressions: [{ ruleId: "WG101", resource: "*", reason: "legacy agent, migrating in Q3" }],
      },
    );
    const suppressed = report.findings.filter((f) => f.suppressed !== undefined);
    expect(listFindings(suppressed)).toContain("[suppressed: legacy agent, migrating in Q3]");
  });
});
