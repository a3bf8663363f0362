import { ValidationError } from "../../lib/model/errors";
import { simulateRollout } from "../../lib/simulate/engine";
import { unstagedWave } from "../../lib/simulate/plan";
import { EXACT, seedWaves, wave } from "./helpers";

describe("simulateRollout: a good version", () => {
  test("GIVEN 5 nodes, maxUnavailable 1, no jitter WHEN rolled THEN each node takes stop + pull + start + ready", () => {
    const r = simulateRollout([wave("only", 5)], { timings: EXACT, audit: true });
    expect(r.waves[0]).toMatchObject({
      status: "complete",
      durationSeconds: 5 * 22,
      batches: 5,
      exposedNodes: 5,
    });
    expect(r.totalSeconds).toBe(110);
    expect(r.halt).toBeUndefined();
    expect(r.fault).toEqual({ kind: "none", rate: 0, haltedInWave: null, brickedNodes: 0, exposedNodes: 5 });
  });

  test("minReadySeconds stretches every round: 5 x (22 + 30) s", () => {
    const fast = simulateRollout([wave("only", 5)], { timings: EXACT });
    const slow = simulateRollout([wave("only", 5, { minReadySeconds: 30 })], { timings: EXACT });
    expect(fast.waves[0].durationSeconds).toBe(110);
    expect(slow.waves[0].durationSeconds).toBe(260);
  });

  test("a percent budget runs in rounds: 25 nodes at 10% -> 3 at a time, 9 rounds", () => {
    const r = simulateRollout([wave("only", 25, { maxUnavailable: "10%" })], { timings: EXACT, audit: true });
    expect(r.waves[0]).toMatchObject({ maxUnavailable: 3, batches: 9, peakUnavailable: 3 });
    expect(r.waves[0].durationSeconds).toBe(9 * 22);
  });

  test.each([
    [25, "10%", 3],
    [15, "10%", 2],
    [10, "33%", 4],
  ])("%i nodes at %s resolve to maxUnavailable %i", (nodes, pct, expected) => {
    const r = simulateRollout([wave("only", nodes, { maxUnavailable: pct })], { timings: EXACT });
    expect(r.waves[0].maxUnavailable).toBe(expected);
    expect(r.waves[0].peakUnavailable).toBe(expected);
  });

  test("waves run in order behind their bake: the next starts when the previous completed and baked", () => {
    const r = simulateRollout(seedWaves(3600), { timings: EXACT });
    const [canary, staging, production] = r.waves;
    expect(staging.startSeconds).toBe((canary.startSeconds ?? 0) + canary.durationSeconds + 3600);
    expect(production.startSeconds).toBe((staging.startSeconds ?? 0) + staging.durationSeconds + 3600);
    expect(r.totalSeconds).toBe((production.startSeconds ?? 0) + production.durationSeconds);
    expect(production.bakeSeconds).toBe(0);
  });

  test("an empty wave completes at once", () => {
    const r = simulateRollout([wave("empty", 0), wave("rest", 3)], { timings: EXACT });
    expect(r.waves[0]).toMatchObject({ status: "complete", durationSeconds: 0 });
    expect(r.waves[1].status).toBe("complete");
  });
});

