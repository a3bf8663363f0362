import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runCli } from "../../lib/cli/main";
import { CliIo } from "../../lib/cli/io";
import { JsonPlan } from "../../lib/simulate/report/json";

function fakeIo(cwd: string, stdin = ""): CliIo & { stdout: () => string; stderr: () => string } {
  let out = "";
  let err = "";
  return {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: false,
    cwd,
    readStdin: async () => stdin,
    stdout: () => out,
    stderr: () => err,
  };
}

async function run(cwd: string, args: string[], stdin?: string) {
  const io = fakeIo(cwd, stdin);
  const code = await runCli(args, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

const LEGACY_YAML = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: legacy-agent
  namespace: kube-system
spec:
  selector:
    matchLabels: { app: legacy-agent }
  updateStrategy:
    type: RollingUpdate
    rollingUpdate:
      maxUnavailable: "10%"
  template:
    metadata:
      labels: { app: legacy-agent }
    spec:
      containers:
        - name: agent
          image: registry.example/agent:v1
`;

describe("wavegate plan on the seed example (examples/seed-three-waves), synthesized", () => {
  let outdir: string;
  let work: string;

  beforeAll(() => {
    outdir = mkdtempSync(path.join(tmpdir(), "wavegate-plan-seed-"));
    work = mkdtempSync(path.join(tmpdir(), "wavegate-plan-work-"));
    process.env.CDKTF_OUTDIR = outdir;
    process.env.CHECKPOINT_DISABLE = "1";
    jest.isolateModules(() => {
      // The example synthesizes when loaded, into CDKTF_OUTDIR.
      jest.requireActual("../../examples/seed-three-waves/main");
    });
    delete process.env.CDKTF_OUTDIR;
  });

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  test("--fault brick: halted in canary, bricked <= canary's maxUnavailable; un-staged bricks ceil(10% of all)", async () => {
    const { code, out, err } = await run(work, [
      "plan",
      outdir,
      "--fault",
      "brick",
      "--compare-unstaged",
      "--format",
      "json",
    ]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const plan = JSON.parse(out) as JsonPlan;
    expect(plan.waves.map((w) => [w.name, w.nodes, w.maxUnavailable, w.maxSurge])).toEqual([
      ["canary", 20, 1, 0],
      ["staging", 200, 20, 0],
      ["production", 2000, 200, 0],
    ]);
    expect(plan.fault.kind).toBe("brick");
    expect(plan.fault.haltedInWave).toBe("canary");
    expect(plan.fault.brickedNodes).toBeGreaterThan(0);
    expect(plan.fault.brickedNodes).toBeLessThanOrEqual(plan.waves[0].maxUnavailable);
    expect(plan.waves[1].exposedNodes + plan.waves[2].exposedNodes).toBe(0);
    const all = 20 + 200 + 2000;
    expect(plan.unstaged?.fault.brickedNodes).toBe(Math.ceil((10 * all) / 100));
    expect(plan.unstaged?.fault.haltedInWave).toBe("unstaged");
  });

  test("a good version: every wave completes; text shows batches, duration and cumulative exposure", async () => {
    const { code, out } = await run(work, [
      "plan",
      outdir,
      "--pod-start",
      "20s",
      "--bake",
      "canary=1h,staging=30m",
    ]);
    expect(code).toBe(0);
    expect(out).toContain("cloud-sec-agent: rolling v2.5.0 through canary -> staging -> production");
    expect(out).toMatch(/^canary\s+20\s+1\s+0\s+20\s+\S+.*\s1h\s+20\s+20\s+0\s+complete$/m);
    expect(out).toMatch(/^staging\s+200\s+20\s+0\s+10\s.*\s30m\s+200\s+220\s+0\s+complete$/m);
    expect(out).toMatch(/^production\s+2000\s+200\s+0\s+10\s.*\s2000\s+2220\s+0\s+complete$/m);
    expect(out).toContain("until the last wave completed");
  });

  test("--nodes overrides the annotation; --format markdown adds a Mermaid gantt", async () => {
    const { code, out } = await run(work, [
      "plan",
      outdir,
      "--nodes",
      "production=500",
      "--format",
      "markdown",
    ]);
    expect(code).toBe(0);
    expect(out).toContain("| production | 500 | 50 | 0 |");
    expect(out).toContain("```mermaid\ngantt");
  });

  test("--fault crashloop: never leaves canary, whatever the seed", async () => {
    for (const seed of ["1", "2", "3"]) {
      const { out } = await run(work, [
        "plan",
        outdir,
        "--fault",
        "crashloop",
        "--seed",
        seed,
        "--format",
        "json",
      ]);
      const plan = JSON.parse(out) as JsonPlan;
      expect(plan.fault.haltedInWave).toBe("canary");
      expect(plan.fault.brickedNodes).toBe(0);
      expect(plan.waves[1].exposedNodes).toBe(0);
    }
  });

  test("the README's example output is what the command prints (docs cannot drift)", async () => {
    const readme = readFileSync(path.join(__dirname, "../../README.md"), "utf8");
    const section = readme.slice(readme.indexOf("<!-- section:simulate -->"));
    const example = /```text\n([\s\S]*?)```/.exec(section)?.[1];
    expect(example).toBeDefined();
    const { out } = await run(work, [
      "plan",
      outdir,
      "--fault",
      "brick",
      "--compare-unstaged",
      "--churn",
      "20",
    ]);
    expect(out).toBe(example);
  });

  test("the same seed prints the same report", async () => {
    const args = ["plan", outdir, "--fault", "brick", "--fault-rate", "0.3", "--churn", "50", "--seed", "9"];
    expect((await run(work, args)).out).toBe((await run(work, args)).out);
  });

  test("a fleet file sets node counts and bakes; flags win over it", async () => {
    const fleet = path.join(work, "fleet.yaml");
    writeFileSync(fleet, "nodes:\n  canary: 5\n  staging: 50\nbake:\n  canary: 10m\n");
    const { code, out } = await run(work, [
      "plan",
      outdir,
      "--fleet",
      "fleet.yaml",
      "--nodes",
      "staging=60",
      "-f",
      "json",
    ]);
    expect(code).toBe(0);
    const plan = JSON.parse(out) as JsonPlan;
    expect(plan.waves.map((w) => w.nodes)).toEqual([5, 60, 2000]);
  });

  test.each([
    [["--fault", "melt"], /argument 'melt' is invalid/],
    [["--fault-rate", "2"], /--fault-rate: 2 is over 1/],
    [["--fault-rate", "x"], /--fault-rate: "x" is not a fraction/],
    [["--churn", "-3"], /--churn: "-3" is not a number of nodes per hour/],
    [["--seed", "1.5"], /--seed: "1.5" is not an integer/],
    [["--pod-start", "soon"], /--pod-start: "soon" is not a duration/],
    [["--nodes", "canary"], /--nodes: "canary" is not a name=value pair/],
    [["--nodes", "canry=3"], /no wave named "canry"/],
    [["--bake", "canary=forever"], /--bake canary: "forever" is not a duration/],
    [["--agent", "nope"], /--agent: no agent named "nope"/],
    [["--fleet", "missing.yaml"], /--fleet missing.yaml: cannot read/],
  ])("bad usage %p exits 2 with one line saying what is wrong", async (flags, message) => {
    const { code, out, err } = await run(work, ["plan", outdir, ...flags]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toMatch(message);
  });
});

