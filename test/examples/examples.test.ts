import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInputs } from "../../lib/inputs/load";
import { LoadedDaemonSet } from "../../lib/inputs/types";
import { checkPoolCoverage, IntOrPercent, NodeOperator, NodeSelector, requirement } from "../../lib/model";
import { runPolicy } from "../../lib/policy/engine";

const root = join(__dirname, "..", "..");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "wavegate-example-"));
  dirs.push(dir);
  return dir;
}

/** The selector a loaded DaemonSet's required node affinity expresses (undefined: every node). */
function selectorOf(ds: LoadedDaemonSet): NodeSelector | undefined {
  const terms =
    ds.manifest.spec.template.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
      ?.nodeSelectorTerms;
  if (!terms) return undefined;
  return terms.map((t) =>
    (t.matchExpressions ?? []).map((e) => requirement(e.key, e.operator as NodeOperator, e.values ?? [])),
  );
}

describe("examples/seed-three-waves with the real `cdktf synth` (offline)", () => {
  let out: string;
  let daemonSets: LoadedDaemonSet[];

  beforeAll(async () => {
    out = tempDir();
    execFileSync(join(root, "node_modules", ".bin", "cdktf"), ["synth", "--output", out], {
      cwd: root,
      env: { ...process.env, CHECKPOINT_DISABLE: "1", CI: "1", NO_COLOR: "1" },
      stdio: "pipe",
    });
    daemonSets = (await loadInputs([out])).daemonSets;
  }, 120_000);

  test("cdktf.out holds the manifest and one stack", () => {
    const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
    expect(Object.keys(manifest.stacks)).toEqual(["seed-three-waves"]);
  });

  test("three kubernetes_daemon_set_v1, named after their waves, production keeping the agent's name", () => {
    expect(daemonSets.map((d) => d.kind)).toEqual(Array(3).fill("kubernetes_daemon_set_v1"));
    expect(daemonSets.map((d) => d.manifest.metadata.name).sort()).toEqual([
      "cloud-sec-agent",
      "cloud-sec-agent-canary",
      "cloud-sec-agent-staging",
    ]);
  });

  test("every wave is a RollingUpdate with maxUnavailable at most 10% of its nodes and maxSurge 0", () => {
    const cap = IntOrPercent.parse("10%", "cap");
    for (const ds of daemonSets) {
      const strategy = ds.manifest.spec.updateStrategy!;
      expect(strategy.type).toBe("RollingUpdate");
      const unavailable = IntOrPercent.parse(strategy.rollingUpdate!.maxUnavailable!, "maxUnavailable");
      const nodes = Number(ds.manifest.metadata.annotations!["wavegate.dev/nodes"]);
      expect(unavailable.isWithin(cap, nodes)).toBe(true);
      expect(IntOrPercent.parse(strategy.rollingUpdate!.maxSurge!, "maxSurge").isZero).toBe(true);
    }
  });

  test("the waves' node affinities are disjoint and exhaustive", () => {
    const coverage = checkPoolCoverage(daemonSets.map(selectorOf));
    expect(coverage).toMatchObject({ overlaps: [], overlapCount: 0, gap: undefined, complete: true });
  });

  test("canary runs one version ahead; staging and production run the same pinned version", () => {
    const image = (name: string) =>
      daemonSets.find((d) => d.manifest.metadata.name === name)!.manifest.spec.template.spec.containers[0]
        .image;
    expect(image("cloud-sec-agent-canary")).toBe("registry.eu-sovereign.cloud/security/ebpf-agent:v2.5.0");
    expect(image("cloud-sec-agent-staging")).toBe("registry.eu-sovereign.cloud/security/ebpf-agent:v2.4.0");
    expect(image("cloud-sec-agent")).toBe("registry.eu-sovereign.cloud/security/ebpf-agent:v2.4.0");
  });

  test("passes the rollout policy with zero errors", async () => {
    const report = runPolicy(await loadInputs([out]));
    const errors = report.findings.filter(
      (f) => f.severity === "error" && f.outcome !== "pass" && f.outcome !== "not-applicable",
    );
    expect(errors).toEqual([]);
    expect(report.findings.filter((f) => f.outcome === "pass").length).toBeGreaterThan(0);
  });
});

describe("examples/three-clusters", () => {
  let daemonSets: LoadedDaemonSet[];

  beforeAll(async () => {
    // In-process (the seed example above runs the real `cdktf synth`; one such run keeps `npm test` fast).
    const out = tempDir();
    const before = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = out;
    try {
      // The example synthesizes at import (app.synth() at its end), as `cdktf synth` runs it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      jest.isolateModules(() => require("../../examples/three-clusters/main"));
    } finally {
      if (before === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = before;
    }
    daemonSets = (await loadInputs([out])).daemonSets;
  });

  test("one wave per cluster provider, and a staged production cluster", () => {
    const byName = Object.fromEntries(daemonSets.map((d) => [d.manifest.metadata.name, d]));
    expect(Object.keys(byName).sort()).toEqual([
      "node-agent",
      "node-agent-dev",
      "node-agent-production-early",
      "node-agent-staging",
    ]);
    expect(byName["node-agent-dev"].cluster).toBe("kubernetes.dev");
    expect(byName["node-agent-staging"].cluster).toBe("kubernetes.staging");
    expect(byName["node-agent"].cluster).toBe("kubernetes.production");
    expect(selectorOf(byName["node-agent-dev"])).toBeUndefined();
    expect(selectorOf(byName["node-agent-staging"])).toBeUndefined();
    const prod = [byName["node-agent-production-early"], byName["node-agent"]].map(selectorOf);
    expect(checkPoolCoverage(prod)).toMatchObject({
      overlaps: [],
      overlapCount: 0,
      gap: undefined,
      complete: true,
    });
  });

  test("passes the rollout policy with zero errors", () => {
    const report = runPolicy({ daemonSets, files: [], stacks: [], otherResources: 0, warnings: [] });
    const errors = report.findings.filter(
      (f) => f.severity === "error" && (f.outcome === "fail" || f.outcome === "error"),
    );
    expect(errors).toEqual([]);
  });
});