describe("surge XOR unavailable", () => {
  test("both non-zero is rejected, as the API server does", () => {
    expect(() => simulateRollout([wave("w", 10, { maxUnavailable: 1, maxSurge: 1 })])).toThrow(
      ValidationError,
    );
    expect(() => simulateRollout([wave("w", 10, { maxUnavailable: 1, maxSurge: 1 })])).toThrow(
      /both non-zero/,
    );
  });

  test("both zero is rejected: the rollout could never progress", () => {
    expect(() => simulateRollout([wave("w", 10, { maxUnavailable: 0, maxSurge: 0 })])).toThrow(/both 0/);
  });

  test("maxSurge: two pods on at most maxSurge nodes, never a node without an available pod", () => {
    const r = simulateRollout([wave("w", 15, { maxSurge: "10%" })], { timings: EXACT, audit: true });
    expect(r.waves[0]).toMatchObject({ maxSurge: 2, maxUnavailable: 0, peakSurge: 2, peakUnavailable: 0 });
    expect(r.waves[0].status).toBe("complete");
    // Surging skips the old pod's stop: 8 rounds of pull + start + ready.
    expect(r.waves[0].durationSeconds).toBe(8 * 20);
  });

  test("maxUnavailable: never two pods on a node", () => {
    const r = simulateRollout([wave("w", 15, { maxUnavailable: 2 })], { timings: EXACT });
    expect(r.waves[0].peakSurge).toBe(0);
    expect(r.waves[0].peakUnavailable).toBe(2);
  });
});

describe("faults", () => {
  test.each([
    [1, 20],
    [3, 25],
    ["10%", 25],
    ["10%", 2000],
  ])("a bricking version halts the wave after exactly maxUnavailable (%s of %i) nodes", (budget, nodes) => {
    const r = simulateRollout([wave("w", nodes, { maxUnavailable: budget })], {
      fault: { kind: "brick" },
      audit: true,
    });
    const cap = r.waves[0].maxUnavailable;
    expect(r.waves[0]).toMatchObject({ status: "halted", brickedNodes: cap, exposedNodes: cap });
    expect(r.halt).toMatchObject({ wave: "w", reason: "budget-exhausted" });
    expect(r.fault.haltedInWave).toBe("w");
  });

  test("a bricking version with maxSurge halts after exactly maxSurge nodes", () => {
    const r = simulateRollout([wave("w", 30, { maxSurge: 2 })], { fault: { kind: "brick" }, audit: true });
    expect(r.waves[0]).toMatchObject({ status: "halted", brickedNodes: 2, exposedNodes: 2 });
    // The old pod on a bricked node is unavailable too.
    expect(r.waves[0].peakUnavailable).toBe(2);
  });

  test("a crash-looping version never leaves canary", () => {
    const r = simulateRollout(seedWaves(), { fault: { kind: "crashloop" }, seed: 7 });
    expect(r.halt).toMatchObject({ wave: "canary", reason: "budget-exhausted" });
    expect(r.waves[0]).toMatchObject({ crashLoopingNodes: 1, brickedNodes: 0, exposedNodes: 1 });
    expect(r.waves.slice(1).map((w) => [w.status, w.exposedNodes])).toEqual([
      ["not-started", 0],
      ["not-started", 0],
    ]);
  });

  test("unavailable old pods are replaced regardless of the budget", () => {
    const r = simulateRollout([wave("w", 20, { maxUnavailable: 1, unhealthyAtStart: 5 })], {
      fault: { kind: "brick" },
      audit: true,
    });
    // 5 replaced outside the budget, plus the 1 the budget allows.
    expect(r.waves[0].brickedNodes).toBe(6);
  });

  test("a fault on a fraction of nodes lets the native controller update every node when the budget absorbs it", () => {
    const results = Array.from({ length: 40 }, (_, i) =>
      simulateRollout([wave("w", 100, { maxUnavailable: "10%" })], {
        fault: { kind: "crashloop", rate: 0.05 },
        seed: i + 1,
      }),
    );
    const absorbed = results.filter(
      (r) => r.waves[0].crashLoopingNodes > 0 && r.waves[0].crashLoopingNodes < 10,
    );
    expect(absorbed.length).toBeGreaterThan(0);
    for (const r of absorbed) {
      expect(r.halt?.reason).toBe("never-available");
      expect(r.waves[0].exposedNodes).toBe(100);
    }
  });

  test("fault rate 0 behaves as no fault", () => {
    const r = simulateRollout([wave("w", 10)], { fault: { kind: "brick", rate: 0 }, timings: EXACT });
    expect(r.waves[0]).toMatchObject({ status: "complete", brickedNodes: 0 });
  });
});

