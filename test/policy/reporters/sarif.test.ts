import { ALL_RULES } from "../../../lib/policy/rules";
import type * as Sarif from "sarif";
import { renderSarif, SARIF_SCHEMA, sarifLevel, toSarif, toUri } from "../../../lib/policy/reporters/sarif";
import { F, fullReport, makeReport } from "./fixture";

describe("renderSarif", () => {
  const log = JSON.parse(renderSarif(fullReport())) as Sarif.Log;
  const run = log.runs[0];

  test("is SARIF 2.1.0 with the schema and one run", () => {
    expect(log.version).toBe("2.1.0");
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe("wavegate");
  });

  test("rules carry title, why and the fix as help text, and the default level", () => {
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(["WG101", "WG109"]);
    expect(rules[0].shortDescription?.text).toBe("Every DaemonSet is part of a staged rollout");
    expect(rules[0].fullDescription?.text).toBe(
      "A single DaemonSet updates every node of the cluster at once. Fix: Use StagedDaemonSet or adopt the rollout contract.",
    );
    expect(rules[0].help?.text).toContain("Fix: Use StagedDaemonSet or adopt the rollout contract.");
    expect(rules[0].help?.markdown).toContain("**Fix:** Use StagedDaemonSet");
    expect(rules[0].defaultConfiguration?.level).toBe("error");
    expect(rules[1].defaultConfiguration?.level).toBe("warning");
  });

  test("one result per failing finding (passes are not results), ruleId and ruleIndex point at the rule", () => {
    const results = run.results ?? [];
    expect(results.map((r) => [r.ruleId, r.ruleIndex, r.level])).toEqual([
      ["WG109", 1, "warning"],
      ["WG101", 0, "error"],
      ["WG109", 1, "warning"],
    ]);
    expect(results[1].message.text).toBe("DaemonSet legacy has no rollout contract <single wave>");
  });

  test("location: file (+ line when known) and the resource address as logical location", () => {
    const [canary, legacy] = run.results ?? [];
    expect(canary.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe(
      "cdktf.out/stacks/app/cdk.tf.json",
    );
    expect(canary.locations?.[0].physicalLocation?.region).toBeUndefined();
    expect(canary.locations?.[0].logicalLocations?.[0]).toEqual({
      fullyQualifiedName: "kubernetes_daemon_set_v1.agent_canary_1A2B",
      name: "kube-system/agent-canary",
      kind: "resource",
    });
    expect(canary.properties).toMatchObject({
      agent: "agent",
      wave: "canary",
      constructPath: "app/agent/canary",
    });
    expect(legacy.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe("legacy%20%26%20old.tf.json");
    expect(legacy.locations?.[0].physicalLocation?.region).toEqual({ startLine: 7 });
  });

  test("suppressed findings carry SARIF suppressions with the justification", () => {
    const [canary, legacy] = run.results ?? [];
    expect(canary.suppressions).toEqual([
      {
        kind: "external",
        status: "accepted",
        justification: "canary tracks the moving tag on purpose",
        properties: { resource: "app/agent/canary", expires: "2099-01-01" },
      },
    ]);
    expect(legacy.suppressions).toBeUndefined();
  });

  test("fingerprints are stable and differ per rule x resource", () => {
    const [a, b, c] = run.results ?? [];
    const again = toSarif(fullReport()).runs[0].results ?? [];
    expect(a.partialFingerprints).toEqual(again[0].partialFingerprints);
    expect(new Set([a, b, c].map((r) => r.partialFingerprints?.["wavegateResource/v1"])).size).toBe(3);
  });

  test("suppression problems are configuration notifications; rule errors are execution notifications", () => {
    const inv = run.invocations?.[0];
    expect(inv?.executionSuccessful).toBe(true);
    expect(inv?.toolConfigurationNotifications?.map((n) => [n.level, n.descriptor?.id])).toEqual([
      ["warning", "suppression-unused"],
      ["error", "suppression-expired"],
    ]);
    const withError = toSarif(makeReport([F.legacyError])).runs[0];
    expect(withError.results).toEqual([]);
    expect(withError.invocations?.[0].executionSuccessful).toBe(false);
    expect(withError.invocations?.[0].toolExecutionNotifications?.[0]).toMatchObject({
      level: "error",
      message: { text: "Rule WG109 threw on kubernetes_daemonset.legacy: TypeError: boom" },
      associatedRule: { id: "WG109", index: 1 },
    });
  });

  test("levels and URIs", () => {
    expect([sarifLevel("error"), sarifLevel("warning"), sarifLevel("info")]).toEqual([
      "error",
      "warning",
      "note",
    ]);
    expect(toUri("a\\b c.json")).toBe("a/b%20c.json");
    expect(toUri("/tmp/x y/a.json")).toBe("file:///tmp/x%20y/a.json");
    // A lone surrogate (no file system gives one, but a name passed in can hold it) is U+FFFD, as pathToFileURL has it.
    expect(toUri("a/\ud800b/\udc00.json")).toBe("a/%EF%BF%BDb/%EF%BF%BD.json");
    expect(toUri("a/\ud83d\ude00.json")).toBe("a/%F0%9F%98%80.json");
    expect(toUri("/a/\ud800b.json")).toBe("file:///a/%EF%BF%BDb.json");
  });
});

describe("SARIF rule descriptors (issue 12)", () => {
  test("every built-in rule has a name distinct from its ID, a helpUri and a full description; the tool an informationUri", () => {
    const log = toSarif(makeReport([], { rules: ALL_RULES }));
    const driver = log.runs[0].tool.driver;
    expect(driver.informationUri).toMatch(/^https:\/\//);
    for (const r of driver.rules ?? []) {
      expect(r.name).toMatch(/^[A-Z][A-Za-z0-9]+$/);
      expect(r.name).not.toBe(r.id);
      expect(r.helpUri).toMatch(/^https:\/\/.*#rollout-policy$/);
      expect(r.fullDescription?.text).not.toBe(r.shortDescription?.text);
      expect((r.fullDescription?.text ?? "").length).toBeGreaterThan(40);
    }
    expect(new Set((driver.rules ?? []).map((r) => r.name)).size).toBe(ALL_RULES.length);
  });

  test("a custom rule without a name gets one from its title", () => {
    const [r] = toSarif(makeReport([])).runs[0].tool.driver.rules ?? [];
    expect(r.name).toBe("EveryDaemonSetIsPartOf");
  });
});
