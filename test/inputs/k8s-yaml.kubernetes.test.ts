import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { InputError, LoadedDaemonSet } from "../../lib/inputs/types";
import { daemonSetsFromTerraformJson } from "../../lib/inputs/tf-json";
import { runPolicy } from "../../lib/policy/engine";

/**
 * Kubernetes YAML read exactly as `kubectl` reads it (sigs.k8s.io/yaml on go-yaml v2). Every expected value below was
 * recorded from kubectl v1.32.4 (`kubectl create --dry-run=client --validate=false -o json -f <file>` against a stub
 * discovery endpoint), on the same text.
 */
const DS = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: a\n";

async function spec(body: string): Promise<Record<string, unknown>> {
  const { daemonSets } = await loadKubernetesYaml("k.yaml", `${DS}spec:\n${body}`);
  return daemonSets[0].manifest.spec as unknown as Record<string, unknown>;
}

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError");
}

describe("scalars, as go-yaml v2 resolves them", () => {
  test("YAML 1.1 booleans, octal and base-prefixed integers, go-yaml's floats; dates, times and odd words stay strings", async () => {
    const s = await spec(
      '  y: [y, yes, on, 0644, 08, 0o17, 0b101, 1_000, .5, 1e3, "yes", 2024-07-19, 1:30, e1, ., ~, 0x1F, +0x10, -0b101]\n',
    );
    // The key `y` is itself a YAML 1.1 boolean: kubectl writes it as "true".
    expect(s).toEqual({
      true: [
        true,
        true,
        true,
        420,
        8,
        15,
        5,
        1000,
        0.5,
        1000,
        "yes",
        "2024-07-19",
        "1:30",
        "e1",
        ".",
        null,
        31,
        16,
        -5,
      ],
    });
  });

  test("tags: !!str keeps text, !!int and !!float convert, unknown tags are ignored", async () => {
    const s = await spec(
      '  tagged: [!!str 0644, !!int "12", !foo 12, !!float 1, !bar {z: 1}, ! 12, 0x_1F, "0x1F", 1_0.5, 00, -0, 0o, "+", 99999999999999999999]\n' +
        '  n: [True, TRUE, tRue, Off, NULL, Null, nULL, ""]\n',
    );
    expect(s.tagged).toEqual(["0644", 12, "12", 1, { z: 1 }, "12", 31, "0x1F", 10.5, 0, 0, "0o", "+", 1e20]);
    // `n` is false as a key.
    expect(s.false).toEqual([true, true, "tRue", false, null, null, "nULL", ""]);
  });

  test("go-yaml's corners: `_` inside a .fraction, a float out of range, a sign after 0b", async () => {
    // kubectl 1.32.4: [0.1, "1e999", 3, -3]; found by the differential test against kubectl.
    expect((await spec("  v: [.1_0, 1e999, 0b+11, 0b-11]\n")).v).toEqual([0.1, "1e999", 3, -3]);
  });

  test("a !!int that is no integer, and .inf / .nan values, are refused as kubectl refuses them", async () => {
    expect((await inputError(spec("  a: !!int foo\n"))).message).toMatch(/^k\.yaml:\d+: malformed YAML: /);
    const inf = await inputError(spec("  minReadySeconds: .inf\n"));
    expect(inf.message).toMatch(/a \.inf value cannot be turned into JSON/);
    // kubectl: "unsupported map key of type: %!s(<nil>)": a null key is refused; null values are null.
    expect((await inputError(spec("  ~: 1\n"))).message).toMatch(/a null key cannot be turned into JSON/);
    expect(await spec("  a: [~, null, Null]\n  b: ~\n")).toEqual({ a: [null, null, null], b: null });
    // As a key it is the string ".inf", as there.
    expect(await spec("  .inf: 1\n")).toEqual({ ".inf": 1 });
  });
});

describe("merge keys, with go-yaml v2's precedence", () => {
  test("a merge overrides the keys before it, keys after it override the merge, earlier list entries win", async () => {
    const s = await spec(
      "  b: &b {privileged: true, x: 1}\n  sc:\n    privileged: false\n    <<: *b\n  sc2:\n    <<: *b\n    privileged: false\n" +
        "  a: &a {k: 1, x: a}\n  c: &c {k: 2, z: c}\n  list: {<<: [*a, *c]}\n",
    );
    // js-yaml (and the YAML spec) would keep `privileged: false` in sc: Kubernetes runs it privileged.
    expect(s.sc).toEqual({ privileged: true, x: 1 });
    expect(s.sc2).toEqual({ privileged: false, x: 1 });
    expect(s.list).toEqual({ k: 1, x: "a", z: "c" });
  });

  test('a quoted "<<" is an ordinary key, a plain << value is a string, a merge of a scalar is refused', async () => {
    const s = await spec('  a: &a {k: 1}\n  quoted: {"<<": *a}\n  value: <<\n  seq: [<<]\n');
    expect(s.quoted).toEqual({ "<<": { k: 1 } });
    expect(s.value).toBe("<<");
    expect(s.seq).toEqual(["<<"]);
    const error = await inputError(spec("  sc:\n    <<: 5\n"));
    expect(error.message).toContain("map merge requires map or sequence of maps as the value");
  });
});

