import { Document, isMap, isSeq, LineCounter, Node, parseAllDocuments, ScalarTag, Tags } from "yaml";
import { CONTRACT } from "../model/contract";
import { DaemonSet } from "../model/k8s";
import { DEFAULT_CLUSTER } from "../model/wave";
import { findJsonSyntaxError } from "./json-syntax";
import { LoadedNodePool, nodePoolFromKubernetes } from "./node-pools";
import { FileLoader, FileLoadResult, InputError, LoadedDaemonSet } from "./types";

/**
 * Loads Kubernetes YAML or JSON: one or many documents (`---`), `List` kinds (`kind: List`, `DaemonSetList`, ...)
 * with their `items`. DaemonSets are returned with address `DaemonSet/<namespace>/<name>` and the line their
 * object starts on; other kinds are counted. Malformed YAML throws an `InputError` naming the file and line.
 * The file `-` is standard input (its text is read by the caller).
 */
export const loadKubernetesYaml: FileLoader = async (file, text) => {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false, ...KUBERNETES_YAML });
  if (/^\s*\{\s*["}]/.test(text)) checkJson(file, text);
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const lineOf = (node: Node | null | undefined): number | undefined =>
    node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
  const result = {
    daemonSets: [] as LoadedDaemonSet[],
    otherResources: 0,
    warnings: [] as string[],
    nodePools: [] as LoadedNodePool[],
  };

  for (const doc of docs) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const line = lineCounter.linePos(error.pos[0]).line;
      throw new InputError(file, `malformed YAML: ${firstLine(error.message)}`, line);
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 1000 });
    } catch (e) {
      throw new InputError(file, `malformed YAML: ${firstLine((e as Error).message)}`, lineOf(doc.contents));
    }
    if (value === null || value === undefined) continue;
    collect(file, value, doc.contents, lineOf, result);
  }
  return result satisfies FileLoadResult;
};

/**
 * Read YAML as Kubernetes does (sigs.k8s.io/yaml on go-yaml v2, YAML 1.1): `0644` is octal, `yes`/`on` are true;
 * but timestamps and `1:30` stay strings, and a float needs a digit (`e1` and `.` are strings), as they are there.
 */
const KUBERNETES_YAML = { version: "1.1", customTags: kubernetesTags } as const;

function kubernetesTags(tags: Tags): Tags {
  const out: Tags = [];
  for (const t of tags) {
    if (typeof t === "string" || t.tag === TIMESTAMP_TAG || t.format === "TIME") continue;
    const isDecimalFloat = t.tag === FLOAT_TAG && !/inf|nan/i.test(t.test?.source ?? "inf");
    if (!isDecimalFloat) out.push(t);
    else if (t.format === "EXP") out.push({ ...(t as ScalarTag), format: undefined, test: GO_YAML_FLOAT });
  }
  return out;
}

const TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp";
const FLOAT_TAG = "tag:yaml.org,2002:float";
/** go-yaml v2's plain float (`yamlStyleFloat`). */
const GO_YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;

type Collected = {
  daemonSets: LoadedDaemonSet[];
  otherResources: number;
  warnings: string[];
  nodePools: LoadedNodePool[];
};

function collect(
  file: string,
  value: unknown,
  node: Node | null | undefined,
  lineOf: (node: Node | null | undefined) => number | undefined,
  out: Collected,
): void {
  const line = lineOf(node);
  const where = `${file}${line !== undefined ? `:${line}` : ""}`;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
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
    const itemsNode = isMap(node) ? node.get("items", true) : undefined;
    items.forEach((item, i) => {
      const itemNode = isSeq(itemsNode) ? (itemsNode.items[i] as Node | undefined) : undefined;
      collect(file, item, itemNode ?? node, lineOf, out);
    });
    return;
  }
  if (kind !== "DaemonSet") {
    const pool = nodePoolFromKubernetes(obj, file, line);
    if (pool !== undefined) out.nodePools.push(pool);
    else out.otherResources++;
    return;
  }
  if (obj.apiVersion !== "apps/v1") {
    out.warnings.push(
      `${where}: DaemonSet has apiVersion ${JSON.stringify(obj.apiVersion)}; checked as apps/v1 (the only version Kubernetes serves since 1.16)`,
    );
  }
  const manifest = {
    ...obj,
    metadata: isObject(obj.metadata) ? obj.metadata : {},
    spec: isObject(obj.spec) ? obj.spec : {},
  } as unknown as DaemonSet;
  const namespace = str(manifest.metadata.namespace) ?? "default";
  const name = str(manifest.metadata.name) ?? str((obj.metadata as { generateName?: unknown })?.generateName);
  out.daemonSets.push({
    source: { file, format: "k8s-yaml", address: `DaemonSet/${namespace}/${name ?? "<unnamed>"}`, line },
    kind: "DaemonSet",
    manifest,
    cluster: str(manifest.metadata.annotations?.[CONTRACT.clusterAnnotation]) ?? DEFAULT_CLUSTER,
  });
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
