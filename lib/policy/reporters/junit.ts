import { FailOn, failsAt } from "../gate";
import { columnsOf, perBase } from "../finding-table";
import { Finding, PolicyReport, Rule } from "../types";
import { PerSource } from "./per-source";
import { ReporterOptions } from "./summary";

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

/** One suite being written: its test cases' XML and its counts. */
interface Suite {
  /** `" classname="<rule ID>"/>`: the end of a bare test case (the class name is the suite's rule ID). */
  readonly bare: string;
  /** `" classname="<rule ID>">\n      `: the end of a test case's opening tag with a body. */
  readonly open: string;
  /** The test cases' XML, in order, each starting with a newline. */
  xml: string;
  readonly counts: Counts;
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

/** The last not-applicable message and its escaped `<skipped>` body. */
interface Memo {
  text: string | undefined;
  xml: string;
}

/** The end of a test case with a body. */
const CLOSE = "\n    </testcase>";

/**
 * Renders JUnit XML: one `<testsuite>` per rule, one `<testcase>` per rule x resource. A failure at or above the
 * gate's level (`options.gate.failOn`, default `error`) is `<failure>` (type = severity); one below it (a warning
 * when the gate fails on errors) passes, with the message in `<system-out>`. A rule error is `<error>`, a
 * not-applicable result or a suppressed failure is `<skipped>` (with the reason). A last suite holds suppression
 * problems: expired / invalid ones fail, unused ones are skipped.
 *
 * A report holds one test case per rule x DaemonSet (200,000 for 10,000 DaemonSets): one pass over the findings
 * appends each test case to its suite's string, from parts built once per DaemonSet and per rule (and a
 * not-applicable body once per run of the same message), so a test case costs no object of its own.
 */
export function renderJunit(report: PolicyReport, options: ReporterOptions = {}): string {
  const failOn = options.gate?.failOn ?? "error";
  const bySuite = new Map<string, Suite>();
  for (const r of report.rules) if (!bySuite.has(r.id)) bySuite.set(r.id, newSuite(r.id));
  const rules = new Map(report.rules.map((r) => [r.id, r]));
  // `\n    <testcase name="<name>`: a DaemonSet's test-case name is the same in every rule's suite, built and
  // escaped once per source.
  const heads = new PerSource<string>((f) => {
    const where = f.source.line !== undefined ? `${f.source.file}:${f.source.line}` : f.source.file;
    return `\n    <testcase name="${xmlEscape(`${f.source.address} (${where})`)}`;
  });
  const memo: Memo = { text: undefined, xml: "" };
  const suiteOf = (id: string): Suite => {
    let suite = bySuite.get(id);
    if (suite === undefined) bySuite.set(id, (suite = newSuite(id)));
    return suite;
  };
  const columns = columnsOf(report);
  // `heads` made once per DaemonSet, in load order, for the columns with a cell per DaemonSet.
  const headAt = perBase(report, (b) => heads.get(b));
  for (const column of columns) {
    const cells = column.cells;
    if (cells === undefined) {
      appendListed(column.list ?? [], suiteOf, rules, heads, failOn, memo);
      continue;
    }
    const suite = suiteOf(column.ruleId);
    const rule = rules.get(column.ruleId);
    for (let i = 0; i < cells.length; i++) {
      const f = cells[i];
      suite.counts.tests++;
      if (f === undefined || f.outcome === "pass") suite.xml += headAt[i] + suite.bare;
      else suite.xml += headAt[i] + suite.open + body(f, rule, failOn, suite.counts, memo) + CLOSE;
    }
  }
  const suites = [...bySuite].map(([id, s]) => suiteXml(id, s));
  if (report.suppressionProblems.length > 0) {
    const s = newSuite(SUPPRESSIONS_SUITE);
    for (const p of report.suppressionProblems) {
      const head = `\n    <testcase name="${xmlEscape(`${p.suppression.ruleId} on ${p.suppression.resource}`)}`;
      const message = xmlEscape(`${p.problem} suppression: ${p.detail}`);
      s.counts.tests++;
      if (p.problem === "unused") s.counts.skipped++;
      else s.counts.failures++;
      const xml =
        p.problem === "unused"
          ? `<skipped message="${message}"/>`
          : `<failure type="error" message="${message}">${message}</failure>`;
      s.xml += head + s.open + xml + CLOSE;
    }
    suites.push(suiteXml(SUPPRESSIONS_SUITE, s));
  }
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  let xml = "";
  for (const s of suites) {
    total.tests += s.counts.tests;
    total.failures += s.counts.failures;
    total.errors += s.counts.errors;
    total.skipped += s.counts.skipped;
    xml += "\n" + s.xml;
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="wavegate" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}"` +
    ` skipped="${total.skipped}">${xml}\n</testsuites>\n`
  );
}

