/**
 * Small, safe readers of a loaded DaemonSet's fields. Inputs are untrusted: any field may be missing, a Terraform
 * expression (`${var.x}`), or the wrong shape. A reader returns the value when it is known and throws `UnknownValue`
 * when it is not; `judge` (rules/result.ts) turns that into "not applicable: value unknown", never a guess.
 */
import { readContract, WaveContract } from "../model/contract";
import { ImageRef, imageVersion, parseImage } from "../model/image";
import { Container, PodSpec } from "../model/k8s";
import { isUnknown, LoadedDaemonSet } from "../inputs/types";

/** Thrown when a rule cannot decide a resource; `judge` reports it as not applicable with this message. */
export class Undecidable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "Undecidable";
  }
}

/** Thrown by readers for a value Terraform decides only at plan or apply time (or one of an unreadable shape). */
export class UnknownValue extends Undecidable {
  constructor(
    /** Dotted field path, e.g. `spec.minReadySeconds`. */
    public readonly field: string,
    /** The expression or value found. */
    public readonly expression: string,
  ) {
    super(`value unknown: ${field} is ${expression}`);
    this.name = "UnknownValue";
  }
}

/** Annotation prefix stating why a DaemonSet needs a risky setting, e.g. `wavegate.dev/allow-host-network`. */
export const REASON_ANNOTATION_PREFIX = "wavegate.dev/allow-";

/** Shortest reason accepted in an `allow-` annotation. */
export const MIN_REASON_LENGTH = 10;

type JsonObject = Record<string, unknown>;

/**
 * Values derived from one DaemonSet that several rules read (contract, containers, version), computed once.
 */
export interface DaemonSetFacts {
  contract?: Partial<WaveContract> | null;
  containers?: readonly ContainerAt[];
  allContainers?: readonly ContainerAt[];
  version?: { readonly version: string | undefined };
  agentContainer?: { readonly at: ContainerAt | undefined };
  podSpec?: Partial<PodSpec>;
  capabilities?: unknown;
  [more: string]: unknown;
}

/** Every known fact declared up front: one object shape for all DaemonSets' facts (monomorphic reads). */
function newFacts(): DaemonSetFacts {
  return {
    contract: undefined,
    containers: undefined,
    allContainers: undefined,
    version: undefined,
    agentContainer: undefined,
    podSpec: undefined,
    capabilities: undefined,
  };
}

/**
 * Each DaemonSet's facts live on the DaemonSet itself, under a private symbol (non-enumerable: invisible to
 * `JSON.stringify`, `Object.keys` and deep equality): a property read, where a WeakMap lookup per call cost ~50 ms
 * over the ~400,000 reads of a 10,000-DaemonSet check. A frozen DaemonSet keeps its facts in a WeakMap instead.
 */
const FACTS = Symbol("wavegate.facts");
const frozenFacts = new WeakMap<LoadedDaemonSet, DaemonSetFacts>();

/** The DaemonSet asked about last and its facts: a rule asks several readers about one DaemonSet in a row. */
let lastDs: LoadedDaemonSet | undefined;
let lastFacts: DaemonSetFacts = {};

/** The memo of derived values of one DaemonSet (see `DaemonSetFacts`), computed once per DaemonSet. */
export function factsOf(ds: LoadedDaemonSet): DaemonSetFacts {
  if (ds === lastDs) return lastFacts;
  let f = (ds as { [FACTS]?: DaemonSetFacts })[FACTS] ?? frozenFacts.get(ds);
  if (f === undefined) {
    f = newFacts();
    if (Object.isExtensible(ds)) Object.defineProperty(ds, FACTS, { value: f });
    else frozenFacts.set(ds, f);
  }
  lastDs = ds;
  lastFacts = f;
  return f;
}

/** True for a JSON object (not null, not a list): the shape `knownObject` returns as is. */
export const isObject = (v: unknown): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const describe = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v) ?? String(v)));

/** The value itself; throws `UnknownValue` when it is a Terraform expression. */
export function known<T>(value: T, field: string): T {
  if (isUnknown(value)) throw new UnknownValue(field, describe(value));
  return value;
}

/** An object field (undefined when absent); throws `UnknownValue` for an expression or a non-object. */
export function knownObject(value: unknown, field: string): JsonObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (isObject(value)) return value;
  throw new UnknownValue(field, describe(value));
}

/** A list field (empty when absent); throws `UnknownValue` for an expression or a non-list. */
export function knownList<T = unknown>(value: unknown, field: string): T[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value as T[];
  throw new UnknownValue(field, describe(value));
}

/** A number field (undefined when absent); `"30"` reads as 30; throws `UnknownValue` otherwise. */
export function knownNumber(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return Number(value);
  throw new UnknownValue(field, describe(value));
}

