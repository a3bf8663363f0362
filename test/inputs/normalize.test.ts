import { daemonSetFromResource, isUndecidableManifest, unknownFields } from "../../lib/inputs/normalize";

const source = { file: "f.tf.json", format: "tf-json" as const };

describe("daemonSetFromResource", () => {
  test("GIVEN a provider-shaped DaemonSet THEN Kubernetes field names, typed values, address and construct path", () => {
    const ds = daemonSetFromResource(
      "kubernetes_daemon_set_v1",
      "agent_1A2B",
      {
        "//": { metadata: { path: "stack/agent/canary" } },
        provider: "kubernetes.dev",
        metadata: { name: "agent", labels: { "wavegate.dev/wave": "canary" } },
        spec: {
          strategy: { type: "RollingUpdate", rolling_update: { max_unavailable: "10%" } },
          revision_history_limit: "3",
          template: {
            spec: {
              host_pid: "true",
              container: [{ name: "a", readiness_probe: { http_get: { port: "9090" } } }],
            },
          },
        },
      },
      source,
      "module.agents",
    );
    expect(ds?.source).toEqual({
      ...source,
      address: "module.agents.kubernetes_daemon_set_v1.agent_1A2B",
      constructPath: "stack/agent/canary",
    });
    expect(ds?.cluster).toBe("kubernetes.dev");
    expect(ds?.manifest).toMatchObject({
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      spec: {
        updateStrategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: "10%" } },
        revisionHistoryLimit: 3,
        template: {
          spec: { hostPID: true, containers: [{ name: "a", readinessProbe: { httpGet: { port: 9090 } } }] },
        },
      },
    });
  });

  test.each([
    ["kubernetes", "default"],
    ["${kubernetes.eu}", "kubernetes.eu"],
    [undefined, "default"],
  ])("GIVEN provider %s THEN cluster %s", (provider, cluster) => {
    expect(
      daemonSetFromResource("kubernetes_daemonset", "a", { provider, metadata: {} }, source)?.cluster,
    ).toBe(cluster);
  });

  test("GIVEN other resource types or non-DaemonSet manifests THEN undefined", () => {
    expect(daemonSetFromResource("kubernetes_deployment_v1", "a", { metadata: {} }, source)).toBeUndefined();
    expect(
      daemonSetFromResource("kubernetes_manifest", "a", { manifest: { kind: "Deployment" } }, source),
    ).toBeUndefined();
    expect(daemonSetFromResource("kubernetes_daemon_set_v1", "a", "${var.x}", source)).toBeUndefined();
  });

  test("GIVEN a kubernetes_manifest DaemonSet THEN it is taken as written", () => {
    const ds = daemonSetFromResource(
      "kubernetes_manifest",
      "a",
      {
        manifest: {
          apiVersion: "apps/v1",
          kind: "DaemonSet",
          metadata: { name: "m" },
          spec: { minReadySeconds: 5 },
        },
      },
      source,
    );
    expect(ds?.manifest.spec.minReadySeconds).toBe(5);
    expect(ds?.kind).toBe("kubernetes_manifest");
  });

  test("isUndecidableManifest flags manifests that are expressions", () => {
    expect(isUndecidableManifest("kubernetes_manifest", { manifest: "${yamldecode(x)}" })).toBe(true);
    expect(isUndecidableManifest("kubernetes_manifest", { manifest: { kind: "${local.kind}" } })).toBe(true);
    expect(isUndecidableManifest("kubernetes_manifest", { manifest: { kind: "DaemonSet" } })).toBe(false);
  });

  test("unknownFields lists dotted paths of unknown values", () => {
    expect(unknownFields({ a: { b: "${var.x}", c: [1, "local.y"] }, d: "plain" })).toEqual(["a.b", "a.c[1]"]);
  });
});
