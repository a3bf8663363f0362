import { DuplicateKeyError, parseJsonKeepingDuplicates } from "./json-duplicates";
import { inspectJson, JsonInspection, MAX_NESTING, startInspection } from "./json-positions";
import { attachGates } from "./gates";
import { parseJson } from "./json";
import { LARGE_TEXT, releaseMemory } from "./memory";
import { nodePoolsFromResources } from "./node-pools";
import { DAEMON_SET_TYPES } from "./normalize";
import { localResolver, localsOf, siblingLocals } from "./terraform-locals";
import { CHECKED_TYPES, Into, readResource, ResourceLineOf } from "./tf-json-resource";
import { FileLoadResult, InputError, InputFormat, LoadedDaemonSet } from "./types";

export type { ResourceLineOf } from "./tf-json-resource";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Options of {@link daemonSetsFromTerraformJson}. */
export interface TerraformJsonOptions {
  /**
   * Raw `locals` of the module's other files (the file's own `locals` are always read).
   * @default none
   */
  readonly locals?: JsonObject;
  /**
   * Where each resource starts in the file, for `SourceRef.line`.
   * @default lines unknown
   */
  readonly lineOf?: ResourceLineOf;
}

/**
 * Finds every DaemonSet in Terraform JSON (`cdk.tf.json` or a hand-written `*.tf.json`): synchronous, so the
 * synth-time aspect can run it on a stack's in-memory JSON.
 *
 * Accepts the object form (`resource.<type>.<name>`) and the array forms Terraform JSON also allows. Literal
 * `locals` are substituted; `count` / `for_each` over known values expand to one DaemonSet per instance
 * (`x.y[0]`, `x.y["canary"]`; none for `count = 0`), as Terraform plans them. Other resources are counted; values
 * still unknown (`var.*`, resources, functions) are kept and named in a warning.
 * @param json the parsed Terraform JSON
 * @param source the file (and stack) it came from; the stack defaults to CDKTF's `"//".metadata.stackName`
 * @throws InputError for a `count` / `for_each` or a DaemonSet shape Terraform itself rejects
 */
export function daemonSetsFromTerraformJson(
  json: unknown,
  source: { file: string; format: InputFormat; stack?: string },
  options: TerraformJsonOptions = {},
): FileLoadResult {
  return readTerraformJson(json, source, options, undefined);
}

/**
 * {@link daemonSetsFromTerraformJson}; `colons`, when given, receives the colons (see `colonsOfBody`) of each
 * DaemonSet body read as it is written (no instances, no locals), by body.
 */
function readTerraformJson(
  json: unknown,
  source: { file: string; format: InputFormat; stack?: string },
  options: TerraformJsonOptions,
  colons: Map<unknown, number> | undefined,
): FileLoadResult {
  const daemonSets: LoadedDaemonSet[] = [];
  const warnings: string[] = [];
  let otherResources = 0;
  if (!isObject(json)) {
    return {
      daemonSets,
      otherResources,
      warnings: [`${source.file}: not a Terraform JSON object; nothing read`],
    };
  }
  const stack = source.stack ?? stackNameOf(json);
  const base = { file: source.file, format: source.format, ...(stack !== undefined ? { stack } : {}) };
  const rawLocals = { ...options.locals, ...localsOf(json) };
  const local = Object.keys(rawLocals).length > 0 ? localResolver(rawLocals) : undefined;
  const into: Into = { base, local, lineOf: options.lineOf, daemonSets, warnings, otherResources: 0, colons };
  const byTypes = json.resource;
  for (const byType of Array.isArray(byTypes) ? byTypes : [byTypes]) {
    if (!isObject(byType)) continue;
    for (const type of Object.keys(byType)) {
      if (type === "//") continue;
      const byName = byType[type];
      for (const names of Array.isArray(byName) ? byName : [byName]) {
        if (!isObject(names)) continue;
        for (const name of Object.keys(names)) readResource(type, name, names[name], into);
      }
    }
  }
  otherResources = into.otherResources;
  if (json.module !== undefined) {
    warnings.push(`${source.file}: module blocks are not followed; check the module's own files too`);
  }
  attachGates(json, daemonSets);
  const nodePools = nodePoolsFromResources(json.resource, base, options.lineOf);
  otherResources = Math.max(0, otherResources - nodePools.length); // read as node pools (WG111), not "not checked"
  return {
    daemonSets,
    otherResources,
    warnings,
    ...(nodePools.length > 0 ? { nodePools } : {}),
    ...(stack !== undefined ? { stacks: [stack] } : {}),
  };
}

