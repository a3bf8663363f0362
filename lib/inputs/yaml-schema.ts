/**
 * Scalars read as Kubernetes reads them. `kubectl` and the API machinery turn YAML into JSON with sigs.k8s.io/yaml,
 * which decodes with go-yaml v2 (kubernetes-sigs/yaml `yaml.go` -> `goyaml.v2/resolve.go`): YAML 1.1 booleans
 * (`y`, `yes`, `on`, `off`, ...), `0644` octal, `0x` / `0o` / `0b` integers with `_` separators, a float only in
 * go-yaml's own float syntax, timestamps and `1:30` left as strings (decoded into `interface{}`), unknown tags
 * ignored. This module is that `resolve` function as a js-yaml schema.
 */
import { FAILSAFE_SCHEMA, Schema, Type } from "js-yaml";

/** A plain scalar's value as go-yaml v2 resolves it with no tag (`resolve("", in)`); `NOT_RESOLVED` for a string. */
export function resolvePlain(s: string): unknown {
  const hint = s.length === 0 ? HINT_MAP : HINTS[s.charCodeAt(0)];
  if (hint === undefined) return NOT_RESOLVED;
  const mapped = RESOLVE_MAP.get(s);
  if (mapped !== undefined) return mapped.value;
  if (hint === HINT_MAP) return NOT_RESOLVED;
  if (hint === HINT_DOT) return DOT_FLOAT.test(s) ? Number(s) : NOT_RESOLVED;
  return resolveNumber(s);
}

/** Marks "not a number / bool / null": the scalar stays a string. */
export const NOT_RESOLVED: unique symbol = Symbol("not resolved");

/** The tag go-yaml v2 resolves a plain scalar to: `!!bool`, `!!int`, `!!float`, `!!null`, `!!merge` or `!!str`. */
export function plainTag(s: string): string {
  if (s === "<<") return "!!merge";
  const v = resolvePlain(s);
  if (v === NOT_RESOLVED) return "!!str";
  if (v === null) return "!!null";
  if (typeof v === "boolean") return "!!bool";
  return GO_INT.test(s.replace(/_/g, "")) ? "!!int" : "!!float";
}

const HINT_MAP = 1;
const HINT_DOT = 2;
const HINT_NUMBER = 3;
/** go-yaml's `resolveTable`: which first characters may start a non-string. */
const HINTS: (number | undefined)[] = [];
for (const c of "+-0123456789") HINTS[c.charCodeAt(0)] = HINT_NUMBER;
for (const c of "yYnNtTfFoO~") HINTS[c.charCodeAt(0)] = HINT_MAP;
HINTS[".".charCodeAt(0)] = HINT_DOT;

