import fc from "fast-check";
import { parseJsonKeepingDuplicates } from "../../lib/inputs/json-duplicates";
import { inspectJson } from "../../lib/inputs/json-positions";

const TYPES = ["kubernetes_daemon_set_v1", "kubernetes_manifest", "null_resource"];
const WANTED = ["kubernetes_daemon_set_v1", "kubernetes_manifest"];
// Names that also occur as keys inside bodies and other blocks, so a plain text search could land on the wrong one.
const key = fc.constantFrom("metadata", "spec", "a", "b:c", "resource", ...TYPES, 'x"y', "//");
const leaf = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom("a:b", "\\u003a", "${x}"),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  any: fc.oneof({ maxDepth: 3 }, leaf, tie("list"), tie("object")),
  list: fc.array(tie("any"), { maxLength: 3 }),
  object: fc.dictionary(key, tie("any"), { maxKeys: 3 }),
})).any;
const config = fc.record({
  before: fc.dictionary(key, value, { maxKeys: 2 }),
  resource: fc.dictionary(fc.constantFrom(...TYPES), fc.dictionary(key, value, { maxKeys: 3 }), {
    maxKeys: 3,
  }),
  after: fc.dictionary(key, value, { maxKeys: 2 }),
});
const indent = fc.constantFrom(0, 1, 2, "\t");

describe("inspectJson", () => {
  test("property: without repeated keys, no duplicate is reported, and any lines found are the exact parser's", () => {
    fc.assert(
      fc.property(config, indent, ({ before, resource, after }, space) => {
        const text = JSON.stringify({ ...before, resource, ...after }, null, space);
        const json = JSON.parse(text) as unknown;
        const inspection = inspectJson(text, json, WANTED);
        expect(inspection.mayHaveDuplicates).toBe(text.includes("\\\\u003a") || /\\u003a/i.test(text));
        const exact = parseJsonKeepingDuplicates(text);
        expect(exact.value).toEqual(json);
        for (const [type, byName] of inspection.resourceLines ?? [])
          for (const [name, line] of byName) expect(exact.resourceLines.get(`${type}\0${name}`)).toBe(line);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  test("property: a repeated key anywhere is always noticed", () => {
    fc.assert(
      fc.property(value, value, fc.constantFrom("a", "container", "resource"), (x, y, k) => {
        const text = `{"resource": {"t": {"n": {"${k}": ${JSON.stringify(x)}, "${k}": ${JSON.stringify(y)}}}}}`;
        expect(inspectJson(text, JSON.parse(text), ["t"]).mayHaveDuplicates).toBe(true);
      }),
      { numRuns: 300, seed: 13 },
    );
  });

  test("GIVEN resources named like keys of other resources' bodies THEN their lines are still right", () => {
    const text = JSON.stringify(
      {
        resource: {
          kubernetes_daemon_set_v1: { spec: { metadata: { name: "a" }, spec: {} }, metadata: { spec: {} } },
        },
      },
      null,
      2,
    );
    const fast = inspectJson(text, JSON.parse(text), WANTED).resourceLines;
    const exact = parseJsonKeepingDuplicates(text).resourceLines;
    const line = (name: string) =>
      fast !== undefined
        ? fast.get("kubernetes_daemon_set_v1")?.get(name)
        : exact.get(`kubernetes_daemon_set_v1\0${name}`);
    expect([line("spec"), line("metadata")]).toEqual([4, 10]);
  });
});