describe("wavegate plan on a hand-written, un-staged DaemonSet", () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), "wavegate-plan-yaml-"));
    writeFileSync(path.join(work, "ds.yaml"), LEGACY_YAML);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test("without a node count it says which flag to pass", async () => {
    const { code, err } = await run(work, ["plan", "ds.yaml"]);
    expect(code).toBe(2);
    expect(err).toMatch(/--nodes legacy-agent=<count>/);
  });

  test("with --nodes it simulates one wave: a brick reaches 10% of the nodes", async () => {
    const { code, out } = await run(work, [
      "plan",
      "ds.yaml",
      "--nodes",
      "legacy-agent=500",
      "--fault",
      "brick",
      "-f",
      "json",
    ]);
    expect(code).toBe(0);
    const plan = JSON.parse(out) as JsonPlan;
    expect(plan.waves).toHaveLength(1);
    expect(plan.fault).toEqual({
      kind: "brick",
      haltedInWave: "legacy-agent",
      brickedNodes: 50,
      exposedNodes: 50,
    });
  });

  test("reads standard input with -", async () => {
    const { code, out } = await run(
      work,
      ["plan", "-", "--nodes", "legacy-agent=10", "-f", "json"],
      LEGACY_YAML,
    );
    expect(code).toBe(0);
    expect((JSON.parse(out) as JsonPlan).waves[0]).toMatchObject({
      nodes: 10,
      maxUnavailable: 1,
      exposedNodes: 10,
    });
  });

  test("an input without a DaemonSet is a usage error", async () => {
    writeFileSync(path.join(work, "empty.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n");
    const { code, err } = await run(work, ["plan", "empty.yaml"]);
    expect(code).toBe(2);
    expect(err).toMatch(/no DaemonSet found in empty.yaml/);
  });
});

