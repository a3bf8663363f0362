// `wavegate check` of the same 10,000-DaemonSet fleet as Kubernetes YAML and as Terraform JSON, whole processes
// (`node dist/cli/main.js check <file> --format json`), interleaved round by round so machine noise hits both alike.
// Target (issue 14): the YAML check within 2.0x the tf.json check. The YAML is what `wavegate manifests` writes for
// the tf.json fleet, so both hold the same DaemonSets.
const { spawnSync } = require("node:child_process");
const { mkdtempSync, rmSync, statSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { report } = require("./util");
const { writeInput } = require("./fleet");

const dist = path.join(__dirname, "../../dist");
const { loadInputs } = require(`${dist}/inputs/load`);
const { renderManifests } = require(`${dist}/inputs/manifest-yaml`);

const COUNT = 10_000;
const ROUNDS = 5;
const MAX_RATIO = 2.0;

function checkMs(file) {
  const t0 = performance.now();
  const res = spawnSync(
    process.execPath,
    [path.join(dist, "cli/main.js"), "check", file, "--format", "json"],
    {
      encoding: "utf8",
      maxBuffer: 1 << 30,
    },
  );
  const ms = performance.now() - t0;
  if (res.status !== 0 && res.status !== 1)
    throw new Error(`check ${file} exited ${res.status}: ${res.stderr}`);
  return { ms, out: res.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-bench-yaml-"));
  try {
    // The same 3-wave agents the check-process bench uses (fleet.js), written as `JSON.stringify(x, null, 2)`.
    const tfJson = writeInput(dir, COUNT);
    const yaml = path.join(dir, "fleet.yaml");
    const load = await loadInputs([tfJson]);
    writeFileSync(yaml, renderManifests(load.daemonSets));
    const a = JSON.parse(checkMs(tfJson).out);
    const b = JSON.parse(checkMs(yaml).out);
    if (a.summary.daemonSets !== COUNT || b.summary.daemonSets !== COUNT) {
      throw new Error(`read ${a.summary.daemonSets} / ${b.summary.daemonSets} DaemonSets, expected ${COUNT}`);
    }
    console.log(
      `input: ${COUNT.toLocaleString("en-US")} DaemonSets: tf.json ${(statSync(tfJson).size / 1e6).toFixed(1)} MB, ` +
        `YAML ${(statSync(yaml).size / 1e6).toFixed(1)} MB (whole processes, ${ROUNDS} interleaved rounds)`,
    );
    const json = [];
    const yml = [];
    for (let round = 0; round < ROUNDS; round++) {
      json.push(checkMs(tfJson).ms);
      yml.push(checkMs(yaml).ms);
    }
    report("wavegate check --format json, tf.json (whole process)", `${median(json).toFixed(0)} ms`);
    report("wavegate check --format json, YAML (whole process)", `${median(yml).toFixed(0)} ms`);
    const ratio = median(yml) / median(json);
    const ok = report("YAML check / tf.json check", `${ratio.toFixed(2)}x`, {
      ok: ratio <= MAX_RATIO,
      text: `<= ${MAX_RATIO}x`,
    });
    if (!ok) process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
