import fc from "fast-check";
import {
  daemonSetsFromTerraformJson,
  loadTerraformJsonText,
  parseTerraformJson,
} from "../../lib/inputs/tf-json";

// Keys of the provider's DaemonSet blocks, keys it does not know, and keys with colons; values with colons, escapes
// (`\u003a` is a colon JSON.parse makes), unknowns and numbers the reader converts.
const KEYS = [
  "name",
  "labels",
  "template",
  "container",
  "image",
  "port",
  "strategy",
  "a:b",
  "some_key",
  "dynamic",
];
const leaf = fc.constantFrom(
  '"x"',
  '"a:b:c"',
  '"\\u003a"',
  '"${var.a}"',
  '"10"',
  "3",
  "true",
  "null",
  '"0644"',
);
/** A JSON text of a value; objects may repeat a key (`JSON.parse` keeps the last, Terraform reads every one). */
const value = fc.letrec<{ any: string; list: string; object: string }>((tie) => ({
  any: fc.oneof({ maxDepth: 4, depthSize: "small" }, leaf, tie("list"), tie("object")),
  list: fc.array(tie("any"), { maxLength: 3 }).map((items) => `[${items.join(", ")}]`),
  object: fc
    .array(fc.tuple(fc.constantFrom(...KEYS), tie("any")), { maxLength: 4 })
    .map((entries) => `{\n${entries.map(([k, v]) => `"${k}": ${v}`).join(",\n")}\n}`),
})).any;
const objectOf = (entries: [string, string][]) =>
  `{\n${entries.map(([k, v]) => `  "${k}": ${v}`).join(",\n")}\n}`;
/** A resource body: blocks, meta-arguments, other keys; sometimes repeated, sometimes as a list of one. */
const body = fc
  .tuple(
    fc.array(
      fc.tuple(fc.constantFrom("metadata", "spec", "depends_on", "count", "provider", "spec", "//"), value),
      { maxLength: 4 },
    ),
    fc.boolean(),
  )
  .map(([entries, wrapped]) => (wrapped ? `[${objectOf(entries)}]` : objectOf(entries)));
const TYPES = ["kubernetes_daemon_set_v1", "kubernetes_daemonset", "kubernetes_manifest", "null_resource"];
const NAMES = ["a", "b", "c", "a.b", "x:y"];
const byName = fc.array(fc.tuple(fc.constantFrom(...NAMES), body), { maxLength: 3 }).map(objectOf);
const resource = fc.array(fc.tuple(fc.constantFrom(...TYPES), byName), { maxLength: 3 }).map(objectOf);
/** A Terraform JSON text; now and then with a BOM or a value nested deeper than Terraform configurations go. */
const text = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom("resource", "locals", "output", "resource"), resource), {
      maxLength: 3,
    }),
    fc.constantFrom("", "\ufeff"),
    fc.constantFrom(0, 0, 0, 600),
  )
  .map(([top, bom, deep]) => {
    const deepValue = `${"[".repeat(deep)}1${"]".repeat(deep)}`;
    const doc = objectOf(top);
    return bom + (deep > 0 ? doc.replace(/"name": /, `"name": ${deepValue}, "n2": `) : doc);
  });

const outcome = (load: () => unknown): string => {
  try {
    return JSON.stringify(load());
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
};

describe("loadTerraformJsonText", () => {
  test("property: the same DaemonSets, lines, warnings or error as parseTerraformJson + daemonSetsFromTerraformJson", () => {
    const source = { file: "main.tf.json", format: "tf-json" } as const;
    fc.assert(
      fc.property(text, (t) => {
        let parsed: unknown;
        try {
          parsed = JSON.parse(t.replace(/^\ufeff/, ""));
        } catch {
          return; // not JSON (a repeated key is, a deep list is): detect() refuses it before either is called
        }
        const inOne = outcome(() => loadTerraformJsonText(source.file, t, parsed, source));
        const twoSteps = outcome(() => {
          const { json, lineOf } = parseTerraformJson(source.file, t, parsed);
          return daemonSetsFromTerraformJson(json, source, { lineOf });
        });
        expect(inOne).toBe(twoSteps);
      }),
      { numRuns: 400, seed: 14 },
    );
  });

  test("GIVEN a repeated block THEN it is read as Terraform reads it (every occurrence), with its line", () => {
    const t = [
      '{"resource": {"kubernetes_daemon_set_v1": {"a": {',
      '  "metadata": {"name": "x"},',
      '  "spec": {"template": {"spec": {"container": {"name": "one"}, "container": {"name": "two"}}}}',
      "}}}}",
    ].join("\n");
    const read = loadTerraformJsonText("f", t, JSON.parse(t), { file: "f", format: "tf-json" });
    const pod = read.daemonSets[0].manifest.spec?.template?.spec;
    expect(pod?.containers?.map((c) => c.name)).toEqual(["one", "two"]);
    expect(read.daemonSets[0].source.line).toBe(1);
  });

  test("GIVEN a DaemonSet nested deeper than the reader counts (but allowed) THEN it is read, with its line", () => {
    const deep = `${"[".repeat(150)}"x"${"]".repeat(150)}`;
    const t = `{"resource": {"kubernetes_daemon_set_v1": {\n"a": {"metadata": {"name": "a"}, "spec": {"x_y": ${deep}}}}}}`;
    const source = { file: "f", format: "tf-json" } as const;
    const read = loadTerraformJsonText("f", t, JSON.parse(t), source);
    const { json, lineOf } = parseTerraformJson("f", t);
    expect(JSON.stringify(read)).toBe(JSON.stringify(daemonSetsFromTerraformJson(json, source, { lineOf })));
    expect(read.daemonSets[0].source.line).toBe(2);
  });
});
