import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { AnnotationMetadataEntryType, App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { DaemonSetV1 } from "@cdktf/provider-kubernetes/lib/daemon-set-v1";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { RolloutPolicy, StagedDaemonSet } from "../../lib";
import { threeWaveAgent } from "../helpers/staged-agent";
import { ValidationError } from "../../lib/model/errors";

/** The classic "guardrail": one raw DaemonSetV1 with max_unavailable 10% (no wavegate construct). */
function legacyAgent(scope: Construct, id = "agent"): DaemonSetV1 {
  return new DaemonSetV1(scope, id, {
    metadata: { name: id, namespace: "kube-system" },
    spec: {
      selector: { matchLabels: { app: id } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "10%" } },
      template: {
        metadata: { labels: { app: id } },
        spec: {
          container: [
            {
              name: id,
              image: "registry.example/agent:v1.0.0",
              readinessProbe: { httpGet: { path: "/readyz", port: "9090" } },
            },
          ],
        },
      },
      minReadySeconds: 30,
    },
  });
}

/** A three-wave staged agent on one version: no error-level finding. */
function stagedAgent(scope: Construct): StagedDaemonSet {
  return threeWaveAgent(scope, "staged");
}

/** A stack with a Kubernetes provider (cdktf's own validation wants one). */
function stackIn(scope: Construct, id: string): TerraformStack {
  const stack = new TerraformStack(scope, id);
  new KubernetesProvider(stack, "kubernetes", {});
  return stack;
}

function appIn(): App {
  return new App({ outdir: mkdtempSync(path.join(tmpdir(), "wavegate-synth-")), skipValidation: false });
}

