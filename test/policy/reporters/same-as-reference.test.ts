import fc from "fast-check";
import { SourceRef } from "../../../lib/inputs/types";
import { printableValues } from "../../../lib/model/printable";
import { evaluateGate, FailOn } from "../../../lib/policy/gate";
import { renderJson } from "../../../lib/policy/reporters/json";
import { renderJunit } from "../../../lib/policy/reporters/junit";
import { printableValuesCheaply } from "../../../lib/policy/reporters/printable-cheap";
import { renderSarif } from "../../../lib/policy/reporters/sarif";
import { renderText } from "../../../lib/policy/reporters/text";
import { Finding, PolicyReport, Rule } from "../../../lib/policy/types";
import { F, makeReport, RULES } from "./fixture";
import { renderJson as referenceJson } from "./reference/json";
import { renderJunit as referenceJunit } from "./reference/junit";
import { renderSarif as referenceSarif } from "./reference/sarif";
import { renderText as referenceText } from "./reference/text";
import { expectToEqual } from "../../helpers/expect-equal";

// Issue 14 made the reporters fast (one pass over the findings, escaping only what is printed, strings built
// without an object graph). No behaviour change: every format renders byte for byte what the reporters before it
// rendered (kept in ./reference), on reports full of what makes escaping and grouping hard.

/** Characters that need escaping somewhere (XML markup, control characters, bidi, lone surrogates) and plain ones. */
const CHARS = [
  ..."ab-_./: ",
  ..."<>&\"'\\%#?@",
  ..."\n\r\t\u0000\u0001\u001b\u007f\u0085\u009b\u2028\u2029\u200e\u202e\u2066\ufffe\uffff",
  ..."é✓日",
  "\ud83d\ude00",
  "\ud800",
  "\udc00",
];
const text: fc.Arbitrary<string> = fc.oneof(
  fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((cs) => cs.join("")),
  fc.constantFrom("agent", "kube-system", "canary", "a\n", "a\\n", ""),
  fc.string({ maxLength: 6 }),
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const sourceArb: fc.Arbitrary<SourceRef> = fc.record(
  {
    file: fc.oneof(text, fc.constantFrom("/abs/dir/x y.tf.json", "dir\\win.tf.json", "cdk.tf.json")),
    format: fc.constantFrom("cdktf-out", "tf-json", "plan-json", "hcl", "k8s-yaml" as const),
    stack: text,
    address: text,
    constructPath: text,
    line: fc.integer({ min: 1, max: 9 }),
  },
  { requiredKeys: ["file", "format", "address"] },
);

const suppressionArb = fc.record(
  { ruleId: text, resource: text, reason: text, expires: text },
  { requiredKeys: ["ruleId", "resource", "reason"] },
);

/** A finding on one of `sources`; the DaemonSet's fields mostly those of its source's first finding. */
function findingArb(sources: readonly SourceRef[], identities: readonly Identity[]): fc.Arbitrary<Finding> {
  return fc
    .record({
      at: fc.nat({ max: sources.length - 1 }),
      ownIdentity: fc.boolean(),
      identity: identityArb,
      ruleId: fc.constantFrom("WG101", "WG109", "WG999", "R<&1"),
      severity: fc.constantFrom("error", "warning", "info" as const),
      outcome: fc.constantFrom("pass", "fail", "fail", "not-applicable", "error" as const),
      message: maybe(fc.oneof(text, fc.constantFrom("the agent has a single wave"))),
      fix: maybe(text),
      field: maybe(text),
      line: maybe(fc.integer({ min: 1, max: 99 })),
      suppressed: maybe(suppressionArb),
    })
    .map(({ at, ownIdentity, identity, ...f }) => ({
      ...f,
      source: sources[at],
      ...(ownIdentity ? identity : identities[at]),
      suppressed: f.outcome === "fail" ? f.suppressed : undefined,
    }));
}

type Identity = Pick<Finding, "name" | "namespace" | "agent" | "wave" | "waveIndex" | "rollout">;
const identityArb: fc.Arbitrary<Identity> = fc.record(
  {
    name: text,
    namespace: text,
    agent: fc.oneof(text, fc.constantFrom("agent", "agent")),
    wave: text,
    waveIndex: fc.integer({ min: 0, max: 3 }),
    // A stack or cluster name may carry control characters (the reporters escape them in the heading too).
    rollout: fc.constantFrom('stack "eu"', "cluster <us>", 'stack "\u001b[31meu"', "cluster \u0085us"),
  },
  { requiredKeys: ["name"] },
);

const rulesArb: fc.Arbitrary<readonly Rule[]> = fc.oneof(
  fc.constant(RULES),
  // A rule ID twice: suites and SARIF indexes take the first place, titles and fixes the last rule.
  fc.constant([...RULES, { ...RULES[0], title: "Second <title>", fix: "Second fix & more" }]),
  fc.constant([]),
);

const reportArb: fc.Arbitrary<PolicyReport> = fc
  .tuple(
    fc.array(sourceArb, { minLength: 1, maxLength: 4 }),
    fc.array(identityArb, { minLength: 4, maxLength: 4 }),
  )
  .chain(([sources, identities]) =>
    fc.record({
      findings: fc.array(findingArb(sources, identities), { maxLength: 25 }),
      rules: rulesArb,
      input: fc.record(
        {
          files: fc.array(text, { maxLength: 2 }),
          stacks: fc.array(text, { maxLength: 2 }),
          otherResources: fc.nat({ max: 2 }),
          warnings: fc.array(text, { maxLength: 2 }),
          daemonSets: fc.nat({ max: 3 }),
          nodePools: fc.nat({ max: 2 }),
        },
        { requiredKeys: ["files", "stacks", "otherResources", "warnings", "daemonSets"] },
      ),
      suppressionProblems: fc.array(
        fc.record({
          suppression: suppressionArb,
          problem: fc.constantFrom("unused", "expired", "invalid" as const),
          detail: text,
        }),
        { maxLength: 2 },
      ),
    }),
  );

/** What a render gives: its text, or the error it throws (a file name holding a lone surrogate is a URIError). */
function outcome(render: () => string): { text: string } | { error: string } {
  try {
    return { text: render() };
  } catch (err) {
    return { error: String(err) };
  }
}

describe("reporters render exactly what they rendered before issue 14 (property, against ./reference)", () => {
  test("text, json, sarif and junit: byte for byte, with and without --verbose, colours, gate levels", () => {
    fc.assert(
      fc.property(
        reportArb,
        fc.constantFrom<FailOn | undefined>(undefined, "error", "warning"),
        fc.boolean(),
        fc.boolean(),
        (report, failOn, verbose, color) => {
          const gate = failOn !== undefined ? evaluateGate(report, failOn) : undefined;
          const options = { gate, verbose, color };
          expectToEqual(
            outcome(() => renderText(report, options)),
            outcome(() => referenceText(report, options)),
          );
          expectToEqual(
            outcome(() => renderJunit(report, options)),
            outcome(() => referenceJunit(report, options)),
          );
          expectToEqual(
            outcome(() => renderSarif(report, options)),
            outcome(() => referenceSarif(report, options)),
          );
          expectToEqual(
            outcome(() => renderJson(report, options)),
            outcome(() => referenceJson(report, options)),
          );
        },
      ),
      { seed: 14, numRuns: 400 },
    );
  });

  test("GIVEN findings sharing a source WHEN its fields need escaping THEN the text is still the reference's", () => {
    const source: SourceRef = { file: "x\u001b[31m.tf.json", format: "tf-json", address: "a\nb", line: 3 };
    const twin: SourceRef = { file: "x\u001b[31m.tf.json", format: "tf-json", address: "a\\nb" };
    const base = { severity: "error", source, name: "n\u202e", agent: "ag\n", wave: "w\t" } as const;
    const report: PolicyReport = {
      findings: [
        { ...base, ruleId: "WG101", outcome: "fail", message: "m\r", line: 4, field: "spec" },
        { ...base, ruleId: "WG109", outcome: "not-applicable", message: "na\u0085" },
        { ...base, source: twin, ruleId: "WG101", outcome: "pass", name: "other" },
      ],
      rules: RULES,
      input: { files: ["x\u001b.tf.json"], stacks: [], otherResources: 0, warnings: ["w\n"], daemonSets: 2 },
      suppressionProblems: [],
    };
    for (const verbose of [false, true]) {
      const out = renderText(report, { verbose });
      expect(out).toBe(referenceText(report, { verbose }));
      expect(out).toContain("a\\nb"); // escaped, and the twin (written a\nb) grouped with it
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/[\u001b\u202e\r\u0085]/);
    }
  });
});

