/**
 * Scalars read as Kubernetes reads them. `kubectl` and the API machinery turn YAML into JSON with sigs.k8s.io/yaml,
 * which decodes with go-yaml v2 (kubernetes-sigs/yaml `yaml.go` -> `goyaml.v2/resolve.go`): YAML 1.1 booleans
 * (`y`, `yes`, `on`, `off`, ...), `0644` octal, `0x` / `0o` / `0b` integers with `_` separators, a float only in
 * go-yaml's own float syntax, timestamps and `1:30` left as strings (decoded into `interface{}`), unknown tags
 * ignored. This module is that `resolve` function as a js-yaml schema.
 */
import { FAILSAFE_SCHEMA, Schema, Type } from "js-yaml";
import { NOT_RESOLVED, plainTag, resolvePlain } from "./yaml-scalars";

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

/**
 * A plain `~` / `null` is marked too: as a key Kubernetes refuses it ("unsupported map key of type <nil>"), which
 * js-yaml would turn into the key "null"; as a value it is null again after the parse.
 */
export const NULL_MARK: string = `${NON_FINITE_PREFIX}null`;

/** Either mark, or the value itself. */
function marked(v: unknown): unknown {
  if (v === null) {
    nonFinite++;
    return NULL_MARK;
  }
  return typeof v === "number" && !Number.isFinite(v) ? nonFiniteText(v) : v;
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
  construct: () => (resolved === MERGE_KEY ? mergeKey() : marked(resolved)),
});
const MERGE_KEY = Symbol("merge key");

/** `resolve(tag, in)` with an explicit tag: the value must resolve to that tag (an int is accepted as a float). */
const explicit = (tag: string, accepts: (v: unknown, s: string) => boolean) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (data: string | null) => accepts(resolvePlain(data ?? ""), data ?? ""),
    construct: (data: string | null) => {
      const v = resolvePlain(data ?? "");
      return marked(v);
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
