import fc from "fast-check";
import { findJsonSyntaxError } from "../../lib/inputs/json-syntax";
import { expectToBe } from "../helpers/expect-equal";

/** JSON.parse is the judge of what is valid; the scanner only adds where. */
const parses = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe("findJsonSyntaxError", () => {
  test.each([
    ['{\n  "a": 1,\n  "b": \n}', 4, 1, 'expected a value, found "}"'],
    ['{\n  "a": 1,\n}', 3, 1, 'expected a quoted key, found "}"'],
    ['{"a": [1, 2}', 1, 12, 'expected "," or "]", found "}"'],
    ['{"a": "x', 1, 9, "expected a closing quote, found the end of the text"],
    ["", 1, 1, "expected a value, found the end of the text"],
    ["{} {}", 1, 4, 'expected the end of the text, found "{"'],
    ['{"a": 01}', 1, 8, 'expected "," or "}", found "1"'],
    ['{"a": "\\x"}', 1, 9, 'expected a valid escape sequence, found "x"'],
  ])("%j -> line %d, column %d: %s", (text, line, column, message) => {
    expect(findJsonSyntaxError(text)).toEqual({ line, column, message });
  });

  test("valid JSON has no error", () => {
    expect(
      findJsonSyntaxError('{"a": [1, -2.5e3, true, false, null, "\\u00e9\\n"], "b": {}}'),
    ).toBeUndefined();
  });

  test("property: it finds an error exactly when JSON.parse fails (JSON with one character removed or added)", () => {
    const edited = fc
      .tuple(
        fc.json(),
        fc.nat(),
        fc.constantFrom("", "{", "}", "[", "]", ",", ":", '"', "\\", "1", "-", "\n", "x"),
      )
      .map(([json, at, insert]) => {
        const i = json.length === 0 ? 0 : at % json.length;
        return insert === ""
          ? json.slice(0, i) + json.slice(i + 1)
          : json.slice(0, i) + insert + json.slice(i);
      });
    fc.assert(
      fc.property(fc.oneof(fc.json(), edited), (text) => {
        expectToBe(findJsonSyntaxError(text) === undefined, parses(text));
      }),
      { numRuns: 2000 },
    );
  });
});
