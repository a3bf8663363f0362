/**
 * Reads the Terraform Kubernetes provider's DaemonSet blocks (snake_case, singular list blocks, blocks as objects or
 * arrays of one) into the Kubernetes shape, by the table in `provider-schema.ts`.
 *
 * Copy-free where it can be: an object (or list) every field of which reads as itself (same name, same value: no
 * renamed key, no coerced scalar, no dropped null) is returned as it was given, not copied. In a cdktf DaemonSet that
 * is every `metadata`, `capabilities`, node selector requirement, `env` entry...; the rest is copied as before. The
 * result may therefore share objects with the input, as maps (`labels`, `node_selector`) always did: neither side is
 * ever modified.
 */

import { colonsIn } from "./json-positions";
import { camelCase, DAEMON_SET_SCHEMA, Field, Schema, tfName } from "./provider-schema";
import { ManifestShapeError } from "./shape-error";
import { terraformStringToBool, terraformStringToNumber } from "./terraform-convert";
import { isUnknown } from "./types";

type Json = unknown;
type JsonObject = Record<string, Json>;

const isObject = (v: Json): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

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

const READ_DAEMON_SET = readSchemaOf(DAEMON_SET_SCHEMA);

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

/**
 * Whether the read in progress saw a value unknown until apply or a `dynamic` key. One read runs at a time (it is
 * synchronous), so a module variable serves, where an object passed down every call cost a parameter per call.
 */
let unknownSeen = false;

/**
 * The colons the JSON text of the values read so far holds (one per key, plus those inside keys and strings), as
 * `json-positions.ts` counts them to tell a text that repeats a key: counted here, in the one walk, so that the loader
 * need not walk the DaemonSets a second time for it. `depth`/`deepest`: nesting below the fields the table knows (its
 * own nesting is bounded: some 30 levels with lists), so that a count is given only for values nested no deeper than
 * {@link COUNTED_DEPTH} there (deeper ones are counted, and refused when too deep, by json-positions).
 */
let colons = 0;
let depth = 0;
let deepest = 0;
let lastColons: number | undefined;

/** Deepest nesting (as counted here) of a read whose colons are reported: with the table's own, far below `MAX_NESTING`. */
const COUNTED_DEPTH = 100;

/**
 * The colons of the `metadata` and `spec` values of the last {@link readProviderShape} that returned (as
 * `json-positions.ts` counts them), or undefined when they nest too deep to be counted here.
 */
export function lastReadColons(): number | undefined {
  return lastColons;
}

/**
 * The provider's `metadata` / `spec` blocks -> Kubernetes-shaped `{ metadata, spec }`, and whether the result may hold
 * a value unknown until apply or a `dynamic` key (`false`: it holds neither).
 * @throws ManifestShapeError for a block or argument given more times than Terraform allows
 */
export function readProviderShape(resource: { metadata?: unknown; spec?: unknown }): {
  metadata: JsonObject;
  spec: JsonObject;
  mayHoldUnknown: boolean;
} {
  unknownSeen = false;
  colons = 0;
  depth = 0;
  deepest = 0;
  lastColons = undefined;
  const out = readObject({ metadata: resource.metadata, spec: resource.spec }, READ_DAEMON_SET);
  // Less the two keys of the wrapper above.
  lastColons = deepest > COUNTED_DEPTH ? undefined : colons - 2;
  return {
    metadata: (out.metadata as JsonObject) ?? {},
    spec: (out.spec as JsonObject) ?? {},
    mayHoldUnknown: unknownSeen,
  };
}

function readValue(value: Json, byTf: ReadSchema): Json {
  if (!isObject(value)) {
    carry(value, depth);
    return value;
  }
  return readObject(value, byTf);
}

/**
 * A value carried over as it is: its colons counted, and whether it holds an unknown value or a `dynamic` key noted
 * (what `holdsUnknown` tells, found in the same walk).
 */
function carry(v: Json, at: number): void {
  if (typeof v === "string") {
    if (v.indexOf(":") !== -1) colons += colonsIn(v);
    if (!unknownSeen && isUnknown(v)) unknownSeen = true;
    return;
  }
  if (typeof v !== "object" || v === null) return;
  if (at >= deepest) deepest = at + 1;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) carry(v[i], at + 1);
    return;
  }
  for (const key in v) {
    colons += key.indexOf(":") === -1 ? 1 : 1 + colonsIn(key);
    if (key === "dynamic") unknownSeen = true;
    carry((v as JsonObject)[key], at + 1);
  }
}

