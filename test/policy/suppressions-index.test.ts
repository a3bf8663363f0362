/**
 * applySuppressions finds each failure's suppression through an index (by rule, then resource), where it searched the
 * list for every failure: 6,666 per-resource suppressions on a 10,000-DaemonSet check took 8 s. The suppression it
 * finds must be the one the search found: the first in list order that `suppressionMatches`.
 */
import fc from "fast-check";
import { applySuppressions, suppressionMatches, suppressionProblem } from "../../lib/policy/suppressions";
import { Finding, Suppression } from "../../lib/policy/types";
import { expectToBe, expectToEqual } from "../helpers/expect-equal";

const NOW = new Date("2026-06-15T12:00:00Z");
const RULES = ["WG101", "WG110", "WG201"];
const PATHS = [
  "stack/agent/canary",
  "stack/agent/production",
  "stack/other/canary",
  "edge/agent/canary",
  "stack",
];
const ADDRESSES = [
  "kubernetes_daemon_set_v1.agent_canary",
  "kubernetes_daemon_set_v1.agent",
  "module.m.kubernetes_daemon_set_v1.x",
];

const finding: fc.Arbitrary<Finding> = fc
  .record({
    ruleId: fc.constantFrom(...RULES),
    outcome: fc.constantFrom("fail", "fail", "pass", "not-applicable"),
    address: fc.constantFrom(...ADDRESSES),
    constructPath: fc.option(fc.constantFrom(...PATHS), { nil: undefined }),
    name: fc.constantFrom("agent", "agent-canary", "x"),
    namespace: fc.option(fc.constantFrom("kube-system", "default"), { nil: undefined }),
  })
  .map(({ ruleId, outcome, address, constructPath, name, namespace }) => ({
    ruleId,
    severity: "error" as const,
    outcome: outcome as Finding["outcome"],
    source: {
      file: "a.tf.json",
      format: "tf-json" as const,
      address,
      ...(constructPath ? { constructPath } : {}),
    },
    name,
    ...(namespace !== undefined ? { namespace } : {}),
  }));

/** Rules and resources as people write them: any case, stray spaces, parents, the DaemonSet form, `*`, near misses. */
const suppression: fc.Arbitrary<Suppression> = fc.record({
  ruleId: fc.constantFrom(...RULES, "wg110", " WG201 ", "WG999"),
  resource: fc.oneof(
    fc.constantFrom("*", " * ", "stack/agent", "stack/age", "stack/", "edge", " stack/agent/canary "),
    fc.constantFrom(...ADDRESSES, ...PATHS),
    fc.constantFrom("DaemonSet/kube-system/agent", "DaemonSet/default/x", "DaemonSet/default/agent-canary"),
  ),
  reason: fc.constantFrom("accepted until the canary pool exists", "short"),
});

describe("the suppression index", () => {
  test("property: each failure gets the first matching suppression, and the same ones are unused (seeded)", () => {
    fc.assert(
      fc.property(
        fc.array(suppression, { maxLength: 12 }),
        fc.array(finding, { maxLength: 12 }),
        (sups, findings) => {
          const { findings: out, problems } = applySuppressions(findings, sups, NOW);
          const usable = sups.filter((s) => suppressionProblem(s, NOW) === undefined);
          const used = new Set<Suppression>();
          findings.forEach((f, i) => {
            const want = f.outcome === "fail" ? usable.find((s) => suppressionMatches(s, f)) : undefined;
            if (want !== undefined) used.add(want);
            expectToBe(out[i].suppressed, want);
          });
          expectToEqual(
            problems.filter((p) => p.problem === "unused").map((p) => p.suppression),
            usable.filter((s) => !used.has(s)),
          );
        },
      ),
      { numRuns: 500, seed: 1415 },
    );
  });
});
