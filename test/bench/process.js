// Whole-process measurement helpers: each figure is one `node` process from spawn to exit, as a user waits for it
// in CI or a pre-commit hook (start-up, module loading, background compilation and exit included).
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readFileSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { performance } = require("node:perf_hooks");

const root = path.join(__dirname, "../..");
const cli = path.join(root, "dist/cli/main.js");
const peakRss = path.join(__dirname, "peak-rss.js");
const scratch = mkdtempSync(path.join(tmpdir(), "wavegate-bench-rss-"));
process.on("exit", () => rmSync(scratch, { recursive: true, force: true }));
let rssFiles = 0;

/**
 * Runs `node <args>` once; returns its wall time (ms), exit code and, with `memory`, its peak resident set (MB,
 * from process.resourceUsage().maxRSS at exit, through a preloaded script). `input` is a file fed to stdin.
 */
function run(args, { memory = false, input, env, timeoutMs = 300_000 } = {}) {
  const rssFile = memory ? path.join(scratch, `rss-${rssFiles++}`) : undefined;
  const t0 = performance.now();
  const res = spawnSync(process.execPath, memory ? ["-r", peakRss, ...args] : args, {
    cwd: root,
    stdio: [input === undefined ? "ignore" : require("node:fs").openSync(input, "r"), "ignore", "pipe"],
    env: {
      ...process.env,
      CHECKPOINT_DISABLE: "1",
      ...env,
      ...(rssFile ? { WAVEGATE_BENCH_RSS: rssFile } : {}),
    },
    timeout: timeoutMs,
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t0;
  if (res.error && res.error.code !== "ETIMEDOUT") throw res.error;
  const rssMb = rssFile ? Number(readFileSync(rssFile, "utf8")) / 1024 : undefined;
  return {
    ms,
    code: res.status,
    timedOut: res.error?.code === "ETIMEDOUT",
    rssMb,
    stderr: String(res.stderr),
  };
}

/** `wavegate <args>` as a whole process. */
const wavegate = (args, options) => run([cli, ...args], options);

/** A bare node process reading and parsing a JSON file: the floor any check of it stands on. */
const bareParse = (file, options) =>
  run(["-e", `JSON.parse(require("fs").readFileSync(${JSON.stringify(file)}, "utf8"))`], options);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs every command of `commands` (name -> () => run result) once per round, in turn, for `rounds` rounds after
 * one warm-up round (file cache), so machine noise hits them alike; returns the median wall time of each.
 */
function interleaved(commands, rounds = 7) {
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let round = -1; round < rounds; round++) {
    for (const [name, fn] of Object.entries(commands)) {
      const r = fn();
      if (round >= 0) times[name].push(r.ms);
    }
  }
  return Object.fromEntries(Object.entries(times).map(([k, xs]) => [k, median(xs)]));
}

module.exports = { run, wavegate, bareParse, interleaved, median, root, cli };
