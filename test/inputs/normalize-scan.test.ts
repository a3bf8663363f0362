import fc from "fast-check";
import { daemonSetAndScan, ManifestShapeError, scanManifest } from "../../lib/inputs/normalize";
import { expectToEqual } from "../helpers/expect-equal";

const source = { file: "f.tf.json", format: "tf-json" as const };

/** Provider-shaped values with unknowns and `dynamic` keys sprinkled in known and unknown fields alike. */
const leaf = fc.oneof(
  fc.constantFrom("x", "v1.2", "var.pool", "${var.x}", "local.y", "data.z.w", "10%", "9090", "true"),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const key = fc.constantFrom(
  "name",
  "labels",
  "annotations",
  "dynamic",
  "container",
  "image",
  "add",
  "foo_bar",
);
const value = fc.letrec((tie) => ({
  any: fc.oneof({ maxDepth: 4 }, leaf, tie("list"), tie("object")),
  list: fc.array(tie("any"), { maxLength: 3 }),
  object: fc.dictionary(key, tie("any"), { maxKeys: 4 }),
})).any;

describe("daemonSetAndScan", () => {
  test("GIVEN any provider-shaped body THEN the same DaemonSet and scan as a separate walk of the manifest", () => {
    fc.assert(
      fc.property(value, value, (metadata, spec) => {
        const body = {
          metadata,
          spec: { template: { spec: { container: [spec], volume: spec } }, extra: spec },
        };
        let both: ReturnType<typeof daemonSetAndScan>;
        try {
          both = daemonSetAndScan("kubernetes_daemon_set_v1", "a", body, source);
        } catch (e) {
          // A shape Terraform refuses (metadata that is not a block, a block given twice) is invalid input.
          expect(e).toBeInstanceOf(ManifestShapeError);
          return;
        }
        expect(both).toBeDefined();
        expectToEqual(both?.scan, scanManifest(both?.daemonSet.manifest));
      }),
      { numRuns: 1000 },
    );
  });

  test("GIVEN an unknown value in a label map or a capability list THEN the scan names it", () => {
    const both = daemonSetAndScan(
      "kubernetes_daemon_set_v1",
      "a",
      {
        metadata: { labels: { app: "${var.app}" } },
        spec: {
          template: { spec: { container: [{ security_context: { capabilities: { add: ["var.cap"] } } }] } },
        },
      },
      source,
    );
    expect(both?.scan.unknown).toEqual([
      "metadata.labels.app",
      "spec.template.spec.containers[0].securityContext.capabilities.add[0]",
    ]);
  });

  test("GIVEN a kubernetes_manifest THEN its manifest is scanned", () => {
    const both = daemonSetAndScan(
      "kubernetes_manifest",
      "a",
      { manifest: { kind: "DaemonSet", spec: { dynamic: {}, minReadySeconds: "${var.m}" } } },
      source,
    );
    expect(both?.scan).toEqual({ unknown: ["spec.minReadySeconds"], dynamic: true });
  });
});
