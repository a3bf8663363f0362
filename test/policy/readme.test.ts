import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DEFAULT_POLICY_OPTIONS } from "../../lib/policy/options";
import { ALL_RULES } from "../../lib/policy/rules";

/** The README's policy section: from its marker to the gate engineer's marker below it. */
function policySection(): string {
  const readme = readFileSync(path.join(__dirname, "../../README.md"), "utf8");
  const start = readme.indexOf("<!-- section:policy -->");
  const end = readme.indexOf("<!-- section:policy-gate -->");
  expect(start).toBeGreaterThanOrEqual(0);
  expect(end).toBeGreaterThan(start);
  return readme.slice(start, end);
}

describe("README rule table", () => {
  test("lists exactly ALL_RULES' IDs, in order, with their default severities (docs cannot drift)", () => {
    const rows = [...policySection().matchAll(/^\| (WG\d{3}) \| ([^|]+) \|/gm)].map((m) => [
      m[1],
      m[2].trim(),
    ]);
    expect(rows.map(([id]) => id)).toEqual(ALL_RULES.map((r) => r.id));
    rows.forEach(([, severity], i) => expect(severity.split(" ")[0]).toBe(ALL_RULES[i].severity));
  });

  test("documents every policy option with its default from DEFAULT_POLICY_OPTIONS", () => {
    const section = policySection();
    for (const [option, value] of Object.entries(DEFAULT_POLICY_OPTIONS)) {
      expect(section).toContain(`| \`${option}\` | \`${JSON.stringify(value)}\` |`);
    }
  });
});
