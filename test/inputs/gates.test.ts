import fc from "fast-check";
import { attachGates } from "../../lib/inputs/gates";
import type { LoadedDaemonSet } from "../../lib/inputs/types";
import { referenceAttachGates } from "./gates.reference";

// Types with and without dots (an address's type is then ambiguous), names with dots and instance keys.
const type = fc.constantFrom("terraform_data", "kubernetes_daemon_set_v1", "kubernetes_manifest", "a.b", "a");
const name = fc.constantFrom("g", "ds", "b.ds", "ds[0]", "x");
const address = fc.tuple(type, name).map(([t, n]) => `${t}.${n}`);
const body = fc.record(
  {
    input: fc.oneof(
      fc.record({ "wavegate.dev/gate": fc.constantFrom("agent/canary", "agent/staging", "nogate") }),
      fc.constant([{ "wavegate.dev/gate": "agent/prod" }]),
    ),
    depends_on: fc.oneof(
      fc.array(
        address.map((a) => (a.length % 2 ? `\${${a}}` : a)),
        { maxLength: 3 },
      ),
      fc.constant("x"),
    ),
  },
  { requiredKeys: [] },
);
const byType = fc.dictionary(
  type,
  fc.oneof(fc.dictionary(name, fc.oneof(body, fc.array(body, { maxLength: 2 }))), fc.constant(3)),
);
const resource = fc.oneof(byType, fc.array(byType, { maxLength: 3 }));
const dsAt = (source: string): LoadedDaemonSet =>
  ({
    source: { file: "f", format: "tf-json", address: source },
    kind: "k",
    manifest: {},
    cluster: "default",
  }) as never;

describe("attachGates", () => {
  test("property: every DaemonSet waits for the same gates as with the address-string table it replaced", () => {
    fc.assert(
      fc.property(
        resource,
        fc.array(
          fc.oneof(
            address,
            address.map((a) => `${a}[1]`),
            fc.constant("nodot"),
          ),
          { maxLength: 4 },
        ),
        (r, addresses) => {
          const json = JSON.parse(JSON.stringify({ resource: r })) as unknown;
          const fast = addresses.map(dsAt);
          const reference = addresses.map(dsAt);
          attachGates(json, fast);
          referenceAttachGates(json, reference);
          expect(fast.map((ds) => ds.gatesBefore)).toEqual(reference.map((ds) => ds.gatesBefore));
        },
      ),
      { numRuns: 500, seed: 14 },
    );
  });

  test("GIVEN a DaemonSet depending on a marked gate THEN it waits for it; an instance of it waits for none", () => {
    const json = {
      resource: {
        terraform_data: { g: { input: { "wavegate.dev/gate": "agent/canary" } } },
        kubernetes_daemon_set_v1: { ds: { depends_on: ["${terraform_data.g}"] } },
      },
    };
    const [ds, instance] = [dsAt("kubernetes_daemon_set_v1.ds"), dsAt("kubernetes_daemon_set_v1.ds[0]")];
    attachGates(json, [ds, instance]);
    expect(ds.gatesBefore).toEqual([{ address: "terraform_data.g", agent: "agent", wave: "canary" }]);
    expect(instance.gatesBefore).toEqual([]);
  });
});