/** An object's fields read by `byTf`; the object itself while every field reads as itself. */
function readObject(value: JsonObject, byTf: ReadSchema): JsonObject {
  // A copy is made from the first field that reads differently; an object of another prototype is always copied.
  let out: JsonObject | undefined = Object.getPrototypeOf(value) === Object.prototype ? undefined : {};
  for (const key in value) {
    colons++;
    const v = value[key];
    let name: string | undefined;
    let converted: Json;
    const known = byTf.get(key);
    // The table's names hold no colon.
    if (known === undefined && key.indexOf(":") !== -1) colons += colonsIn(key);
    if (v !== undefined && v !== null) {
      if (known === undefined) {
        if (key === "dynamic") unknownSeen = true;
        name = camelCaseCached(key);
        if (++depth > deepest) deepest = depth;
        converted = Array.isArray(v) ? readItems(v) : readValue(v, NO_FIELDS);
        depth--;
      } else {
        name = known.k8s;
        converted = readField(v, known, key);
      }
    }
    if (out === undefined) {
      // `__proto__` is never kept: assigned to a new object it sets the prototype (as the copy always did).
      if (converted === v && name === key && key !== "__proto__") continue;
      out = {};
      for (const before in value) {
        if (before === key) break;
        out[before] = value[before];
      }
    }
    if (name !== undefined && converted !== undefined) out[name] = converted;
  }
  return out ?? value;
}

/** The items of a list the table does not know, read by case only; the list itself while each reads as itself. */
function readItems(items: readonly Json[]): Json[] {
  if (++depth > deepest) deepest = depth;
  const out = readItemsAt(items);
  depth--;
  return out;
}

function readItemsAt(items: readonly Json[]): Json[] {
  for (let i = 0; i < items.length; i++) {
    const converted = readValue(items[i], NO_FIELDS);
    if (converted === items[i]) continue;
    // As `items.map` would: same length, holes kept.
    const out = items.slice(0, i);
    out[i] = converted;
    for (let j = i + 1; j < items.length; j++) if (j in items) out[j] = readValue(items[j], NO_FIELDS);
    out.length = items.length;
    return out;
  }
  return items as Json[];
}

function readField(v: Json, field: ReadField, key: string): Json {
  switch (field.kind) {
    case "map": {
      // A map given twice (a repeated JSON key) is Terraform's "Duplicate argument": refused, never merged.
      if (Array.isArray(v) && v.length > 1) {
        throw new ManifestShapeError(`"${key}" is set ${v.length} times; Terraform allows an argument once`);
      }
      if (!Array.isArray(v)) {
        carry(v, depth);
        return v;
      }
      // A list of one: its colons are the text's, its unknowns the merged map's.
      const seen = unknownSeen;
      carry(v, depth);
      unknownSeen = seen;
      const map: Json = Object.assign({}, ...v.filter(isObject));
      if (!unknownSeen && holdsUnknown(map)) unknownSeen = true;
      return map;
    }
    case "scalar": {
      if (typeof v !== "string") {
        carry(v, depth);
        return v;
      }
      if (v.indexOf(":") !== -1) colons += colonsIn(v);
      const value = coerce(v, field);
      if (!unknownSeen && holdsUnknown(value)) unknownSeen = true;
      return value;
    }
    case "block": {
      // The provider takes at most one of these blocks; Terraform refuses a second ("Too many ... blocks").
      if (Array.isArray(v) && v.length > 1) {
        throw new ManifestShapeError(
          `${v.length} "${key}" blocks where the provider takes one; Terraform refuses this`,
        );
      }
      const one: Json = Array.isArray(v) ? v[0] : v;
      return one === undefined ? undefined : readValue(one, field.schema ?? NO_FIELDS);
    }
    case "list": {
      const schema = field.schema ?? NO_FIELDS;
      return Array.isArray(v) ? readList(v as Json[], schema) : [readValue(v, schema)];
    }
  }
}

function readList(items: Json[], schema: ReadSchema): Json[] {
  for (let i = 0; i < items.length; i++) {
    const converted = readValue(items[i], schema);
    if (converted === items[i]) continue;
    const out = new Array<Json>(items.length);
    for (let j = 0; j < i; j++) out[j] = items[j];
    out[i] = converted;
    for (let j = i + 1; j < items.length; j++) out[j] = readValue(items[j], schema);
    return out;
  }
  return items;
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
