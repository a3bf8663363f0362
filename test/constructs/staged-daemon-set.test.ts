import { Testing, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { fromProviderShape } from "../../lib/inputs/provider-shape";
import { NodePool, StagedDaemonSet, StagedDaemonSetProps, ValidationError } from "../../lib";

const props: StagedDaemonSetProps = {
  name: "node-agent",
  namespace: "kube-system",
  image: "registry.example/node-agent",
  versions: { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" },
  waves: [
    { name: "canary", pool: NodePool.eksNodegroup("dev") },
    { name: "staging", pool: NodePool.eksNodegroup("staging") },
    { name: "production" },
  ],
  pod: {
    containers: [
      {
        name: "agent",
        readinessProbe: { httpGet: { path: "/readyz", port: 9090 } },
        securityContext: { runAsUser: 0, capabilities: { drop: ["ALL"], add: ["BPF"] } },
      },
    ],
    tolerations: [{ operator: "Exists" }],
  },
};

type Resource = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synth(p: StagedDaemonSetProps = props): {
  staged: StagedDaemonSet;
  byName: Record<string, Resource>;
  keys: string[];
} {
  let staged!: StagedDaemonSet;
  const json = Testing.synthScope((scope) => {
    staged = new StagedDaemonSet(scope, "agent", p);
  });
  const resources: Record<string, Resource> = JSON.parse(json).resource.kubernetes_daemon_set_v1;
  const byName: Record<string, Resource> = {};
  for (const r of Object.values(resources)) byName[r.metadata.name] = r;
  return { staged, byName, keys: Object.keys(resources) };
}

describe("StagedDaemonSet", () => {
  test("GIVEN three waves THEN one kubernetes_daemon_set_v1 per wave; production keeps the agent's name", () => {
    const { byName } = synth();
    expect(Object.keys(byName).sort()).toEqual(["node-agent", "node-agent-canary", "node-agent-staging"]);
  });

  test("each wave pins its own version on the agent container", () => {
    const { byName } = synth();
    const image = (n: string) => byName[n].spec.template.spec.container[0].image;
    expect(image("node-agent-canary")).toBe("registry.example/node-agent:v2.5.0");
    expect(image("node-agent-staging")).toBe("registry.example/node-agent:v2.4.0");
    expect(image("node-agent")).toBe("registry.example/node-agent:v2.4.0");
  });

  test("each wave has a RollingUpdate strategy with its cap, minReadySeconds and revision history", () => {
    const { byName } = synth();
    expect(byName["node-agent-canary"].spec.strategy).toEqual({
      type: "RollingUpdate",
      rolling_update: { max_unavailable: "1", max_surge: "0" },
    });
    for (const n of ["node-agent-staging", "node-agent"]) {
      expect(byName[n].spec.strategy.rolling_update).toEqual({ max_unavailable: "10%", max_surge: "0" });
      expect(byName[n].spec.min_ready_seconds).toBe(30);
      expect(byName[n].spec.revision_history_limit).toBe(10);
    }
  });

  test("required node affinity binds each wave to its pool; the last wave is NotIn every earlier pool", () => {
    const { byName } = synth();
    const terms = (n: string) =>
      byName[n].spec.template.spec.affinity.node_affinity.required_during_scheduling_ignored_during_execution
        .node_selector_term;
    expect(terms("node-agent-canary")).toEqual([
      { match_expressions: [{ key: "eks.amazonaws.com/nodegroup", operator: "In", values: ["dev"] }] },
    ]);
    expect(terms("node-agent-staging")).toEqual([
      { match_expressions: [{ key: "eks.amazonaws.com/nodegroup", operator: "In", values: ["staging"] }] },
    ]);
    expect(terms("node-agent")).toEqual([
      {
        match_expressions: [
          { key: "eks.amazonaws.com/nodegroup", operator: "NotIn", values: ["dev", "staging"] },
        ],
      },
    ]);
  });

  test("writes the rollout contract on every wave and selects pods by agent and wave", () => {
    const { byName } = synth();
    const staging = byName["node-agent-staging"];
    expect(staging.metadata.labels).toEqual({
      "app.kubernetes.io/name": "node-agent",
      "wavegate.dev/wave": "staging",
    });
    expect(staging.metadata.annotations).toEqual({
      "wavegate.dev/agent": "node-agent",
      "wavegate.dev/wave-index": "1",
      "wavegate.dev/waves": "canary,staging,production",
      "wavegate.dev/version": "v2.4.0",
    });
    expect(staging.spec.selector.match_labels).toEqual(staging.metadata.labels);
    expect(staging.spec.template.metadata.labels).toEqual(staging.metadata.labels);
  });

  test("waits for each wave's rollout and chains the waves, so apply finishes one wave before the next", () => {
    const { byName, keys } = synth();
    for (const r of Object.values(byName)) {
      expect(r.wait_for_rollout).toBe(true);
      expect(r.timeouts).toEqual({ create: "30m", update: "30m", delete: "10m" });
    }
    const address = (n: string) => `kubernetes_daemon_set_v1.${keys.find((k) => k.includes(`_${n}_`))}`;
    expect(byName["node-agent-canary"].depends_on).toBeUndefined();
    expect(byName["node-agent-staging"].depends_on).toEqual([address("canary")]);
    expect(byName["node-agent"].depends_on).toEqual([address("staging")]);
  });

  test("keeps the pod template field by field (probe port as the provider's string, run_as_user, tolerations)", () => {
    const { byName } = synth();
    const spec = byName["node-agent"].spec.template.spec;
    expect(spec.container[0].readiness_probe).toEqual({ http_get: { path: "/readyz", port: "9090" } });
    expect(spec.container[0].security_context).toEqual({
      run_as_user: "0",
      capabilities: { drop: ["ALL"], add: ["BPF"] },
    });
    expect(spec.toleration).toEqual([{ operator: "Exists" }]);
  });

  test("round trip: the synthesized resource reads back as the model's manifest", () => {
    const { staged, byName } = synth();
    for (const wave of staged.waves) {
      const back = fromProviderShape(byName[wave.manifest.metadata.name!]);
      expect(back).toEqual({ metadata: wave.manifest.metadata, spec: wave.manifest.spec });
    }
  });

  test("an options such as rolloutTimeout, minReadySeconds and revisionHistoryLimit reach every wave", () => {
    const { byName } = synth({
      ...props,
      rolloutTimeout: "1h",
      minReadySeconds: 60,
      revisionHistoryLimit: 3,
    });
    for (const r of Object.values(byName)) {
      expect(r.timeouts.update).toBe("1h");
      expect(r.spec.min_ready_seconds).toBe(60);
      expect(r.spec.revision_history_limit).toBe(3);
    }
  });

  test("waves may be whole clusters: one provider per wave and no pool affinity", () => {
    const json = Testing.synthScope((scope) => {
      const stack = scope as TerraformStack;
      const dev = new KubernetesProvider(stack, "dev", { alias: "dev", configContext: "dev" });
      const prod = new KubernetesProvider(stack, "prod", { alias: "prod", configContext: "prod" });
      new StagedDaemonSet(stack, "agent", {
        ...props,
        versions: { dev: "v2", production: "v1" },
        minWaves: 2,
        waves: [
          { name: "dev", provider: dev },
          { name: "production", provider: prod },
        ],
      });
    });
    const resources = Object.values(JSON.parse(json).resource.kubernetes_daemon_set_v1) as Resource[];
    expect(resources.map((r) => r.provider).sort()).toEqual(["kubernetes.dev", "kubernetes.prod"]);
    for (const r of resources) expect(r.spec.template.spec.affinity).toBeUndefined();
    const clusters = resources.map((r) => r.metadata.annotations["wavegate.dev/cluster"]).sort();
    expect(clusters).toHaveLength(2);
    expect(clusters[0]).toMatch(/\/dev$/);
    expect(clusters[1]).toMatch(/\/prod$/);
  });

  describe("refuses bad props at construct time, naming the field", () => {
    const bad: [string, Partial<StagedDaemonSetProps>, RegExp][] = [
      [
        "a version for an unknown wave",
        { versions: { ...props.versions, prod: "v1" } },
        /^versions\.prod: there is no wave named "prod"/,
      ],
      [
        "a missing version",
        { versions: { canary: "v2", staging: "v1" } },
        /^versions\.production: no version given/,
      ],
      ["an empty image", { image: "" }, /^image: the image repository is empty/],
      ["an image with a tag", { image: "r.io/agent:v1" }, /^image: "r.io\/agent:v1" carries a tag or digest/],
      [
        "no readiness probe",
        { pod: { containers: [{ name: "agent" }] } },
        /^containers\.agent\.readinessProbe: the agent container has no readiness probe/,
      ],
      [
        "an agent container with its own image",
        {
          pod: {
            containers: [{ name: "agent", image: "x:1", readinessProbe: { exec: { command: ["true"] } } }],
          },
        },
        /^containers\.agent\.image: /,
      ],
      [
        "revisionHistoryLimit below 2",
        { revisionHistoryLimit: 1 },
        /^revisionHistoryLimit: 1 keeps too few revisions/,
      ],
      ["an invalid agent name", { name: "Node_Agent" }, /^name: "Node_Agent" is not a valid DaemonSet name/],
      [
        "a cap exceeded",
        {
          waves: [
            props.waves[0],
            { name: "staging", pool: NodePool.eksNodegroup("s"), maxUnavailable: "50%" },
            props.waves[2],
          ],
        },
        /^waves\[1\]\.maxUnavailable: 50% exceeds the cap/,
      ],
    ];
    test.each(bad)("%s", (_name, override, message) => {
      const act = () =>
        Testing.synthScope((scope) => new StagedDaemonSet(scope, "agent", { ...props, ...override }));
      expect(act).toThrow(ValidationError);
      expect(act).toThrow(message);
    });
  });
});
