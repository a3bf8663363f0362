// The rollout simulator (lib/simulate) on generated fleets of three waves (1% canary at maxUnavailable 1, 9% staging
// and 90% production at 10%, minReadySeconds 30, 1 h bakes), a good version, seed 1.
// Targets: a 10,000-node rollout in well under a second (<= 250 ms median); growth from 10,000 to 100,000 nodes
// near-linear (time per node at 100,000 within 2.5x of 10,000).
const path = require("node:path");
const { medianMs, report } = require("./util");

const dist = path.join(__dirname, "../../dist");
const { simulateRollout } = require(`${dist}/simulate/engine`);
const { IntOrPercent } = require(`${dist}/model/int-or-percent`);

const TARGET_10K_MS = 250;
const MAX_PER_NODE_GROWTH = 2.5;

function fleet(nodes) {
  const p = (v) => IntOrPercent.parse(v, "bench");
  const canary = Math.max(1, Math.round(nodes * 0.01));
  const staging = Math.round(nodes * 0.09);
  const wave = (name, n, maxUnavailable) => ({
    name,
    nodes: n,
    maxUnavailable: p(maxUnavailable),
    maxSurge: p(0),
    minReadySeconds: 30,
    bakeSeconds: 3600,
  });
  return [
    wave("canary", canary, 1),
    wave("staging", staging, "10%"),
    wave("production", nodes - canary - staging, "10%"),
  ];
}

function timed(nodes, runs) {
  const waves = fleet(nodes);
  let result;
  const ms = medianMs(() => {
    result = simulateRollout(waves, { seed: 1 });
  }, runs);
  if (result.halt !== undefined || result.fault.exposedNodes !== nodes) {
    throw new Error(`the ${nodes}-node rollout did not complete: ${JSON.stringify(result.halt)}`);
  }
  return { ms, events: result.events, simulated: result.totalSeconds };
}

// Warm the JIT on a mid-size fleet first so that the smallest size is not charged with compilation.
for (let i = 0; i < 3; i++) simulateRollout(fleet(10000), { seed: 2 });

let ok = true;
const sizes = [1000, 10000, 100000];
const times = {};
for (const n of sizes) {
  times[n] = timed(n, n >= 100000 ? 5 : 9);
  const t = times[n];
  report(
    `${n.toLocaleString("en")} nodes, 3 waves (${t.events.toLocaleString("en")} events)`,
    `${t.ms.toFixed(1)} ms (${((t.ms * 1000) / n).toFixed(2)} us/node; rollout ${(t.simulated / 3600).toFixed(1)} h)`,
  );
}
ok =
  report("10,000-node 3-wave rollout", `${times[10000].ms.toFixed(1)} ms`, {
    ok: times[10000].ms <= TARGET_10K_MS,
    text: `<= ${TARGET_10K_MS} ms`,
  }) && ok;
const growth1 = times[10000].ms / times[1000].ms;
const growth2 = times[100000].ms / times[10000].ms;
report("time growth 1,000 -> 10,000 nodes (10x nodes)", `${growth1.toFixed(1)}x`);
ok =
  report("time growth 10,000 -> 100,000 nodes (10x nodes)", `${growth2.toFixed(1)}x`, {
    ok: growth2 / 10 <= MAX_PER_NODE_GROWTH,
    text: `per-node time within ${MAX_PER_NODE_GROWTH}x, i.e. <= ${10 * MAX_PER_NODE_GROWTH}x`,
  }) && ok;
process.exitCode = ok ? 0 : 1;
