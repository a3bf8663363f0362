// Reference copy of the reporter before issue 14's speed work (commit 4ae7bb7): the oracle the fast reporters must equal.
import { FailOn, failsAt } from "../../../../lib/policy/gate";
import { Finding, PolicyReport, Rule } from "../../../../lib/policy/types";
import { ReporterOptions } from "../../../../lib/policy/reporters/summary";

/** Characters XML 1.0 cannot carry (dropped) and the five markup characters (escaped as entities). */
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"']/;
// eslint-disable-next-line no-control-regex
const XML_SPECIAL_ALL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF&<>"']/g;
const XML_ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&apos;",
};

/**
 * Escapes text for an XML attribute or element. Drops characters XML 1.0 cannot carry. One pass over the text
 * (none when nothing needs escaping): a report holds 14 test cases per DaemonSet.
 */
export function xmlEscape(text: string): string {
  return XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL_ALL, (c) => XML_ENTITIES[c] ?? "") : text;
}

/** Name of the test suite holding suppression problems. */
export const SUPPRESSIONS_SUITE = "wavegate.suppressions";

interface Case {
  /** The test case's name, XML-escaped. */
  readonly name: string;
  readonly classname: string;
  /** XML body (failure / error / skipped element), empty for a pass. */
  readonly body: string;
  readonly kind: "pass" | "failure" | "error" | "skipped";
}

/**
 * Renders JUnit XML: one `<testsuite>` per rule, one `<testcase>` per rule x resource. A failure at or above the
 * gate's level (`options.gate.failOn`, default `error`) is `<failure>` (type = severity); one below it (a warning
 * when the gate fails on errors) passes, with the message in `<system-out>`. A rule error is `<error>`, a
 * not-applicable result or a suppressed failure is `<skipped>` (with the reason). A last suite holds suppression problems: expired / invalid ones fail, unused ones are skipped.
 */
export function renderJunit(report: PolicyReport, options: ReporterOptions = {}): string {
  const failOn = options.gate?.failOn ?? "error";
  const byRule = new Map<string, Case[]>(report.rules.map((r) => [r.id, []]));
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  // A DaemonSet's test-case name is the same in every rule's suite: built and escaped once per source.
  const names = new Map<Finding["source"], string>();
  for (const f of report.findings) {
    const cases = byRule.get(f.ruleId) ?? [];
    cases.push(testCase(f, rules.get(f.ruleId), failOn, names));
    byRule.set(f.ruleId, cases);
  }
  const suites = [...byRule].map(([id, cases]) => suite(id, cases));
  if (report.suppressionProblems.length > 0) {
    suites.push(
      suite(
        SUPPRESSIONS_SUITE,
        report.suppressionProblems.map((p) => {
          const name = xmlEscape(`${p.suppression.ruleId} on ${p.suppression.resource}`);
          const message = `${p.problem} suppression: ${p.detail}`;
          return p.problem === "unused"
            ? {
                name,
                classname: SUPPRESSIONS_SUITE,
                kind: "skipped",
                body: `<skipped message="${xmlEscape(message)}"/>`,
              }
            : {
                name,
                classname: SUPPRESSIONS_SUITE,
                kind: "failure",
                body: `<failure type="error" message="${xmlEscape(message)}">${xmlEscape(message)}</failure>`,
              };
        }),
      ),
    );
  }
  const all = suites.map((s) => s.counts);
  const sum = (k: keyof Counts) => all.reduce((n, c) => n + c[k], 0);
  const head =
    `<testsuites name="wavegate" tests="${sum("tests")}" failures="${sum("failures")}" errors="${sum("errors")}"` +
    ` skipped="${sum("skipped")}">`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    head,
    ...suites.map((s) => s.xml),
    "</testsuites>",
    "",
  ].join("\n");
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function suite(name: string, cases: readonly Case[]): { xml: string; counts: Counts } {
  const counts: Counts = { tests: cases.length, failures: 0, errors: 0, skipped: 0 };
  for (const c of cases) {
    if (c.kind === "failure") counts.failures++;
    else if (c.kind === "error") counts.errors++;
    else if (c.kind === "skipped") counts.skipped++;
  }
  const attrs = `name="${xmlEscape(name)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
  // Names arrive escaped (`Case.name` is XML); the class name is most often the suite's rule ID: escaped once.
  let lastClass = "";
  let lastClassXml = "";
  const body = cases.map((c) => {
    if (c.classname !== lastClass) {
      lastClass = c.classname;
      lastClassXml = xmlEscape(c.classname);
    }
    const open = `    <testcase name="${c.name}" classname="${lastClassXml}"`;
    return c.body === "" ? `${open}/>` : `${open}>\n      ${c.body}\n    </testcase>`;
  });
  const xml =
    cases.length === 0
      ? `  <testsuite ${attrs}/>`
      : [`  <testsuite ${attrs}>`, ...body, "  </testsuite>"].join("\n");
  return { xml, counts };
}

function testCase(
  f: Finding,
  rule: Rule | undefined,
  failOn: FailOn,
  names: Map<Finding["source"], string>,
): Case {
  let name = names.get(f.source);
  if (name === undefined) {
    const where = f.source.line !== undefined ? `${f.source.file}:${f.source.line}` : f.source.file;
    name = xmlEscape(`${f.source.address} (${where})`);
    names.set(f.source, name);
  }
  const classname = f.ruleId;
  const msg = f.message ?? rule?.title ?? f.ruleId;
  if (f.outcome === "pass") return { name, classname, kind: "pass", body: "" };
  if (f.outcome === "not-applicable") {
    return {
      name,
      classname,
      kind: "skipped",
      body: `<skipped message="${xmlEscape(`not applicable: ${msg}`)}"/>`,
    };
  }
  if (f.outcome === "error") {
    return {
      name,
      classname,
      kind: "error",
      body: `<error type="rule-error" message="${xmlEscape(msg)}">${xmlEscape(msg)}</error>`,
    };
  }
  if (f.suppressed !== undefined) {
    const s = f.suppressed;
    const text = `suppressed: ${s.reason}${s.expires !== undefined ? ` (expires ${s.expires})` : ""}; ${msg}`;
    return { name, classname, kind: "skipped", body: `<skipped message="${xmlEscape(text)}"/>` };
  }
  const fix = f.fix ?? rule?.fix;
  const detail = fix !== undefined ? `${msg}\nFix: ${fix}` : msg;
  if (!failsAt(f.severity, failOn)) {
    // Below the gate's level (a warning when failing on errors): it does not fail the run, so it is no <failure>.
    const text = `${f.severity} (does not fail the gate at --fail-on ${failOn}): ${detail}`;
    return { name, classname, kind: "pass", body: `<system-out>${xmlEscape(text)}</system-out>` };
  }
  return {
    name,
    classname,
    kind: "failure",
    body: `<failure type="${f.severity}" message="${xmlEscape(msg)}">${xmlEscape(detail)}</failure>`,
  };
}
