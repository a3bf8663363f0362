// `wavegate check` with many suppressions, as whole processes: a platform team that accepts a rule per DaemonSet
// (a generated wavegate.json) has as many suppressions as failures. Each failure must find its suppression by lookup:
// searching the list for every failure made 6,666 suppressions on 10,000 DaemonSets take 8 s. Target: the check with
// one suppression per failing wave at most 1.3x the same check without a config.
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { report } = require("./util");
const { interleaved, wavegate } = require("./process");
const { writeInput } = require("./fleet");

const MAX_RATIO = 1.3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COUNT = 10_000;

const dir = mkdtempSync(path.join(tmpdir(), "wavegate-bench-suppressed-"));
let ok = true;
try {
  const fleet = writeInput(dir, COUNT);
  const config = path.join(dir, "wavegate.json");
  // WG110 (no gate between waves) fails every wave but the last: suppress each of those failures by address.
  const suppressions = [];
  for (let agent = 0; agent < Math.ceil(COUNT / 3); agent++) {
    for (const wave of ["canary", "staging"]) {
      suppressions.push({
        rule: "WG110",
        resource: `kubernetes_daemon_set_v1.agent-${agent}_${wave}`,
        reason: "gates are added next quarter",
        expires: "2099-12-31",
      });
    }
  }
  writeFileSync(config, JSON.stringify({ suppressions }));
  const codes = {};
  const check = (name, extra) => () => {
    const r = wavegate(["check", fleet, "--format", "json", ...extra]);
    codes[name] = r.code;
    return r;
  };
  const t = interleaved(
    { plain: check("plain", []), suppressed: check("suppressed", ["--config", config]) },
    ROUNDS,
  );
  report("check, 10,000 DaemonSets, no config", `${t.plain.toFixed(0)} ms`);
  const ratio = t.suppressed / t.plain;
  ok =
    report(
      `check, 10,000 DaemonSets, ${suppressions.length.toLocaleString("en")} suppressions`,
      `${t.suppressed.toFixed(0)} ms (${ratio.toFixed(2)}x)`,
      { ok: ratio <= MAX_RATIO, text: `<= ${MAX_RATIO}x without` },
    ) && ok;
  ok =
    report("exit codes", JSON.stringify(codes), {
      ok: codes.plain === 1 && codes.suppressed === 1,
      text: "1, 1",
    }) && ok;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
