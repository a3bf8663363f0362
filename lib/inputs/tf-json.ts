import { parseJson } from "./json";
import { nodePoolsFromResources } from "./node-pools";
import { daemonSetAndScan, isUndecidableManifest, ManifestScan } from "./normalize";
import { FileLoader, FileLoadResult, InputFormat, LoadedDaemonSet } from "./types";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** Most unknown field paths named in one warning. */
const MAX_LISTED_UNKNOWNS = 3;

/**
 * Finds every DaemonSet in Terraform JSON (`cdk.tf.json` or a hand-written `*.tf.json`): synchronous, so the
 * synth-time aspect can run it on a stack's in-memory JSON.
 *
 * Accepts the object form (`resource.<type>.<name>`) and the array forms Terraform JSON also allows. Other resources
 * are counted; `${...}` values are kept and named in a warning.
 * @param json the parsed Terraform JSON
 * @param source the file (and stack) it came from; the stack defaults to CDKTF's `"//".metadata.stackName`
 */
export function daemonSetsFromTerraformJson(
  json: unknown,
  source: { file: string; format: InputFormat; stack?: string },
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
  for (const [type, name, body] of resources(json.resource)) {
    const loaded = daemonSetAndScan(type, name, body, base);
    if (loaded === undefined) {
      otherResources++;
      if (isUndecidableManifest(type, body)) {
        warnings.push(
          `${source.file}: ${type}.${name}: the manifest is a Terraform expression, so it was not checked`,
        );
      }
      continue;
    }
    daemonSets.push(loaded.daemonSet);
    warnings.push(...resourceWarnings(loaded.daemonSet, loaded.scan, body));
  }
  if (json.module !== undefined) {
    warnings.push(`${source.file}: module blocks are not followed; check the module's own files too`);
  }
  const nodePools = nodePoolsFromResources(json.resource, base);
  otherResources -= nodePools.length; // read as node pools (WG111), not "not checked"
  return {
    daemonSets,
    otherResources,
    warnings,
    ...(nodePools.length > 0 ? { nodePools } : {}),
    ...(stack !== undefined ? { stacks: [stack] } : {}),
  };
}

/** Loads one `*.tf.json` file. Throws `InputError` (with the line) for malformed JSON. */
export const loadTfJson: FileLoader = async (file, text) =>
  daemonSetsFromTerraformJson(parseJson(file, text), { file, format: "tf-json" });

/** Every `[type, name, body]` under `resource`, in any of Terraform JSON's accepted shapes. */
function resources(resource: unknown): [string, string, unknown][] {
  const out: [string, string, unknown][] = [];
  for (const byType of Array.isArray(resource) ? resource : [resource]) {
    if (!isObject(byType)) continue;
    for (const [type, byName] of Object.entries(byType)) {
      if (type === "//") continue;
      for (const names of Array.isArray(byName) ? byName : [byName]) {
        if (!isObject(names)) continue;
        for (const [name, body] of Object.entries(names)) out.push([type, name, body]);
      }
    }
  }
  return out;
}

function stackNameOf(json: JsonObject): string | undefined {
  const meta = json["//"];
  if (!isObject(meta) || !isObject(meta.metadata)) return undefined;
  const name = meta.metadata.stackName;
  return typeof name === "string" ? name : undefined;
}

function resourceWarnings(ds: LoadedDaemonSet, scan: ManifestScan, body: unknown): string[] {
  const where = `${ds.source.file}: ${ds.source.address}`;
  const warnings: string[] = [];
  const { unknown, dynamic } = scan;
  if (unknown.length > 0) {
    const listed = unknown.slice(0, MAX_LISTED_UNKNOWNS).join(", ");
    const more =
      unknown.length > MAX_LISTED_UNKNOWNS ? `, +${unknown.length - MAX_LISTED_UNKNOWNS} more` : "";
    warnings.push(
      `${where}: ${unknown.length} value(s) unknown until apply (${listed}${more}); rules that need them report not applicable`,
    );
  }
  const resource = Array.isArray(body) ? body[0] : body;
  if (isObject(resource)) {
    for (const meta of ["count", "for_each"]) {
      if (resource[meta] !== undefined) warnings.push(`${where}: uses ${meta}; checked as one DaemonSet`);
    }
  }
  if (dynamic) {
    warnings.push(`${where}: dynamic blocks are not expanded; the blocks they generate were not checked`);
  }
  return warnings;
}
