import { Testing, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import {
  EbpfAgent,
  NodePool,
  planStagedDaemonSet,
  RolloutPolicy,
  StagedDaemonSet,
  StagedDaemonSetProps,
  ValidationError,
} from "../../lib";
import { daemonSetsFromTerraformJson } from "../../lib/inputs/tf-json";
import { runPolicy } from "../../lib/policy/engine";
import { evaluateGate } from "../../lib/policy/gate";

// One policy, everywhere: what `wavegate check` fails, the constructs refuse at construct time, naming the wave and
// the construct path; suppressions work the same way.

const agent = { name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } };
const props: StagedDaemonSetProps = {
  name: "agent",
  namespace: "kube-system",
  image: "registry.example/agent",
  versions: { canary: "v1.1.0", staging: "v1.0.0", production: "v1.0.0" },
  waves: [
    { name: "canary", pool: NodePool.eksNodegroup("dev"), nodes: 10 },
    { name: "staging", pool: NodePool.eksNodegroup("staging"), nodes: 100 },
    { name: "production", nodes: 1000 },
  ],
  pod: { containers: [agent] },
};

/** Builds the props in a stack; returns the ValidationError thrown, or undefined when accepted. */
function construct(
  p: StagedDaemonSetProps,
  before?: (stack: Construct) => void,
): ValidationError | undefined {
  let error: ValidationError | undefined;
  Testing.synthScope((scope) => {
    before?.(scope);
    try {
      new StagedDaemonSet(scope, "agent", p);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      error = err;
    }
  });
  return error;
}

describe("StagedDaemonSet runs the policy rules on its waves", () => {
  test("GIVEN clean props THEN they are accepted", () => {
    expect(construct(props)).toBeUndefined();
  });

  const refused: [string, Partial<StagedDaemonSetProps>, RegExp][] = [
    [
      "a privileged container",
      { pod: { containers: [{ ...agent, securityContext: { privileged: true } }] } },
      /WG201 at wave "canary" \(.*agent\/canary\)/,
    ],
    [
      "SYS_MODULE",
      { pod: { containers: [{ ...agent, securityContext: { capabilities: { add: ["SYS_MODULE"] } } }] } },
      /WG202/,
    ],
    [
      "image latest",
      { versions: { canary: "latest", staging: "latest", production: "latest" } },
      /WG109 at wave "canary"/,
    ],
    [
      "production ahead of canary",
      { versions: { canary: "v1.0.0", staging: "v1.0.0", production: "v2.0.0" } },
      /WG105 at wave "production"/,
    ],
    [
      "a canary over 1% of known nodes",
      {
        waves: [
          { name: "canary", pool: NodePool.eksNodegroup("dev"), nodes: 50 },
          { name: "staging", pool: NodePool.eksNodegroup("staging"), nodes: 100 },
          { name: "production", nodes: 1000 },
        ],
      },
      /WG107 at wave "canary".*50 of 1150 nodes/,
    ],
    [
      "two waves with minWaves: 2 but the policy's 3",
      {
        minWaves: 2,
        policy: { options: { minWaves: 3 } },
        versions: { canary: "v1.0.0", production: "v1.0.0" },
        waves: [{ name: "canary", pool: NodePool.eksNodegroup("dev") }, { name: "production" }],
      },
      /WG107/,
    ],
  ];
  test.each(refused)(
    "GIVEN %s THEN a ValidationError names the rule, wave and path",
    (_, change, message) => {
      const err = construct({ ...props, ...change });
      expect(err).toBeInstanceOf(ValidationError);
      expect(err?.message).toMatch(message);
      expect(err?.field).toMatch(/^waves\[\d\]$/);
      expect(err?.fix).toMatch(/suppressions/);
    },
  );

  test("only two waves are refused by default: minWaves defaults to 3, like WG107", () => {
    const err = construct({
      ...props,
      versions: { canary: "v1.0.0", production: "v1.0.0" },
      waves: [{ name: "canary", pool: NodePool.eksNodegroup("dev") }, { name: "production" }],
    });
    expect(err?.message).toMatch(/^waves: 2 wave\(s\) given; a staged rollout needs at least 3/);
  });

  test("the pure planStagedDaemonSet runs the same policy", () => {
    const change = { pod: { containers: [{ ...agent, securityContext: { privileged: true } }] } };
    expect(() => planStagedDaemonSet({ ...props, ...change })).toThrow(
      /WG201 at wave "canary" \(agent\/canary\)/,
    );
  });

  const large = {
    waves: [
      { name: "canary", pool: NodePool.eksNodegroup("dev"), nodes: 50 },
      { name: "staging", pool: NodePool.eksNodegroup("staging"), nodes: 100 },
      { name: "production", nodes: 1000 },
    ],
  };

  test("a `policy` suppression accepts the failure here and in the synth-time gate", () => {
    let stack!: TerraformStack;
    Testing.synthScope((scope) => {
      stack = scope as TerraformStack;
      new StagedDaemonSet(scope, "agent", {
        ...props,
        ...large,
        policy: { suppressions: [{ ruleId: "WG107", reason: "dev pool is shared with QA this quarter" }] },
      });
    });
    const { report, gate } = RolloutPolicy.check(stack);
    expect(gate.passed).toBe(true);
    expect(report.findings.filter((f) => f.suppressed !== undefined).map((f) => f.ruleId)).toEqual(["WG107"]);
  });

  test("a suppression recorded on an enclosing construct before the agent is created applies too", () => {
    const err = construct({ ...props, ...large }, (stack) =>
      RolloutPolicy.suppress(stack, "WG107", "dev pool is shared with QA this quarter"),
    );
    expect(err).toBeUndefined();
  });

  test("a suppression of another wave does not accept the failure", () => {
    const err = construct({
      ...props,
      ...large,
      policy: { suppressions: [{ ruleId: "WG107", wave: "staging", reason: "dev pool is shared with QA" }] },
    });
    expect(err?.message).toMatch(/WG107/);
  });

  test("an expired or too-short suppression is refused, naming it", () => {
    const expired = construct({
      ...props,
      policy: {
        suppressions: [{ ruleId: "WG107", reason: "accepted for the Q1 rollout", expires: "2020-01-01" }],
      },
    });
    expect(expired?.field).toBe("policy.suppressions[0]");
    const short = construct({ ...props, policy: { suppressions: [{ ruleId: "WG107", reason: "ok" }] } });
    expect(short?.field).toBe("policy.suppressions[0]");
    const unknownWave = construct({
      ...props,
      policy: { suppressions: [{ ruleId: "WG107", wave: "prod", reason: "a reason long enough" }] },
    });
    expect(unknownWave?.field).toBe("policy.suppressions[0].wave");
    const unknownRule = construct({
      ...props,
      policy: { suppressions: [{ ruleId: "WG999", reason: "a reason long enough" }] },
    });
    expect(unknownRule?.field).toBe("policy.suppressions[0].ruleId");
  });

  test("policy options apply: maxFirstWavePercent 5 accepts a 50-node canary of 1150", () => {
    expect(
      construct({ ...props, ...large, policy: { options: { maxFirstWavePercent: 5 } } }),
    ).toBeUndefined();
  });
});