function synthError(app: App): string {
  try {
    app.synth();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected synth to fail");
}

describe("RolloutPolicy.enforce", () => {
  test("GIVEN an un-staged DaemonSet in a stack WHEN app.synth() THEN synth fails naming the rule, path and fix", () => {
    const app = appIn();
    const stack = stackIn(app, "legacy");
    legacyAgent(stack);
    RolloutPolicy.enforce(app);
    const message = synthError(app);
    expect(message).toContain(
      "[legacy] wavegate WG101 (error) at legacy/agent (kubernetes_daemon_set_v1.agent)",
    );
    expect(message).toContain("Fix: Use StagedDaemonSet");
    expect(existsSync(path.join(app.outdir, "stacks", "legacy", "cdk.tf.json"))).toBe(false);
  });

  test("GIVEN enforce on the stack itself THEN it fails too", () => {
    const app = appIn();
    const stack = stackIn(app, "legacy");
    legacyAgent(stack);
    RolloutPolicy.enforce(stack);
    expect(synthError(app)).toContain("wavegate WG101 (error) at legacy/agent");
  });

  test("GIVEN a stack added after enforce(app) THEN it is still checked", () => {
    const app = appIn();
    RolloutPolicy.enforce(app);
    legacyAgent(stackIn(app, "late"));
    expect(synthError(app)).toContain("wavegate WG101 (error) at late/agent");
  });

  test("GIVEN a staged agent THEN synth succeeds and warnings become annotations", () => {
    const app = appIn();
    const stack = stackIn(app, "staged");
    stagedAgent(stack);
    RolloutPolicy.enforce(app);
    app.synth();
    expect(existsSync(path.join(app.outdir, "stacks", "staged", "cdk.tf.json"))).toBe(true);
    const warnings = stack.node.metadata
      .filter((m) => m.type === AnnotationMetadataEntryType.WARN)
      .map((m) => String(m.data));
    expect(warnings.some((w) => /^wavegate WG\d+ \(warning\) at staged\/staged\/canary/.test(w))).toBe(true);
  });

  test("GIVEN failOn warning THEN warnings fail synth", () => {
    const app = appIn();
    stagedAgent(stackIn(app, "staged"));
    RolloutPolicy.enforce(app, { failOn: "warning" });
    expect(synthError(app)).toMatch(/wavegate WG\d+ \(warning\) at staged\/staged\/canary/);
  });

  test("options reach the engine: disabling the failing rules lets synth pass", () => {
    const app = appIn();
    legacyAgent(stackIn(app, "legacy"));
    RolloutPolicy.enforce(app, { disabledRules: ["WG101"] });
    expect(() => app.synth()).not.toThrow();
  });

  test("invalid options throw at call time", () => {
    expect(() => RolloutPolicy.enforce(appIn(), { minWaves: 0 })).toThrow(ValidationError);
    expect(() => RolloutPolicy.enforce(appIn(), { failOn: "info" as never })).toThrow(
      'failOn: "info" is not a level',
    );
  });
});

describe("RolloutPolicy.suppress", () => {
  test("GIVEN a suppression on the DaemonSet THEN synth passes and the suppression is recorded by construct path", () => {
    const app = appIn();
    const stack = stackIn(app, "legacy");
    const agent = legacyAgent(stack);
    RolloutPolicy.suppress(agent, "WG101", "legacy agent, migrating to StagedDaemonSet in Q3", {
      expires: "2099-12-31",
    });
    RolloutPolicy.suppress(agent, "WG109", "single-wave until the migration lands");
    RolloutPolicy.enforce(app);
    expect(() => app.synth()).not.toThrow();
    expect(RolloutPolicy.suppressionsOf(stack)).toEqual([
      {
        ruleId: "WG101",
        resource: "legacy/agent",
        reason: "legacy agent, migrating to StagedDaemonSet in Q3",
        expires: "2099-12-31",
      },
      { ruleId: "WG109", resource: "legacy/agent", reason: "single-wave until the migration lands" },
    ]);
    const { report } = RolloutPolicy.check(stack);
    expect(
      report.findings
        .filter((f) => f.suppressed !== undefined)
        .map((f) => f.ruleId)
        .sort(),
    ).toEqual(["WG101", "WG109"]);
  });

  test("GIVEN a suppression on a parent construct THEN it covers the DaemonSets below it", () => {
    const app = appIn();
    const stack = stackIn(app, "legacy");
    const group = new Construct(stack, "agents");
    legacyAgent(group, "a");
    legacyAgent(group, "b");
    RolloutPolicy.suppress(group, "WG101", "both legacy agents migrate in Q3");
    RolloutPolicy.suppress(group, "WG109", "both legacy agents migrate in Q3");
    RolloutPolicy.enforce(app);
    expect(() => app.synth()).not.toThrow();
  });

  test("GIVEN an expired suppression THEN synth fails naming it", () => {
    const app = appIn();
    const stack = stackIn(app, "legacy");
    const agent = legacyAgent(stack);
    RolloutPolicy.suppress(agent, "WG101", "legacy agent, migrating to StagedDaemonSet", {
      expires: "2020-01-01",
    });
    RolloutPolicy.suppress(agent, "WG109", "single-wave until the migration lands");
    RolloutPolicy.enforce(app);
    const message = synthError(app);
    expect(message).toContain("wavegate: expired suppression: WG101 on legacy/agent expired on 2020-01-01");
    expect(message).toContain("wavegate WG101 (error) at legacy/agent");
  });

  test("GIVEN an unused suppression THEN synth passes with a warning", () => {
    const app = appIn();
    const stack = stackIn(app, "staged");
    const staged = stagedAgent(stack);
    RolloutPolicy.suppress(staged, "WG101", "nothing to suppress here, really");
    RolloutPolicy.enforce(app);
    app.synth();
    const warnings = stack.node.metadata.map((m) => String(m.data));
    expect(warnings.some((w) => w.startsWith("wavegate: unused suppression: WG101 on staged/staged"))).toBe(
      true,
    );
  });

  test("throws at call time for a short reason, an unknown rule or a bad expiry", () => {
    const stack = stackIn(Testing.app(), "s");
    const agent = legacyAgent(stack);
    expect(() => RolloutPolicy.suppress(agent, "WG101", "because")).toThrow(
      'reason: "because" is shorter than 10 characters',
    );
    expect(() => RolloutPolicy.suppress(agent, "WG101", "         x")).toThrow(ValidationError);
    expect(() => RolloutPolicy.suppress(agent, "WG999", "a perfectly good reason")).toThrow(
      'ruleId: there is no rule "WG999"',
    );
    expect(() =>
      RolloutPolicy.suppress(agent, "WG101", "a perfectly good reason", { expires: "soon" }),
    ).toThrow('expires: "soon" is not an ISO date');
    expect(RolloutPolicy.suppressionsOf(stack)).toEqual([]);
  });
});
