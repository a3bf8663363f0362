// Preloaded (`node -r`) by the whole-process benchmarks: writes the process's peak resident set (KB) at exit.
process.on("exit", () => {
  require("node:fs").writeFileSync(process.env.WAVEGATE_BENCH_RSS, String(process.resourceUsage().maxRSS));
});
