import { evaluateGate } from "../../../lib/policy/gate";
import { renderJunit, SUPPRESSIONS_SUITE, xmlEscape } from "../../../lib/policy/reporters/junit";
import { F, fullReport, makeReport } from "./fixture";

/** Minimal structural reading of the XML: suites with their attributes and test cases. */
function suites(xml: string) {
  return [
    ...xml.matchAll(
      /<testsuite name="([^"]*)" tests="(\d+)" failures="(\d+)" errors="(\d+)" skipped="(\d+)"/g,
    ),
  ].map((m) => ({ name: m[1], tests: +m[2], failures: +m[3], errors: +m[4], skipped: +m[5] }));
}

describe("renderJunit", () => {
  const xml = renderJunit(
    makeReport([F.canaryPass, F.canarySuppressed, F.legacyFail, F.legacyNa, F.legacyError]),
  );

  test("is an XML document with a testsuites root and totals", () => {
    expect(
      xml.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="wavegate" tests="5" failures="1" errors="1" skipped="2">',
      ),
    ).toBe(true);
    expect(xml.trimEnd().endsWith("</testsuites>")).toBe(true);
  });

  test("one suite per rule, one test case per rule x resource", () => {
    expect(suites(xml)).toEqual([
      { name: "WG101", tests: 2, failures: 1, errors: 0, skipped: 0 },
      { name: "WG109", tests: 3, failures: 0, errors: 1, skipped: 2 },
    ]);
    expect(xml).toContain(
      '<testcase name="kubernetes_daemon_set_v1.agent_canary_1A2B (cdktf.out/stacks/app/cdk.tf.json)" classname="WG101"/>',
    );
  });

  test("failure carries the severity, escaped message and fix", () => {
    expect(xml).toContain(
      '<failure type="error" message="DaemonSet legacy has no rollout contract &lt;single wave&gt;">DaemonSet legacy has no rollout contract &lt;single wave&gt;\nFix: Use StagedDaemonSet or adopt the rollout contract.</failure>',
    );
    expect(xml).toContain('name="kubernetes_daemonset.legacy (legacy &amp; old.tf.json:7)"');
  });

  test("suppressed and not-applicable are skipped with the reason; rule errors are errors", () => {
    expect(xml).toContain(
      '<skipped message="suppressed: canary tracks the moving tag on purpose (expires 2099-01-01); image &quot;agent:v1&quot; has no digest"/>',
    );
    expect(xml).toContain('<skipped message="not applicable: image unknown until apply"/>');
    expect(xml).toContain('<error type="rule-error" message="TypeError: boom">TypeError: boom</error>');
  });

  test("suppression problems get their own suite: expired fails, unused is skipped", () => {
    const out = renderJunit(fullReport());
    expect(suites(out).find((s) => s.name === SUPPRESSIONS_SUITE)).toEqual({
      name: SUPPRESSIONS_SUITE,
      tests: 2,
      failures: 1,
      errors: 0,
      skipped: 1,
    });
    expect(out).toContain(
      '<failure type="error" message="expired suppression: WG109 on * expired on 2020-01-01; fix the finding or renew the suppression">',
    );
  });

  test("rules without results still get an empty suite", () => {
    expect(renderJunit(makeReport([]))).toContain(
      '<testsuite name="WG101" tests="0" failures="0" errors="0" skipped="0"/>',
    );
  });

  test("GIVEN one DaemonSet in several rules' suites THEN each has its name, escaped exactly once", () => {
    // The name is built and escaped once per source object and reused across suites (the name cache).
    const name = 'name="kubernetes_daemonset.legacy (legacy &amp; old.tf.json:7)"';
    expect(xml.split(name).length - 1).toBe(3);
    expect(xml).not.toContain("&amp;amp;");
    expect(xml).not.toContain("legacy & old");
  });

  test("xmlEscape escapes markup and drops control characters", () => {
    expect(xmlEscape(`a<b>&"c'\u0001`)).toBe("a&lt;b&gt;&amp;&quot;c&apos;");
  });
});

describe("renderJunit and the gate's level (issue 12)", () => {
  test("GIVEN a warning and a gate failing on errors THEN the warning is no <failure>: it passes, with its message", () => {
    const report = makeReport([F.legacyWarn]);
    const xml = renderJunit(report, { gate: evaluateGate(report, "error") });
    expect(xml).not.toContain("<failure");
    expect(suites(xml)).toContainEqual({ name: "WG109", tests: 1, failures: 0, errors: 0, skipped: 0 });
    expect(xml).toContain(
      "<system-out>warning (does not fail the gate at --fail-on error): image &quot;legacy:1.0&quot; has no digest\nFix: Pin the image as tag@sha256:&lt;digest&gt;.</system-out>",
    );
  });

  test("GIVEN no gate THEN the default level (error) applies", () => {
    expect(renderJunit(makeReport([F.legacyWarn]))).not.toContain("<failure");
  });

  test("GIVEN --fail-on warning THEN the warning is a <failure> of type warning", () => {
    const report = makeReport([F.legacyWarn]);
    expect(renderJunit(report, { gate: evaluateGate(report, "warning") })).toContain(
      '<failure type="warning"',
    );
  });
});