describe("renderSarif's direct writing of results", () => {
  test("GIVEN a finding whose fields have types they do not declare THEN the log is still the reference's", () => {
    const odd = {
      ...F.legacyFail,
      message: 42,
      line: "7",
      agent: null,
      suppressed: { ruleId: "WG101", resource: 1, reason: "r" },
    } as unknown as Finding;
    const report = makeReport([F.canarySuppressed, odd, F.legacyWarn, { ...F.legacyFail, line: NaN }]);
    const out = renderSarif(report);
    expect(out).toBe(referenceSarif(report));
    expect(JSON.parse(out).runs[0].results).toHaveLength(4);
  });
});

describe("printableValuesCheaply", () => {
  test("equals printableValues, and returns the value itself when nothing needs escaping (property)", () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: "small" },
        text,
        fc.integer(),
        fc.constant(undefined),
        fc.array(tie("node"), { maxLength: 3 }),
        fc.dictionary(text, tie("node"), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => {
        const cheap = printableValuesCheaply(v);
        const full = printableValues(v);
        expect(cheap).toEqual(full);
        expect(cheap === v).toBe(full === v);
      }),
      { seed: 14, numRuns: 500 },
    );
  });

  test("leaves class instances and functions as they are", () => {
    const lineOf = () => 1;
    const source = { file: "a\n", lineOf, at: new Date(0) };
    const out = printableValuesCheaply(source);
    expect(out).toEqual({ file: "a\\n", lineOf, at: new Date(0) });
    expect(out.lineOf).toBe(lineOf);
    const clean = { file: "a", lineOf };
    expect(printableValuesCheaply(clean)).toBe(clean);
  });
});
