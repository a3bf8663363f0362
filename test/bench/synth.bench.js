// Synth cost of the constructs: the seed example's stack (EbpfAgent -> StagedDaemonSet, 3 waves) beside a
// hand-written app that emits the same three kubernetes_daemon_set_v1 with raw DaemonSetV1 configs.
// Both run the real App.synth() into a temp dir, in one process, alternating, median of many runs.
// Target: wavegate / raw <= 1.10.
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { medianMs, report } = require("./util");

const { App, TerraformStack, Testing } = require("cdktf");
const { KubernetesProvider } = require("@cdktf/provider-kubernetes/lib/provider");
const { DaemonSetV1 } = require("@cdktf/provider-kubernetes/lib/daemon-set-v1");
const { EbpfAgent, NodePool } = require("../../dist");

const MAX_RATIO = 1.1;
const out = mkdtempSync(path.join(tmpdir(), "wavegate-synth-bench-"));

function seedAgent(stack) {
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
}

// The raw app's configs: the very resources wavegate emits, turned into DaemonSetV1 (camelCase) configs once,
// outside the timed region — what a careful engineer would have written by hand.
const MAPS = new Set(["labels", "annotations", "match_labels", "node_selector", "limits", "requests"]);
const camel = (s) => s.replace(/_([a-z0-9])/g, (_m, c) => c.toUpperCase());
function toConfig(value, key) {
  if (Array.isArray(value)) return value.map((v) => toConfig(v));
  if (value === null || typeof value !== "object" || MAPS.has(key)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "//" && k !== "depends_on")
      .map(([k, v]) => [camel(k), toConfig(v, k)]),
  );
}
const reference = JSON.parse(
  Testing.synthScope((scope) => {
    seedAgent(scope);
  }),
).resource.kubernetes_daemon_set_v1;
const rawConfigs = Object.entries(reference).map(([id, r]) => [id, toConfig(r)]);

function rawApp() {
  const app = new App({ outdir: out });
  const stack = new TerraformStack(app, "seed-three-waves");
  new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
  let previous;
  for (const [id, config] of rawConfigs) {
    previous = new DaemonSetV1(stack, id, { ...config, dependsOn: previous ? [previous] : undefined });
  }
  app.synth();
}

function wavegateApp() {
  const app = new App({ outdir: out });
  const stack = new TerraformStack(app, "seed-three-waves");
  new KubernetesProvider(stack, "kubernetes", { configPath: "~/.kube/config" });
  seedAgent(stack);
  app.synth();
}

// Sanity: the raw app really emits the same resources (bodies compared without CDKTF's metadata).
const strip = (json) =>
  Object.values(json.resource.kubernetes_daemon_set_v1)
    .map(({ "//": _meta, depends_on: _deps, ...body }) => JSON.stringify(body))
    .sort();
const rawJson = JSON.parse(
  Testing.synthScope((scope) => {
    for (const [id, config] of rawConfigs) new DaemonSetV1(scope, id, config);
  }),
);
const same =
  JSON.stringify(strip(rawJson)) ===
  JSON.stringify(strip({ resource: { kubernetes_daemon_set_v1: reference } }));

let raw = 0;
let ours = 0;
// Alternate the two in rounds so machine noise hits both alike.
const rawTimes = [];
const ourTimes = [];
for (let round = 0; round < 5; round++) {
  rawTimes.push(medianMs(rawApp, 5, 1));
  ourTimes.push(medianMs(wavegateApp, 5, 1));
}
rawTimes.sort((a, b) => a - b);
ourTimes.sort((a, b) => a - b);
raw = rawTimes[2];
ours = ourTimes[2];
rmSync(out, { recursive: true, force: true });

const ratio = ours / raw;
let ok = report("raw DaemonSetV1 app emits the same 3 resources", same ? "yes" : "NO", {
  ok: same,
  text: "identical bodies",
});
report("synth, hand-written raw DaemonSetV1 app (median)", `${raw.toFixed(1)} ms`);
report("synth, seed example with EbpfAgent (median)", `${ours.toFixed(1)} ms`);
ok =
  report("ratio wavegate / raw", ratio.toFixed(3), { ok: ratio <= MAX_RATIO, text: `<= ${MAX_RATIO}` }) && ok;
process.exitCode = ok ? 0 : 1;