describe("node churn", () => {
  test("in an un-staged DaemonSet, new nodes get the bad template and brick beyond the cap", () => {
    const all = unstagedWave([wave("all", 1000)]);
    const quiet = simulateRollout([all], { fault: { kind: "brick" } });
    const churn = simulateRollout([all], {
      fault: { kind: "brick" },
      churnPerHour: 120,
      responseSeconds: 3600,
    });
    expect(quiet.fault.brickedNodes).toBe(100);
    expect(churn.fault.brickedNodes).toBeGreaterThan(100);
    expect(churn.fault.brickedNodes).toBe(100 + churn.waves[0].joinedNodes);
  });

  test("in a staged rollout, nodes joining later waves get their wave's old version", () => {
    const r = simulateRollout(seedWaves(), { fault: { kind: "brick" }, churnPerHour: 120, seed: 3 });
    expect(r.halt?.wave).toBe("canary");
    const joinedLater = r.waves[1].joinedNodes + r.waves[2].joinedNodes;
    expect(joinedLater).toBeGreaterThan(0);
    expect(r.waves[1].exposedNodes + r.waves[2].exposedNodes).toBe(0);
    expect(r.fault.brickedNodes).toBe(1 + r.waves[0].joinedNodes);
  });

  test("a good version: joined nodes are updated too and the rollout completes", () => {
    const r = simulateRollout(seedWaves(600), { churnPerHour: 60, audit: true });
    expect(r.halt).toBeUndefined();
    for (const w of r.waves) expect(w.exposedNodes).toBe(w.nodes + w.joinedNodes);
  });
});

describe("health gate", () => {
  test("a failed pod while a wave bakes stops the promotion", () => {
    const waves = [wave("canary", 10, { bakeSeconds: 7200 }), wave("production", 10)];
    const results = Array.from({ length: 60 }, (_, i) =>
      simulateRollout(waves, { fault: { kind: "crashloop", rate: 0.1 }, churnPerHour: 20, seed: i + 1 }),
    );
    const gated = results.filter((r) => r.halt?.reason === "health-gate");
    expect(gated.length).toBeGreaterThan(0);
    for (const r of gated) {
      expect(r.halt?.wave).toBe("canary");
      expect(r.waves[0].status).toBe("complete");
      expect(r.waves[1]).toMatchObject({ status: "not-started", exposedNodes: 0 });
    }
  });
});

describe("determinism", () => {
  test("the same seed gives the same result; another seed other timings", () => {
    const options = { fault: { kind: "crashloop" as const, rate: 0.02 }, churnPerHour: 30 };
    const a = simulateRollout(seedWaves(), { ...options, seed: 42 });
    const b = simulateRollout(seedWaves(), { ...options, seed: 42 });
    const c = simulateRollout(seedWaves(), { ...options, seed: 43 });
    expect(b).toEqual(a);
    expect(c.totalSeconds).not.toBe(a.totalSeconds);
  });
});

describe("validation", () => {
  test.each([
    [[], {}, /no wave/],
    [[wave("w", 3)], { fault: { kind: "melt" } }, /fault.kind/],
    [[wave("w", 3)], { fault: { kind: "brick", rate: 1.5 } }, /fault.rate/],
    [[wave("w", 3)], { churnPerHour: -1 }, /churnPerHour/],
    [[wave("w", 3)], { seed: 1.5 }, /seed/],
    [[wave("w", 3)], { timings: { jitter: 1 } }, /jitter/],
    [[{ ...wave("w", 3), nodes: -2 }], {}, /nodes/],
    [[wave("w", 3, { unhealthyAtStart: 4 })], {}, /unhealthyAtStart/],
  ])("rejects bad input %#", (waves, options, message) => {
    expect(() => simulateRollout(waves as never, options as never)).toThrow(message);
  });
});
