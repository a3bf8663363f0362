// `wavegate check --ledger` as whole processes: the release rules (WG302, WG303) ask the evidence ledger about every
// DaemonSet, so a large fleet with a long ledger (append-only: it only grows) must cost the fleet plus the ledger,
// never their product. Target: checking 10,000 DaemonSets against a 100,000-entry ledger takes at most 1.5x the sum
// of its parts (the fleet without a ledger, plus what the ledger adds to a check of one agent).
const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { report } = require("./util");
const { interleaved, wavegate } = require("./process");
const { writeInput } = require("./fleet");

const dist = path.join(__dirname, "../../dist");
const { chainEntry, ledgerLine } = require(`${dist}/release/ledger`);

const MAX_RATIO = 1.5;
const ENTRIES = 100_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WAVES = ["canary", "staging", "production"];
const VERSIONS = ["v2.5.0@sha256:" + "a".repeat(64), "v2.4.0@sha256:" + "b".repeat(64)];

/** A chained ledger of verified entries for the fleet's agents (agent-<k>), one a minute, with a few blocks. */
function writeLedger(dir, entries, agents) {
  const lines = [];
  let prev = null;
  const start = Date.UTC(2026, 0, 1);
  for (let i = 0; i < entries; i++) {
    const blocked = i % 97 === 0;
    const draft = {
      event: blocked ? "blocked" : "verified",
      agent: `agent-${i % agents}`,
      ...(blocked ? { reason: "bench" } : { wave: WAVES[i % 3] }),
      version: blocked ? "v0.0.1" : VERSIONS[i % 2],
    };
    const entry = chainEntry(draft, prev, new Date(start + i * 60_000));
    prev = entry.hash;
    lines.push(ledgerLine(entry));
  }
  const file = path.join(dir, `ledger-${entries}.jsonl`);
  writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

const dir = mkdtempSync(path.join(tmpdir(), "wavegate-bench-ledger-"));
let ok = true;
try {
  const fleet = writeInput(dir, 10_000);
  const agent = writeInput(dir, 3);
  const ledger = writeLedger(dir, ENTRIES, Math.ceil(10_000 / 3));
  const empty = path.join(dir, "empty.jsonl");
  writeFileSync(empty, "");
  const codes = {};
  const check = (name, input, ledgerFile) => () => {
    const r = wavegate(["check", input, "--format", "json", "--ledger", ledgerFile]);
    codes[name] = r.code;
    return r;
  };
  const t = interleaved(
    {
      fleet: check("fleet", fleet, empty),
      agent: check("agent", agent, empty),
      agentLedger: check("agentLedger", agent, ledger),
      both: check("both", fleet, ledger),
    },
    ROUNDS,
  );
  report("inputs", `10,000 DaemonSets; a ledger of ${ENTRIES.toLocaleString("en")} entries`);
  report("check, 10,000 DaemonSets, empty ledger", `${t.fleet.toFixed(0)} ms`);
  report("check, 1 agent (3 DaemonSets), empty ledger", `${t.agent.toFixed(0)} ms`);
  report(`check, 1 agent, ${ENTRIES.toLocaleString("en")}-entry ledger`, `${t.agentLedger.toFixed(0)} ms`);
  const parts = t.fleet + (t.agentLedger - t.agent);
  const ratio = t.both / parts;
  ok =
    report(
      `check, 10,000 DaemonSets, ${ENTRIES.toLocaleString("en")}-entry ledger`,
      `${t.both.toFixed(0)} ms (${ratio.toFixed(2)}x the parts, ${parts.toFixed(0)} ms)`,
      { ok: ratio <= MAX_RATIO, text: `<= ${MAX_RATIO}x fleet + ledger` },
    ) && ok;
  const exited = Object.values(codes).every((c) => c === 0 || c === 1);
  ok = report("exit codes", JSON.stringify(codes), { ok: exited, text: "0 or 1 (a verdict)" }) && ok;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exitCode = ok ? 0 : 1;
