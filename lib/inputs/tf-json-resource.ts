/**
 * One resource of Terraform JSON (`resource.<type>.<name>`) read for `daemonSetsFromTerraformJson`: its instances
 * (`count` / `for_each` / literal locals), each normalized into a DaemonSet with its warnings, or counted as another
 * resource.
 */
import { expandDynamicBlocks, literalForEach } from "./dynamic-blocks";
import { colonsOfBody } from "./json-positions";
import {
  DAEMON_SET_TYPES,
  daemonSetAndScan,
  isUndecidableManifest,
  MANIFEST_TYPE,
  ManifestScan,
  ManifestShapeError,
} from "./normalize";
import { lastReadColons } from "./provider-read";
import { InstanceError, Instances, resourceInstances } from "./terraform-instances";
import { localResolver } from "./terraform-locals";
import { InputError, LoadedDaemonSet, SourceRef } from "./types";

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/** HCL-to-JSON wraps blocks in arrays of one; Terraform JSON does not. Either way, the one object. */
const one = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v);

/** Most unknown field paths named in one warning. */
const MAX_LISTED_UNKNOWNS = 3;

/** Resource types whose instances are expanded and whose lines are located. */
export const CHECKED_TYPES: readonly string[] = [...DAEMON_SET_TYPES, MANIFEST_TYPE];

/** The line of a resource's key (`resource.<type>.<name>`), when known. */
export type ResourceLineOf = (type: string, name: string) => number | undefined;

/** Where {@link readResource} puts what it reads, and what it reads with. */
export interface Into {
  readonly base: Omit<SourceRef, "address" | "line">;
  readonly local: ReturnType<typeof localResolver> | undefined;
  readonly lineOf: ResourceLineOf | undefined;
  readonly daemonSets: LoadedDaemonSet[];
  readonly warnings: string[];
  otherResources: number;
  readonly colons: Map<unknown, number> | undefined;
}

/** Reads one resource `<type>.<name>`: its DaemonSet instances (with their warnings), or one more other resource. */
export function readResource(type: string, name: string, body: unknown, into: Into): void {
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
  const instanceName = key === "" ? name : `${name}${key}`;
  let loaded = readDaemonSet(type, instanceName, body, src, fail);
  if (loaded === undefined) {
    into.otherResources++;
    if (isUndecidableManifest(type, body)) {
      into.warnings.push(
        `${src.file}: ${type}.${name}: the manifest is a Terraform expression, so it was not checked`,
      );
    }
    return;
  }
  if (into.colons !== undefined && instances === undefined && DAEMON_SET_TYPES.includes(type)) {
    const blocks = lastReadColons();
    const n = blocks === undefined ? undefined : colonsOfBody(body, blocks);
    if (n !== undefined) into.colons.set(body, n);
  }
  if (loaded.scan.dynamic) {
    // Rare: read again with its dynamic blocks expanded (as the HCL loader does), so the blocks they generate
    // (containers, volumes, mounts) are checked like any other. After the colons above: those are the text's.
    const expanded = expandDynamicBlocks(body, src.file, literalForEach(into.local));
    const again = readDaemonSet(type, instanceName, expanded.value, src, fail);
    if (again !== undefined) {
      loaded = again;
      into.warnings.push(...expanded.warnings);
    }
  }
  into.daemonSets.push(loaded.daemonSet);
  addResourceWarnings(into.warnings, loaded.daemonSet, loaded.scan, instances);
}

/** `daemonSetAndScan`, with a shape error as the resource's InputError. */
function readDaemonSet(
  type: string,
  name: string,
  body: unknown,
  src: Omit<SourceRef, "address">,
  fail: (detail: string) => InputError,
): ReturnType<typeof daemonSetAndScan> {
  try {
    return daemonSetAndScan(type, name, body, src);
  } catch (e) {
    if (e instanceof ManifestShapeError) throw fail(e.message);
    throw e;
  }
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
