import fc from "fast-check";
import { simulateRollout } from "../../lib/simulate/engine";
import { wave } from "./helpers";

const budget = fc.oneof(
  fc.integer({ min: 1, max: 12 }),
  fc.integer({ min: 1, max: 100 }).map((p) => `${p}%`),
);
const timings = fc.record({
  terminationSeconds: fc.integer({ min: 0, max: 10 }),
  imagePullSeconds: fc.integer({ min: 0, max: 30 }),
  startSeconds: fc.integer({ min: 0, max: 10 }),
  readinessSeconds: fc.integer({ min: 0, max: 20 }),
  jitter: fc.constantFrom(0, 0.1, 0.5),
});
const waveSpecs = fc.array(
  fc.record({
    nodes: fc.integer({ min: 0, max: 150 }),
    budget,
    minReadySeconds: fc.integer({ min: 0, max: 60 }),
    bakeSeconds: fc.integer({ min: 0, max: 600 }),
  }),
  { minLength: 1, maxLength: 4 },
);

describe("simulator properties", () => {
  test("maxSurge 0, no fault, no churn: never more than maxUnavailable nodes unavailable; every node updated", () => {
    fc.assert(
      fc.property(waveSpecs, timings, fc.integer(), (specs, t, seed) => {
        const waves = specs.map((s, i) =>
          wave(`w${i}`, s.nodes, {
            maxUnavailable: s.budget,
            minReadySeconds: s.minReadySeconds,
            bakeSeconds: s.bakeSeconds,
          }),
        );
        const r = simulateRollout(waves, { timings: t, seed, audit: true });
        expect(r.halt).toBeUndefined();
        r.waves.forEach((w) => {
          expect(w.peakUnavailable).toBeLessThanOrEqual(w.maxUnavailable);
          expect(w.peakSurge).toBe(0);
          expect(w.status).toBe("complete");
          expect(w.exposedNodes).toBe(w.nodes);
        });
      }),
      { numRuns: 150 },
    );
  });

  test("maxSurge > 0, no fault: never a node without an available pod, never more than maxSurge surging", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        budget,
        timings,
        fc.integer(),
        (nodes, surge, t, seed) => {
          const r = simulateRollout([wave("w", nodes, { maxSurge: surge })], {
            timings: t,
            seed,
            audit: true,
          });
          const w = r.waves[0];
          expect(w.peakUnavailable).toBe(0);
          expect(w.peakSurge).toBeLessThanOrEqual(w.maxSurge);
          expect(w.exposedNodes).toBe(nodes);
          expect(w.status).toBe("complete");
        },
      ),
      { numRuns: 100 },
    );
  });

  test("a bricking version on every node, no churn: each wave that ran bricks exactly its budget, later waves none", () => {
    fc.assert(
      fc.property(waveSpecs, fc.integer(), (specs, seed) => {
        const waves = specs.map((s, i) => wave(`w${i}`, s.nodes, { maxUnavailable: s.budget }));
        const r = simulateRollout(waves, { fault: { kind: "brick" }, seed, audit: true });
        const first = r.waves.findIndex((w) => w.nodes > 0);
        if (first < 0) return expect(r.halt).toBeUndefined();
        expect(r.halt?.wave).toBe(r.waves[first].name);
        expect(r.fault.brickedNodes).toBe(Math.min(r.waves[first].maxUnavailable, r.waves[first].nodes));
        r.waves.slice(first + 1).forEach((w) => expect(w.exposedNodes).toBe(0));
      }),
      { numRuns: 150 },
    );
  });

  test("the same seed always gives the same result", () => {
    fc.assert(
      fc.property(
        waveSpecs,
        fc.integer(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (specs, seed, rate) => {
          const waves = specs.map((s, i) => wave(`w${i}`, s.nodes, { maxUnavailable: s.budget }));
          const options = { fault: { kind: "crashloop" as const, rate }, churnPerHour: 20, seed };
          expect(simulateRollout(waves, options)).toEqual(simulateRollout(waves, options));
        },
      ),
      { numRuns: 50 },
    );
  });
});
