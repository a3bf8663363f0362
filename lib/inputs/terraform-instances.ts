import { evaluateTemplate, ExpressionScope, TerraformSet, UNDECIDED } from "./terraform-expr";
import { terraformStringToNumber } from "./terraform-convert";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof TerraformSet);

/** Most instances one resource may expand to; beyond it the file is refused rather than expanded without bound. */
export const MAX_INSTANCES = 10_000;

/** Deepest nesting a substitution walks (the loaders refuse deeper input before it gets here). */
const MAX_DEPTH = 1_000;

/** One instance of a resource: its instance key as Terraform writes it in addresses, and its body. */
export interface ResourceInstance {
  /** `""` (no count / for_each), `[0]` or `["canary"]`. */
  readonly key: string;
  /** The body with `count.index` / `each.*` / literal locals substituted. */
  readonly body: JsonObject;
}

/** How a resource's instances were decided. */
export type Instances =
  | { readonly kind: "known"; readonly instances: ResourceInstance[] }
  | { readonly kind: "unknown"; readonly meta: "count" | "for_each"; readonly instance: ResourceInstance };

/** Thrown for a `count` / `for_each` Terraform itself rejects; the loader turns it into an `InputError`. */
export class InstanceError extends Error {}

/**
 * The instances Terraform makes of one resource body (terraform `internal/terraform/eval_count.go`,
 * `eval_for_each.go`): none for `count = 0` or an empty `for_each`; `count = N` gives `[0]`..`[N-1]`; a map gives one
 * per key (`["key"]`, keys in lexical order), a set of strings one per element. A `count` / `for_each` that is not a
 * literal (after literal locals) gives one instance whose `count.*` / `each.*` values stay unknown.
 * @throws InstanceError for both meta-arguments at once, a negative or fractional count, a list (not a set) or a
 *   non-string set as `for_each`, or more than {@link MAX_INSTANCES} instances
 */
export function resourceInstances(resource: JsonObject, local: ExpressionScope["local"]): Instances {
  const { count, for_each: forEach, ...rest } = resource;
  if (count !== undefined && forEach !== undefined) {
    throw new InstanceError('"count" and "for_each" cannot both be set (Terraform: Invalid combination)');
  }
  const base: ExpressionScope = local !== undefined ? { local } : {};
  if (count !== undefined) {
    const n = decide(count, base);
    const value = typeof n === "string" ? terraformStringToNumber(n) : n;
    if (typeof n !== "string" && typeof n !== "number") {
      throw new InstanceError(`count = ${JSON.stringify(n)}: Terraform needs a number`);
    }
    if (typeof value !== "number") {
      return { kind: "unknown", meta: "count", instance: { key: "", body: substitute(rest, base) } };
    }
    if (!Number.isInteger(value) || value < 0) {
      throw new InstanceError(`count = ${String(value)}: Terraform needs a whole number, 0 or more`);
    }
    if (value > MAX_INSTANCES)
      throw new InstanceError(`count = ${value}: more than ${MAX_INSTANCES} instances`);
    const instances: ResourceInstance[] = [];
    for (let i = 0; i < value; i++)
      instances.push({ key: `[${i}]`, body: substitute(rest, { ...base, count: i }) });
    return { kind: "known", instances };
  }
  if (forEach !== undefined) {
    const v = decide(forEach, base);
    let pairs: [string, unknown][] | undefined;
    if (v instanceof TerraformSet) pairs = v.items.map((item) => [item, item]);
    else if (isObject(v))
      pairs = Object.keys(v)
        .sort()
        .map((k) => [k, v[k]]);
    else if (Array.isArray(v)) {
      throw new InstanceError(
        "for_each is a list: Terraform needs a map or a set of strings (wrap it in toset(...))",
      );
    }
    if (pairs === undefined) {
      return { kind: "unknown", meta: "for_each", instance: { key: "", body: substitute(rest, base) } };
    }
    if (pairs.length > MAX_INSTANCES) {
      throw new InstanceError(`for_each has ${pairs.length} elements: more than ${MAX_INSTANCES} instances`);
    }
    return {
      kind: "known",
      instances: pairs.map(([key, value]) => ({
        key: `[${JSON.stringify(key)}]`,
        body: substitute(rest, { ...base, each: { key, value } }),
      })),
    };
  }
  return {
    kind: "known",
    instances: [{ key: "", body: local !== undefined ? substitute(rest, base) : rest }],
  };
}

/** A meta-argument's value: a literal, or a template that evaluates. */
function decide(value: unknown, scope: ExpressionScope): unknown {
  if (typeof value !== "string") return value;
  const v = evaluateTemplate(value, scope);
  return v === UNDECIDED ? value : v;
}

/**
 * `value` with every string (and object key) that is a template of known values replaced by its value; strings
 * that hold anything unknown are kept as written.
 */
export function substitute<T>(value: T, scope: ExpressionScope): T {
  return walk(value, scope, 0) as T;
}

function walk(value: unknown, scope: ExpressionScope, depth: number): unknown {
  if (typeof value === "string") {
    if (!value.includes("${")) return value;
    const v = evaluateTemplate(value, scope);
    return v === UNDECIDED ? value : v instanceof TerraformSet ? [...v.items] : v;
  }
  if (typeof value !== "object" || value === null) return value;
  if (depth > MAX_DEPTH) throw new InstanceError(`nested deeper than ${MAX_DEPTH} levels`);
  if (Array.isArray(value)) return value.map((v) => walk(v, scope, depth + 1));
  const out: JsonObject = {};
  for (const key in value as JsonObject) {
    const k = key.includes("${") ? walk(key, scope, depth + 1) : key;
    out[typeof k === "string" ? k : key] = walk((value as JsonObject)[key], scope, depth + 1);
  }
  return out;
}
