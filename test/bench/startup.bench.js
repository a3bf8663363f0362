// Start-up as users wait for it, whole processes (spawn to exit), interleaved rounds, medians:
// - `wavegate check` and `wavegate plan` of the seed example's cdktf.out beside `node -e 0` (target <= 3x);
// - `require("wavegate")` beside requiring `cdktf` plus exactly the provider resource modules wavegate loads
//   (found by listing what require("wavegate") loaded), target <= 1.2x.
const { App, TerraformStack } = require("cdktf");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { execFileSync } = require("node:child_process");
const { report } = require("./util");
const { interleaved, root, run, wavegate } = require("./process");

const MAX_SEED_RATIO = 3;
const MAX_REQUIRE_RATIO = 1.2;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const dist = path.join(root, "dist");
const { KubernetesProvider } = require("@cdktf/provider-kubernetes/lib/provider");
const { EbpfAgent, NodePool } = require(dist);

const dir = mkdtempSync(path.join(tmpdir(), "wavegate-bench-startup-"));
let ok = true;
try {
  // The seed example (examples/seed-three-waves), synthesized into a temp cdktf.out.
  const out = path.join(dir, "cdktf.out");
  const app = new App({ outdir: out });
  const stack = new TerraformStack(app, "seed-three-waves");
  new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
  new EbpfAgent(stack, "cloud-sec-agent", {
    name: "cloud-sec-agent",
    namespace: "kube-system",
    containerName: "ebpf-monitor",
    image: "registry.eu-sovereign.cloud/security/ebpf-agent",
    versions: { canary: "v2.5.0", staging: "v2.4.0", production: "v2.4.0" },
    waves: [
      { name: "canary", pool: NodePool.eksNodegroup("dev-agents"), nodes: 20 },
      { name: "staging", pool: NodePool.eksNodegroup("staging-agents"), nodes: 200 },
      { name: "production", nodes: 2000 },
    ],
    programs: ["tracing"],
    processVisibility: true,
    health: { port: 9090 },
  });
  app.synth();

  // What require("wavegate") loads from the provider packages: the baseline requires exactly those.
  const listed = execFileSync(
    process.execPath,
    ["-e", `require(${JSON.stringify(dist)}); console.log(JSON.stringify(Object.keys(require.cache)))`],
    { cwd: root, encoding: "utf8" },
  );
  const bindings = JSON.parse(listed).filter((k) => /node_modules\/@cdktf\/provider-[^/]+\//.test(k));
  const baseline = ["cdktf", ...bindings].map((m) => `require(${JSON.stringify(m)});`).join("");
  report(
    'provider modules require("wavegate") loads',
    `${bindings.length} (${bindings.map((b) => path.basename(path.dirname(b))).join(", ")})`,
  );

  const codes = {};
  const t = interleaved(
    {
      node: () => run(["-e", "0"]),
      check: () => {
        const r = wavegate(["check", out]);
        codes.check = r.code;
        return r;
      },
      plan: () => {
        const r = wavegate(["plan", out]);
        codes.plan = r.code;
        return r;
      },
      wavegate: () => run(["-e", `require(${JSON.stringify(dist)})`]),
      cdktf: () => run(["-e", baseline]),
    },
    ROUNDS,
  );
  report("node -e 0", `${t.node.toFixed(0)} ms`);
  for (const cmd of ["check", "plan"]) {
    const ratio = t[cmd] / t.node;
    ok =
      report(
        `wavegate ${cmd} of the seed example (exit ${codes[cmd]})`,
        `${t[cmd].toFixed(0)} ms (${ratio.toFixed(2)}x)`,
        {
          ok: ratio <= MAX_SEED_RATIO && codes[cmd] === 0,
          text: `<= ${MAX_SEED_RATIO}x node -e 0, exit 0`,
        },
      ) && ok;
  }
  const ratio = t.wavegate / t.cdktf;
  report("require cdktf + those provider modules (process)", `${t.cdktf.toFixed(0)} ms`);
  ok =
    report('require("wavegate") (process)', `${t.wavegate.toFixed(0)} ms (${ratio.toFixed(2)}x)`, {
      ok: ratio <= MAX_REQUIRE_RATIO,
      text: `<= ${MAX_REQUIRE_RATIO}x cdktf + bindings`,
    }) && ok;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
