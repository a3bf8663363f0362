/**
 * The few Terraform expressions whose value is known without a plan: literal `local.*` values, `each.key` /
 * `each.value`, `count.index`, traversals of them (`each.value.image`, `local.waves["canary"]`), literals and
 * `toset` / `tolist` / `tomap`, inside string templates (`"agent-${each.key}"`). Anything else (`var.*`, resources,
 * other functions, conditionals, `%{ }` directives) is not evaluated: the string stays as written, so `isUnknown`
 * reports it. Never guessed.
 *
 * Semantics follow HCL (hashicorp/hcl `hclsyntax/expression_template.go`): a template that is exactly one
 * interpolation yields the value itself (a number stays a number, a map a map); otherwise each interpolated value is
 * converted to a string (numbers and bools; a collection is an error, so it stays unknown).
 */

/** A Terraform set of strings (what `toset([...])` makes): `for_each` iterates it with each.key = each.value. */
export class TerraformSet {
  constructor(
    /** The distinct elements, in Terraform's order for strings (lexical). */
    readonly items: readonly string[],
  ) {}
}

/** What references resolve to. */
export interface ExpressionScope {
  /** A local's value by name, or undefined when it is not a known literal. */
  readonly local?: (name: string) => unknown;
  /** `each.key` / `each.value` of the `for_each` instance. */
  readonly each?: { readonly key: string; readonly value: unknown };
  /** `count.index` of the `count` instance. */
  readonly count?: number;
  /**
   * `<iterator>.key` / `<iterator>.value` inside the content of `dynamic` blocks, by iterator name (the block's name
   * unless `iterator` says). An iterator shadows `each`, as in Terraform (cdktf names its iterators `each`).
   */
  readonly iterators?: ReadonlyMap<string, { readonly key: unknown; readonly value: unknown }>;
}

/** Marks "not decidable here". */
export const UNDECIDED: unique symbol = Symbol("undecided");
type Value = unknown;

/**
 * The value of a tf.json / hcl2json string (a template), or {@link UNDECIDED} when some part of it is not known.
 * Strings without `${` are returned as they are.
 */
export function evaluateTemplate(text: string, scope: ExpressionScope): Value {
  if (!text.includes("${")) return text.includes("%{") ? UNDECIDED : text;
  // Escapes ($${, %%{) and directives (%{) are left alone: the result would hold a literal "${".
  if (text.includes("$${") || text.includes("%{")) return UNDECIDED;
  const parts: Value[] = [];
  let literal = "";
  let i = 0;
  while (i < text.length) {
    const start = text.indexOf("${", i);
    if (start === -1) {
      literal += text.slice(i);
      break;
    }
    literal += text.slice(i, start);
    const end = closingBrace(text, start + 2);
    if (end === -1) return UNDECIDED;
    if (literal !== "") parts.push(literal);
    literal = "";
    const value = evaluateExpression(text.slice(start + 2, end).trim(), scope);
    if (value === UNDECIDED) return UNDECIDED;
    parts.push(new Interpolated(value));
    i = end + 1;
  }
  if (literal !== "") parts.push(literal);
  if (parts.length === 1 && parts[0] instanceof Interpolated) return parts[0].value;
  let out = "";
  for (const part of parts) {
    const v = part instanceof Interpolated ? part.value : part;
    if (typeof v === "string") out += v;
    else if (typeof v === "number" && Number.isFinite(v)) out += String(v);
    else if (typeof v === "boolean") out += v ? "true" : "false";
    else return UNDECIDED;
  }
  return out;
}

class Interpolated {
  constructor(readonly value: Value) {}
}

/** The index of the `}` closing an interpolation opened before `from`, skipping nested braces and quoted strings. */
function closingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
    } else if (c === "{") depth++;
    else if (c === "}") {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** Evaluates one expression (the inside of `${...}`), or returns {@link UNDECIDED}. */
export function evaluateExpression(source: string, scope: ExpressionScope): Value {
  const parser = new Parser(source, scope);
  try {
    const value = parser.expression(0);
    parser.space();
    return parser.atEnd() ? value : UNDECIDED;
  } catch (e) {
    if (e === UNDECIDED) return UNDECIDED;
    throw e;
  }
}

const MAX_EXPRESSION_DEPTH = 50;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof TerraformSet);

