import { runRules } from "../../lib/policy/engine";
import { evaluateGate } from "../../lib/policy/gate";
import { Rule, RuleContext } from "../../lib/policy/types";
import { fixtureJson, loadJson } from "./helpers";

// Custom rules through runRules may return or throw anything: every misbehaviour becomes an error finding for
// every resource (so the gate fails), never a crash and never a pass.

const load = loadJson(fixtureJson("staged-good.tf.json"));

function rule(check: (ctx: RuleContext) => unknown, severity: unknown = "error"): Rule {
  return {
    id: "CUSTOM1",
    severity: severity as Rule["severity"],
    title: "custom",
    why: "custom",
    fix: "custom",
    check: check as Rule["check"],
  };
}

function hostileObject(): object {
  return {
    get message() {
      throw new Error("getter");
    },
    toString() {
      throw new Error("toString");
    },
  };
}

/** A Proxy whose every read throws (made inside each rule: jest must never format one). */
function proxy(): object {
  return new Proxy(
    {},
    {
      get() {
        throw new Error("trap");
      },
      getPrototypeOf() {
        throw new Error("trap");
      },
    },
  );
}

const cases: [string, (ctx: RuleContext) => unknown, unknown?][] = [
  ["returns undefined", () => undefined],
  ["returns null", () => null],
  ["returns a Promise", async (ctx) => ctx.all.map((resource) => ({ resource, outcome: "pass" }))],
  ["returns a rejected Promise", () => Promise.reject(new Error("later"))],
  ["returns an object", () => ({ outcome: "pass" })],
  ["returns [null]", () => [null]],
  [
    "returns a result for a resource not loaded",
    (ctx) => ctx.all.map(() => ({ resource: {}, outcome: "pass" })),
  ],
  ["returns an unknown outcome", (ctx) => ctx.all.map((resource) => ({ resource, outcome: "ok" }))],
  [
    "returns an unknown severity",
    (ctx) => ctx.all.map((resource) => ({ resource, outcome: "fail", severity: "fatal" })),
  ],
  [
    "returns a non-text message",
    (ctx) => ctx.all.map((resource) => ({ resource, outcome: "fail", message: {} })),
  ],
  ["returns a Proxy as a result", () => [proxy()]],
  ["returns a Proxy as the list", () => proxy()],
  [
    "throws a hostile object",
    () => {
      throw hostileObject();
    },
  ],
  [
    "throws an Error whose message getter throws",
    () => {
      const e = new Error("x");
      Object.defineProperty(e, "message", {
        get() {
          throw new Error("getter");
        },
      });
      throw e;
    },
  ],
  [
    "throws a Proxy",
    () => {
      throw proxy();
    },
  ],
  [
    "throws a Symbol",
    () => {
      throw Symbol("boom");
    },
  ],
  ["has an unknown severity", (ctx) => ctx.all.map((resource) => ({ resource, outcome: "pass" })), "fatal"],
];

describe("runRules with a misbehaving custom rule", () => {
  // A loop rather than test.each: jest formats each.table rows, and these rows hold hostile values' makers.
  for (const [name, check, severity] of cases) {
    test(`a rule that ${name} gives error findings and fails the gate`, () => {
      const report = runRules([rule(check, severity)], load);
      const mine = report.findings.filter((f) => f.ruleId === "CUSTOM1");
      expect(mine).toHaveLength(load.daemonSets.length);
      for (const f of mine) {
        expect(f.outcome).toBe("error");
        expect(f.message).toMatch(/^rule CUSTOM1 failed to run: /);
      }
      expect(evaluateGate(report, "error").passed).toBe(false);
    });
  }

  test("a well-behaved custom rule still runs (pass results pass)", () => {
    const report = runRules(
      [rule((ctx) => ctx.all.map((resource) => ({ resource, outcome: "pass" })))],
      load,
    );
    expect(report.findings.every((f) => f.outcome === "pass")).toBe(true);
    expect(evaluateGate(report, "error").passed).toBe(true);
  });
});
