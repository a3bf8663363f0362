/**
 * Plain scalars as Kubernetes reads them: go-yaml v2's `resolve` (kubernetes-sigs/yaml `goyaml.v2/resolve.go`, which
 * sigs.k8s.io/yaml uses for kubectl and the API machinery): YAML 1.1 booleans (`y`, `yes`, `on`, `off`, ...), `0644`
 * octal, `0x` / `0o` / `0b` integers with `_` separators, a float only in go-yaml's own float syntax; timestamps
 * and `1:30` stay strings (decoded into `interface{}`). Pure: the reader (yaml-schema.ts) and the writer
 * (manifest-yaml.ts, which quotes every string this would read as something else) share it.
 */
/** A plain scalar's value as go-yaml v2 resolves it with no tag (`resolve("", in)`); `NOT_RESOLVED` for a string. */
export function resolvePlain(s: string): unknown {
  const hint = s.length === 0 ? HINT_MAP : HINTS[s.charCodeAt(0)];
  if (hint === undefined) return NOT_RESOLVED;
  const mapped = RESOLVE_MAP.get(s);
  if (mapped !== undefined) return mapped.value;
  if (hint === HINT_MAP) return NOT_RESOLVED;
  if (hint === HINT_DOT) return DOT_FLOAT.test(s) ? finiteFloat(s.replace(/_/g, "")) : NOT_RESOLVED;
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

/**
 * `strconv.ParseFloat` of a scalar starting with `.` (not in the map): a fraction with an optional exponent, where Go's
 * literal syntax lets `_` separate digits (`.1_0` is 0.1 there; no `_` is removed before this one).
 */
const DOT_FLOAT = /^\.[0-9](?:_?[0-9])*(?:[eE][-+]?[0-9](?:_?[0-9])*)?$/;
/** go-yaml v2's `yamlStyleFloat`, tried after the integer forms. */
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** `strconv.ParseInt(s, 0, 64)` syntax (base prefix 0x / 0o / 0b / 0 octal / decimal, after an optional sign). */
const GO_INT = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/;

const SHORT_DECIMAL = /^[-+]?(?:0|[1-9][0-9]*)$/;

/** `strconv.ParseFloat` fails out of range (`1e999`), so go-yaml keeps the text as a string. */
function finiteFloat(text: string): unknown {
  const v = Number(text);
  return Number.isFinite(v) ? v : NOT_RESOLVED;
}

function resolveNumber(s: string): unknown {
  // Timestamps (`2024-07-19`) are tried first there, and decode into interface{} as their string: no change.
  const plain = s.includes("_") ? s.replace(/_/g, "") : s;
  if (GO_INT.test(plain)) return goInt(plain);
  if (YAML_STYLE_FLOAT.test(plain)) return finiteFloat(plain);
  // Then go-yaml's own `0b` branch: `strconv.ParseInt(plain[2:], 2, 64)`, which takes a sign (`0b+11` is 3).
  const binary = /^0b([-+]?)([01]+)$/.exec(plain);
  if (binary !== null) return Number(BigInt(`0b${binary[2]}`)) * (binary[1] === "-" ? -1 : 1) + 0;
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
