import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { App, TerraformStack } from "cdktf";
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
import { hostileValue, pathsOf, replaceAt, SEED } from "./generators";

// Construct props, mutated anywhere with wrong-shaped or hostile values: the constructs return waves or throw a
// ValidationError naming a field — never a TypeError / RangeError; and a privileged agent is never accepted.

const staged: StagedDaemonSetProps = {
  name: "agent",
  namespace: "kube-system",
  image: "registry.example/agent",
  versions: { canary: "v1.0.0", staging: "v1.0.0", production: "v1.0.0" },
  waves: [
    { name: "canary", pool: NodePool.eksNodegroup("dev"), nodes: 5 },
    { name: "staging", pool: NodePool.eksNodegroup("staging"), nodes: 50 },
    { name: "production", nodes: 500 },
  ],
  pod: {
    containers: [
      {
        name: "agent",
        args: ["--verbose"],
        env: [{ name: "LOG", value: "info" }],
        readinessProbe: { httpGet: { path: "/readyz", port: 9090 } },
        securityContext: { privileged: false, capabilities: { drop: ["ALL"], add: ["BPF"] } },
        volumeMounts: [{ name: "bpf", mountPath: "/sys/fs/bpf" }],
      },
    ],
    volumes: [{ name: "bpf", hostPath: { path: "/sys/fs/bpf" } }],
    tolerations: [{ operator: "Exists" }],
  },
  labels: { team: "security" },
  rolloutTimeout: "30m",
};

const ebpf: EbpfAgentProps = {
  name: "agent",
  image: "registry.example/agent",
  versions: staged.versions,
  waves: staged.waves,
  programs: ["tracing"],
  health: { port: 9090 },
  env: [{ name: "LOG", value: "info" }],
  args: ["--verbose"],
  securityContext: { capabilities: { add: ["BPF"] } },
};

/** Paths inside the props, NodePool internals excluded (they are built by factories, not by hand). */
function propPaths(props: object): (string | number)[][] {
  return pathsOf(props).filter((p) => !p.includes("selector"));
}

/** Runs `fn`: fine when it returns or throws a ValidationError with a field; anything else fails the property. */
function typedOnly(fn: () => unknown): "accepted" | "refused" {
  try {
    fn();
    return "accepted";
  } catch (err) {
    if (err instanceof ValidationError && typeof err.field === "string" && err.field !== "") return "refused";
    throw err;
  }
}

const mutations = fc.array(fc.tuple(fc.nat(), hostileValue), { minLength: 1, maxLength: 3 });

function mutateProps<T extends object>(props: T, m: [number, unknown][]): T {
  let out: unknown = props;
  for (const [at, value] of m) {
    const paths = propPaths(out as object);
    out = replaceAt(out, paths[at % paths.length], value);
  }
  return out as T;
}

describe("fuzz: construct props", () => {
  test("the valid bases are accepted", () => {
    expect(typedOnly(() => planStagedDaemonSet(staged))).toBe("accepted");
    expect(typedOnly(() => planEbpfAgent(ebpf))).toBe("accepted");
  });

  test("planStagedDaemonSet: mutated props give waves or a ValidationError", () => {
    fc.assert(
      fc.property(mutations, (m) => {
        typedOnly(() => planStagedDaemonSet(mutateProps(staged, m)));
      }),
      { numRuns: 250, seed: SEED },
    );
  });

  test("planEbpfAgent: mutated props give waves or a ValidationError", () => {
    fc.assert(
      fc.property(mutations, (m) => {
        typedOnly(() => planEbpfAgent(mutateProps(ebpf, m)));
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  test("WaveNodes: mutated props give a construct or a ValidationError", () => {
    // Its own outdir: App() would create ./cdktf.out in the repository.
    const stack = new TerraformStack(
      new App({ outdir: mkdtempSync(path.join(tmpdir(), "wavegate-fuzz-")) }),
      "fuzz",
    );
    const base: WaveNodesProps = {
      nodes: ["ip-10-0-1-12.ec2.internal", "ip-10-0-1-13.ec2.internal"],
      labelKey: "wavegate.dev/pool",
      labelValue: "canary",
      taint: { key: "wavegate.dev/canary", effect: "NoSchedule" },
    };
    let n = 0;
    fc.assert(
      fc.property(mutations, (m) => {
        typedOnly(() => new WaveNodes(stack, `nodes-${n++}`, mutateProps(base, m)));
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  test("never a silent pass: a privileged container anywhere in the pod is refused, whatever else changed", () => {
    fc.assert(
      fc.property(mutations, fc.nat(), (m, which) => {
        const props = mutateProps(staged, m);
        const containers = (props.pod as { containers?: unknown })?.containers;
        if (!Array.isArray(containers) || containers.length === 0) return;
        const i = which % containers.length;
        const privileged = replaceAt(props, ["pod", "containers", i, "securityContext", "privileged"], true);
        expect(typedOnly(() => planStagedDaemonSet(privileged as StagedDaemonSetProps))).toBe("refused");
      }),
      { numRuns: 200, seed: SEED },
    );
  });
});
