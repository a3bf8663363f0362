import { DuplicateKeyError, parseJsonKeepingDuplicates } from "./json-duplicates";
import { inspectJson, MAX_NESTING } from "./json-positions";
import { attachGates } from "./gates";
import { parseJson } from "./json";
import { LARGE_TEXT, releaseMemory } from "./memory";
import { nodePoolsFromResources } from "./node-pools";
import {
  DAEMON_SET_TYPES,
  daemonSetAndScan,
  isUndecidableManifest,
  MANIFEST_TYPE,
  ManifestScan,
  ManifestShapeError,
} from "./normalize";
import { InstanceError, Instances, resourceInstances } from "./terraform-instances";
import { localResolver, localsOf, siblingLocals } from "./terraform-locals";
import { FileLoadResult, InputError, InputFormat, LoadedDaemonSet, SourceRef } from "./types";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** HCL-to-JSON wraps blocks in arrays of one; Terraform JSON does not. Either way, the one object. */
const one = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v);

/** Most unknown field paths named in one warning. */
const MAX_LISTED_UNKNOWNS = 3;

/** Resource types whose instances are expanded and whose lines are located. */
const CHECKED_TYPES: readonly string[] = [...DAEMON_SET_TYPES, MANIFEST_TYPE];

/** The line of a resource's key (`resource.<type>.<name>`), when known. */
export type ResourceLineOf = (type: string, name: string) => number | undefined;

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
  const into: Into = { base, local, lineOf: options.lineOf, daemonSets, warnings, otherResources: 0 };
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

/** Where {@link readResource} puts what it reads, and what it reads with. */
interface Into {
  readonly base: Omit<SourceRef, "address" | "line">;
  readonly local: ReturnType<typeof localResolver> | undefined;
  readonly lineOf: ResourceLineOf | undefined;
  readonly daemonSets: LoadedDaemonSet[];
  readonly warnings: string[];
  otherResources: number;
}

/** Reads one resource `<type>.<name>`: its DaemonSet instances (with their warnings), or one more other resource. */
function readResource(type: string, name: string, body: unknown, into: Into): void {
  const { base, local, warnings } = into;
  const file = base.file;
  const line = into.lineOf?.(type, name);
  const src = line !== undefined ? { ...base, line } : base;
  const resource = one(body);
  const fail = (detail: string) => new InputError(file, `${type}.${name}: ${detail}`, line);
  let instances: Instances | undefined;
  if (
    CHECKED_TYPES.includes(type) &&
    isObject(resource) &&
    (local !== undefined || resource.count !== undefined || resource.for_each !== undefined)
  ) {
    try {
      instances = resourceInstances(resource, local);
    } catch (e) {
      if (e instanceof InstanceError) throw fail(e.message);
      throw e;
    }
  }
  if (instances === undefined) {
    // The body itself, as its only instance.
    readInstance(type, name, "", body as JsonObject, src, undefined, into, fail);
    return;
  }
  const list = instances.kind === "known" ? instances.instances : [instances.instance];
  if (list.length === 0) {
    const why = isObject(resource) && resource.count !== undefined ? "count is 0" : "for_each is empty";
    warnings.push(`${file}: ${type}.${name}: ${why}, so Terraform creates no instance; nothing to check`);
    return;
  }
  for (const instance of list)
    readInstance(type, name, instance.key, instance.body, src, instances, into, fail);
}

function readInstance(
  type: string,
  name: string,
  key: string,
  body: JsonObject,
  src: Omit<SourceRef, "address">,
  instances: Instances | undefined,
  into: Into,
  fail: (detail: string) => InputError,
): void {
  let loaded: ReturnType<typeof daemonSetAndScan>;
  try {
    loaded = daemonSetAndScan(type, key === "" ? name : `${name}${key}`, body, src);
  } catch (e) {
    if (e instanceof ManifestShapeError) throw fail(e.message);
    throw e;
  }
  if (loaded === undefined) {
    into.otherResources++;
    if (isUndecidableManifest(type, body)) {
      into.warnings.push(
        `${src.file}: ${type}.${name}: the manifest is a Terraform expression, so it was not checked`,
      );
    }
    return;
  }
  into.daemonSets.push(loaded.daemonSet);
  addResourceWarnings(into.warnings, loaded.daemonSet, loaded.scan, instances);
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
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const inspection = inspectJson(body, json, CHECKED_TYPES);
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

function addResourceWarnings(
  warnings: string[],
  ds: LoadedDaemonSet,
  scan: ManifestScan,
  instances: Instances | undefined,
): void {
  const { unknown, dynamic } = scan;
  if (unknown.length === 0 && instances?.kind !== "unknown" && !dynamic) return;
  const where = `${ds.source.file}: ${ds.source.address}`;
  if (unknown.length > 0) {
    const listed = unknown.slice(0, MAX_LISTED_UNKNOWNS).join(", ");
    const more =
      unknown.length > MAX_LISTED_UNKNOWNS ? `, +${unknown.length - MAX_LISTED_UNKNOWNS} more` : "";
    warnings.push(
      `${where}: ${unknown.length} value(s) unknown until apply (${listed}${more}); rules that need them report not applicable`,
    );
  }
  if (instances?.kind === "unknown") {
    warnings.push(
      `${where}: ${instances.meta} is not known until plan; checked as one DaemonSet whose ` +
        `${instances.meta === "count" ? "count.index" : "each.key / each.value"} values are unknown`,
    );
  }
  if (dynamic) {
    warnings.push(`${where}: dynamic blocks are not expanded; the blocks they generate were not checked`);
  }
}
