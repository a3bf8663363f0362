/**
 * Cheap facts about a parsed JSON text that `JSON.parse` does not give: whether the text repeats a key (which
 * `JSON.parse` silently drops, but Terraform reads as another block), how deep it nests, and the line of each
 * resource key (`resource.<type>.<name>`), for findings' `SourceRef.line`.
 *
 * One native `indexOf` pass over the text's colons, one iterative walk of the parsed value and one `indexOf` per
 * located resource: no character-by-character scan of the text (a 30 MB tf.json costs a few tens of milliseconds).
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
  /** 1-based line of each located resource key, by `type` + "\0" + `name`; undefined when it could not be decided cheaply. */
  readonly resourceLines?: Map<string, number>;
}

/**
 * Inspects `text` (without a BOM) and `json = JSON.parse(text)`.
 * @param resourceTypes the resource types whose lines are wanted (`kubernetes_daemon_set_v1`, ...)
 */
export function inspectJson(text: string, json: unknown, resourceTypes: readonly string[]): JsonInspection {
  const wanted = wantedResources(json, resourceTypes);
  const walk = walkParsed(json, wanted);
  if (walk.tooDeep !== undefined) return { mayHaveDuplicates: false, tooDeep: walk.tooDeep };
  // Every colon of the text is a key's or sits in a string. A "\u003a" escape puts a colon in a parsed string that
  // is not in the text, which could balance a dropped key: such texts take the exact (slow) path.
  const mayHaveDuplicates = countColons(text) !== walk.keys + walk.colons || /\\u003a/i.test(text);
  if (mayHaveDuplicates) return { mayHaveDuplicates };
  const resourceLines = wanted === undefined || walk.ambiguous ? undefined : locate(text, wanted);
  return { mayHaveDuplicates, ...(resourceLines !== undefined ? { resourceLines } : {}) };
}

/** The first place `json` nests deeper than {@link MAX_NESTING} (a dotted path of its first keys), else undefined. */
export function nestingProblem(json: unknown): string | undefined {
  return walkParsed(json, []).tooDeep;
}

/** The resources to locate, in text order: `[type, names[]]`, or undefined for array forms (found the slow way). */
function wantedResources(json: unknown, types: readonly string[]): [string, string[]][] | undefined {
  if (!isObject(json) || json.resource === undefined) return [];
  if (!isObject(json.resource)) return undefined;
  const out: [string, string[]][] = [];
  for (const type of Object.keys(json.resource)) {
    if (!types.includes(type)) continue;
    const byName = json.resource[type];
    if (!isObject(byName)) return undefined;
    out.push([type, Object.keys(byName)]);
  }
  return out;
}

function countColons(text: string): number {
  let n = 0;
  for (let i = text.indexOf(":"); i !== -1; i = text.indexOf(":", i + 1)) n++;
  return n;
}

function colonsIn(s: string): number {
  let n = 0;
  for (let i = s.indexOf(":"); i !== -1; i = s.indexOf(":", i + 1)) n++;
  return n;
}

/**
 * Counts keys and the colons inside keys and strings, measures depth, and notes whether a key that the resource
 * search looks for also appears deeper (then a plain `indexOf` could land on it: `ambiguous`).
 */
function walkParsed(
  json: unknown,
  wanted: [string, string[]][] | undefined,
): { keys: number; colons: number; tooDeep?: string; ambiguous: boolean } {
  const types = new Set<string>(["resource"]);
  const names = new Set<string>();
  for (const [type, list] of wanted ?? []) {
    types.add(type);
    for (const n of list) names.add(n);
  }
  let keys = 0;
  let colons = 0;
  let ambiguous = false;
  const values: unknown[] = [json];
  const depths: number[] = [1];
  const wheres: string[] = [""];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    const where = wheres.pop() as string;
    if (depth > MAX_NESTING) return { keys, colons, tooDeep: where || "(top level)", ambiguous };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v === "string") {
          if (v.indexOf(":") !== -1) colons += colonsIn(v);
        } else if (typeof v === "object" && v !== null) {
          values.push(v);
          depths.push(depth + 1);
          wheres.push(depth <= 3 ? `${where}[${i}]` : where);
        }
      }
      continue;
    }
    const obj = value as JsonObject;
    for (const key in obj) {
      keys++;
      if (key.indexOf(":") !== -1) colons += colonsIn(key);
      if (!ambiguous && depth >= 2 && (types.has(key) || (depth >= 4 && names.has(key)))) {
        // "resource" below the top, a type below `resource`, or a resource name inside a resource body.
        ambiguous = depth >= 3 || key === "resource";
      }
      const v = obj[key];
      if (typeof v === "string") {
        if (v.indexOf(":") !== -1) colons += colonsIn(v);
      } else if (typeof v === "object" && v !== null) {
        values.push(v);
        depths.push(depth + 1);
        wheres.push(depth <= 3 ? (where === "" ? key : `${where}.${key}`) : where);
      }
    }
  }
  return { keys, colons, ambiguous };
}

/** The lines of the wanted resource keys, searched in text order (exact, given `walkParsed` found no ambiguity). */
function locate(text: string, wanted: [string, string[]][]): Map<string, number> | undefined {
  const lines = new Map<string, number>();
  const start = findKey(text, "resource", 0);
  if (start === -1) return wanted.length === 0 ? lines : undefined;
  const offsets: [string, number][] = [];
  for (const [type, names] of wanted) {
    let at = findKey(text, type, start);
    if (at === -1) return undefined;
    for (const name of names) {
      at = findKey(text, name, at);
      if (at === -1) return undefined;
      offsets.push([`${type}\0${name}`, at]);
    }
  }
  offsets.sort((a, b) => a[1] - b[1]);
  let line = 1;
  let pos = 0;
  for (const [key, offset] of offsets) {
    for (let i = text.indexOf("\n", pos); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
    pos = offset;
    lines.set(key, line);
  }
  return lines;
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
    if (text[i] === ":" && text[at - 1] !== "\\") return at;
  }
  return -1;
}
