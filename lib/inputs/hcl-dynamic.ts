import { TerraformSet } from "./terraform-expr";
import { isUnknown } from "./types";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** What {@link expandDynamicBlocks} made of an HCL-to-JSON tree. */
export interface ExpandedHcl {
  /** The tree with every `dynamic` block replaced by the blocks it generates. */
  readonly value: unknown;
  /** One note per dynamic block whose generated blocks could not be counted. */
  readonly warnings: string[];
}

/**
 * Replaces HCL `dynamic "<block>" { for_each = ..., content { ... } }` (as hcl2json gives it:
 * `dynamic: { <block>: [{ for_each, iterator?, content: [{...}] }] }`) by the `<block>` entries it generates.
 *
 * - `for_each` a literal list or map: one block per element; content values that are exactly `${<it>.value}` or
 *   `${<it>.key}` get the element's value or key. Anything else that refers to the iterator stays unknown.
 * - `for_each` an expression (`var.tolerations`): one block, with the iterator's values left as unknown
 *   expressions, and a warning: the real number of blocks is decided by Terraform.
 */
export function expandDynamicBlocks(
  value: unknown,
  file: string,
  resolve: (forEach: unknown) => unknown = (v) => v,
): ExpandedHcl {
  const warnings: string[] = [];
  return { value: expand(value, file, { warnings, resolve }), warnings };
}

/** The notes collected, and how a `for_each` expression is decided (literal locals substituted). */
interface Context {
  readonly warnings: string[];
  readonly resolve: (forEach: unknown) => unknown;
}

function expand(value: unknown, file: string, ctx: Context): unknown {
  if (Array.isArray(value)) return value.map((v) => expand(v, file, ctx));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    if (key !== "dynamic") out[key] = expand(v, file, ctx);
  }
  if (!isObject(value.dynamic)) return out;
  for (const [block, defs] of Object.entries(value.dynamic)) {
    const generated: unknown[] = [];
    for (const def of Array.isArray(defs) ? defs : [defs]) {
      if (!isObject(def)) continue;
      for (const g of generate(block, def, file, ctx)) generated.push(g);
    }
    const existing = out[block];
    const all = Array.isArray(existing) ? existing.slice() : existing === undefined ? [] : [existing];
    for (const g of generated) all.push(g);
    out[block] = all;
  }
  return out;
}

function generate(block: string, def: JsonObject, file: string, ctx: Context): unknown[] {
  const content = expand(Array.isArray(def.content) ? def.content[0] : def.content, file, ctx);
  const iterator = iteratorName(def.iterator) ?? block;
  const forEach = ctx.resolve(def.for_each);
  let elements: [key: unknown, value: unknown][] | undefined;
  if (forEach instanceof TerraformSet) elements = forEach.items.map((v) => [v, v]);
  else if (Array.isArray(forEach)) elements = forEach.map((v, i) => [i, v]);
  else if (isObject(forEach)) elements = Object.entries(forEach);
  if (elements === undefined) {
    const over = isUnknown(forEach)
      ? String(forEach).replace(/^\$\{(.*)\}$/s, "$1")
      : JSON.stringify(forEach);
    ctx.warnings.push(
      `${file}: dynamic "${block}" block over ${over}: the number of blocks is unknown until plan; ` +
        `checked as one block whose ${iterator}.* values are unknown`,
    );
    return [content ?? {}];
  }
  return elements.map(([k, v]) => substitute(content ?? {}, iterator, k, v));
}

/** `"${t}"` (hcl2json's form of `iterator = t`) -> `t`. */
function iteratorName(iterator: unknown): string | undefined {
  if (typeof iterator !== "string") return undefined;
  const name = iterator.replace(/^\$\{(.*)\}$/s, "$1").trim();
  return /^[A-Za-z_][\w-]*$/.test(name) ? name : undefined;
}

function substitute(value: unknown, iterator: string, key: unknown, element: unknown): unknown {
  if (typeof value === "string") {
    if (value === `\${${iterator}.value}`) return element;
    if (value === `\${${iterator}.key}`) return key;
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, iterator, key, element));
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = substitute(v, iterator, key, element);
  return out;
}