describe("aliases and nesting are bounded as Kubernetes bounds them, and named", () => {
  test("400 aliases of a 10,000-item list: excessive aliasing, an InputError naming the file and line", async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i).join(", ");
    const text = `${DS}spec:\n  big: &big [${items}]\n  copies:\n${"    - *big\n".repeat(400)}`;
    const error = await inputError(loadKubernetesYaml("bomb.yaml", text));
    expect(error.message).toMatch(/^bomb\.yaml:\d+: malformed YAML: document contains excessive aliasing/);
  });

  test("a billion laughs stops early; a few aliases of a small list are fine", async () => {
    let laughs = "  a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i <= 9; i++) {
      const prev = String.fromCharCode(96 + i);
      laughs += `  ${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(", ")}]\n`;
    }
    expect((await inputError(spec(laughs))).message).toContain("excessive aliasing");
    const fine = await spec("  a: &a [1, 2, 3]\n  b: [*a, *a, *a]\n");
    expect(fine.b).toEqual([
      [1, 2, 3],
      [1, 2, 3],
      [1, 2, 3],
    ]);
  });

  test("an anchor that contains itself is refused (kubectl: anchor 'a' value contains itself)", async () => {
    for (const body of ["  a: &a [*a]\n", "  a: &a {b: *a}\n", "  a: &a {b: [1, {c: *a}]}\n"]) {
      const error = await inputError(spec(body));
      expect(error.message).toMatch(/^k\.yaml:\d+: malformed YAML: anchor value contains itself/);
    }
  });

  test("deep nesting, block or flow, is an InputError naming the line, never a RangeError", async () => {
    const block = Array.from({ length: 300 }, (_, i) => `${"  ".repeat(i + 1)}k${i}:`).join("\n");
    const error = await inputError(spec(`${block} 1\n`));
    expect(error.message).toMatch(/^k\.yaml:\d+: malformed YAML: nesting deeper than 256 levels/);
    expect(error.line).toBeGreaterThan(200);
    const flow = await inputError(loadKubernetesYaml("f.yaml", `${DS}spec: ${"[".repeat(100_000)}`));
    expect(flow.message).toContain("nesting deeper than 256 levels");
  });
});

/** A multi-document manifest whose findings depend on every document and on a folded and a block scalar. */
const STREAM = [
  "apiVersion: v1",
  "kind: ConfigMap",
  "metadata: {name: c}",
  "---",
  "apiVersion: apps/v1",
  "kind: DaemonSet",
  "metadata:",
  "  name: priv",
  "  annotations:",
  "    note: |",
  "      line one",
  "      line two",
  "spec:",
  "  template:",
  "    spec:",
  "      containers:",
  "        - name: agent",
  "          image: registry.example/agent:latest",
  "          securityContext:",
  "            privileged: yes",
  "---",
  "apiVersion: apps/v1",
  "kind: DaemonSet",
  "metadata: {name: second}",
  "spec:",
  "  updateStrategy: {type: OnDelete}",
  "",
].join("\n");

function summary(daemonSets: readonly LoadedDaemonSet[]) {
  const report = runPolicy({
    daemonSets: [...daemonSets],
    files: ["s.yaml"],
    stacks: [],
    otherResources: 1,
    warnings: [],
  });
  return {
    manifests: daemonSets.map((d) => d.manifest),
    lines: daemonSets.map((d) => d.source.line),
    findings: report.findings.map((f) => [f.ruleId, f.source.address, f.outcome, f.message, f.line]),
  };
}

describe("line breaks, as go-yaml's is_break: CR, LF, CR LF, NEL, U+2028, U+2029", () => {
  const BREAKS = { "CR LF": "\r\n", CR: "\r", NEL: "\u0085", LS: "\u2028", PS: "\u2029" };

  test.each(Object.entries(BREAKS))(
    "a stream broken by %s gives the DaemonSets and findings of its LF version",
    async (_, br) => {
      const lf = await loadKubernetesYaml("s.yaml", STREAM);
      const other = await loadKubernetesYaml("s.yaml", STREAM.replace(/\n/g, br));
      expect(lf.daemonSets.map((d) => d.source.address)).toEqual([
        "DaemonSet/default/priv",
        "DaemonSet/default/second",
      ]);
      const expected = summary(lf.daemonSets);
      const got = summary(other.daemonSets);
      if (br === "\u2028" || br === "\u2029") {
        // go-yaml keeps LS / PS inside a block scalar's text (kubectl: "line one\u2028line two\u2028"); read as \n here.
        expect(got.findings).toEqual(expected.findings);
        expect(got.lines).toEqual(expected.lines);
      } else {
        expect(got).toEqual(expected);
      }
      expect(got.findings).toContainEqual([
        "WG201",
        "DaemonSet/default/priv",
        "fail",
        'container "agent" is privileged',
        20,
      ]);
      expect(other.otherResources).toBe(1);
    },
  );

  test("without any LF, a warning says kubectl would apply only the first document", async () => {
    const cr = await loadKubernetesYaml("s.yaml", STREAM.replace(/\n/g, "\r"));
    expect(cr.warnings).toEqual([
      expect.stringMatching(/^s\.yaml: lines end in CR .*just the first of these 3 documents/),
    ]);
    expect((await loadKubernetesYaml("s.yaml", STREAM.replace(/\n/g, "\r\n"))).warnings).toEqual([]);
  });
});

