import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { stringify } from "yaml";
import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { InputError } from "../../lib/inputs/types";
import { MALFORMED_JSON, MALFORMED_YAML } from "./fixtures/malformed";

const fixture = (name: string) => join(__dirname, "fixtures", name);
const load = (name: string) => loadKubernetesYaml(name, readFileSync(fixture(name), "utf8"));

async function inputError(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error("expected an InputError");
}

describe("loadKubernetesYaml", () => {
  test("GIVEN one DaemonSet WHEN loaded THEN it is returned with its address, line and Kubernetes fields", async () => {
    const result = await load("unstaged.yaml");
    expect(result.otherResources).toBe(0);
    expect(result.daemonSets).toHaveLength(1);
    const [ds] = result.daemonSets;
    expect(ds.source).toEqual({
      file: "unstaged.yaml",
      format: "k8s-yaml",
      address: "DaemonSet/kube-system/node-agent",
      line: 2,
    });
    expect(ds.kind).toBe("DaemonSet");
    expect(ds.cluster).toBe("default");
    expect(ds.manifest.spec.updateStrategy?.rollingUpdate?.maxUnavailable).toBe("10%");
    expect(ds.manifest.spec.template.spec.containers[0].image).toBe("registry.example/node-agent:latest");
  });

  test("GIVEN Helm-style output WHEN loaded THEN documents, empty documents and List items are all read", async () => {
    const result = await load("helm-rendered.yaml");
    expect(result.daemonSets.map((d) => d.source.address)).toEqual([
      "DaemonSet/monitoring/agent",
      "DaemonSet/default/second",
    ]);
    // ServiceAccount + ConfigMap inside the List.
    expect(result.otherResources).toBe(2);
    // Lines point at each object, including an item inside a List.
    expect(result.daemonSets.map((d) => d.source.line)).toEqual([17, 40]);
    expect(result.daemonSets[0].cluster).toBe("prod-eu");
  });

  test("YAML is read as Kubernetes reads it: 0644 is octal, yes is true, dates stay strings", async () => {
    const result = await load("helm-rendered.yaml");
    expect(result.daemonSets[0].manifest.spec.template.spec.volumes?.[0].configMap?.defaultMode).toBe(0o644);
    expect(result.daemonSets[1].manifest.spec.template.spec.hostNetwork).toBe(true);
    const dated = await loadKubernetesYaml(
      "d.yaml",
      "kind: DaemonSet\napiVersion: apps/v1\nmetadata:\n  name: d\n  annotations:\n    since: 2024-07-19\n    at: 4:09\n",
    );
    expect(dated.daemonSets[0].manifest.metadata.annotations).toEqual({ since: "2024-07-19", at: "4:09" });
    const floats = await loadKubernetesYaml(
      "f.yaml",
      "kind: DaemonSet\napiVersion: apps/v1\nmetadata:\n  name: e1\n  namespace: .\nspec:\n  minReadySeconds: 1e1\n",
    );
    expect(floats.daemonSets[0].source.address).toBe("DaemonSet/./e1");
    expect(floats.daemonSets[0].manifest.spec.minReadySeconds).toBe(10);
  });

  test("JSON input is read, with lines", async () => {
    const json = JSON.stringify(
      {
        apiVersion: "v1",
        kind: "List",
        items: [{ apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "j" } }],
      },
      null,
      2,
    );
    const result = await loadKubernetesYaml("list.json", json);
    expect(result.daemonSets).toHaveLength(1);
    expect(result.daemonSets[0].source.address).toBe("DaemonSet/default/j");
    expect(result.daemonSets[0].source.line).toBe(5);
  });

  test("kinds other than DaemonSet are counted, documents without kind are warned about", async () => {
    const result = await loadKubernetesYaml(
      "x.yaml",
      "kind: Deployment\napiVersion: apps/v1\n---\nfoo: bar\n",
    );
    expect(result.daemonSets).toEqual([]);
    expect(result.otherResources).toBe(2);
    expect(result.warnings).toEqual([expect.stringContaining("x.yaml:4: document has no kind")]);
  });

  test("an empty file or stream loads nothing, without error", async () => {
    expect((await loadKubernetesYaml("-", "")).daemonSets).toEqual([]);
    expect((await loadKubernetesYaml("-", "---\n# only a comment\n")).otherResources).toBe(0);
  });

  test("a DaemonSet with an old apiVersion is read but warned about", async () => {
    const result = await loadKubernetesYaml(
      "old.yaml",
      "apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata: {name: o}\n",
    );
    expect(result.daemonSets).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/old\.yaml:1: DaemonSet has apiVersion "extensions\/v1beta1"/);
  });

  test("stdin is named `-` in sources", async () => {
    const result = await loadKubernetesYaml("-", readFileSync(fixture("unstaged.yaml"), "utf8"));
    expect(result.daemonSets[0].source.file).toBe("-");
  });

  describe("malformed input", () => {
    test("malformed YAML names the file and line", async () => {
      const error = await inputError(loadKubernetesYaml("malformed.yaml", MALFORMED_YAML));
      expect(error.file).toBe("malformed.yaml");
      // kubectl: "error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context".
      expect(error.line).toBe(5);
      expect(error.message).toMatch(/^malformed\.yaml:5: malformed YAML: /);
      expect(error.message).not.toContain("\n");
    });

    test("malformed JSON names the file and line, though YAML would accept it", async () => {
      const error = await inputError(loadKubernetesYaml("malformed.json", MALFORMED_JSON));
      expect(error.message).toBe('malformed.json:4: malformed JSON: expected a quoted key, found "}"');
    });

    test("a duplicate key is an error, not a silent choice", async () => {
      const error = await inputError(loadKubernetesYaml("dup.yaml", "kind: DaemonSet\nkind: Pod\n"));
      expect(error.line).toBe(2);
    });

    test("a document that is not a mapping is an error naming its line", async () => {
      const error = await inputError(loadKubernetesYaml("s.yaml", "kind: Pod\n---\njust text\n"));
      expect(error.message).toMatch(/^s\.yaml:3: expected a Kubernetes object .* found string$/);
    });
  });

  test("property: any DaemonSets written as multi-document YAML load back unchanged, at their lines", async () => {
    const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
    const daemonSet = fc.record({
      apiVersion: fc.constant("apps/v1"),
      kind: fc.constant("DaemonSet"),
      metadata: fc.record({ name, namespace: name }),
      spec: fc.record({
        minReadySeconds: fc.nat(600),
        updateStrategy: fc.record({
          type: fc.constant("RollingUpdate"),
          rollingUpdate: fc.record({
            maxUnavailable: fc.oneof(
              fc.nat(100),
              fc.nat(100).map((n) => `${n}%`),
            ),
          }),
        }),
        template: fc.record({
          spec: fc.record({
            containers: fc.array(fc.record({ name, image: name }), { minLength: 1, maxLength: 3 }),
          }),
        }),
      }),
    });
    const other = fc.record({
      apiVersion: fc.constant("v1"),
      kind: fc.constant("ConfigMap"),
      metadata: fc.record({ name }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(daemonSet, other), { maxLength: 6 }), async (objects) => {
        const docs = objects.map((o) => stringify(o, { version: "1.1" }));
        const text = docs.map((d) => `---\n${d}`).join("");
        const result = await loadKubernetesYaml("p.yaml", text);
        const expected = objects.filter((o) => o.kind === "DaemonSet");
        expect(result.daemonSets.map((d) => d.manifest)).toEqual(expected);
        expect(result.otherResources).toBe(objects.length - expected.length);
        let line = 1;
        const lines: number[] = [];
        objects.forEach((o, i) => {
          if (o.kind === "DaemonSet") lines.push(line + 1);
          line += 1 + docs[i].split("\n").length - 1;
        });
        expect(result.daemonSets.map((d) => d.source.line)).toEqual(lines);
      }),
      { numRuns: 100 },
    );
  });
});