/** A boolean field (undefined when absent); `"true"` reads as true; throws `UnknownValue` otherwise. */
export function knownBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (value === "true" || value === "false") return value === "true";
  throw new UnknownValue(field, describe(value));
}

/** The DaemonSet's pod spec (`spec.template.spec`), or an empty object when absent. */
export function podSpecOf(ds: LoadedDaemonSet): Partial<PodSpec> {
  // Read once per DaemonSet (most rules ask); an unknown part throws each time, as the first read did.
  const facts = factsOf(ds);
  return (facts.podSpec ??= readPodSpec(ds));
}

function readPodSpec(ds: LoadedDaemonSet): Partial<PodSpec> {
  const spec = knownObject(ds.manifest.spec, "spec") ?? {};
  const template = knownObject(spec.template, "spec.template") ?? {};
  return (knownObject(template.spec, "spec.template.spec") ?? {}) as Partial<PodSpec>;
}

/** A container with the field path it was read from. */
export interface ContainerAt {
  /** The container (its fields may still be unknown). */
  readonly container: Container;
  /** Its field path, e.g. `spec.template.spec.containers[0]`. */
  readonly field: string;
  /** How messages name it: `container "agent"`, or `container #2` / `init container #1` when it has no name. */
  readonly label: string;
}

/**
 * The pod's containers (and, with `init`, its init containers first), each with its field path. Computed once per
 * DaemonSet (every rule reads them); throws `UnknownValue` when a list is an expression.
 */
export function containersOf(ds: LoadedDaemonSet, options?: { init?: boolean }): readonly ContainerAt[] {
  const facts = factsOf(ds);
  const init = options !== undefined && Boolean(options.init);
  const hit = init ? facts.allContainers : facts.containers;
  if (hit !== undefined) return hit;
  const pod = podSpecOf(ds);
  const plain = facts.containers ?? (facts.containers = listContainers(pod.containers, false));
  if (!init) return plain;
  facts.allContainers =
    pod.initContainers === undefined ? plain : [...listContainers(pod.initContainers, true), ...plain];
  return facts.allContainers;
}

/** Field paths of the first containers (`spec.template.spec.containers[0]`), built once: every DaemonSet has them. */
const CONTAINER_FIELDS: string[] = [];
const INIT_CONTAINER_FIELDS: string[] = [];
const CACHED_FIELDS = 16;

function containerField(index: number, init: boolean): string {
  const cache = init ? INIT_CONTAINER_FIELDS : CONTAINER_FIELDS;
  const hit = index < CACHED_FIELDS ? cache[index] : undefined;
  if (hit !== undefined) return hit;
  const field = `spec.template.spec.${init ? "initContainers" : "containers"}[${index}]`;
  if (index < CACHED_FIELDS) cache[index] = field;
  return field;
}

function listContainers(value: unknown, init: boolean): ContainerAt[] {
  const list: unknown[] = Array.isArray(value)
    ? value
    : knownList(value, `spec.template.spec.${init ? "initContainers" : "containers"}`);
  const out = new Array<ContainerAt>(list.length);
  for (let i = 0; i < list.length; i++) {
    const field = containerField(i, init);
    const c = list[i];
    const container = (isObject(c) ? c : (knownObject(c, field) ?? {})) as unknown as Container;
    out[i] = { container, field, label: containerLabel(container.name, i, init) };
  }
  return out;
}

/** Labels by container name (`container "agent"`): the agents of a fleet share a few names. Bounded. */
const labels = new Map<string, string>();

/**
 * How messages name a container: `container "agent"`, or by its 1-based position in its list (`container #2`,
 * `init container #1`) when its name is missing, empty or unknown until apply.
 */
export function containerLabel(name: unknown, index: number, init = false): string {
  if (typeof name === "string") {
    const hit = labels.get(name);
    if (hit !== undefined) return hit;
    if (name.trim() !== "" && !isUnknown(name)) {
      const label = `container ${JSON.stringify(name)}`;
      if (labels.size >= MAX_LABELS) labels.clear();
      labels.set(name, label);
      return label;
    }
  }
  return `${init ? "init container" : "container"} #${index + 1}`;
}

const MAX_LABELS = 10_000;

/** The DaemonSet's rollout contract, or undefined when it does not adopt the contract (computed once). */
export function contractOf(ds: LoadedDaemonSet): Partial<WaveContract> | undefined {
  const facts = factsOf(ds);
  if (facts.contract === undefined) {
    const meta = isObject(ds.manifest.metadata) ? ds.manifest.metadata : {};
    facts.contract = readContract(asRecord(meta.labels), asRecord(meta.annotations)) ?? null;
  }
  return facts.contract ?? undefined;
}

