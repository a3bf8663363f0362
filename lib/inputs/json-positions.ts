/**
 * Cheap facts about a parsed JSON text that `JSON.parse` does not give: whether the text repeats a key (which
 * `JSON.parse` silently drops, but Terraform reads as another block), how deep it nests, and the line of each
 * resource key (`resource.<type>.<name>`), for findings' `SourceRef.line`.
 *
 * No character-by-character scan of the text. Every colon of a JSON text follows a key or sits inside a string, so a
 * walk of the parsed value predicts how many colons each part of the text holds; one native `indexOf` pass counts
 * them, between the resource keys found with one `indexOf` each. A text whose count differs may repeat a key (then
 * `parseJsonKeepingDuplicates` reads it); a located key whose stretch of text holds the wrong count is not the key
 * (then lines come from that exact parser too). The walk of the resource bodies that are normalized anyway can be left
 * to the normalizing walk (`startInspection`, `colonsOfBody`, counted by `provider-read.ts`): one walk fewer.
 */

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Nesting deeper than this is refused: no Terraform or Kubernetes configuration comes near it. */
export const MAX_NESTING = 500;

/** What {@link inspectJson} found. */
export interface JsonInspection {
  /** True when the text may repeat a key in some object (then read it with `parseJsonKeepingDuplicates`). */
  readonly mayHaveDuplicates: boolean;
  /** The first place nested deeper than {@link MAX_NESTING}, as a dotted path of its first keys; else undefined. */
  readonly tooDeep?: string;
  /** 1-based line of each resource key of the wanted types, by type and name; undefined when not decided cheaply. */
  readonly resourceLines?: ResourceLines;
}

/**
 * Inspects `text` (without a BOM) and `json = JSON.parse(text)`.
 * @param resourceTypes the resource types whose lines are wanted (`kubernetes_daemon_set_v1`, ...)
 */
export function inspectJson(text: string, json: unknown, resourceTypes: readonly string[]): JsonInspection {
  const started = startInspection(text, json, resourceTypes, []);
  return "finish" in started ? started.finish(new Map()) : started;
}

/** An inspection whose text is read, waiting for the colons of the resource bodies it was told to defer. */
export interface PendingInspection {
  /**
   * The lines of the resource keys, as {@link JsonInspection.resourceLines} will give them if `finish` confirms them;
   * undefined when the inspection will not give lines (then it will send the text to the exact parser).
   */
  readonly lines: ResourceLines | undefined;
  /**
   * The inspection, as {@link inspectJson} gives it.
   * @param known the colons of deferred bodies already counted (`colonsOfBody`), by body; the others are counted now
   */
  finish(known: ReadonlyMap<unknown, number>): JsonInspection;
}

/**
 * {@link inspectJson} in two steps, so that the colons of the bodies of `deferTypes` (a subset of `resourceTypes`) can
 * be counted by a walk that runs anyway, the one that normalizes them: reads the text now (it is not needed after),
 * and counts the deferred bodies' colons when finished, taking those already counted.
 */