/** go-yaml v2's `resolveMap`. (`<<` is there too, but a merge key is recognised by its plain text, see below.) */
const RESOLVE_MAP = new Map<string, { value: unknown }>();
const words: [unknown, string[]][] = [
  [true, ["y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]],
  [false, ["n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]],
  [null, ["", "~", "null", "Null", "NULL"]],
  [NaN, [".nan", ".NaN", ".NAN"]],
  [Infinity, [".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"]],
  [-Infinity, ["-.inf", "-.Inf", "-.INF"]],
];
for (const [value, list] of words) for (const w of list) RESOLVE_MAP.set(w, { value });

/** `strconv.ParseFloat` of a scalar starting with `.` (not in the map): a fraction with an optional exponent. */
const DOT_FLOAT = /^\.[0-9]+([eE][-+]?[0-9]+)?$/;
/** go-yaml v2's `yamlStyleFloat`, tried after the integer forms. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** `strconv.ParseInt(s, 0, 64)` syntax (base prefix 0x / 0o / 0b / 0 octal / decimal, after an optional sign). */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

const SHORT_DECIMAL = /^[-+]?(?:0|[1-9][0-9]*)$/;

function resolveNumber(s: string): unknown {
  // Timestamps (`2024-07-19`) are tried first there, and decode into interface{} as their string: no change.
  const plain = s.includes("_") ? s.replace(/_/g, "") : s;
  if (GO_INT.test(plain)) return goInt(plain);
  if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
  return NOT_RESOLVED;
}

function goInt(plain: string): number {
  // Short decimals (nearly every integer in a manifest) are exact as doubles: no BigInt needed.
  if (plain.length < 16 && SHORT_DECIMAL.test(plain)) return Number(plain) + 0; // + 0: -0 is 0 there
  const negative = plain[0] === "-";
  const digits = plain[0] === "-" || plain[0] === "+" ? plain.slice(1) : plain;
  let value: bigint;
  if (/^0[xX]/.test(digits)) value = BigInt(`0x${digits.slice(2)}`);
  else if (/^0[oO]/.test(digits)) value = BigInt(`0o${digits.slice(2)}`);
  else if (/^0[bB]/.test(digits)) value = BigInt(`0b${digits.slice(2)}`);
  else if (digits.length > 1 && digits[0] === "0") value = BigInt(`0o${digits.slice(1)}`);
  else value = BigInt(digits);
  return Number(negative ? -value : value);
}

/**
 * A plain `<<` is a merge key (go-yaml's `isMerge`: the plain text `<<`, or the `!!merge` tag). It becomes a unique
 * key of its own here, and {@link applyMerges} later merges it with go-yaml v2's precedence, which differs from
 * js-yaml's own merge (see there).
 */
export const MERGE_KEY_PREFIX = "\u0000wavegate-merge-key:";
let mergeKeys = 0;

/** How many merge keys were read so far (a document with none needs no merge pass). */
export function mergeKeyCount(): number {
  return mergeKeys;
}

let nonFinite = 0;

/**
 * `.inf` / `-.inf` / `.nan` become this prefix and the key Kubernetes makes of them (sigs.k8s.io/yaml writes a float
 * key with `FormatFloat`, then `.inf` / `-.inf` / `.nan`): as values they stop Kubernetes (its YAML-to-JSON step fails
 * with "json: unsupported value: +Inf"), which {@link nonFiniteCount} lets the reader check after the parse.
 */
export const NON_FINITE_PREFIX = "\u0000wavegate-non-finite:";

/** How many `.inf` / `.nan` were read so far. */
export function nonFiniteCount(): number {
  return nonFinite;
}

function nonFiniteText(v: number): string {
  nonFinite++;
  return `${NON_FINITE_PREFIX}${Number.isNaN(v) ? ".nan" : v > 0 ? ".inf" : "-.inf"}`;
}

const mergeKey = (): string => `${MERGE_KEY_PREFIX}${mergeKeys++}`;

/** The one implicit type: every plain scalar go-yaml v2 resolves to something other than a string. */
let resolved: unknown;
const plainScalar = new Type("tag:wavegate.dev,2026:go-yaml-plain", {
  kind: "scalar",
  resolve: (data: string) => {
    if (data === "<<") {
      resolved = MERGE_KEY;
      return true;
    }
    resolved = resolvePlain(data);
    return resolved !== NOT_RESOLVED;
  },
  construct: () =>
    resolved === MERGE_KEY
      ? mergeKey()
      : typeof resolved === "number" && !Number.isFinite(resolved)
        ? nonFiniteText(resolved)
        : resolved,
});
const MERGE_KEY = Symbol("merge key");

/** `resolve(tag, in)` with an explicit tag: the value must resolve to that tag (an int is accepted as a float). */
const explicit = (tag: string, accepts: (v: unknown, s: string) => boolean) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (data: string | null) => accepts(resolvePlain(data ?? ""), data ?? ""),
    construct: (data: string | null) => {
      const v = resolvePlain(data ?? "");
      return typeof v === "number" && !Number.isFinite(v) ? nonFiniteText(v) : v;
    },
  });

const explicitTypes = [
  explicit("null", (v) => v === null),
  explicit("bool", (v) => typeof v === "boolean"),
  explicit("int", (v, s) => typeof v === "number" && plainTag(s) === "!!int"),
  explicit("float", (v) => typeof v === "number"),
  new Type("tag:yaml.org,2002:merge", {
    kind: "scalar",
    resolve: (data: string | null) => data === "<<",
    construct: () => mergeKey(),
  }),
  new Type("tag:yaml.org,2002:binary", {
    kind: "scalar",
    resolve: (data: string | null) => /^[A-Za-z0-9+/=\s]*$/.test(data ?? ""),
    construct: (data: string | null) =>
      Buffer.from((data ?? "").replace(/\s/g, ""), "base64").toString("utf8"),
  }),
  new Type("tag:yaml.org,2002:timestamp", {
    kind: "scalar",
    resolve: (data: string | null) =>
      /^\d{4}-\d{1,2}-\d{1,2}([Tt ]\d{1,2}:\d{1,2}:\d{1,2}(\.\d+)?(Z|[-+]\d\d:\d\d)?)?$/.test(data ?? ""),
    construct: (data: string | null) => data ?? "",
  }),
];

/** Any other tag (`!foo`, `!!set`, `tag:example.com,2000:x`) is ignored there: the value is read as if untagged. */
const anyTag = (prefix: string) =>
  (["scalar", "sequence", "mapping"] as const).map(
    (kind) =>
      new Type(prefix, {
        kind,
        multi: true,
        construct: (data: unknown) =>
          kind === "scalar" && typeof data === "string"
            ? data
            : (data ?? (kind === "sequence" ? [] : kind === "mapping" ? {} : "")),
      }),
  );

/** The js-yaml schema of go-yaml v2 as Kubernetes uses it. */
export const KUBERNETES_YAML_SCHEMA: Schema = FAILSAFE_SCHEMA.extend({
  implicit: [plainScalar],
  explicit: [...explicitTypes, ...anyTag("!"), ...anyTag("tag:")],
});