/**
 * The container that runs the agent: the one whose image version is the contract's version, else the first.
 * Undefined when the pod has no container. Computed once per DaemonSet.
 */
export function agentContainerOf(ds: LoadedDaemonSet): ContainerAt | undefined {
  const facts = factsOf(ds);
  if (facts.agentContainer === undefined) facts.agentContainer = { at: findAgentContainer(ds) };
  return facts.agentContainer.at;
}

function findAgentContainer(ds: LoadedDaemonSet): ContainerAt | undefined {
  const all = containersOf(ds);
  const version = contractOf(ds)?.version;
  if (version !== undefined) {
    for (let i = 0; i < all.length; i++) {
      const image = all[i].container.image;
      if (typeof image !== "string") continue;
      const { ref, version: imageVer } = imageOf(image);
      if (imageVer === version || ref.tag === version || ref.digest === version) return all[i];
    }
  }
  return all[0];
}

/** Parsed images by reference text: DaemonSets of one agent share a few images, and several rules parse them. */
const images = new Map<string, { readonly ref: ImageRef; readonly version: string | undefined }>();
const MAX_IMAGES = 10_000;

/** `parseImage` and `imageVersion` of an image reference, memoized (bounded). */
export function imageOf(image: string): { readonly ref: ImageRef; readonly version: string | undefined } {
  let parsed = images.get(image);
  if (parsed === undefined) {
    parsed = { ref: parseImage(image), version: imageVersion(image) };
    if (images.size >= MAX_IMAGES) images.clear();
    images.set(image, parsed);
  }
  return parsed;
}

/**
 * The version a DaemonSet runs, read from the agent container's image (the image is what runs; the
 * `wavegate.dev/version` annotation is a claim about it): the image's tag, `tag@digest` or digest. When the image
 * is pinned by digest only and the annotation is `<tag>@<that digest>`, the annotation (which can be ordered) is
 * used. Undefined when there is no container or the image has neither tag nor digest. Cached per DaemonSet; throws
 * `UnknownValue` when the image is an expression.
 */
export function versionOf(ds: LoadedDaemonSet): string | undefined {
  const facts = factsOf(ds);
  if (facts.version === undefined) facts.version = { version: readVersion(ds) };
  return facts.version.version;
}

function readVersion(ds: LoadedDaemonSet): string | undefined {
  const running = imageVersionOf(ds);
  const stated = contractOf(ds)?.version;
  if (running === undefined || typeof stated !== "string" || isUnknown(stated)) return running;
  const bareDigest = running.startsWith("sha256:");
  return bareDigest && stated.endsWith(`@${running}`) ? stated : running;
}

/**
 * The agent container's image version (`tag`, `tag@digest` or `sha256:...`), undefined when the pod has no
 * container or the image has no tag or digest; throws `UnknownValue` when the image is an expression.
 */
export function imageVersionOf(ds: LoadedDaemonSet): string | undefined {
  const agent = agentContainerOf(ds);
  if (agent === undefined) return undefined;
  const image = agent.container.image;
  if (typeof image !== "string") return undefined;
  if (isUnknown(image)) known(image, `${agent.field}.image`);
  return imageOf(image).version;
}

/**
 * The reason stated for a risky setting by an `wavegate.dev/allow-<what>` annotation on the DaemonSet or its pod
 * template, when it is at least 10 characters long.
 */
export function statedReason(ds: LoadedDaemonSet, what: string): string | undefined {
  const key = `${REASON_ANNOTATION_PREFIX}${what}`;
  const spec: JsonObject = isObject(ds.manifest.spec) ? ds.manifest.spec : {};
  const template: JsonObject = isObject(spec.template) ? spec.template : {};
  for (const meta of [ds.manifest.metadata, template.metadata]) {
    const annotations = isObject(meta) ? asRecord(meta.annotations) : undefined;
    const reason = annotations?.[key];
    if (typeof reason === "string" && !isUnknown(reason) && reason.trim().length >= MIN_REASON_LENGTH) {
      return reason.trim();
    }
  }
  return undefined;
}

/** `DaemonSet/<namespace>/<name>` of a loaded DaemonSet (`default` namespace when none is set). */
export function kubernetesRef(ds: LoadedDaemonSet): string {
  const meta = isObject(ds.manifest.metadata) ? ds.manifest.metadata : {};
  const namespace = typeof meta.namespace === "string" ? meta.namespace : "default";
  return `DaemonSet/${namespace}/${String(meta.name ?? "")}`;
}

function asRecord(v: unknown): Record<string, unknown> | undefined {
  return isObject(v) ? v : undefined;
}
