import fc from "fast-check";
import { xmlEscape } from "../../../lib/policy/reporters/junit";

/** The six-pass escape the one-pass `xmlEscape` replaced: the reference it must equal. */
function sixPasses(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
  );
}

describe("xmlEscape", () => {
  test("escapes markup and drops characters XML 1.0 cannot carry", () => {
    expect(xmlEscape(`a&b<c>d"e'f\u0000\u0008\u000b\u001f\uffff\ttab\nnl`)).toBe(
      "a&amp;b&lt;c&gt;d&quot;e&apos;f\ttab\nnl",
    );
    expect(xmlEscape("&amp;")).toBe("&amp;amp;");
    expect(xmlEscape("plain")).toBe("plain");
  });

  test("equals the six-pass reference on any text (seeded property)", () => {
    const alphabet = fc.constantFrom(
      "a",
      "&",
      "<",
      ">",
      '"',
      "'",
      "\u0000",
      "\u000b",
      "\t",
      "\n",
      "\uffff",
      "é",
    );
    fc.assert(
      fc.property(
        fc.string(),
        fc.array(alphabet).map((cs) => cs.join("")),
        (a, b) => {
          expect(xmlEscape(a + b)).toBe(sixPasses(a + b));
        },
      ),
      { seed: 14, numRuns: 500 },
    );
  });
});
