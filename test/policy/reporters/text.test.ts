import { evaluateGate } from "../../../lib/policy/gate";
import { renderText, UNSTAGED_HEADING } from "../../../lib/policy/reporters/text";
import { F, fullReport, makeReport } from "./fixture";

describe("renderText", () => {
  const report = fullReport();
  const text = renderText(report, { gate: evaluateGate(report) });
  const lines = text.split("\n");

  test("starts with what was read, including other resources", () => {
    expect(lines[0]).toBe(
      "wavegate check: 2 files, 1 stack, 2 DaemonSets read (2 other resources not checked)",
    );
  });

  test("groups by agent, then wave; DaemonSets without a contract come last", () => {
    const agent = lines.indexOf("agent");
    const unstaged = lines.indexOf(UNSTAGED_HEADING);
    expect(agent).toBeGreaterThan(0);
    expect(unstaged).toBeGreaterThan(agent);
    expect(lines[agent + 1]).toMatch(
      /^ {2}canary: kube-system\/agent-canary {2}kubernetes_daemon_set_v1\.agent_canary_1A2B/,
    );
    expect(lines[agent + 1]).toContain("app/agent/canary");
    expect(lines[unstaged + 1]).toContain(
      "default/legacy  kubernetes_daemonset.legacy  legacy & old.tf.json:7",
    );
  });

  test("lists failures with severity, message and fix", () => {
    expect(text).toContain("✗ WG101 error  DaemonSet legacy has no rollout contract <single wave>");
    expect(text).toContain("fix: Use StagedDaemonSet or adopt the rollout contract.");
    expect(text).toContain('! WG109 warning  image "legacy:1.0" has no digest');
  });

  test("shows suppressed failures, marked, with the reason and expiry", () => {
    expect(text).toContain('~ WG109 suppressed warning  image "agent:v1" has no digest');
    expect(text).toContain("reason: canary tracks the moving tag on purpose (expires 2099-01-01)");
  });

  test("lists suppression problems and load warnings", () => {
    expect(text).toContain(
      "! unused suppression: WG101 on kubernetes_daemonset.gone matched no failure; remove it",
    );
    expect(text).toContain(
      "✗ expired suppression: WG109 on * expired on 2020-01-01; fix the finding or renew the suppression",
    );
    expect(text).toContain("! 1 value unknown until apply");
  });

  test("ends with the summary counts and the gate verdict", () => {
    expect(text).toContain(
      "Summary: 2 files, 1 stack, 2 DaemonSets read; 1 pass, 2 fail (1 error, 1 warning), 0 n/a, 0 error, 1 suppressed",
    );
    expect(text).toContain(
      "Gate: FAILED (fail on error): 1 failure at severity error, 1 expired suppression",
    );
    expect(text.endsWith("\n")).toBe(true);
  });

  test("has no ANSI codes unless colours are asked for", () => {
    expect(text).not.toContain("\u001b[");
    const colored = renderText(report, { color: true, gate: evaluateGate(report) });
    expect(colored).toContain("\u001b[31m✗\u001b[39m WG101");
    expect(colored).toContain("\u001b[31mFAILED\u001b[39m");
  });

  test("hides passes and n/a details unless verbose, but always counts them", () => {
    const r = makeReport([F.canaryPass, F.legacyNa]);
    const quiet = renderText(r);
    expect(quiet).not.toContain("WG101 pass");
    expect(quiet).toContain("✓ 1 pass, 0 n/a");
    expect(quiet).toContain("✓ 0 pass, 1 n/a");
    const verbose = renderText(r, { verbose: true });
    expect(verbose).toContain("✓ WG101 pass  Every DaemonSet is part of a staged rollout");
    expect(verbose).toContain("- WG109 n/a  image unknown until apply");
  });

  test("shows rule errors", () => {
    expect(renderText(makeReport([F.legacyError]))).toContain("✗ WG109 rule error  TypeError: boom");
  });

  test("says so when nothing was found (never silent)", () => {
    const empty = makeReport([], {
      input: { files: ["main.tf.json"], stacks: [], otherResources: 0, warnings: [], daemonSets: 0 },
    });
    const out = renderText(empty, { gate: evaluateGate(empty) });
    expect(out).toContain("wavegate check: 1 file, 0 stacks, 0 DaemonSets read");
    expect(out).toContain("No DaemonSets found: nothing was checked.");
    expect(out).toContain("Gate: passed (fail on error)");
  });
});

describe("renderText wave order", () => {
  test("GIVEN waves read as canary, production, staging THEN they print in rollout order", () => {
    const at = (wave: string, waveIndex: number) => ({
      ...F.canaryPass,
      source: { ...F.canaryPass.source, address: `kubernetes_daemon_set_v1.agent_${wave}` },
      name: `agent-${wave}`,
      wave,
      waveIndex,
    });
    const text = renderText(makeReport([at("canary", 0), at("production", 2), at("staging", 1)]));
    const order = ["canary", "staging", "production"].map((w) =>
      text.indexOf(`  ${w}: kube-system/agent-${w}`),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
});