/** Appends the test cases of listed findings (of any rules, in any order) to their suites. */
function appendListed(
  findings: readonly Finding[],
  suiteOf: (id: string) => Suite,
  rules: ReadonlyMap<string, Rule>,
  heads: PerSource<string>,
  failOn: FailOn,
  memo: Memo,
): void {
  let suite: Suite | undefined;
  let suiteId = "";
  let rule: Rule | undefined;
  for (const f of findings) {
    // Findings come rule by rule: the suite and rule of the last finding are most often this one's.
    if (suite === undefined || f.ruleId !== suiteId) {
      suiteId = f.ruleId;
      suite = suiteOf(suiteId);
      rule = rules.get(suiteId);
    }
    const head = heads.get(f);
    suite.counts.tests++;
    if (f.outcome === "pass") suite.xml += head + suite.bare;
    else suite.xml += head + suite.open + body(f, rule, failOn, suite.counts, memo) + CLOSE;
  }
}

function newSuite(classname: string): Suite {
  const cls = xmlEscape(classname);
  return {
    bare: `" classname="${cls}"/>`,
    open: `" classname="${cls}">\n      `,
    xml: "",
    counts: { tests: 0, failures: 0, errors: 0, skipped: 0 },
  };
}

function suiteXml(name: string, s: Suite): { xml: string; counts: Counts } {
  const c = s.counts;
  const attrs = `name="${xmlEscape(name)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="${c.skipped}"`;
  const xml = c.tests === 0 ? `  <testsuite ${attrs}/>` : `  <testsuite ${attrs}>${s.xml}\n  </testsuite>`;
  return { xml, counts: c };
}

/** The XML body of a test case that is not a bare pass, counted in `counts`. */
function body(f: Finding, rule: Rule | undefined, failOn: FailOn, counts: Counts, memo: Memo): string {
  const msg = f.message ?? rule?.title ?? f.ruleId;
  if (f.outcome === "not-applicable") {
    counts.skipped++;
    // A rule's not-applicable message is most often the same for a run of DaemonSets (an agent's waves).
    if (msg !== memo.text) {
      memo.text = msg;
      memo.xml = `<skipped message="${xmlEscape(`not applicable: ${msg}`)}"/>`;
    }
    return memo.xml;
  }
  if (f.outcome === "error") {
    counts.errors++;
    const m = xmlEscape(msg);
    return `<error type="rule-error" message="${m}">${m}</error>`;
  }
  if (f.suppressed !== undefined) {
    counts.skipped++;
    const s = f.suppressed;
    const text = `suppressed: ${s.reason}${s.expires !== undefined ? ` (expires ${s.expires})` : ""}; ${msg}`;
    return `<skipped message="${xmlEscape(text)}"/>`;
  }
  const fix = f.fix ?? rule?.fix;
  const detail = fix !== undefined ? `${msg}\nFix: ${fix}` : msg;
  if (!failsAt(f.severity, failOn)) {
    // Below the gate's level (a warning when failing on errors): it does not fail the run, so it is no <failure>.
    const text = `${f.severity} (does not fail the gate at --fail-on ${failOn}): ${detail}`;
    return `<system-out>${xmlEscape(text)}</system-out>`;
  }
  counts.failures++;
  return `<failure type="${f.severity}" message="${xmlEscape(msg)}">${xmlEscape(detail)}</failure>`;
}
