import fc from "fast-check";
import { colonsOfBody } from "../../lib/inputs/json-positions";
import { lastReadColons, readProviderShape } from "../../lib/inputs/provider-read";
import { referenceFromProviderShapeChecked } from "./provider-read.reference";

// Terraform names of the table (blocks, lists, maps, coerced scalars), names it does not know, and hostile keys.
const KEYS = [
  "metadata",
  "spec",
  "template",
  "container",
  "init_container",
  "name",
  "image",
  "labels",
  "annotations",
  "selector",
  "match_labels",
  "matchLabels",
  "match_expressions",
  "values",
  "strategy",
  "rolling_update",
  "max_unavailable",
  "readiness_probe",
  "http_get",
  "port",
  "period_seconds",
  "security_context",
  "capabilities",
  "add",
  "run_as_user",
  "host_pid",
  "volume",
  "config_map",
  "default_mode",
  "env",
  "value",
  "some_field",
  "dynamic",
  "__proto__",
  "a:b",
  "a",
];
const leaf = fc.oneof(
  fc.constantFrom("x", "${var.a}", "var.a", "local.b", "10", "-3", "0644", "1e3", "true", "false", "10%", ""),
  fc.integer({ min: -5, max: 700 }),
  fc.boolean(),
  fc.constant(null),
);
/** JSON text, so that objects are what `JSON.parse` makes (`__proto__` an own key, repeated keys: the last). */
const text = fc.letrec((tie) => ({
  any: fc.oneof(
    { maxDepth: 5, depthSize: "small" },
    leaf.map((v) => JSON.stringify(v)),
    tie("list"),
    tie("object"),
  ),
  list: fc.array(tie("any"), { maxLength: 3 }).map((items) => `[${items.join(",")}]`),
  object: fc
    .array(fc.tuple(fc.constantFrom(...KEYS), tie("any")), { maxLength: 5 })
    .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(",")}}`),
})).object;

const outcome = (read: () => unknown): { value?: string; strict?: unknown; error?: string } => {
  try {
    const value = read();
    return { value: JSON.stringify(value), strict: value };
  } catch (e) {
    return { error: String(e) };
  }
};

describe("readProviderShape", () => {
  test("property: the same result (key order, values, unknown flag) or error as the copying reader it replaced", () => {
    fc.assert(
      fc.property(text, text, (metadata, spec) => {
        const resource = JSON.parse(`{"metadata":${metadata},"spec":${spec}}`) as { metadata: unknown };
        const before = JSON.stringify(resource);
        const fast = outcome(() => readProviderShape(resource));
        const reference = outcome(() => referenceFromProviderShapeChecked(resource));
        expect(fast.error).toBe(reference.error);
        expect(fast.value).toBe(reference.value);
        expect(fast.strict).toStrictEqual(reference.strict);
        expect(JSON.stringify(resource)).toBe(before); // the input is never modified
      }),
      { numRuns: 400, seed: 14 },
    );
  });

  test("property: the colons it counts in a body are its JSON text's, so a text without a repeated key reads fast", () => {
    fc.assert(
      fc.property(text, text, fc.boolean(), (metadata, spec, wrapped) => {
        const resource = JSON.parse(`{"metadata":${metadata},"count_x":{"a:b":"c:d"},"spec":${spec}}`) as {
          metadata: unknown;
        };
        try {
          readProviderShape(resource);
        } catch {
          return; // refused input: the loader counts such a body the other way
        }
        const body = wrapped ? [resource] : resource;
        const colons = JSON.stringify(body).split(":").length - 1;
        expect(colonsOfBody(body, lastReadColons() ?? NaN)).toBe(colons);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  test("GIVEN blocks whose every field reads as itself THEN they are shared, not copied; renamed ones are copied", () => {
    const capabilities = { add: ["BPF"], drop: ["ALL"] };
    const metadata = { name: "agent", labels: { app: "agent" } };
    const container = { name: "agent", security_context: { capabilities } };
    const read = readProviderShape({ metadata, spec: { template: { spec: { container: [container] } } } });
    const pod = (
      read.spec.template as { spec: { containers: { securityContext: { capabilities: unknown } }[] } }
    ).spec;
    expect(read.metadata).toBe(metadata);
    expect(pod.containers[0].securityContext.capabilities).toBe(capabilities);
    expect(pod.containers[0]).not.toBe(container);
  });

  test("GIVEN an object of another prototype THEN it is copied into a plain object, as before", () => {
    const metadata = Object.assign(Object.create({ inherited: "x" }) as object, { name: "a" });
    const read = readProviderShape({ metadata });
    expect(read.metadata).not.toBe(metadata);
    expect(Object.getPrototypeOf(read.metadata)).toBe(Object.prototype);
    expect(read.metadata).toEqual({ name: "a", inherited: "x" });
  });
});
