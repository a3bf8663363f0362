// Render time of each report format (`wavegate check --format <f>`) on the 10,000-DaemonSet tf.json fleet: in a
// fresh process per format (a CLI run renders one report, cold), after loadInputs + runPolicy + the gate, timing
// the reporter and the UTF-8 encoding of its text (as writing it to stdout does). Median of 3 processes per format.
// A part of the whole-process `check` figure (check-process.bench.js holds issue 14's target): no target of its own.
const { Buffer } = require("node:buffer");
const { spawnSync } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { report } = require("./util");
const { writeInput } = require("./fleet");

const FORMATS = ["text", "json", "sarif", "junit"];
const RUNS = 3;

if (process.argv[2] === "--render") {
  // Child: one render, timed.
  const [, , , format, file] = process.argv;
  // RENDER_DIST=<a reference build> times another build, e.g. one of main, for a side-by-side figure.
  const dist = process.env.RENDER_DIST ?? path.join(__dirname, "../../dist");
  (async () => {
    const { loadInputs } = require(`${dist}/inputs/load`);
    const { runPolicy } = require(`${dist}/policy/engine`);
    const { evaluateGate } = require(`${dist}/policy/gate`);
    const { loadReporter } = require(`${dist}/policy/reporters/formats`);
    const policy = runPolicy(await loadInputs([file]));
    const gate = evaluateGate(policy);
    const render = await loadReporter(format);
    const t0 = performance.now();
    const bytes = Buffer.byteLength(render(policy, { gate }));
    console.log(JSON.stringify({ ms: performance.now() - t0, bytes }));
  })();
} else {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-bench-reporters-"));
  try {
    const file = writeInput(dir, 10000);
    for (const format of FORMATS) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        const res = spawnSync(
          process.execPath,
          [path.join(__dirname, "reporters.bench.js"), "--render", format, file],
          { encoding: "utf8" },
        );
        if (res.status !== 0) throw new Error(`render ${format} failed: ${res.stderr}`);
        runs.push(JSON.parse(res.stdout));
      }
      runs.sort((a, b) => a.ms - b.ms);
      const { ms, bytes } = runs[Math.floor(RUNS / 2)];
      report(
        `render --format ${format}, 10,000 DaemonSets (${(bytes / 1e6).toFixed(1)} MB)`,
        `${ms.toFixed(0)} ms`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
