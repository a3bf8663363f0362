import { Testing } from "cdktf";
import {
  EbpfAgentProps,
  NodePool,
  planEbpfAgent,
  planStagedDaemonSet,
  StagedDaemonSetProps,
  ValidationError,
  WaveNodes,
  WaveNodesProps,
} from "../../lib";

// GIVEN props that would pass, WHEN one field is wrong-shaped or what Kubernetes / Terraform would reject,
// THEN a ValidationError names the field (never a TypeError deep inside, never accepted).

const staged: StagedDaemonSetProps = {
  name: "agent",
  namespace: "kube-system",
  image: "registry.example/agent",
  versions: { canary: "v1.0.0", staging: "v1.0.0", production: "v1.0.0" },
  waves: [
    { name: "canary", pool: NodePool.eksNodegroup("dev") },
    { name: "staging", pool: NodePool.eksNodegroup("staging") },
    { name: "production" },
  ],
  pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/readyz", port: 9090 } } }] },
};

const ebpf: EbpfAgentProps = {
  name: "agent",
  image: "registry.example/agent",
  versions: staged.versions,
  waves: staged.waves,
  programs: ["tracing"],
  health: { port: 9090 },
};

/** Runs `fn`; returns the ValidationError it threw (failing on anything else, or on no error). */
function refusal(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err;
    throw new Error(`expected a ValidationError, got ${String(err)}`);
  }
  throw new Error("expected a ValidationError, but the props were accepted");
}

type Bad = [string, Record<string, unknown>, string];
const container = staged.pod.containers[0];
const pod = (c: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  pod: { containers: [{ ...container, ...c }], ...extra },
});

