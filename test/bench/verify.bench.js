/* global setInterval, setTimeout, clearInterval */
// `wavegate verify`, whole process, against the loopback API test double (test/cluster/fake) holding one wave of
// 5,000 pool nodes and 5,000 pods, already rolled out: the time from a node turning NotReady on the server to the
// CLI's verdict (exit 1), and the CLI's peak resident memory (VmHWM from /proc) over the whole run.
// Targets: detection latency < 2 s; peak memory < 200 MB.
const { spawn } = require("node:child_process");
const { mkdtempSync, readFileSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { report } = require("./util");

const ROOT = path.join(__dirname, "../..");
const dist = path.join(ROOT, "dist");
const NODES = Number(process.env.WAVEGATE_BENCH_NODES ?? 5000);
const TARGET_MS = 2000;
const TARGET_MB = 200;

function fakeCluster(dir) {
  // The test double is TypeScript; bundle it once (esbuild, a dev dependency).
  const out = path.join(dir, "fake.cjs");
  require("esbuild").buildSync({
    entryPoints: [
      path.join(ROOT, "test/cluster/fake/cluster.ts"),
      path.join(ROOT, "test/cluster/fake/kubeconfig.ts"),
    ],
    bundle: true,
    platform: "node",
    format: "cjs",
    packages: "external",
    outdir: dir,
    logLevel: "silent",
  });
  return { ...require(path.join(dir, "cluster.js")), ...require(path.join(dir, "kubeconfig.js")), out };
}

function peakMb(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-verify-bench-"));
  const { FakeCluster, writeKubeconfig } = fakeCluster(dir);
  const { planStagedDaemonSet } = require(`${dist}/constructs/staged-daemon-set`);
  const { NodePool } = require(`${dist}/model`);
  const [canary, production] = planStagedDaemonSet({
    name: "agent",
    namespace: "kube-system",
    image: "registry.example/agent",
    versions: { canary: "v2.0.0", production: "v1.0.0" },
    minWaves: 2, // a two-wave fixture: the construct-time WG107 asks for 3 unless told
    waves: [
      { name: "canary", pool: NodePool.labeled("pool", "dev"), maxUnavailable: "10%" },
      { name: "production" },
    ],
    pod: { containers: [{ name: "agent", readinessProbe: { httpGet: { path: "/healthz", port: 9090 } } }] },
  }).map((w) => w.manifest);
  const input = path.join(dir, "agent.json");
  writeFileSync(input, JSON.stringify(canary));
  writeFileSync(path.join(dir, "production.json"), JSON.stringify(production));

  const cluster = new FakeCluster();
  const url = await cluster.start();
  cluster.addNodes("dev", NODES, { pool: "dev" });
  cluster.createDaemonSet(canary);
  const kubeconfig = writeKubeconfig(dir, url);

  const child = spawn(
    process.execPath,
    [
      path.join(dist, "cli/main.js"),
      "verify",
      input,
      "--agent",
      "agent",
      "--wave",
      "canary",
      "--kubeconfig",
      kubeconfig,
      "--bake",
      "1h",
      "--deadline",
      "1h",
      "--format",
      "json",
    ],
    { cwd: dir, env: { PATH: process.env.PATH, HOME: dir }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let peak = 0;
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", () => undefined);
  const sampler = setInterval(() => (peak = Math.max(peak, peakMb(child.pid) ?? 0)), 50);
  const exited = new Promise((resolve) =>
    child.on("exit", (code) => resolve({ code, at: performance.now() })),
  );
  // Wait until verify watches all four collections, then give it a moment to judge the baseline.
  while (cluster.server.openWatches < 4) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 1500));
  const t0 = performance.now();
  cluster.setNodeReady(`dev-${Math.floor(NODES / 2)}`, "False");
  const { code, at } = await exited;
  clearInterval(sampler);
  peak = Math.max(peak, peakMb(child.pid) ?? 0);
  await cluster.stop();
  const verdict = (() => {
    try {
      return JSON.parse(stdout);
    } catch {
      return {};
    }
  })();
  const latency = at - t0;
  const ok = [
    report(
      `verify: verdict after a node turns NotReady (${NODES} nodes, ${NODES} pods)`,
      `${verdict.verdict ?? "?"} / exit ${code}`,
      {
        ok: code === 1 && verdict.reasonCode === "node-not-ready",
        text: "failed, node-not-ready, exit 1",
      },
    ),
    report("verify: detection latency (node NotReady -> verdict, process exit)", `${latency.toFixed(0)} ms`, {
      ok: latency < TARGET_MS,
      text: `< ${TARGET_MS} ms`,
    }),
    report(
      "verify: peak memory of the verify process (VmHWM)",
      peak > 0 ? `${peak.toFixed(0)} MB` : "n/a (no /proc)",
      {
        ok: peak === 0 || peak < TARGET_MB,
        text: `< ${TARGET_MB} MB`,
      },
    ),
  ];
  process.exit(ok.every(Boolean) ? 0 : 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
