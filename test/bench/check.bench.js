// `wavegate check` on a generated Terraform JSON file of staged agents (3 waves each), in-process:
// loadInputs + runPolicy + the gate + the JSON reporter, beside reading and JSON.parse-ing the same file.
// Targets: check <= 3x parse at 10,000 DaemonSets; per-DaemonSet time at 10,000 within 1.5x of 1,000 (linear).
const { mkdtempSync, readFileSync, rmSync, statSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");
const { report } = require("./util");

const dist = path.join(__dirname, "../../dist");
const { loadInputs } = require(`${dist}/inputs/load`);
const { runPolicy } = require(`${dist}/policy/engine`);
const { evaluateGate } = require(`${dist}/policy/gate`);
const { renderJson } = require(`${dist}/policy/reporters/json`);
const { writeInput } = require("./fleet");

const MAX_RATIO = 3;
const MAX_LINEARITY = 1.5;

/** One `wavegate check --format json` in-process; records each phase's time in `phases` when given. */
async function check(file, phases) {
  const t0 = performance.now();
  const load = await loadInputs([file]);
  const t1 = performance.now();
  const policy = runPolicy(load);
  const t2 = performance.now();
  const out = renderJson(policy, { gate: evaluateGate(policy) });
  const t3 = performance.now();
  if (phases) {
    phases.load.push(t1 - t0);
    phases.policy.push(t2 - t1);
    phases.report.push(t3 - t2);
  }
  return { out, load, policy };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Median of `runs` timed runs of an async function, after `warmup` runs. */
async function medianAsync(fn, runs, warmup) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    if (global.gc) global.gc();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-bench-check-"));
  let ok = true;
  try {
    const small = writeInput(dir, 1000);
    const large = writeInput(dir, 10000);
    const sanity = await check(large);
    if (sanity.load.daemonSets.length !== 10000)
      throw new Error(`read ${sanity.load.daemonSets.length} DaemonSets, expected 10000`);
    const failing = sanity.policy.findings.filter(
      (f) => f.outcome === "fail" || f.outcome === "error",
    ).length;
    console.log(
      `input: ${(statSync(large).size / 1e6).toFixed(1)} MB, 10,000 DaemonSets, ` +
        `${sanity.policy.findings.length} findings (${failing} failing), JSON report ${(sanity.out.length / 1e6).toFixed(1)} MB`,
    );

    const parseSmall = await medianAsync(async () => JSON.parse(readFileSync(small, "utf8")), 5, 1);
    const checkSmall = await medianAsync(() => check(small), 5, 1);
    // Then parse and check alternate, round by round, so machine noise hits both alike; medians of 7 rounds.
    const phases = { load: [], policy: [], report: [] };
    const parseTimes = [];
    const checkTimes = [];
    for (let round = 0; round < 7; round++) {
      parseTimes.push(await medianAsync(async () => JSON.parse(readFileSync(large, "utf8")), 1, 0));
      checkTimes.push(await medianAsync(() => check(large, phases), 1, 0));
    }
    const parseLarge = median(parseTimes);
    const checkLarge = median(checkTimes);

    report("read + JSON.parse, 1,000 DaemonSets", `${parseSmall.toFixed(1)} ms`);
    report("wavegate check (load + policy + json), 1,000 DaemonSets", `${checkSmall.toFixed(1)} ms`);
    report("read + JSON.parse, 10,000 DaemonSets", `${parseLarge.toFixed(1)} ms`);
    report("wavegate check (load + policy + json), 10,000 DaemonSets", `${checkLarge.toFixed(1)} ms`);
    // Where the time goes (median of each phase over the timed 10,000 runs).
    report("  of which loadInputs (read, parse, normalize)", `${median(phases.load).toFixed(1)} ms`);
    report("  of which runPolicy (14 rules x 10,000 + findings)", `${median(phases.policy).toFixed(1)} ms`);
    report("  of which gate + JSON reporter", `${median(phases.report).toFixed(1)} ms`);
    const ratio = checkLarge / parseLarge;
    ok =
      report("check / parse at 10,000", `${ratio.toFixed(2)}x`, {
        ok: ratio <= MAX_RATIO,
        text: `<= ${MAX_RATIO}x`,
      }) && ok;
    const perSmall = checkSmall / 1000;
    const perLarge = checkLarge / 10000;
    report(
      "per DaemonSet at 1,000 / 10,000",
      `${(perSmall * 1000).toFixed(1)} / ${(perLarge * 1000).toFixed(1)} us`,
    );
    const linearity = perLarge / perSmall;
    ok =
      report("per-DaemonSet time 10,000 / 1,000", `${linearity.toFixed(2)}x`, {
        ok: linearity <= MAX_LINEARITY,
        text: `<= ${MAX_LINEARITY}x`,
      }) && ok;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!ok) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
