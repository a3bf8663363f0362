import fc from "fast-check";
import { loadKubernetesYaml } from "../../lib/inputs/k8s-yaml";
import { renderManifest } from "../../lib/inputs/manifest-yaml";
import { LoadedDaemonSet } from "../../lib/inputs/types";

/** Strings go-yaml v2 reads as numbers, booleans or null when plain; `0o17` and `0X1F` were written plain before. */
const TRICKY = [
  "y",
  "N",
  "on",
  "Off",
  "0o17",
  "0O7",
  "0X1F",
  "0B1",
  "0b101",
  "1_000",
  "08",
  "0644",
  ".5",
  "1e3",
];
const more = [
  "+12",
  "-0",
  "~",
  "null",
  "",
  "<<",
  ".inf",
  "1:30",
  "2024-07-19",
  "+.5",
  "1.",
  "+0x10",
  "._5",
  "e1",
];

function daemonSet(annotations: Record<string, string>): LoadedDaemonSet {
  return {
    source: { file: "x.tf.json", format: "tf-json", address: "kubernetes_manifest.a" },
    kind: "kubernetes_manifest",
    cluster: "default",
    manifest: {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "a", annotations },
      spec: {},
    } as unknown as LoadedDaemonSet["manifest"],
  };
}

describe("manifests writes strings Kubernetes reads back as the same strings", () => {
  test("property: any string annotation survives writing and reading as kubectl reads YAML", async () => {
    const value = fc.oneof(fc.constantFrom(...TRICKY, ...more), fc.string({ maxLength: 12 }));
    await fc.assert(
      fc.asyncProperty(fc.array(value, { minLength: 1, maxLength: 8 }), async (values) => {
        const annotations = Object.fromEntries(values.map((v, i) => [`k${i}`, v]));
        const text = renderManifest(daemonSet(annotations));
        const back = await loadKubernetesYaml("back.yaml", text);
        expect(back.daemonSets[0].manifest.metadata.annotations).toEqual(annotations);
      }),
      { numRuns: 200, seed: 13 },
    );
  });

  test("the strings the yaml library's YAML 1.1 leaves plain but go-yaml reads as integers are quoted", () => {
    const text = renderManifest(daemonSet({ a: "0o17", b: "0X1F", c: "0B1" }));
    expect(text).toMatch(/a: "0o17"\n\s+b: "0X1F"\n\s+c: "0B1"/);
  });
});
