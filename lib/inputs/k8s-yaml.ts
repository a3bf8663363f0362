import { CONTRACT } from "../model/contract";
import { DaemonSet } from "../model/k8s";
import { DEFAULT_CLUSTER } from "../model/wave";
import { findJsonSyntaxError } from "./json-syntax";
import { nonObjectPart } from "./normalize";
import { notAManifest, unrenderedHelm } from "./not-a-manifest";
import { FileLoader, FileLoadResult, InputError, LoadedDaemonSet, SourceRef } from "./types";
import { DocumentSpan, lineOfPath, parseFieldPath, PathSegment } from "./yaml-locate";
import { readYamlStream, YamlStream, YamlStreamError } from "./yaml-stream";

/**
 * Loads Kubernetes YAML or JSON: one or many documents (`---`), `List` kinds (`kind: List`, `DaemonSetList`, ...)
 * with their `items`. DaemonSets are returned with address `DaemonSet/<namespace>/<name>` and the line their
 * object starts on; other kinds are counted. Malformed YAML throws an `InputError` naming the file and line.
 * The file `-` is standard input (its text is read by the caller).
 *
 * YAML is read as Kubernetes reads it (sigs.k8s.io/yaml on go-yaml v2, YAML 1.1: see yaml-schema.ts and
 * yaml-stream.ts): `0644` is octal, `yes`/`on` are true, timestamps stay strings; CR, NEL, U+2028 and U+2029 break
 * lines; merge keys, and aliases expanding to too much are refused as go-yaml refuses them. Each DaemonSet's source
 * can locate a field's line (`lineOf`), parsed again only when asked.
 */
export const loadKubernetesYaml: FileLoader = async (file, text) => {
  const helm = unrenderedHelm(text);
  if (helm?.certain) throw new InputError(file, helm.message, helm.line);
  if (/^\s*\{\s*["}]/.test(text)) checkJson(file, text);
  let stream: YamlStream;
  try {
    stream = readYamlStream(text);
  } catch (e) {
    if (!(e instanceof YamlStreamError)) throw e;
    const hint = notAManifest(file, text);
    if (hint !== undefined) throw new InputError(file, hint.message, hint.line);
    throw new InputError(file, `malformed YAML: ${firstLine(e.message)}`, e.line);
  }
  const result = { daemonSets: [] as LoadedDaemonSet[], otherResources: 0, warnings: [] as string[] };
  const documents = stream.documents.filter((d) => d.value !== null && d.value !== undefined);
  for (const doc of documents) {
    const span: DocumentSpan = { text: stream.text, lineStart: doc.lineStart, line: doc.line, end: doc.end };
    collect(file, doc.value, span, [], doc.line, result);
  }
  for (const line of stream.afterDocumentEnd) {
    result.warnings.push(
      `${file}:${line}: a document after \`...\` with no \`---\` line: \`kubectl apply\` reads only up to the \`...\` ` +
        "(go-yaml stops at the end of a document); checked anyway",
    );
  }
  if (stream.noLineFeed && documents.length > 1) {
    result.warnings.push(
      `${file}: lines end in CR (or NEL / U+2028 / U+2029) with no LF: \`kubectl apply\` splits documents at LF ` +
        `only (k8s.io/apimachinery/pkg/util/yaml), so it would apply just the first of these ${documents.length} ` +
        "documents; all were checked",
    );
  }
  return result satisfies FileLoadResult;
};

type Collected = { daemonSets: LoadedDaemonSet[]; otherResources: number; warnings: string[] };

function collect(
  file: string,
  value: unknown,
  span: DocumentSpan,
  base: readonly PathSegment[],
  line: number,
  out: Collected,
): void {
  const where = `${file}:${line}`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    const hint = base.length === 0 ? notAManifest(file, span.text) : undefined;
    if (hint !== undefined) throw new InputError(file, hint.message, hint.line ?? line);
    throw new InputError(
      file,
      `expected a Kubernetes object (a mapping with apiVersion and kind), found ${Array.isArray(value) ? "a list" : typeof value}`,
      line,
    );
  }
  const obj = value as Record<string, unknown>;
  const kind = obj.kind;
  if (typeof kind !== "string") {
    out.warnings.push(`${where}: document has no kind, so it is not a Kubernetes object; skipped`);
    out.otherResources++;
    return;
  }
  if (kind === "List" || (kind.endsWith("List") && Array.isArray(obj.items))) {
    const items = Array.isArray(obj.items) ? obj.items : [];
    items.forEach((item, i) => {
      const at = [...base, "items", i];
      collect(file, item, span, at, itemLine(span, at, line), out);
    });
    return;
  }
  if (kind !== "DaemonSet") {
    out.otherResources++;
    return;
  }
  if (obj.apiVersion !== "apps/v1") {
    out.warnings.push(
      `${where}: DaemonSet has apiVersion ${JSON.stringify(obj.apiVersion)}; checked as apps/v1 (the only version Kubernetes serves since 1.16)`,
    );
  }
  // A `spec` or `metadata` that is not a mapping: the one rule of every format (normalize.ts `nonObjectPart`),
  // invalid input naming the DaemonSet (Kubernetes rejects it). A list is never a block of one here, as it is in HCL.
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const problem =
    (["metadata", "spec"] as const)
      .filter((f) => Array.isArray(obj[f]))
      .map((f) => `"${f}" must be an object, found a list; Kubernetes rejects such a DaemonSet`)[0] ??
    nonObjectPart(obj, false);
  if (problem !== undefined) {
    throw new InputError(
      file,
      `DaemonSet/${str(meta.namespace) ?? "default"}/${str(meta.name) ?? "<unnamed>"}: ${problem}`,
      line,
    );
  }
  const manifest = { ...obj, metadata: obj.metadata ?? {}, spec: obj.spec ?? {} } as unknown as DaemonSet;
  const namespace = str(meta.namespace) ?? "default";
  const name = str(meta.name) ?? str(meta.generateName);
  const annotations = isObject(meta.annotations) ? meta.annotations : {};
  const source: SourceRef = {
    file,
    format: "k8s-yaml",
    address: `DaemonSet/${namespace}/${name ?? "<unnamed>"}`,
    line,
  };
  // Not enumerable: a function is no part of the source's data (JSON, equality), only a way to ask it for lines.
  Object.defineProperty(source, "lineOf", {
    value: (field: string) => lineOfPath(span, base, parseFieldPath(field)),
    enumerable: false,
  });
  out.daemonSets.push({
    source,
    kind: "DaemonSet",
    manifest,
    cluster: str(annotations[CONTRACT.clusterAnnotation]) ?? DEFAULT_CLUSTER,
  });
}

/** The line an item of a List starts on; the List's own line if the document cannot be parsed again. */
function itemLine(span: DocumentSpan, at: readonly PathSegment[], fallback: number): number {
  try {
    return lineOfPath(span, at, []);
  } catch {
    return fallback;
  }
}

/** JSON is YAML, but YAML forgives what JSON does not (`"x": }` is a null there): hold JSON input to JSON's rules. */
function checkJson(file: string, text: string): void {
  try {
    JSON.parse(text);
  } catch (e) {
    const error = findJsonSyntaxError(text);
    throw new InputError(
      file,
      `malformed JSON: ${error?.message ?? firstLine((e as Error).message)}`,
      error?.line,
    );
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
const firstLine = (message: string): string => message.split("\n")[0].trim();