describe("wavegate plan --stack / --cluster (issue 12)", () => {
  const REGIONAL = path.join(__dirname, "../policy/fixtures/regional-stacks");

  test("GIVEN two regional stacks and no --stack THEN exit 2 naming both copies of the wave and the flags", async () => {
    const { code, err } = await run(process.cwd(), ["plan", REGIONAL]);
    expect(code).toBe(2);
    expect(err).toMatch(/wave "canary" of agent "node-agent" appears twice \(stack "eu" and stack "us"\)/);
    expect(err).toMatch(/--stack or --cluster/);
  });

  test("GIVEN --stack us THEN that region's rollout is planned", async () => {
    const { code, out } = await run(process.cwd(), ["plan", REGIONAL, "--stack", "us", "-f", "json"]);
    expect(code).toBe(0);
    const plan = JSON.parse(out) as JsonPlan;
    expect(plan.waves.map((w) => w.name)).toEqual(["canary", "staging", "production"]);
  });

  test("GIVEN an unknown --stack THEN exit 2 listing the stacks read", async () => {
    const { code, err } = await run(process.cwd(), ["plan", REGIONAL, "--stack", "ap"]);
    expect(code).toBe(2);
    expect(err).toMatch(/--stack: no DaemonSet in stack "ap"; stacks read: eu, us/);
  });

  test("GIVEN --cluster with a provider alias THEN only that cluster's DaemonSets; unknown names are listed", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "wavegate-plan-cluster-"));
    try {
      const json = JSON.parse(
        readFileSync(path.join(__dirname, "../policy/fixtures/staged-good.tf.json"), "utf8"),
      );
      const eu = json.resource.kubernetes_daemon_set_v1;
      const both: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(eu)) {
        both[`${k}_eu`] = { ...(v as object), provider: "kubernetes.eu" };
        both[`${k}_us`] = { ...(v as object), provider: "kubernetes.us" };
      }
      json.resource.kubernetes_daemon_set_v1 = both;
      writeFileSync(path.join(dir, "agents.tf.json"), JSON.stringify(json));
      const ok = await run(dir, ["plan", "agents.tf.json", "--cluster", "eu", "-f", "json"]);
      expect(ok.code).toBe(0);
      expect((JSON.parse(ok.out) as JsonPlan).waves).toHaveLength(3);
      const bad = await run(dir, ["plan", "agents.tf.json", "--cluster", "ap"]);
      expect(bad.err).toMatch(/clusters read: kubernetes.eu, kubernetes.us/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("GIVEN one plannable agent and one OnDelete agent THEN the error names the agents it could plan", async () => {
    const onDelete = LEGACY_YAML.replace("legacy-agent\n  namespace", "old-agent\n  namespace").replace(
      'type: RollingUpdate\n    rollingUpdate:\n      maxUnavailable: "10%"',
      "type: OnDelete",
    );
    const { code, err } = await run(process.cwd(), ["plan", "-"], `${LEGACY_YAML}---\n${onDelete}`);
    expect(code).toBe(2);
    expect(err).toMatch(/could plan: legacy-agent; cannot plan: old-agent \(.*OnDelete/);
  });
});