describe("a spec or metadata that is not a mapping", () => {
  test("is invalid input naming the DaemonSet and its line, as for tf.json (one rule: normalize.ts nonObjectPart)", async () => {
    for (const [spec, found] of [
      ['"oops"', 'the string "oops"'],
      ["5", "a number"],
      ["[a, b]", "a list"],
      ["[{minReadySeconds: 5}]", "a list"],
    ]) {
      const error = await inputError(loadKubernetesYaml("n.yaml", `${DS}spec: ${spec}\n`));
      expect(error.message).toBe(
        `n.yaml:1: DaemonSet/default/a: "spec" must be an object, found ${found}; Kubernetes rejects such a DaemonSet`,
      );
    }
    const tf = await inputError(
      (async () =>
        daemonSetsFromTerraformJson(
          {
            resource: {
              kubernetes_manifest: { a: { manifest: { apiVersion: "apps/v1", kind: "DaemonSet", spec: 5 } } },
            },
          },
          { file: "n.tf.json", format: "tf-json" },
        ))(),
    );
    expect(tf.message).toContain(
      '"spec" must be an object, found a number; Kubernetes rejects such a DaemonSet',
    );
  });

  test("a metadata list or scalar is refused alike; absent or null reads as empty", async () => {
    for (const metadata of ["[a]", "x"]) {
      const error = await inputError(
        loadKubernetesYaml(
          "m.yaml",
          `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: ${metadata}\nspec: {}\n`,
        ),
      );
      expect(error.message).toMatch(
        /^m\.yaml:1: DaemonSet\/default\/<unnamed>: "metadata" must be an object/,
      );
    }
    const { daemonSets } = await loadKubernetesYaml(
      "m.yaml",
      "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: ~\n",
    );
    expect([daemonSets[0].manifest.metadata, daemonSets[0].manifest.spec]).toEqual([{}, {}]);
  });
});

describe("a stream is read document by document, at the lines each document starts", () => {
  test("directives, comments, inline roots, `...` ends and empty documents", async () => {
    const text = [
      "# leading comment", // 1
      "%YAML 1.1",
      "---",
      "apiVersion: apps/v1", // 4
      "kind: DaemonSet",
      "metadata: {name: one}",
      "...",
      "# between",
      "--- # two", // 9
      "{apiVersion: apps/v1, kind: DaemonSet, metadata: {name: two}}", // 10
      "---",
      "# empty document",
      "---",
      "",
      "apiVersion: apps/v1", // 15
      "kind: DaemonSet",
      "metadata:",
      "  name: three",
      "  annotations: {text: '--- not a marker'}",
      "",
    ].join("\n");
    const { daemonSets } = await loadKubernetesYaml("d.yaml", text);
    expect(daemonSets.map((d) => [d.source.address, d.source.line])).toEqual([
      ["DaemonSet/default/one", 4],
      ["DaemonSet/default/two", 10],
      ["DaemonSet/default/three", 15],
    ]);
    expect(daemonSets[2].manifest.metadata.annotations).toEqual({ text: "--- not a marker" });
  });

  test("a document after `...` with no `---` is read, with a warning: kubectl would not apply it", async () => {
    const result = await loadKubernetesYaml("e.yaml", `${DS}...\n${DS}`);
    expect(result.daemonSets).toHaveLength(2);
    expect(result.warnings).toEqual([
      expect.stringMatching(/^e\.yaml:6: a document after `\.\.\.` with no `---` line/),
    ]);
    expect((await loadKubernetesYaml("e.yaml", `${DS}...\n# c\n---\n${DS}`)).warnings).toEqual([]);
  });

  test("a separator line holding more than a comment is refused, as kubectl refuses it", async () => {
    for (const sep of ["--- {kind: ConfigMap}", "---x", "----"]) {
      const error = await inputError(loadKubernetesYaml("s.yaml", `${DS}${sep}\n${DS}`));
      expect([error.line, error.message]).toEqual([
        5,
        expect.stringContaining("invalid Yaml document separator"),
      ]);
    }
    expect((await loadKubernetesYaml("s.yaml", `${DS}---   # next\n${DS}`)).daemonSets).toHaveLength(2);
  });

  test("an error in a later document names its line in the file", async () => {
    const text = `${DS}---\n${DS}---\napiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: x\n   bad: indent\n`;
    const error = await inputError(loadKubernetesYaml("e.yaml", text));
    expect(error.line).toBe(15);
  });
});
