import { planStagedDaemonSet } from "../../lib/constructs/staged-daemon-set";
import { LoadedDaemonSet } from "../../lib/inputs/types";
import { DaemonSet } from "../../lib/model/k8s";
import { NodePool } from "../../lib/model/node-pool";
import { agentsFromDaemonSets } from "../../lib/simulate/from-daemon-sets";
import { toSimWaves } from "../../lib/simulate/params";

function loaded(
  manifest: DaemonSet,
  address = `DaemonSet/kube-system/${manifest.metadata.name}`,
): LoadedDaemonSet {
  return {
    source: { file: "test.yaml", format: "k8s-yaml", address },
    kind: "DaemonSet",
    manifest,
    cluster: "default",
  };
}

function stagedManifests(nodes: [number?, number?, number?] = [20, 200, 2000]): DaemonSet[] {
  return planStagedDaemonSet({
    name: "agent",
    namespace: "kube-system",
    image: "registry.example/agent",
    versions: { canary: "v2", staging: "v1", production: "v1" },
    waves: [
      { name: "canary", pool: NodePool.eksNodegroup("dev"), nodes: nodes[0] },
      { name: "staging", pool: NodePool.eksNodegroup("stg"), nodes: nodes[1], maxUnavailable: "5%" },
      { name: "production", nodes: nodes[2] },
    ],
    pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/healthz", port: 9090 } } }] },
  }).map((w) => w.manifest);
}

function plain(
  name: string,
  rolling?: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): DaemonSet {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name, namespace: "default" },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { spec: { containers: [{ name }] } },
      ...(rolling !== undefined ? { updateStrategy: { type: "RollingUpdate", rollingUpdate: rolling } } : {}),
      ...extra,
    },
  } as DaemonSet;
}

describe("agentsFromDaemonSets", () => {
  test("GIVEN a staged rollout's manifests in any order THEN one agent with its waves in wave-index order", () => {
    const [canary, staging, production] = stagedManifests();
    const agents = agentsFromDaemonSets([production, canary, staging].map((m) => loaded(m)));
    expect(agents).toHaveLength(1);
    const agent = agents[0];
    expect(agent).toMatchObject({ agent: "agent", staged: true });
    expect(
      agent.waves.map((w) => [w.name, w.version, w.nodes, String(w.maxUnavailable), w.minReadySeconds]),
    ).toEqual([
      ["canary", "v2", 20, "1", 30],
      ["staging", "v1", 200, "5%", 30],
      ["production", "v1", 2000, "10%", 30],
    ]);
    expect(agent.waves[2].daemonSet).toBe("kube-system/agent");
  });

  test("toSimWaves takes node counts from the annotation, overrides win, bake defaults to 1h but not on the last", () => {
    const agent = agentsFromDaemonSets(stagedManifests().map((m) => loaded(m)))[0];
    const waves = toSimWaves(agent, { nodes: { production: 5000 }, bake: { staging: 600 } });
    expect(waves.map((w) => [w.name, w.nodes, w.bakeSeconds])).toEqual([
      ["canary", 20, 3600],
      ["staging", 200, 600],
      ["production", 5000, 0],
    ]);
  });

  test("a wave without a node count is a usage problem naming the flag", () => {
    const agent = agentsFromDaemonSets(stagedManifests([20, undefined, 2000]).map((m) => loaded(m)))[0];
    expect(() => toSimWaves(agent)).toThrow(/--nodes staging=<count>/);
    expect(toSimWaves(agent, { nodes: { staging: 7 } })[1].nodes).toBe(7);
  });

  test("an override naming no wave is rejected with the wave names", () => {
    const agent = agentsFromDaemonSets(stagedManifests().map((m) => loaded(m)))[0];
    expect(() => toSimWaves(agent, { nodes: { canry: 3 } })).toThrow(
      /no wave named "canry".*canary, staging, production/,
    );
  });

  test("a DaemonSet without the contract is an un-staged agent of one wave, with Kubernetes defaults", () => {
    const agents = agentsFromDaemonSets([loaded(plain("legacy"))]);
    expect(agents).toEqual([
      expect.objectContaining({
        agent: "legacy",
        staged: false,
        waves: [expect.objectContaining({ name: "legacy" })],
      }),
    ]);
    const w = agents[0].waves[0];
    expect([String(w.maxUnavailable), String(w.maxSurge), w.minReadySeconds, w.nodes]).toEqual([
      "1",
      "0",
      0,
      undefined,
    ]);
  });

  test("values as Terraform or YAML write them: strings, surge instead of unavailable", () => {
    const [w] = agentsFromDaemonSets([
      loaded(plain("surge", { maxSurge: "25%" }, { minReadySeconds: "15" })),
    ])[0].waves;
    expect([String(w.maxUnavailable), String(w.maxSurge), w.minReadySeconds]).toEqual(["0", "25%", 15]);
  });

  test.each([
    ["OnDelete", plain("x", undefined, { updateStrategy: { type: "OnDelete" } }), /OnDelete never replaces/],
    ["unknown until apply", plain("x", { maxUnavailable: "${var.max}" }), /only known at apply time/],
    ["both non-zero", plain("x", { maxUnavailable: 1, maxSurge: 1 }), /both non-zero/],
    ["a bad percent", plain("x", { maxUnavailable: "150%" }), /over 100%/],
    ["unknown minReadySeconds", plain("x", {}, { minReadySeconds: "${var.ready}" }), /minReadySeconds/],
  ])("rejects %s, naming the DaemonSet", (_name, manifest, message) => {
    expect(() => agentsFromDaemonSets([loaded(manifest as DaemonSet, "kubernetes_daemon_set_v1.x")])).toThrow(
      message,
    );
    expect(() => agentsFromDaemonSets([loaded(manifest as DaemonSet, "kubernetes_daemon_set_v1.x")])).toThrow(
      /kubernetes_daemon_set_v1\.x/,
    );
  });

  test("two agents stay apart", () => {
    const agents = agentsFromDaemonSets([...stagedManifests(), plain("other")].map((m) => loaded(m)));
    expect(agents.map((a) => [a.agent, a.waves.length])).toEqual([
      ["agent", 3],
      ["other", 1],
    ]);
  });

  test("the same wave twice (e.g. two clusters read at once) is an error, not a silent merge", () => {
    const [canary] = stagedManifests();
    expect(() => agentsFromDaemonSets([loaded(canary, "a"), loaded(canary, "b")])).toThrow(/appears twice/);
  });
});

describe("the version a wave runs is read from its image (issue 12)", () => {
  test("GIVEN an image bumped past a stale version annotation THEN the image's version", () => {
    const [canary, staging, production] = stagedManifests();
    const container = canary.spec.template.spec.containers[0];
    container.image = "registry.example/agent:v3";
    const [agent] = agentsFromDaemonSets([canary, staging, production].map((m) => loaded(m)));
    expect(agent.waves.map((w) => w.version)).toEqual(["v3", "v1", "v1"]);
  });
});