describe("StagedDaemonSet / planStagedDaemonSet props", () => {
  const wrongShape: Bad[] = [
    ["pod.containers as an object", { pod: { containers: { name: "agent" } } }, "pod.containers"],
    ["pod.containers [null]", { pod: { containers: [null] } }, "pod.containers[0]"],
    ["pod.containers empty", { pod: { containers: [] } }, "pod.containers"],
    ["env as a map", pod({ env: { LOG: "debug" } }), "pod.containers[0].env"],
    ["args: 5", pod({ args: 5 }), "pod.containers[0].args"],
    ['args: "--verbose" (split into characters)', pod({ args: "--verbose" }), "pod.containers[0].args"],
    ["volumes: {}", pod({}, { volumes: {} }), "pod.volumes"],
    [
      'capabilities.add: "SYS_MODULE" as a string',
      pod({ securityContext: { capabilities: { add: "SYS_MODULE" } } }),
      "pod.containers[0].securityContext.capabilities.add",
    ],
    [
      'privileged: "1" (Terraform would convert it)',
      pod({ securityContext: { privileged: "1" } }),
      "pod.containers[0].securityContext.privileged",
    ],
    ['waves: "canary"', { waves: "canary" }, "waves"],
    ["a wave that is null", { waves: [null, ...staged.waves] }, "waves[0]"],
    [
      "a provider that is a string",
      { waves: [{ name: "canary", provider: "kubernetes.dev" }, ...staged.waves.slice(1)] },
      "waves[0].provider",
    ],
    [
      "a pool that is not a NodePool",
      { waves: [{ name: "canary", pool: { selector: "x" } }, ...staged.waves.slice(1)] },
      "waves[0].pool",
    ],
    ["versions as a list", { versions: ["v1"] }, "versions"],
    ["labels as a list", { labels: ["a"] }, "labels"],
    [
      "policy.suppressions as an object",
      { policy: { suppressions: { ruleId: "WG107" } } },
      "policy.suppressions",
    ],
  ];
  const kubernetesRejects: Bad[] = [
    ["a namespace with upper case", { namespace: "Kube-System" }, "namespace"],
    ["a namespace of 64 characters", { namespace: "a".repeat(64) }, "namespace"],
    ["a label key with a space", { labels: { "team name": "x" } }, "labels.team name"],
    ["a label value over 63 characters", { labels: { team: "x".repeat(64) } }, "labels.team"],
    ["an annotation key with two slashes", { annotations: { "a/b/c": "x" } }, "annotations.a/b/c"],
    ["an invalid pod label value", { podMetadata: { labels: { tier: "-edge" } } }, "podMetadata.labels.tier"],
    ["a container name with an underscore", pod({ name: "my_agent" }), "pod.containers[0].name"],
    ["an empty probe", pod({ readinessProbe: {} }), "pod.containers[0].readinessProbe"],
    [
      "a probe on port 0",
      pod({ readinessProbe: { httpGet: { path: "/", port: 0 } } }),
      "pod.containers[0].readinessProbe.httpGet.port",
    ],
    [
      "a probe with two handlers",
      pod({ readinessProbe: { exec: { command: ["true"] }, tcpSocket: { port: 1 } } }),
      "pod.containers[0].readinessProbe",
    ],
    ['rolloutTimeout: "forever"', { rolloutTimeout: "forever" }, "rolloutTimeout"],
    ["minReadySeconds beyond int32", { minReadySeconds: 2 ** 31 }, "minReadySeconds"],
    ["revisionHistoryLimit beyond int32", { revisionHistoryLimit: 1e12 }, "revisionHistoryLimit"],
    [
      "nodes that is not whole",
      { waves: [{ ...staged.waves[0], nodes: 1.5 }, ...staged.waves.slice(1)] },
      "waves[0].nodes",
    ],
    ["minWaves: 0 with no waves (zero DaemonSets)", { minWaves: 0, waves: [], versions: {} }, "minWaves"],
    ["no waves", { waves: [], versions: {} }, "waves"],
    ["whitespace in the image", { image: "registry.example/agent x" }, "image"],
    ["a newline in a version", { versions: { ...staged.versions, canary: "v1\n" } }, "versions.canary"],
    [
      "whitespace in a sidecar image",
      { pod: { containers: [container, { name: "side", image: "busybox :1" }] } },
      "pod.containers[1].image",
    ],
    [
      "an invalid toleration effect",
      pod({}, { tolerations: [{ operator: "Exists", effect: "NoRun" }] }),
      "pod.tolerations[0].effect",
    ],
    [
      "an invalid toleration value",
      pod({}, { tolerations: [{ key: "k", value: "a b" }] }),
      "pod.tolerations[0].value",
    ],
    [
      "a container port of 70000",
      pod({ ports: [{ containerPort: 70000 }] }),
      "pod.containers[0].ports[0].containerPort",
    ],
    [
      "an invalid resource quantity",
      pod({ resources: { requests: { cpu: "lots" } } }),
      "pod.containers[0].resources.requests.cpu",
    ],
    [
      "a volume name with upper case",
      pod({}, { volumes: [{ name: "Data", emptyDir: {} }] }),
      "pod.volumes[0].name",
    ],
  ];
  test.each([...wrongShape, ...kubernetesRejects])("%s -> %s", (_, change, field) => {
    const err = refusal(() => planStagedDaemonSet({ ...staged, ...change } as StagedDaemonSetProps));
    expect(err.field).toBe(field);
    expect(err.fix.length).toBeGreaterThan(5);
  });

  test("props that cannot be read (a getter that throws) are a ValidationError", () => {
    const hostile = { ...staged };
    Object.defineProperty(hostile, "pod", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expect(refusal(() => planStagedDaemonSet(hostile)).field).toBe("props");
  });

  test("valid Kubernetes syntax is accepted (prefixed keys, empty label values, named ports, durations)", () => {
    const waves = planStagedDaemonSet({
      ...staged,
      labels: { "example.com/team": "", "app.kubernetes.io/part-of": "security" },
      annotations: { "example.com/note": "any text at all, with spaces" },
      rolloutTimeout: "1h30m",
      ...pod(
        {
          ports: [{ containerPort: 9090, name: "health" }],
          readinessProbe: { tcpSocket: { port: "health" } },
        },
        { tolerations: [{ operator: "Exists" }] },
      ),
    });
    expect(waves).toHaveLength(3);
  });
});

describe("EbpfAgent props", () => {
  const bad: Bad[] = [
    ["env as a map", { env: { LOG: "debug" } }, "env"],
    ["args: 5", { args: 5 }, "args"],
    ['args: "--verbose"', { args: "--verbose" }, "args"],
    ["volumes: {}", { volumes: {} }, "volumes"],
    [
      "capabilities.add as a string",
      { securityContext: { capabilities: { add: "SYS_MODULE" } } },
      "securityContext.capabilities.add",
    ],
    ['privileged: "1"', { securityContext: { privileged: "1" } }, "securityContext.privileged"],
    ['programs: "tracing"', { programs: "tracing" }, "programs"],
    ["health without a port", { health: {} }, "health.port"],
    ["an invalid memory quantity", { resources: { memory: "1 GB" } }, "resources.memory"],
  ];
  test.each(bad)("%s -> %s", (_, change, field) => {
    const err = refusal(() => planEbpfAgent({ ...ebpf, ...change } as EbpfAgentProps));
    expect(err.field).toBe(field);
  });
});

describe("WaveNodes props", () => {
  const good: WaveNodesProps = {
    nodes: ["ip-10-0-1-12.ec2.internal"],
    labelKey: "wavegate.dev/pool",
    labelValue: "canary",
  };
  const bad: Bad[] = [
    ["labelValue missing", { labelValue: undefined }, "labelValue"],
    ["nodes as a string", { nodes: "node-1" }, "nodes"],
    ["an invalid node name", { nodes: ["Node_1"] }, "nodes[0]"],
    ["an invalid taint effect", { taint: { key: "wavegate.dev/canary", effect: "NoRun" } }, "taint.effect"],
    ["an invalid taint value", { taint: { key: "wavegate.dev/canary", value: "a b" } }, "taint.value"],
    ["a provider that is a string", { provider: "kubernetes" }, "provider"],
    ['force: "true"', { force: "true" }, "force"],
  ];
  test.each(bad)("%s -> %s", (_, change, field) => {
    let err: ValidationError | undefined;
    Testing.synthScope((scope) => {
      err = refusal(() => new WaveNodes(scope, "nodes", { ...good, ...change } as WaveNodesProps));
    });
    expect(err?.field).toBe(field);
  });
});