/** Parsed Terraform JSON and where its resources are. */
export interface TerraformJsonText {
  readonly json: unknown;
  readonly lineOf: ResourceLineOf;
}

/**
 * Parses `*.tf.json` text as Terraform reads it: `JSON.parse` when no key repeats (checked cheaply), else a parser
 * that keeps every occurrence of a repeated block (a repeated argument is refused, as Terraform refuses it).
 * @param parsed `JSON.parse` of the text, when the caller has it already
 * @throws InputError for malformed JSON, a repeated argument, or nesting deeper than {@link MAX_NESTING} levels
 */
export function parseTerraformJson(file: string, text: string, parsed?: unknown): TerraformJsonText {
  const json = parsed ?? parseJson(file, text);
  const body = withoutBom(text);
  return terraformJsonOf(file, body, json, inspectJson(body, json, CHECKED_TYPES));
}

/** The end of {@link parseTerraformJson}, given the inspection of `body` (the text without a BOM). */
function terraformJsonOf(
  file: string,
  body: string,
  json: unknown,
  inspection: JsonInspection,
): TerraformJsonText {
  if (inspection.tooDeep !== undefined) {
    throw new InputError(
      file,
      `nested deeper than ${MAX_NESTING} levels (at ${inspection.tooDeep}); no Terraform configuration nests this deep`,
    );
  }
  const found = inspection.resourceLines;
  if (found !== undefined) return { json, lineOf: (type, name) => found.get(type)?.get(name) };
  try {
    const exact = parseJsonKeepingDuplicates(body);
    return { json: exact.value, lineOf: (type, name) => exact.resourceLines.get(`${type}\0${name}`) };
  } catch (e) {
    if (e instanceof DuplicateKeyError) throw new InputError(file, e.message, e.line);
    throw e;
  }
}

const withoutBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * {@link parseTerraformJson} then {@link daemonSetsFromTerraformJson}, with the same result (or error) and one walk
 * fewer: the colons of the DaemonSet bodies, which tell whether the text repeats a key, are counted by the walk that
 * normalizes them (not by a walk of their own first). The DaemonSets are read with the lines the text gives; when the
 * count then says the text may repeat a key, or its lines are not certain, they are read again as
 * `parseTerraformJson` says (the exact parser), and an error of the first read is thrown only when it stands.
 * The text is held until the end: for a large text, whose memory matters more, use the two steps.
 * @param parsed `JSON.parse` of the text, when the caller has it already
 */
export function loadTerraformJsonText(
  file: string,
  text: string,
  parsed: unknown,
  source: { file: string; format: InputFormat; stack?: string },
  options: Omit<TerraformJsonOptions, "lineOf"> = {},
): FileLoadResult {
  const json = parsed ?? parseJson(file, text);
  const body = withoutBom(text);
  const started = startInspection(body, json, CHECKED_TYPES, DAEMON_SET_TYPES);
  const twoSteps = (inspection: JsonInspection): FileLoadResult => {
    const { json: read, lineOf } = terraformJsonOf(file, body, json, inspection);
    return daemonSetsFromTerraformJson(read, source, { ...options, lineOf });
  };
  if (!("finish" in started)) return twoSteps(started);
  const lines = started.lines;
  if (lines === undefined) return twoSteps(started.finish(new Map()));
  const colons = new Map<unknown, number>();
  let result: FileLoadResult | undefined;
  let failure: unknown;
  try {
    result = readTerraformJson(json, source, { ...options, lineOf: (t, n) => lines.get(t)?.get(n) }, colons);
  } catch (e) {
    failure = e;
  }
  const inspection = started.finish(colons);
  if (inspection.resourceLines === undefined) return twoSteps(inspection); // as parseTerraformJson would go on
  if (result === undefined) throw failure;
  return result;
}

