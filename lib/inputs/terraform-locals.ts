import { readdir, readFile, stat } from "node:fs/promises";
import * as path from "node:path";
import { substitute } from "./terraform-instances";
import { ExpressionScope } from "./terraform-expr";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The raw `locals` of one Terraform JSON tree (a `*.tf.json`, or hcl2json's form of a `*.tf`): every `locals` block
 * (an object, or a list of them) merged, values as written.
 */
export function localsOf(json: unknown): JsonObject {
  const out: JsonObject = {};
  if (!isObject(json)) return out;
  const blocks = json.locals;
  for (const block of Array.isArray(blocks) ? blocks : [blocks]) {
    if (!isObject(block)) continue;
    for (const key of Object.keys(block)) if (key !== "//") out[key] = block[key];
  }
  return out;
}

/**
 * Resolves `local.<name>` against raw locals: a local's value with its own references to other locals substituted
 * (memoized; a cycle resolves to unknown). Values that refer to variables or resources keep those references as
 * written, so they stay unknown.
 */
export function localResolver(raw: JsonObject): ExpressionScope["local"] {
  const resolved = new Map<string, unknown>();
  const resolving = new Set<string>();
  const local = (name: string): unknown => {
    if (!Object.prototype.hasOwnProperty.call(raw, name)) return undefined;
    if (resolved.has(name)) return resolved.get(name);
    if (resolving.has(name)) return undefined;
    resolving.add(name);
    const value = substitute(raw[name], { local });
    resolving.delete(name);
    resolved.set(name, value);
    return value;
  };
  return local;
}

/** Each module file's raw locals, by path, kept while its size and modification time stay the same. */
const cache = new Map<string, { signature: string; locals: JsonObject }>();

/**
 * The raw locals of every other `*.tf` / `*.tf.json` file in the directory of `realPath` (Terraform reads a module
 * as all the files of its directory). Only files that mention `locals` are parsed, each once per change (a directory
 * of N files is not parsed N times); unreadable or malformed siblings are skipped here (they are reported when read
 * as inputs themselves).
 * @param realPath the resolved path of the file being loaded
 * @param parseHcl hcl2json's parser (passed in, so JSON-only runs never load it)
 * @param parseJson a JSON parser
 */
export async function siblingLocals(
  realPath: string,
  parseHcl: (file: string, text: string) => Promise<unknown>,
  parseJson: (file: string, text: string) => unknown,
): Promise<JsonObject> {
  const dir = path.dirname(realPath);
  const names = await readdir(dir).catch(() => [] as string[]);
  const others = names
    .filter((n) => (n.endsWith(".tf") || n.endsWith(".tf.json")) && path.join(dir, n) !== realPath)
    .sort();
  const locals: JsonObject = {};
  for (const name of others) {
    const file = path.join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (info === undefined || !info.isFile() || info.size > 10_000_000) continue;
    const signature = `${info.size}:${info.mtimeMs}`;
    let hit = cache.get(file);
    if (hit === undefined || hit.signature !== signature) {
      hit = { signature, locals: await readLocals(file, parseHcl, parseJson) };
      cache.set(file, hit);
    }
    Object.assign(locals, hit.locals);
  }
  return locals;
}

async function readLocals(
  file: string,
  parseHcl: (file: string, text: string) => Promise<unknown>,
  parseJson: (file: string, text: string) => unknown,
): Promise<JsonObject> {
  const text = await readFile(file, "utf8").catch(() => "");
  if (!/\blocals\b/.test(text)) return {};
  try {
    return localsOf(file.endsWith(".json") ? parseJson(file, text) : await parseHcl(file, text));
  } catch {
    // Reported when the file is read as an input itself.
    return {};
  }
}
