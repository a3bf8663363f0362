import fc from "fast-check";
import { InputError } from "../../lib/inputs/types";
import { runRules } from "../../lib/policy/engine";
import { statedFindings, tableOf } from "../../lib/policy/finding-table";
import { evaluateGate, FailOn } from "../../lib/policy/gate";
import { renderJson } from "../../lib/policy/reporters/json";
import { renderJunit } from "../../lib/policy/reporters/junit";
import { renderSarif } from "../../lib/policy/reporters/sarif";
import { countReport } from "../../lib/policy/reporters/summary";
import { renderText } from "../../lib/policy/reporters/text";
import { ALL_RULES } from "../../lib/policy/rules";
import { fail, pass } from "../../lib/policy/rules/result";
import { PolicyReport, Rule, Suppression } from "../../lib/policy/types";
import { checkJson, daemonSets, fixtureJson, loadJson, Tf } from "./helpers";
import { renderJunit as referenceJunit } from "./reporters/reference/junit";
import { renderText as referenceText } from "./reporters/reference/text";

// Issue 14: the engine keeps a report's findings in a table where a plain pass is no object, and the gate, the
// counts and the reporters read the table. A report copied with `{ ...report }` has no table (its `findings` are
// every finding, made), so each reader must say exactly the same of the copy as of the engine's report.

const RENDERERS = { text: renderText, json: renderJson, sarif: renderSarif, junit: renderJunit };

/** What every reader says of a report, in every format, verbose or not, at both gate levels. */
function everything(report: PolicyReport): string[] {
  const out: string[] = [JSON.stringify(countReport(report))];
  for (const failOn of ["error", "warning"] as FailOn[]) {
    const gate = evaluateGate(report, failOn);
    out.push(JSON.stringify(gate));
    for (const [name, render] of Object.entries(RENDERERS)) {
      for (const verbose of [false, true])
        out.push(`${name} ${verbose}\n${render(report, { gate, verbose })}`);
    }
  }
  return out;
}

/** Custom rules beside the catalogue's: out of order, several results per resource, none, or a throw. */
const CUSTOM: Record<string, Rule> = {
  reversed: {
    id: "XR1",
    severity: "warning",
    title: "reversed",
    why: "w",
    fix: "f",
    check: (ctx) => [...ctx.all].reverse().map((ds, i) => (i % 2 ? pass(ds) : fail(ds, `odd ${i}`))),
  },
  twice: {
    id: "XR2",
    severity: "info",
    title: "twice",
    why: "w",
    fix: "f",
    check: (ctx) => ctx.all.flatMap((ds) => [pass(ds, "said"), fail(ds, "again", "error", "spec")]),
  },
  none: { id: "XR3", severity: "error", title: "none", why: "w", fix: "f", check: () => [] },
  throws: {
    id: "XR4",
    severity: "error",
    title: "throws",
    why: "w",
    fix: "f",
    check: () => {
      throw new Error("boom");
    },
  },
};

const FIELDS: (string | number)[][] = [
  ["metadata", "annotations", "wavegate.dev/wave-index"],
  ["metadata", "annotations", "wavegate.dev/version"],
  ["spec", "min_ready_seconds"],
  ["spec", "strategy", "rolling_update", "max_unavailable"],
  ["spec", "template", "spec", "container", 0, "image"],
  ["spec", "template", "spec", "container", 0, "security_context", "privileged"],
  ["spec", "template", "spec", "host_network"],
];

const suppressionArb: fc.Arbitrary<Suppression> = fc.record({
  ruleId: fc.constantFrom("WG101", "WG104", "WG109", "WG201", "XR1", "XR2", "WG999"),
  resource: fc.constantFrom("*", "kubernetes_daemon_set_v1.node_agent_canary", "nothing"),
  reason: fc.constantFrom("accepted for the test", "short"),
});

describe("finding table", () => {
  test("property: every reader says the same of the engine's report as of a copy that lists every finding", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(2), fc.constantFrom(...FIELDS), fc.jsonValue({ maxDepth: 1 })), {
          maxLength: 3,
        }),
        fc.subarray(Object.keys(CUSTOM)),
        fc.array(suppressionArb, { maxLength: 3 }),
        fc.option(fc.constantFrom("WG104", "WG109", "WG201"), { nil: undefined }),
        (edits, custom, suppressions, downgraded) => {
          const json: Tf = fixtureJson("staged-good.tf.json");
          for (const [wave, path, value] of edits) {
            let at: Tf = daemonSets(json)[wave];
            for (const key of path.slice(0, -1)) {
              if (typeof at[key] !== "object" || at[key] === null)
                at[key] = typeof key === "number" ? [] : {};
              at = at[key];
            }
            at[path[path.length - 1]] = value;
          }
          let load;
          try {
            load = loadJson(json);
          } catch (e) {
            if (e instanceof InputError) return;
            throw e;
          }
          const rules = [...ALL_RULES.slice(0, 6), ...custom.map((k) => CUSTOM[k]), ...ALL_RULES.slice(6)];
          const severities = downgraded !== undefined ? { [downgraded]: "info" as const } : {};
          const report = runRules(rules, load, { severities }, suppressions, new Date("2026-06-01"));
          expect(tableOf(report)).toBeDefined();
          const copy: PolicyReport = { ...report };
          expect(tableOf(copy)).toBeUndefined();
          expect(everything(report)).toEqual(everything(copy));
          // The reporters before the table (test/policy/reporters/reference), which read `findings`, agree too.
          const gate = evaluateGate(report);
          expect(renderText(report, { gate })).toBe(referenceText(report, { gate }));
          expect(renderJunit(report, { gate })).toBe(referenceJunit(report, { gate }));
        },
      ),
      { numRuns: 30, seed: 1406 },
    );
  });

  test("a plain pass is no object until `findings` is read; then every rule x DaemonSet has its finding", () => {
    const report = checkJson(fixtureJson("staged-good.tf.json"));
    const stated = statedFindings(report);
    expect(stated.plainPasses).toBeGreaterThan(0);
    expect(stated.findings.every((f) => f.outcome !== "pass" || f.message !== undefined)).toBe(true);
    expect(report.findings).toHaveLength(ALL_RULES.length * report.input.daemonSets);
    expect(report.findings.filter((f) => f.outcome === "pass" && f.message === undefined)).toHaveLength(
      stated.plainPasses,
    );
    // Made once: the same array on every read, in rule order, each rule's in load order.
    expect(report.findings).toBe(report.findings);
    expect(report.findings.slice(0, report.input.daemonSets).map((f) => f.ruleId)).toEqual(
      Array(report.input.daemonSets).fill(ALL_RULES[0].id),
    );
  });

  test("a suppressed failure is marked in the table and in `findings` alike", () => {
    const json = fixtureJson("staged-good.tf.json");
    daemonSets(json)[0].spec.template.spec.container[0].security_context.privileged = true;
    const suppression = { ruleId: "WG201", resource: "*", reason: "accepted for the test" };
    const report = checkJson(json, {}, [suppression]);
    const suppressed = report.findings.filter((f) => f.suppressed !== undefined);
    expect(suppressed.map((f) => f.ruleId)).toEqual(["WG201"]);
    expect(suppressed[0].suppressed).toBe(suppression);
    expect(statedFindings(report).findings.filter((f) => f.suppressed !== undefined)).toEqual(suppressed);
    expect(evaluateGate(report).failures.filter((f) => f.ruleId === "WG201")).toEqual([]);
    expect(report.suppressionProblems).toEqual([]);
  });
});
