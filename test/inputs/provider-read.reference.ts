/**
 * The provider-shape reader as it was before the copy-free reader (`lib/inputs/provider-read.ts`): every object and
 * list copied. Kept, unchanged, as the oracle of the property test in provider-read.test.ts.
 */
import { Field, Schema, DAEMON_SET_SCHEMA, camelCase, tfName } from "../../lib/inputs/provider-schema";
import { ManifestShapeError } from "../../lib/inputs/shape-error";
import { terraformStringToBool, terraformStringToNumber } from "../../lib/inputs/terraform-convert";
import { isUnknown } from "../../lib/inputs/types";

type Json = unknown;
type JsonObject = Record<string, Json>;
const isObject = (v: Json): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function referenceFromProviderShapeChecked(resource: { metadata?: unknown; spec?: unknown }): {
  metadata: JsonObject;
  spec: JsonObject;
  mayHoldUnknown: boolean;
} {
  const seen: Seen = { unknown: false };
  const out = fromTf({ metadata: resource.metadata, spec: resource.spec }, readDaemonSet, seen) as JsonObject;
  return {
    metadata: (out.metadata as JsonObject) ?? {},
    spec: (out.spec as JsonObject) ?? {},
    mayHoldUnknown: seen.unknown,
  };
}

/**
 * A table field as the reader uses it: every kind in one object shape (the reader's property reads stay monomorphic
 * over the ~1,000,000 fields of 10,000 DaemonSets), by Terraform name.
 */
interface ReadField {
  /** The Kubernetes name. */
  readonly k8s: string;
  readonly kind: Field["kind"];
  /** The block's or list item's fields (undefined for scalars and maps). */
  readonly schema: ReadSchema | undefined;
  readonly type: "number" | "boolean" | undefined;
  readonly tfString: boolean;
  readonly octal: boolean;
}
type ReadSchema = ReadonlyMap<string, ReadField>;

/** Each schema's fields by Terraform name, built once (loading 10,000 DaemonSets reuses them). */
const readSchemas = new WeakMap<Schema, Map<string, ReadField>>();
const NO_FIELDS: ReadSchema = new Map<string, ReadField>();

function readSchemaOf(schema: Schema): ReadSchema {
  let byTf = readSchemas.get(schema);
  if (byTf === undefined) {
    byTf = new Map();
    readSchemas.set(schema, byTf); // before the fields: a schema reached again through its own fields is this one
    for (const [k8s, field] of Object.entries(schema)) {
      byTf.set(tfName(k8s, field), {
        k8s,
        kind: field.kind,
        schema: field.kind === "block" || field.kind === "list" ? readSchemaOf(field.schema) : undefined,
        type: field.kind === "scalar" ? field.type : undefined,
        tfString: field.kind === "scalar" && field.tfString === true,
        octal: field.kind === "scalar" && field.octal === true,
      });
    }
  }
  return byTf;
}

const readDaemonSet = readSchemaOf(DAEMON_SET_SCHEMA);

/** `camelCase` of keys the table does not know, memoized (the same few keys repeat in every resource). */
const camelNames = new Map<string, string>();
function camelCaseCached(key: string): string {
  let name = camelNames.get(key);
  if (name === undefined) {
    name = camelCase(key);
    if (camelNames.size < 10_000) camelNames.set(key, name);
  }
  return name;
}

/** What one `fromTf` pass saw: whether some value is unknown until apply, or some key is `dynamic`. */
type Seen = { unknown: boolean };

function fromTf(value: Json, byTf: ReadSchema, seen: Seen): Json {
  if (!isObject(value)) {
    if (!seen.unknown && holdsUnknown(value)) seen.unknown = true;
    return value;
  }
  const out: JsonObject = {};
  for (const key in value) {
    const v = value[key];
    if (v === undefined || v === null) continue;
    const known = byTf.get(key);
    if (known === undefined) {
      if (key === "dynamic") seen.unknown = true;
      out[camelCaseCached(key)] = Array.isArray(v)
        ? v.map((x) => fromTf(x, NO_FIELDS, seen))
        : fromTf(v, NO_FIELDS, seen);
      continue;
    }
    const converted = fromTfField(v, known, seen, key);
    if (converted !== undefined) out[known.k8s] = converted;
  }
  return out;
}

function fromTfField(v: Json, field: ReadField, seen: Seen, key: string): Json {
  switch (field.kind) {
    case "map": {
      // A map given twice (a repeated JSON key) is Terraform's "Duplicate argument": refused, never merged.
      if (Array.isArray(v) && v.length > 1) {
        throw new ManifestShapeError(`"${key}" is set ${v.length} times; Terraform allows an argument once`);
      }
      const map = Array.isArray(v) ? Object.assign({}, ...v.filter(isObject)) : v;
      if (!seen.unknown && holdsUnknown(map)) seen.unknown = true;
      return map;
    }
    case "scalar": {
      const value = typeof v === "string" ? coerce(v, field) : v;
      if (!seen.unknown && holdsUnknown(value)) seen.unknown = true;
      return value;
    }
    case "block": {
      // The provider takes at most one of these blocks; Terraform refuses a second ("Too many ... blocks").
      if (Array.isArray(v) && v.length > 1) {
        throw new ManifestShapeError(
          `${v.length} "${key}" blocks where the provider takes one; Terraform refuses this`,
        );
      }
      const one = Array.isArray(v) ? v[0] : v;
      return one === undefined ? undefined : fromTf(one, field.schema ?? NO_FIELDS, seen);
    }
    case "list": {
      const items = Array.isArray(v) ? v : [v];
      const schema = field.schema ?? NO_FIELDS;
      const out = new Array<Json>(items.length);
      for (let i = 0; i < items.length; i++) out[i] = fromTf(items[i], schema, seen);
      return out;
    }
  }
}

/** True when a value carried over as-is holds an unknown value or a `dynamic` key. */
function holdsUnknown(v: Json): boolean {
  if (typeof v === "string") return isUnknown(v);
  if (typeof v !== "object" || v === null) return false;
  if (Array.isArray(v)) return v.some(holdsUnknown);
  for (const key in v) if (key === "dynamic" || holdsUnknown((v as JsonObject)[key])) return true;
  return false;
}

function coerce(v: Json, field: ReadField): Json {
  if (typeof v !== "string") return v;
  if (field.type === "number") {
    // The provider parses modes in base 8 (strconv.ParseInt(mode, 8, 32)): "0644" and "644" are both 420.
    if (field.octal && /^[0-7]+$/.test(v)) return parseInt(v, 8);
    // String attributes the provider parses itself (ports, user IDs, int-or-percent caps): integers only.
    if (field.tfString) return /^-?\d+$/.test(v) ? Number(v) : v;
    // Number attributes: Terraform converts the string before the provider sees it (go-cty).
    return terraformStringToNumber(v) ?? v;
  }
  if (field.type === "boolean") return terraformStringToBool(v) ?? v;
  return v;
}
