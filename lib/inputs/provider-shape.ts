/**
 * The one place that maps between Kubernetes field names and the Terraform Kubernetes provider's schema
 * (`kubernetes_daemon_set_v1` / `kubernetes_daemonset`): snake_case names, singular list blocks (`container`,
 * `volume_mount`, `toleration`, `node_selector_term`), `strategy` for `updateStrategy`, ports and user IDs as strings.
 *
 * `toProviderShape` writes Terraform JSON (single blocks as objects, list blocks as arrays, as `cdktf synth` does);
 * `fromProviderShape` reads it back, accepting every block as an object or an array (HCL-to-JSON gives arrays).
 * Fields the table does not know are still carried over, with their names converted by case only.
 */

import { readProviderShape } from "./provider-read";
import { DAEMON_SET_SCHEMA, Field, Schema, tfName } from "./provider-schema";

export { camelCase, snakeCase } from "./provider-schema";

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Kubernetes-shaped `{ metadata, spec }` of a DaemonSet -> the provider's Terraform JSON blocks. */
export function toProviderShape(daemonSetBody: { metadata?: unknown; spec?: unknown }): JsonObject {
  return toTf(
    { metadata: daemonSetBody.metadata, spec: daemonSetBody.spec },
    DAEMON_SET_SCHEMA,
  ) as JsonObject;
}

/** The provider's `metadata` / `spec` blocks (objects or arrays of one) -> Kubernetes-shaped `{ metadata, spec }`. */
export function fromProviderShape(resource: { metadata?: unknown; spec?: unknown }): {
  metadata: JsonObject;
  spec: JsonObject;
} {
  const { metadata, spec } = fromProviderShapeChecked(resource);
  return { metadata, spec };
}

/**
 * `fromProviderShape`, also telling whether the result may hold a value unknown until apply or a `dynamic` key
 * (found in the same pass). `false` means it holds neither, so a loader need not walk it again to find them.
 */
export function fromProviderShapeChecked(resource: { metadata?: unknown; spec?: unknown }): {
  metadata: JsonObject;
  spec: JsonObject;
  mayHoldUnknown: boolean;
} {
  return readProviderShape(resource);
}

function toTf(value: Json, schema: Schema | undefined): Json {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const field = schema?.[key];
    out[tfName(key, field)] = toTfField(v, field);
  }
  return out;
}

function toTfField(v: Json, field: Field | undefined): Json {
  if (field === undefined) {
    return Array.isArray(v) ? v.map((x) => toTf(x, undefined)) : toTf(v, undefined);
  }
  switch (field.kind) {
    case "map":
      return v;
    case "scalar":
      if (field.tfString && typeof v === "number") {
        return field.octal ? `0${v.toString(8)}` : String(v);
      }
      return v;
    case "block": {
      const one = toTf(Array.isArray(v) ? v[0] : v, field.schema);
      return field.tfList ? [one] : one;
    }
    case "list":
      return (Array.isArray(v) ? v : [v]).map((x) => toTf(x, field.schema));
  }
}
