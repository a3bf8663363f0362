import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { ALL_RULES, ruleById } from "../../../lib/policy/rules";

describe("rule catalogue", () => {
  test("the rule IDs are exactly the documented, stable list, in order", () => {
    expect(ALL_RULES.map((r) => r.id)).toEqual([
      "WG101",
      "WG102",
      "WG103",
      "WG104",
      "WG105",
      "WG106",
      "WG107",
      "WG108",
      "WG109",
      "WG110",
      "WG201",
      "WG202",
      "WG203",
      "WG204",
      "WG205",
    ]);
  });

  test("default severities are the issue's table", () => {
    expect(Object.fromEntries(ALL_RULES.map((r) => [r.id, r.severity]))).toEqual({
      WG101: "error",
      WG102: "error",
      WG103: "warning",
      WG104: "error",
      WG105: "error",
      WG106: "error",
      WG107: "error",
      WG108: "error",
      WG110: "warning",
      WG109: "error",
      WG201: "error",
      WG202: "error",
      WG203: "warning",
      WG204: "error",
      WG205: "warning",
    });
  });

  test("every rule has a title, why and fix, and its ID is written as a constant in its own file", () => {
    const dir = path.join(__dirname, "../../../lib/policy/rules");
    const files = readdirSync(dir).filter((f) => /^wg\d{3}-/.test(f));
    expect(files).toHaveLength(ALL_RULES.length);
    for (const rule of ALL_RULES) {
      expect(rule.title.length).toBeGreaterThan(10);
      expect(rule.why.length).toBeGreaterThan(20);
      expect(rule.fix.length).toBeGreaterThan(20);
      const file = files.find((f) => f.startsWith(rule.id.toLowerCase()));
      expect(file).toBeDefined();
      expect(readFileSync(path.join(dir, file as string), "utf8")).toContain(
        `export const ${rule.id} = "${rule.id}";`,
      );
      expect(ruleById(rule.id)).toBe(rule);
    }
  });
});
