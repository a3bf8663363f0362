import { Testing, TerraformStack } from "cdktf";
import { EbpfAgent, NodePool, Release, StagedDaemonSet } from "../../lib";
import { planStagedDaemonSet } from "../../lib/constructs/staged-daemon-set";
import { contentHash } from "../../lib/model/wave-release";
import { agentProps } from "../policy/rules/release-helpers";

const release = Release.parse(
  `
apiVersion: wavegate.dev/v1alpha1
kind: Release
agents:
  - name: agent
    waves:
      - name: canary
        version: v1.1.0
        content: { rules.yaml: "rules: [new]\\n" }
        args: ["--mode=strict"]
        env: { LOG_LEVEL: debug }
      - name: staging
        version: v1.0.0
        content: { rules.yaml: "rules: [old]\\n" }
      - name: production
        version: v1.0.0
`,
  "wavegate.release.yaml",
);

describe("StagedDaemonSet with a release file", () => {
  test("each wave runs its own version; content becomes that wave's own ConfigMap, mounted in that wave only", () => {
    const waves = planStagedDaemonSet(agentProps({ versions: undefined, release }));
    const [canary, staging, production] = waves.map((w) => w.manifest);
    expect(canary.spec.template.spec.containers[0].image).toBe("registry.example/agent:v1.1.0");
    expect(canary.spec.template.spec.volumes).toEqual([
      { name: "wavegate-content", configMap: { name: "agent-canary-content" } },
    ]);
    expect(staging.spec.template.spec.volumes).toEqual([
      { name: "wavegate-content", configMap: { name: "agent-staging-content" } },
    ]);
    expect(production.spec.template.spec.volumes).toBeUndefined();
    expect(canary.spec.template.spec.containers[0].volumeMounts).toEqual([
      { name: "wavegate-content", mountPath: "/etc/wavegate/content", readOnly: true },
    ]);
  });

  test("args / env overrides apply to that wave only; the content hash is annotated on the wave and its pods", () => {
    const [canary, staging, production] = planStagedDaemonSet(
      agentProps({ versions: undefined, release }),
    ).map((w) => w.manifest);
    expect(canary.spec.template.spec.containers[0]).toMatchObject({
      args: ["--mode=strict"],
      env: [{ name: "LOG_LEVEL", value: "debug" }],
    });
    expect(staging.spec.template.spec.containers[0].args).toBeUndefined();
    const hash = contentHash({
      content: { "rules.yaml": "rules: [new]\n" },
      args: ["--mode=strict"],
      env: { LOG_LEVEL: "debug" },
    });
    expect(canary.metadata.annotations?.["wavegate.dev/content-hash"]).toBe(hash);
    expect(canary.spec.template.metadata?.annotations?.["wavegate.dev/content-hash"]).toBe(hash);
    expect(staging.metadata.annotations?.["wavegate.dev/content-hash"]).not.toBe(hash);
    expect(production.metadata.annotations?.["wavegate.dev/content-hash"]).toBeUndefined();
  });

  test("synth: one kubernetes_config_map_v1 per wave with content, and the wave depends on it", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    new StagedDaemonSet(stack, "agent", agentProps({ versions: undefined, release }));
    const json = JSON.parse(Testing.synth(stack));
    const maps = Object.values(json.resource.kubernetes_config_map_v1) as {
      metadata: { name: string };
      data: unknown;
    }[];
    expect(maps.map((m) => [m.metadata.name, m.data])).toEqual([
      ["agent-canary-content", { "rules.yaml": "rules: [new]\n" }],
      ["agent-staging-content", { "rules.yaml": "rules: [old]\n" }],
    ]);
    const canary = Object.entries(json.resource.kubernetes_daemon_set_v1).find(([k]) =>
      k.includes("canary"),
    )?.[1] as {
      depends_on: string[];
    };
    expect(canary.depends_on).toEqual([
      expect.stringMatching(/^kubernetes_config_map_v1\.agent_canary-content_/),
    ]);
  });

  test("refuses both versions and release, and waves that differ from the release file's", () => {
    expect(() => planStagedDaemonSet(agentProps({ release }))).toThrow(
      /both `versions` and `release` are given/,
    );
    const waves = [...agentProps().waves]
      .reverse()
      .map((w, i) => ({ ...w, pool: i < 2 ? NodePool.eksNodegroup(`p${i}`) : undefined }));
    expect(() => planStagedDaemonSet(agentProps({ versions: undefined, release, waves }))).toThrow(
      /lists the waves of "agent" as canary, staging, production, but the construct's waves are production, staging, canary/,
    );
  });

  test("refuses content over 1 MiB (one ConfigMap's limit), naming the wave", () => {
    const big = Release.parse({
      apiVersion: "wavegate.dev/v1alpha1",
      kind: "Release",
      agents: [
        {
          name: "agent",
          waves: ["canary", "staging", "production"].map((name) => ({
            name,
            version: "v1.0.0",
            ...(name === "canary" ? { content: { "big.bin": "x".repeat(1024 * 1024) } } : {}),
          })),
        },
      ],
    });
    expect(() => planStagedDaemonSet(agentProps({ versions: undefined, release: big }))).toThrow(
      /^release\.canary\.content: 1048583 bytes of content do not fit in one ConfigMap/,
    );
  });

  test("Release.load names the file on a bad path or field", () => {
    expect(() => Release.load("/nonexistent/wavegate.release.yaml")).toThrow(
      /cannot read the release file: ENOENT/,
    );
    expect(() =>
      Release.parse(
        {
          apiVersion: "wavegate.dev/v1alpha1",
          kind: "Release",
          agents: [{ name: "a", waves: [{ name: "w", version: "latest!" }] }],
        },
        "r.json",
      ),
    ).toThrow(/^r\.json: agents\[0\]\.waves\[0\]\.version: must be an image tag/);
  });

  test("EbpfAgent takes the release too", () => {
    const stack = new TerraformStack(Testing.app(), "s");
    const agent = new EbpfAgent(stack, "agent", {
      name: "agent",
      image: "registry.example/agent",
      release,
      waves: agentProps().waves,
      programs: ["tracing"],
      health: { port: 9090 },
    });
    expect(agent.waves.map((w) => w.manifest.spec.template.spec.containers[0].image)).toEqual([
      "registry.example/agent:v1.1.0",
      "registry.example/agent:v1.0.0",
      "registry.example/agent:v1.0.0",
    ]);
  });
});