export function startInspection(
  text: string,
  json: unknown,
  resourceTypes: readonly string[],
  deferTypes: readonly string[],
): JsonInspection | PendingInspection {
  const counter = new ColonCounter();
  if (!isObject(json)) {
    const expected = counter.of(json, 1);
    if (counter.tooDeep !== undefined) return { mayHaveDuplicates: false, tooDeep: counter.where() };
    return { mayHaveDuplicates: colonsBetween(text, []).total !== expected || hasColonEscape(text) };
  }
  // The keys to find, in text order, each with the colons expected from it to the next one.
  const plan: Located[] = [];
  const deferred: Deferred[] = [];
  let expected = 0;
  let before = 0;
  let seenResource = false;
  for (const key in json) {
    const own = colonsIn(key) + 1;
    const value = json[key];
    if (key === "resource" && isObject(value) && !seenResource) {
      seenResource = true;
      plan.push({ key, expected: own, type: undefined });
      expected += own;
      counter.path.push(key);
      for (const type in value) {
        const byName = value[type];
        const typeOwn = colonsIn(type) + 1;
        expected += typeOwn;
        if (resourceTypes.includes(type) && isObject(byName)) {
          plan.push({ key: type, expected: typeOwn, type: undefined });
          counter.path.push(type);
          const defer = deferTypes.includes(type);
          for (const name in byName) {
            const nameOwn = colonsIn(name) + 1;
            if (defer) deferred.push({ at: plan.length, type, name, body: byName[name] });
            const n = nameOwn + (defer ? 0 : counter.of(byName[name], 4, name));
            plan.push({ key: name, expected: n, type });
            expected += n;
          }
          counter.path.pop();
        } else {
          const inner = counter.of(byName, 3, type);
          plan.push({ key: type, expected: typeOwn + inner, type: undefined });
          expected += inner;
        }
      }
      counter.path.pop();
    } else {
      const n = own + counter.of(value, 2, key);
      if (!seenResource) before += n;
      expected += n;
    }
    if (counter.tooDeep !== undefined) {
      // A deferred body before it may nest too deep too: which comes first, only the whole count tells.
      if (deferred.length > 0) return inspectJson(text, json, resourceTypes);
      return { mayHaveDuplicates: false, tooDeep: counter.where() };
    }
  }
  const offsets = locate(text, plan);
  const counted = colonsBetween(text, offsets ?? []);
  // A "\u003a" escape puts a colon in a parsed string that is not in the text, which could balance a dropped key.
  const escaped = hasColonEscape(text);
  const lines = offsets !== undefined && !escaped ? linesOf(plan, linesAt(text, offsets)) : undefined;
  const finish = (known: ReadonlyMap<unknown, number>): JsonInspection => {
    let total = expected;
    for (const d of deferred) {
      let n = known.get(d.body);
      if (n === undefined) {
        counter.path.push("resource", d.type);
        n = counter.of(d.body, 4, d.name);
        counter.path.length = 0;
        if (counter.tooDeep !== undefined) return { mayHaveDuplicates: false, tooDeep: counter.where() };
      }
      plan[d.at].expected += n;
      total += n;
    }
    if (total !== counted.total || escaped) return { mayHaveDuplicates: true };
    if (lines === undefined || (plan.length > 0 && counted.segments[0] !== before)) {
      return { mayHaveDuplicates: false };
    }
    // The stretch from each located key to the next must hold exactly the colons its part of the value holds.
    for (let i = 0; i + 1 < plan.length; i++) {
      const first = plan[i + 1].type !== undefined && plan[i].type === undefined;
      // From a wanted type's key to its first name only the type key's own colon lies between.
      const want = first ? colonsIn(plan[i].key) + 1 : plan[i].expected;
      if (counted.segments[i + 1] !== want) return { mayHaveDuplicates: false };
    }
    return { mayHaveDuplicates: false, resourceLines: lines };
  };
  return { lines, finish };
}

/**
 * The colons `inspectJson` counts in a resource body whose `metadata` and `spec` values hold `blocks` colons (as the
 * provider-shape reader counts them), or undefined when the rest nests too deep to count here.
 * @param body the resource body: an object, or a list of one
 */
export function colonsOfBody(body: unknown, blocks: number): number | undefined {
  const resource = Array.isArray(body) ? (body[0] as unknown) : body;
  if (!isObject(resource) || (Array.isArray(body) && body.length !== 1)) return undefined;
  const counter = (bodyCounter ??= new ColonCounter());
  counter.tooDeep = undefined;
  let n = blocks;
  for (const key in resource) {
    n += colonsIn(key) + 1;
    if (key !== "metadata" && key !== "spec") n += counter.of(resource[key], 6);
  }
  return counter.tooDeep === undefined ? n : undefined;
}

/** The counter of {@link colonsOfBody} (it keeps no path that deep), made once. */
let bodyCounter: ColonCounter | undefined;

/** The lines of the planned resource names, by type and name. */
function linesOf(plan: readonly Located[], lines: readonly number[]): ResourceLines {
  const resourceLines: ResourceLines = new Map();
  let byName: Map<string, number> | undefined;
  for (let i = 0; i < plan.length; i++) {
    const { type, key } = plan[i];
    if (type === undefined) continue;
    if (i === 0 || plan[i - 1].type !== type) {
      byName = resourceLines.get(type);
      if (byName === undefined) resourceLines.set(type, (byName = new Map()));
    }
    byName?.set(key, lines[i]);
  }
  return resourceLines;
}

/** A resource body whose colons {@link startInspection} counts when finished: the plan entry of its name. */
interface Deferred {
  readonly at: number;
  readonly type: string;
  readonly name: string;
  readonly body: unknown;
}

/** The first place `json` nests deeper than {@link MAX_NESTING} (a dotted path of its first keys), else undefined. */
export function nestingProblem(json: unknown): string | undefined {
  const counter = new ColonCounter();
  counter.of(json, 1);
  return counter.tooDeep !== undefined ? counter.where() : undefined;
}

/** A key to find in the text; `expected`: colons from its start to the next planned key; `type` for resource names. */
interface Located {
  readonly key: string;
  expected: number;
  readonly type: string | undefined;
}

/** Lines of resource keys: by type, then by name. */
export type ResourceLines = Map<string, Map<string, number>>;

