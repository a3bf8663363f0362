// Small helpers shared by the benchmarks.
const { performance } = require("node:perf_hooks");

/** Runs fn `runs` times after `warmup` runs; returns the median in milliseconds. */
function medianMs(fn, runs = 7, warmup = 2) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Prints one figure line and whether it meets its target; returns true when it does. */
function report(label, value, target) {
  const ok = target === undefined || target.ok;
  const suffix = target === undefined ? "" : `  (target ${target.text}: ${ok ? "ok" : "MISSED"})`;
  console.log(`${label.padEnd(58)} ${value}${suffix}`);
  return ok;
}

module.exports = { medianMs, report };