/**
 * Loads one `*.tf.json` file: lines, repeated keys, the module directory's literal locals (from the other `*.tf` /
 * `*.tf.json` files beside it, read when the file refers to `local.`). Throws `InputError` (with the line) for
 * malformed JSON.
 * @param context `json`: the text already parsed; `path`: the file's resolved path, to find its module directory
 */
export async function loadTfJson(
  file: string,
  text: string,
  context: { readonly json?: unknown; readonly path?: string } = {},
): Promise<FileLoadResult> {
  return loadTfJsonText(file, { text }, context);
}

/** A file's text, handed over so that the receiver can let it go once read (see {@link loadTfJsonText}). */
export interface TextHolder {
  text: string | undefined;
}

/**
 * {@link loadTfJson}, taking the text from `holder` and clearing it there once the text is parsed and its lines are
 * known: the text (as large as the file) is then garbage before the DaemonSets are normalized, which lowers the peak
 * memory of a large check by the file's size. The caller must hold no other reference to the text.
 */
export async function loadTfJsonText(
  file: string,
  holder: TextHolder,
  context: { readonly json?: unknown; readonly path?: string } = {},
): Promise<FileLoadResult> {
  const inOne = loadInOne(file, holder, context);
  if (inOne !== undefined) return inOne;
  const { json, lineOf, readsLocals, large } = takeTerraformJson(file, holder, context.json);
  releaseMemory(large); // the text is garbage now
  const locals =
    readsLocals && context.path !== undefined
      ? await siblingLocals(context.path, lazyHclParse, parseJson)
      : undefined;
  return daemonSetsFromTerraformJson(
    json,
    { file, format: "tf-json" },
    { lineOf, ...(locals ? { locals } : {}) },
  );
}

/**
 * {@link loadTerraformJsonText} of the text in `holder` (cleared there), unless the text is large (then it is let go
 * before normalizing) or the module's other files are to be read for locals (undefined then, the holder untouched).
 */
function loadInOne(
  file: string,
  holder: TextHolder,
  context: { readonly json?: unknown; readonly path?: string },
): FileLoadResult | undefined {
  const text = holder.text ?? "";
  if (text.length >= LARGE_TEXT || (context.path !== undefined && text.includes("local."))) return undefined;
  holder.text = undefined;
  return loadTerraformJsonText(file, text, context.json, { file, format: "tf-json" });
}

/**
 * Parses the text in `holder` and clears it there. The text lives only in this frame, gone when it returns: a caller
 * that held it in a variable (or a call's argument) would keep it alive through the normalization that follows.
 */
function takeTerraformJson(
  file: string,
  holder: TextHolder,
  parsed: unknown,
): TerraformJsonText & { readsLocals: boolean; large: boolean } {
  const text = holder.text ?? "";
  holder.text = undefined;
  const { json, lineOf } = parseTerraformJson(file, text, parsed);
  const readsLocals = text.includes("local.");
  return { json, lineOf, readsLocals, large: text.length >= LARGE_TEXT };
}

/** hcl2json, loaded only when a `.tf` sibling holds locals. */
async function lazyHclParse(file: string, text: string): Promise<unknown> {
  const { parseHclText } = await import("./hcl-parse");
  return parseHclText(file, text);
}

function stackNameOf(json: JsonObject): string | undefined {
  const meta = json["//"];
  if (!isObject(meta) || !isObject(meta.metadata)) return undefined;
  const name = meta.metadata.stackName;
  return typeof name === "string" ? name : undefined;
}
