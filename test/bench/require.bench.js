// Start-up cost of the package entry points, each in a fresh process: time and heap after require(), and whether
// the Kubernetes provider's root index (113 modules, ~1 s) was loaded. Beside them, the provider root itself.
// Targets: require("wavegate") never loads the provider root, and costs well under the provider root.
const { execFileSync } = require("node:child_process");
const path = require("node:path");
const { report } = require("./util");

const root = path.join(__dirname, "../..");
const probe = (target) => `
  const t0 = process.hrtime.bigint();
  require(${JSON.stringify(target)});
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  global.gc && global.gc();
  const keys = Object.keys(require.cache);
  const providerRoot = keys.includes(require.resolve("@cdktf/provider-kubernetes"));
  const providerModules = keys.filter((k) => k.includes("/@cdktf/provider-kubernetes/")).length;
  const cdktf = keys.some((k) => k.includes("/node_modules/cdktf/"));
  console.log(JSON.stringify({ ms, heapMb: process.memoryUsage().heapUsed / 2 ** 20, providerRoot, providerModules, cdktf }));
`;

function measure(target, runs = 5) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ["--expose-gc", "-e", probe(target)], {
      cwd: root,
      encoding: "utf8",
    });
    samples.push(JSON.parse(out));
  }
  samples.sort((a, b) => a.ms - b.ms);
  return samples[Math.floor(runs / 2)];
}

const entries = [
  ['require("wavegate")', path.join(root, "dist/index.js")],
  ['require("wavegate/policy") (the CLI\'s core)', path.join(root, "dist/policy/index.js")],
  ['require("wavegate/model")', path.join(root, "dist/model/index.js")],
  ['require("@cdktf/provider-kubernetes") (root, for scale)', "@cdktf/provider-kubernetes"],
];
const results = Object.fromEntries(entries.map(([label, target]) => [label, measure(target)]));
let ok = true;
for (const [label, r] of Object.entries(results)) {
  report(
    label,
    `${r.ms.toFixed(0)} ms, heap ${r.heapMb.toFixed(0)} MB, provider modules ${r.providerModules}, cdktf ${r.cdktf ? "loaded" : "not loaded"}`,
  );
}
const main = results[entries[0][0]];
const providerRoot = results[entries[3][0]];
ok =
  report('require("wavegate") loads the provider root index', main.providerRoot ? "yes" : "no", {
    ok: !main.providerRoot,
    text: "no",
  }) && ok;
ok =
  report('require("wavegate/policy") loads cdktf', results[entries[1][0]].cdktf ? "yes" : "no", {
    ok: !results[entries[1][0]].cdktf,
    text: "no",
  }) && ok;
const ratio = main.ms / providerRoot.ms;
ok =
  report('ratio require("wavegate") / provider root', ratio.toFixed(2), { ok: ratio < 1, text: "< 1" }) && ok;
process.exitCode = ok ? 0 : 1;

// Wave pools (issue 11): `wavegate/eks` loads the AWS binding's eks-node-group only (never its ~3.5 s root), and
// `require("wavegate")` loads no cloud binding at all.
const cloudProbe = (target) => `
  const t0 = process.hrtime.bigint();
  require(${JSON.stringify(target)});
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  global.gc && global.gc();
  const keys = Object.keys(require.cache);
  const cloud = keys.filter((k) => /\\/@cdktf\\/provider-(aws|google|azurerm)\\//.test(k));
  const awsRoot = cloud.some((k) => /\\/@cdktf\\/provider-aws\\/lib\\/index\\.js$/.test(k));
  console.log(JSON.stringify({ ms, heapMb: process.memoryUsage().heapUsed / 2 ** 20, cloud: cloud.length, awsRoot }));
`;
function measureCloud(target, runs = 5) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, ["--expose-gc", "-e", cloudProbe(target)], {
      cwd: root,
      encoding: "utf8",
    });
    samples.push(JSON.parse(out));
  }
  samples.sort((a, b) => a.ms - b.ms);
  return samples[Math.floor(runs / 2)];
}
const withPools = measureCloud(path.join(root, "dist/index.js"));
const eks = measureCloud(path.join(root, "dist/pools/eks.js"));
report(
  'require("wavegate") (cloud bindings)',
  `${withPools.ms.toFixed(0)} ms, ${withPools.cloud} cloud binding modules`,
);
report(
  'require("wavegate/eks")',
  `${eks.ms.toFixed(0)} ms, heap ${eks.heapMb.toFixed(0)} MB, ${eks.cloud} AWS binding modules`,
);
ok =
  report('require("wavegate") loads a cloud binding', withPools.cloud > 0 ? "yes" : "no", {
    ok: withPools.cloud === 0,
    text: "no",
  }) && ok;
ok =
  report('require("wavegate/eks") loads the AWS provider root', eks.awsRoot ? "yes" : "no", {
    ok: !eks.awsRoot,
    text: "no",
  }) && ok;
process.exitCode = ok ? 0 : 1;