/**
 * The colons a value's JSON text holds: one per key, plus those inside keys and strings. Recursive for speed; stops at
 * {@link MAX_NESTING} (noting where), so it cannot overflow the stack.
 */
class ColonCounter {
  tooDeep: string[] | undefined;
  readonly path: string[] = [];

  where(): string {
    return (this.tooDeep ?? []).join(".").replace(/\.\[/g, "[") || "(top level)";
  }

  of(value: unknown, depth: number, key?: string): number {
    if (typeof value === "string") return value.indexOf(":") === -1 ? 0 : colonsIn(value);
    if (typeof value !== "object" || value === null) return 0;
    if (key !== undefined) this.path.push(key);
    const n = this.container(value, depth);
    if (key !== undefined) this.path.pop();
    return n;
  }

  private container(value: object, depth: number): number {
    if (depth > MAX_NESTING) {
      this.tooDeep ??= this.path.slice(0, 4);
      return 0;
    }
    // Below depth 4 no path is kept (only the first keys name a place), so recurse without bookkeeping.
    if (depth >= 4) return deepColons(value, depth, this);
    let n = 0;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) n += this.of(value[i], depth + 1, `[${i}]`);
      return n;
    }
    const obj = value as JsonObject;
    for (const k in obj) n += 1 + (k.indexOf(":") === -1 ? 0 : colonsIn(k)) + this.of(obj[k], depth + 1, k);
    return n;
  }
}

/** {@link ColonCounter.of} for deep values: plain recursion, the hot loop of a large file. */
function deepColons(value: object, depth: number, counter: ColonCounter): number {
  if (depth > MAX_NESTING) {
    counter.tooDeep ??= counter.path.slice(0, 4);
    return 0;
  }
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v === "string") {
        if (v.indexOf(":") !== -1) n += colonsIn(v);
      } else if (typeof v === "object" && v !== null) n += deepColons(v, depth + 1, counter);
    }
    return n;
  }
  const obj = value as JsonObject;
  for (const k in obj) {
    n++;
    if (k.indexOf(":") !== -1) n += colonsIn(k);
    const v = obj[k];
    if (typeof v === "string") {
      if (v.indexOf(":") !== -1) n += colonsIn(v);
    } else if (typeof v === "object" && v !== null) n += deepColons(v, depth + 1, counter);
  }
  return n;
}

/** The colons in a string. */
export function colonsIn(s: string): number {
  let n = 0;
  for (let i = s.indexOf(":"); i !== -1; i = s.indexOf(":", i + 1)) n++;
  return n;
}

function hasColonEscape(text: string): boolean {
  for (let i = text.indexOf("\\u"); i !== -1; i = text.indexOf("\\u", i + 2)) {
    if (/^\\u003a/i.test(text.slice(i, i + 6))) return true;
  }
  return false;
}

/** Colons in the whole text, and in each stretch cut by `offsets` (ascending): `segments[0]` before the first. */
function colonsBetween(text: string, offsets: readonly number[]): { total: number; segments: number[] } {
  const segments = new Array<number>(offsets.length + 1).fill(0);
  let total = 0;
  let b = 0;
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1)) {
    while (b < offsets.length && offsets[b] <= i) b++;
    segments[b]++;
    total++;
  }
  return { total, segments };
}

/** The 1-based line of each (ascending) offset. */
function linesAt(text: string, offsets: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let i = text.indexOf("\n");
  for (const offset of offsets) {
    while (i !== -1 && i < offset) {
      line++;
      i = text.indexOf("\n", i + 1);
    }
    out.push(line);
  }
  return out;
}

/** The offsets of the planned keys, searched in order; undefined when one is not found where expected. */
function locate(text: string, plan: readonly Located[]): number[] | undefined {
  const out: number[] = [];
  let at = 0;
  for (const p of plan) {
    at = findKey(text, p.key, at);
    if (at === -1) return undefined;
    out.push(at);
    at += p.key.length + 2;
  }
  return out;
}

/** The offset of `"key"` written as an object key (followed by optional space and `:`) at or after `from`. */
function findKey(text: string, key: string, from: number): number {
  // Keys that JSON would escape are never searched plainly (a `\"` inside a string could fake them).
  if (!/^[\w./-]+$/.test(key)) return -1;
  const quoted = `"${key}"`;
  for (let at = text.indexOf(quoted, from); at !== -1; at = text.indexOf(quoted, at + 1)) {
    let i = at + quoted.length;
    while (i < text.length && (text[i] === " " || text[i] === "\n" || text[i] === "\r" || text[i] === "\t"))
      i++;
    if (text[i] === ":") return at;
  }
  return -1;
}
