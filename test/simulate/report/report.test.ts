import { planRollout } from "../../../lib/simulate/plan";
import {
  formatDuration,
  gantt,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText,
} from "../../../lib/simulate/report";
import { EXACT, seedWaves } from "../helpers";

describe("formatDuration", () => {
  test.each([
    [0, "0s"],
    [45.4, "45s"],
    [60, "1m"],
    [1040, "17m 20s"],
    [3600, "1h"],
    [9301, "2h 35m"],
    [90061, "1d 1h"],
  ])("%d s -> %s", (s, text) => expect(formatDuration(s)).toBe(text));
});

describe("plan reports", () => {
  const good = planRollout(
    "agent",
    seedWaves(),
    { timings: EXACT },
    { version: "v2.5.0", compareUnstaged: true },
  );
  const bad = planRollout("agent", seedWaves(), { fault: { kind: "brick" } }, { compareUnstaged: true });

  test("json has exactly the keys the issue specifies, resolved budgets, and the un-staged run beside it", () => {
    const json = JSON.parse(renderPlanJson(bad));
    expect(Object.keys(json)).toEqual(["waves", "totalSeconds", "fault", "unstaged"]);
    expect(Object.keys(json.waves[0])).toEqual([
      "name",
      "nodes",
      "maxUnavailable",
      "maxSurge",
      "durationSeconds",
      "exposedNodes",
      "brickedNodes",
    ]);
    expect(json.waves.map((w: { maxUnavailable: number }) => w.maxUnavailable)).toEqual([1, 20, 200]);
    expect(json.fault).toEqual({ kind: "brick", haltedInWave: "canary", brickedNodes: 1, exposedNodes: 1 });
    expect(json.unstaged.fault).toEqual({
      kind: "brick",
      haltedInWave: "unstaged",
      brickedNodes: 222,
      exposedNodes: 222,
    });
    expect(json.unstaged.waves[0]).toMatchObject({ nodes: 2220, maxUnavailable: 222 });
  });

  test("json without the comparison has no unstaged key", () => {
    const json = JSON.parse(renderPlanJson(planRollout("a", seedWaves(), {})));
    expect(json).not.toHaveProperty("unstaged");
    expect(json.fault.haltedInWave).toBeNull();
  });

  test("text: one row per wave with budgets, batches, duration and cumulative exposure; total; comparison", () => {
    const text = renderPlanText(good);
    expect(text).toContain("agent: rolling v2.5.0 through canary -> staging -> production");
    const rows = text.split("\n").filter((l) => /^(canary|staging|production) /.test(l));
    expect(rows.map((r) => r.split(/\s{2,}/))).toEqual([
      ["canary", "20", "1", "0", "20", "17m 20s", "1h", "20", "20", "0", "complete"],
      ["staging", "200", "20", "0", "10", "8m 40s", "1h", "200", "220", "0", "complete"],
      ["production", "2000", "200", "0", "10", "8m 40s", "-", "2000", "2220", "0", "complete"],
    ]);
    expect(text).toMatch(
      /Total: 2h 34m until the last wave completed; exposed 2220 nodes, bricked 0 nodes\./,
    );
    expect(text).toMatch(/first budget\s+1 \(canary\)\s+222 \(10% of all\)/);
  });

  test("text names the halt and its reason", () => {
    const text = renderPlanText(bad);
    expect(text).toMatch(/^canary .* halted$/m);
    expect(text).toMatch(/^staging .* not started$/m);
    expect(text).toContain("Halted in canary after");
    expect(text).toContain("unavailable pods used up maxUnavailable");
    expect(text).toMatch(/bricked nodes\s+1\s+222/);
  });

  test("markdown: a table, the outcome, and a Mermaid gantt of rollouts and bakes", () => {
    const md = renderPlanMarkdown(good);
    expect(md).toContain("| wave | nodes | maxUnavailable | maxSurge | batches | duration |");
    expect(md).toContain("| canary | 20 | 1 | 0 | 20 | 17m 20s | 1h | 20 | 20 | 0 | complete |");
    expect(md).toContain("```mermaid\ngantt\n");
    expect(md).toContain("  rollout 20 nodes :w0, 0, 1040\n  bake :b0, 1040, 4640\n");
    expect(md).toContain("  section production\n  rollout 2000 nodes :w2, 8760, 9280\n```");
  });

  test("the gantt marks the halted wave crit and leaves out waves that never started", () => {
    const lines = gantt("agent", bad.staged);
    expect(lines.filter((l) => l.includes("section"))).toEqual(["  section canary"]);
    expect(lines.find((l) => l.includes(":crit, w0, 0,"))).toBeDefined();
  });
});
