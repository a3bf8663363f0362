/**
 * Terraform `dynamic` blocks, expanded where their `for_each` is known: in HCL (as hcl2json gives it) and in
 * Terraform JSON alike, whose shapes differ only in arrays of one (Terraform's `dynamic` block:
 * https://developer.hashicorp.com/terraform/language/expressions/dynamic-blocks; its JSON spelling:
 * https://developer.hashicorp.com/terraform/language/syntax/json#nested-block-mapping).
 */
import { evaluateTemplate, ExpressionScope, TerraformSet, UNDECIDED } from "./terraform-expr";
import { substitute as substituteKnown } from "./terraform-instances";
import { isUnknown } from "./types";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** What {@link expandDynamicBlocks} made of a tree. */
export interface ExpandedBlocks {
  /** The tree with every `dynamic` block replaced by the blocks it generates. */
  readonly value: unknown;
  /** One note per dynamic block whose generated blocks could not be counted. */
  readonly warnings: string[];
}

/**
 * Replaces `dynamic "<block>" { for_each = ..., content { ... } }` by the `<block>` entries it generates. hcl2json
 * gives it as `dynamic: { <block>: [{ for_each, iterator?, content: [{...}] }] }`, Terraform JSON as
 * `dynamic: { <block>: { for_each, iterator?, content: {...} } }` (or a list of those, one per dynamic block).
 *
 * - `for_each` a literal list, set or map: one block per element, in Terraform's order; the content's templates
 *   of `<it>.key` / `<it>.value` (and traversals such as `${<it>.value.name}`) are evaluated with the element, as
 *   Terraform does. Templates that also refer to anything unknown (`var.*`) stay as written: unknown.
 * - `for_each` an expression (`var.tolerations`): one block, with the iterator's values left as unknown
 *   expressions, and a warning: the real number of blocks is decided by Terraform.
 */
export function expandDynamicBlocks(
  value: unknown,
  file: string,
  resolve: (forEach: unknown) => unknown = (v) => v,
): ExpandedBlocks {
  const warnings: string[] = [];
  return { value: expand(value, file, { warnings, resolve }), warnings };
}

/**
 * The `for_each` resolver of {@link expandDynamicBlocks} for a module's literal locals: a literal as it is, a template
 * of literal locals (`"${local.paths}"`, `"${toset(local.paths)}"`) evaluated, anything else as written (unknown).
 */
export function literalForEach(local: ExpressionScope["local"]): (forEach: unknown) => unknown {
  return (forEach) => {
    if (typeof forEach !== "string") return forEach;
    const v = evaluateTemplate(forEach, { local });
    return v === UNDECIDED ? forEach : v;
  };
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
  if (value.dynamic === undefined) return out;
  if (!isObject(value.dynamic)) {
    ctx.warnings.push(
      `${file}: dynamic is ${JSON.stringify(value.dynamic) ?? String(value.dynamic)}, not a map of blocks: ` +
        "not expanded; the blocks it would generate were not checked",
    );
    return out;
  }
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
  if (def.for_each === undefined) {
    ctx.warnings.push(
      `${file}: dynamic "${block}" block without for_each (Terraform requires one): ` +
        `checked as one block whose ${iterator}.* values are unknown`,
    );
    return [content ?? {}];
  }
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

/** The content of one generated block: its templates of the iterator evaluated with this element. */
function substitute(value: unknown, iterator: string, key: unknown, element: unknown): unknown {
  return substituteKnown(value, { iterators: new Map([[iterator, { key, value: element }]]) });
}