class Parser {
  private pos = 0;
  constructor(
    private readonly src: string,
    private readonly scope: ExpressionScope,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  space(): void {
    while (this.pos < this.src.length && /\s/.test(this.src[this.pos])) this.pos++;
  }

  private eat(s: string): boolean {
    this.space();
    if (this.src.startsWith(s, this.pos)) {
      this.pos += s.length;
      return true;
    }
    return false;
  }

  private ident(): string | undefined {
    this.space();
    const m = /^[A-Za-z_][\w-]*/.exec(this.src.slice(this.pos, this.pos + 200));
    if (m === null) return undefined;
    this.pos += m[0].length;
    return m[0];
  }

  expression(depth: number): Value {
    if (depth > MAX_EXPRESSION_DEPTH) throw UNDECIDED;
    let value = this.primary(depth);
    for (;;) {
      if (this.eat(".")) {
        const name = this.ident() ?? this.digits();
        value = index(value, name);
      } else if (this.peek("[")) {
        this.eat("[");
        const key = this.expression(depth + 1);
        if (!this.eat("]")) throw UNDECIDED;
        value = index(value, key);
      } else return value;
    }
  }

  private peek(s: string): boolean {
    this.space();
    return this.src.startsWith(s, this.pos);
  }

  private digits(): string {
    const m = /^\d+/.exec(this.src.slice(this.pos, this.pos + 20));
    if (m === null) throw UNDECIDED;
    this.pos += m[0].length;
    return m[0];
  }

  private primary(depth: number): Value {
    this.space();
    const c = this.src[this.pos];
    if (c === '"') return this.string();
    if (c === "[") return this.tuple(depth);
    if (c === "{") return this.object(depth);
    if (c === "-" || (c >= "0" && c <= "9")) {
      const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.src.slice(this.pos, this.pos + 50));
      if (m === null) throw UNDECIDED;
      this.pos += m[0].length;
      return Number(m[0]);
    }
    const name = this.ident();
    if (name === undefined) throw UNDECIDED;
    if (name === "true" || name === "false") return name === "true";
    if (this.peek("(")) return this.call(name, depth);
    return this.reference(name);
  }

  private reference(root: string): Value {
    if (!this.eat(".")) throw UNDECIDED;
    const attr = this.ident();
    if (attr === undefined) throw UNDECIDED;
    const iterator = this.scope.iterators?.get(root);
    if (iterator !== undefined) {
      if (attr === "key") return iterator.key;
      if (attr === "value") return iterator.value;
      throw UNDECIDED;
    }
    if (root === "local" && this.scope.local !== undefined) {
      const v = this.scope.local(attr);
      if (v === undefined) throw UNDECIDED;
      return v;
    }
    if (root === "each" && this.scope.each !== undefined) {
      if (attr === "key") return this.scope.each.key;
      if (attr === "value") return this.scope.each.value;
    }
    if (root === "count" && this.scope.count !== undefined && attr === "index") return this.scope.count;
    throw UNDECIDED;
  }

  private call(name: string, depth: number): Value {
    this.eat("(");
    const arg = this.expression(depth + 1);
    if (!this.eat(")")) throw UNDECIDED;
    switch (name) {
      case "toset": {
        const items = arg instanceof TerraformSet ? arg.items : Array.isArray(arg) ? arg : undefined;
        if (items === undefined || !items.every((x) => typeof x === "string")) throw UNDECIDED;
        return new TerraformSet([...new Set(items as string[])].sort());
      }
      case "tolist":
        if (arg instanceof TerraformSet) return [...arg.items];
        if (Array.isArray(arg)) return arg;
        throw UNDECIDED;
      case "tomap":
        if (isObject(arg)) return arg;
        throw UNDECIDED;
      default:
        throw UNDECIDED;
    }
  }

  private string(): string {
    const m = /^"(?:[^"\\$%]|\\.)*"/.exec(this.src.slice(this.pos));
    if (m === null) throw UNDECIDED;
    this.pos += m[0].length;
    return JSON.parse(m[0]) as string;
  }

  private tuple(depth: number): Value[] {
    this.eat("[");
    const out: Value[] = [];
    while (!this.eat("]")) {
      out.push(this.expression(depth + 1));
      if (!this.eat(",") && !this.peek("]")) throw UNDECIDED;
    }
    return out;
  }

  private object(depth: number): Record<string, Value> {
    this.eat("{");
    const out: Record<string, Value> = {};
    while (!this.eat("}")) {
      this.space();
      const key = this.src[this.pos] === '"' ? this.string() : this.ident();
      if (key === undefined || !(this.eat("=") || this.eat(":"))) throw UNDECIDED;
      out[key] = this.expression(depth + 1);
      if (!this.eat(",") && !this.peek("}")) this.space();
    }
    return out;
  }
}

/** `value[key]` / `value.key`, Terraform-style: a missing key is an error in Terraform, so undecided here. */
function index(value: Value, key: Value): Value {
  if (Array.isArray(value)) {
    const i =
      typeof key === "number" ? key : typeof key === "string" && /^\d+$/.test(key) ? Number(key) : NaN;
    if (Number.isInteger(i) && i >= 0 && i < value.length) return value[i];
    throw UNDECIDED;
  }
  if (isObject(value) && typeof key === "string" && Object.prototype.hasOwnProperty.call(value, key)) {
    return value[key];
  }
  throw UNDECIDED;
}
