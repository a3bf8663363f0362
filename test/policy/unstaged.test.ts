import { checkFixture, failingRules } from "./helpers";

/** The un-staged configurations the issue documents, and the rules each must fail. */
const DOCUMENTED: [string, string, string[]][] = [
  [
    'a single DaemonSet with max_unavailable "10%" (the classic guardrail)',
    "wg101-fail-guardrail.tf.json",
    ["WG101"],
  ],
  ['max_unavailable "100%"', "wg102-fail-100-percent.tf.json", ["WG101", "WG102"]],
  ["production ahead of canary", "wg105-fail-production-ahead.tf.json", ["WG105", "WG110"]],
  ["overlapping pools", "wg106-fail-overlapping-pools.tf.json", ["WG106", "WG110"]],
  ["OnDelete", "wg103-fail-on-delete.tf.json", ["WG101", "WG103"]],
  ["no readiness probe", "wg104-fail-no-readiness.tf.json", ["WG101", "WG104"]],
  ["latest", "wg109-fail-latest.tf.json", ["WG101", "WG109"]],
  ["privileged", "wg201-fail-privileged.tf.json", ["WG101", "WG201"]],
  ["SYS_MODULE", "wg202-fail-sys-module.tf.json", ["WG101", "WG202"]],
];

describe("documented configurations", () => {
  test("the staged three-wave agent fails no rule", () => {
    const report = checkFixture("staged-good.tf.json");
    expect(failingRules(report)).toEqual([]);
    expect(report.findings.filter((f) => f.outcome === "error")).toEqual([]);
  });

  test.each(DOCUMENTED)("%s fails exactly the expected rules", (_what, fixture, rules) => {
    expect(failingRules(checkFixture(fixture))).toEqual(rules);
  });
});