describe("a canary that cannot be 1%: a regional pool of one node per zone", () => {
  const regional = (zones?: number) => ({
    ...props,
    waves: [
      { name: "canary", pool: NodePool.gkeNodePool("canary"), nodes: 3, zones },
      { name: "staging", pool: NodePool.gkeNodePool("staging"), nodes: 15 },
      { name: "production", nodes: 132 },
    ],
  });

  test("GIVEN 3 nodes of 150 without zones THEN WG107 refuses it (2 allowed)", () => {
    expect(construct(regional())?.message).toMatch(/WG107.*3 of 150 nodes; at most 2/);
  });

  test("GIVEN zones: 3 THEN it is accepted, and `wavegate check` agrees on the synthesized JSON", () => {
    const json = Testing.synthScope((scope) => {
      new StagedDaemonSet(scope, "agent", regional(3));
    });
    const parsed = JSON.parse(json);
    type Resource = { metadata: { name: string; annotations: Record<string, string> } };
    const resources = Object.values(parsed.resource.kubernetes_daemon_set_v1 as Record<string, Resource>);
    const canary = resources.find((r) => r.metadata.name === "agent-canary") as Resource;
    expect(canary.metadata.annotations["wavegate.dev/zones"]).toBe("3");
    const file = "stacks/x/cdk.tf.json";
    const loaded = daemonSetsFromTerraformJson(parsed, { file, format: "cdktf-out", stack: "x" });
    const gate = evaluateGate(runPolicy({ ...loaded, files: [file], stacks: ["x"] }));
    expect(gate.failures).toEqual([]);
  });

  test("zones do not excuse a canary larger than one node per zone", () => {
    const p = regional(3);
    const waves = [{ ...p.waves[0], nodes: 5 }, ...p.waves.slice(1)];
    expect(construct({ ...p, waves })?.message).toMatch(/WG107.*5 of 152 nodes; at most 3 \(1%, 3 zone\(s\)/);
  });

  test("zones beyond 16 are refused", () => {
    expect(construct(regional(40))?.field).toBe("waves[0].zones");
  });
});

describe("EbpfAgent runs the same policy", () => {
  test("its policy prop reaches the staged rollout", () => {
    const run = (policy?: object) =>
      Testing.synthScope((scope) => {
        new EbpfAgent(scope, "agent", {
          name: "agent",
          image: "registry.example/agent",
          versions: props.versions,
          waves: props.waves.map((w, i) => (i === 0 ? { ...w, nodes: 50 } : w)),
          programs: ["tracing"],
          health: { port: 9090 },
          ...(policy ? { policy } : {}),
        });
      });
    expect(() => run()).toThrow(/WG107 at wave "canary" \(.*agent\/staged\/canary\)/);
    expect(() =>
      run({ suppressions: [{ ruleId: "WG107", reason: "shared dev pool this quarter" }] }),
    ).not.toThrow();
  });
});
