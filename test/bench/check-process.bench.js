// `wavegate check` as whole processes (spawn to exit: start-up, module loading, background compilation and exit
// included), beside a bare `node` process that reads and JSON.parse-s the same file. Interleaved rounds, medians.
// Targets (issue 14): check of the 10,000-DaemonSet tf.json in every output format <= 2.0x the bare parse; peak
// memory at 100,000 DaemonSets <= 2x the bare parse's; per-DaemonSet time and memory flat from 1,000 to 100,000
// (the marginal cost per DaemonSet from 10k to 100k within 1.5x of that from 1k to 10k). Same exit code everywhere.
const { mkdtempSync, rmSync, statSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { report } = require("./util");
const { bareParse, interleaved, median, wavegate } = require("./process");
const { writeInput } = require("./fleet");

const MAX_RATIO = 2.0;
const MAX_MEMORY_RATIO = 2.0;
const MAX_FLATNESS = 1.5;
const FORMATS = ["text", "json", "sarif", "junit"];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const dir = mkdtempSync(path.join(tmpdir(), "wavegate-bench-process-"));
let ok = true;
try {
  const files = {
    1000: writeInput(dir, 1000),
    10000: writeInput(dir, 10000),
    100000: writeInput(dir, 100000),
  };
  const mb = (n) => `${(statSync(files[n]).size / 1e6).toFixed(0)} MB`;
  report("inputs (tf.json of 3-wave agents)", `1k ${mb(1000)}, 10k ${mb(10000)}, 100k ${mb(100000)}`);

  // Every format, against the bare parse, in one interleaved run.
  const commands = { parse: () => bareParse(files[10000]) };
  const codes = {};
  for (const format of FORMATS) {
    commands[format] = () => {
      const r = wavegate(["check", files[10000], "--format", format]);
      codes[format] = r.code;
      return r;
    };
  }
  const t = interleaved(commands, ROUNDS);
  report("read + JSON.parse, 10,000 DaemonSets (bare node process)", `${t.parse.toFixed(0)} ms`);
  for (const format of FORMATS) {
    const ratio = t[format] / t.parse;
    ok =
      report(
        `wavegate check --format ${format}, 10,000 DaemonSets`,
        `${t[format].toFixed(0)} ms (${ratio.toFixed(2)}x)`,
        {
          ok: ratio <= MAX_RATIO,
          text: `<= ${MAX_RATIO}x parse`,
        },
      ) && ok;
  }
  const sameCode = FORMATS.every((f) => codes[f] === codes.text) && codes.text === 1;
  ok =
    report("exit code, every format", JSON.stringify(codes), { ok: sameCode, text: "1 in every format" }) &&
    ok;

  // Scaling: time (median of rounds; one run at 100k) and peak memory (one run each) at 1k, 10k, 100k.
  const time1k = median(Array.from({ length: ROUNDS }, () => wavegate(["check", files[1000]]).ms));
  const scale = {};
  for (const n of [1000, 10000, 100000]) {
    const check = wavegate(["check", files[n]], { memory: true });
    const parse = bareParse(files[n], { memory: true });
    scale[n] = {
      ms: n === 1000 ? time1k : n === 10000 ? t.text : check.ms,
      rss: check.rssMb,
      parseRss: parse.rssMb,
      parseMs: parse.ms,
    };
    report(
      `${n.toLocaleString("en")} DaemonSets: check / parse`,
      `${scale[n].ms.toFixed(0)} / ${parse.ms.toFixed(0)} ms, peak ${check.rssMb.toFixed(0)} / ${parse.rssMb.toFixed(0)} MB`,
    );
  }
  const memRatio = scale[100000].rss / scale[100000].parseRss;
  ok =
    report("peak memory at 100,000: check / bare parse", `${memRatio.toFixed(2)}x`, {
      ok: memRatio <= MAX_MEMORY_RATIO,
      text: `<= ${MAX_MEMORY_RATIO}x`,
    }) && ok;
  const marginal = (key) => {
    const low = (scale[10000][key] - scale[1000][key]) / 9000;
    const high = (scale[100000][key] - scale[10000][key]) / 90000;
    return { low, high, ratio: high / low };
  };
  const time = marginal("ms");
  const memory = marginal("rss");
  ok =
    report(
      "per-DaemonSet time, 10k->100k vs 1k->10k",
      `${(time.high * 1000).toFixed(0)} vs ${(time.low * 1000).toFixed(0)} us (${time.ratio.toFixed(2)}x)`,
      { ok: time.ratio <= MAX_FLATNESS, text: `flat: <= ${MAX_FLATNESS}x` },
    ) && ok;
  ok =
    report(
      "per-DaemonSet memory, 10k->100k vs 1k->10k",
      `${(memory.high * 1024).toFixed(1)} vs ${(memory.low * 1024).toFixed(1)} KB (${memory.ratio.toFixed(2)}x)`,
      { ok: memory.ratio <= MAX_FLATNESS, text: `flat: <= ${MAX_FLATNESS}x` },
    ) && ok;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
