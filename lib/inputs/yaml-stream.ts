/**
 * A YAML stream read as Kubernetes reads it, fast: js-yaml with go-yaml v2's scalars (yaml-schema.ts), go-yaml v2's
 * line breaks, merge keys and alias-expansion bound. Only the documents' values and where each starts are kept; a
 * finding's field is located later, and only for findings (yaml-locate.ts).
 */
import { loadAll, YAMLException } from "js-yaml";
import {
  KUBERNETES_YAML_SCHEMA,
  MERGE_KEY_PREFIX,
  mergeKeyCount,
  NON_FINITE_PREFIX,
  nonFiniteCount,
} from "./yaml-schema";

/** One document of a stream. */
export interface YamlDocument {
  /** Its value (null for an empty document). */
  readonly value: unknown;
  /** 1-based line its root node starts on. */
  readonly line: number;
  /** Offset (in {@link YamlStream.text}) of the start of that line. */
  readonly lineStart: number;
  /** Offset where the next document's root line starts, or the text's length. */
  readonly end: number;
}

/** A stream's documents and its text with every line break go-yaml knows written as `\n` (same length). */
export interface YamlStream {
  readonly documents: YamlDocument[];
  readonly text: string;
  /** True when the text breaks lines without any `\n` (lone CR, NEL, U+2028, U+2029 only). */
  readonly noLineFeed: boolean;
}

/** Thrown when a document is not what Kubernetes would read: `message` says why, `line` where (1-based). */
export class YamlStreamError extends Error {
  constructor(
    message: string,
    /** 1-based line, when known. */
    public readonly line?: number,
  ) {
    super(message);
    this.name = "YamlStreamError";
  }
}

/**
 * Deepest nesting read (js-yaml counts every node, keys included). A DaemonSet nests about 20 deep; go-yaml stops
 * at 10,000, but our own walks and the `manifests` writer must stay far from the stack's end, so we stop here.
 */
export const MAX_YAML_DEPTH = 256;

/**
 * go-yaml's `is_break` (yaml.v2 `yamlprivateh.go`, used by the scanner in `scannerc.go`): CR, LF, CR LF, NEL
 * (U+0085), LS (U+2028) and PS (U+2029) all end a line. js-yaml knows CR and LF; the others (and a lone CR, which the
 * locator's parser does not know) are written as `\n`, which keeps every offset. Inside scalars go-yaml reads CR and
 * NEL as `\n` too; it keeps an LS / PS in a block scalar's text as itself, which is read as `\n` here.
 */
export function normalizeLineBreaks(text: string): string {
  return OTHER_BREAK.test(text) ? text.replace(OTHER_BREAKS, "\n") : text;
}
const OTHER_BREAK = /\r(?!\n)|[\u0085\u2028\u2029]/;
const OTHER_BREAKS = /\r(?!\n)|[\u0085\u2028\u2029]/g;

/**
 * Reads every document of a YAML stream.
 * @throws YamlStreamError for malformed YAML, excessive aliasing, a merge of a non-mapping or nesting too deep
 */
export function readYamlStream(raw: string): YamlStream {
  const text = normalizeLineBreaks(raw);
  const noLineFeed = text !== raw && !raw.includes("\n");
  const starts: { line: number; lineStart: number }[] = [];
  const aliasing = new AliasBudget();
  const mergesBefore = mergeKeyCount();
  const nonFiniteBefore = nonFiniteCount();
  const aliased = new Set<number>();
  const values: unknown[] = [];
  try {
    loadAll(text, (doc) => values.push(doc), {
      schema: KUBERNETES_YAML_SCHEMA,
      maxDepth: MAX_YAML_DEPTH,
      listener(event, state) {
        if (event === "open") {
          if ((state as typeof state & { depth: number }).depth === 1) {
            starts.push({ line: state.line + 1, lineStart: state.lineStart });
            aliasing.reset();
          }
          aliasing.decoded(1, 0, state.line);
        } else if (state.kind === null && state.result !== null) {
          // An alias (js-yaml gives its target, without reading a node): go-yaml decodes the target again.
          aliased.add(starts.length - 1);
          const size = sizeOf(state.result);
          aliasing.decoded(size, size, state.line);
        }
      },
    } as Parameters<typeof loadAll>[2]);
  } catch (e) {
    if (e instanceof YamlStreamError) throw e;
    if (e instanceof YAMLException) {
      const reason = /maxDepth/.test(e.reason)
        ? `nesting deeper than ${MAX_YAML_DEPTH} levels (a DaemonSet nests about 20); not read`
        : e.reason;
      throw new YamlStreamError(reason, e.mark ? e.mark.line + 1 : undefined);
    }
    throw e;
  }
  // An alias inside its own anchor (`&a [*a]`): go-yaml refuses it (`decode.go` `alias`). js-yaml builds the cycle.
  for (const i of aliased) {
    if (hasCycle(values[i])) {
      throw new YamlStreamError(
        "anchor value contains itself (an alias inside its own anchor)",
        starts[i]?.line,
      );
    }
  }
  if (mergeKeyCount() !== mergesBefore) {
    values.forEach((v, i) => {
      try {
        applyMerges(v);
      } catch (e) {
        throw new YamlStreamError((e as Error).message, starts[i]?.line);
      }
    });
  }
  if (nonFiniteCount() !== nonFiniteBefore) {
    values.forEach((v, i) => {
      const bad = firstNonFinite(v);
      if (bad !== undefined) {
        throw new YamlStreamError(
          `${bad} is not a number JSON can hold, so Kubernetes cannot read this document ("json: unsupported value")`,
          starts[i]?.line,
        );
      }
    });
  }
  const documents = values.map((value, i) => ({
    value,
    line: starts[i]?.line ?? 1,
    lineStart: starts[i]?.lineStart ?? 0,
    end: starts[i + 1]?.lineStart ?? text.length,
  }));
  return { documents, text, noLineFeed };
}

/**
 * go-yaml v2's bound on alias expansion (yaml.v2 v2.4.0 `decode.go` `unmarshal` / `allowedAliasRatio`, the fix of
 * CVE-2019-11253): once more than 100 nodes came from aliases and more than 1,000 were decoded, the share of
 * alias-driven decodes may be 99% up to 400,000 decodes, falling to 10% at 4,000,000. Counted per document.
 */
class AliasBudget {
  private decodes = 0;
  private aliased = 0;

  reset(): void {
    this.decodes = 0;
    this.aliased = 0;
  }

  decoded(nodes: number, fromAliases: number, line: number): void {
    this.decodes += nodes;
    this.aliased += fromAliases;
    if (
      this.aliased > 100 &&
      this.decodes > 1000 &&
      this.aliased / this.decodes > allowedAliasRatio(this.decodes)
    ) {
      throw new YamlStreamError(
        `document contains excessive aliasing (its aliases expand to ${this.aliased.toLocaleString("en-US")}+ nodes; ` +
          "Kubernetes' YAML parser refuses it too)",
        line + 1,
      );
    }
  }
}

function allowedAliasRatio(decodes: number): number {
  if (decodes <= 400_000) return 0.99;
  if (decodes >= 4_000_000) return 0.1;
  return 0.99 - 0.89 * ((decodes - 400_000) / 3_600_000);
}

const sizes = new WeakMap<object, number>();

/** Nodes go-yaml decodes for a value (keys count): memoized per object, iterative, so shared parts count once. */
function sizeOf(value: unknown): number {
  if (typeof value !== "object" || value === null) return 1;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  const inProgress = new Set<object>();
  const stack: object[] = [value];
  while (stack.length > 0) {
    const node = stack[stack.length - 1];
    if (sizes.has(node)) {
      stack.pop();
      continue;
    }
    const children: unknown[] = Array.isArray(node) ? node : Object.values(node);
    if (!inProgress.has(node)) {
      inProgress.add(node);
      for (const c of children) {
        if (typeof c !== "object" || c === null || sizes.has(c)) continue;
        if (inProgress.has(c)) throw new YamlStreamError("an anchor's value contains itself");
        stack.push(c);
      }
      continue;
    }
    let n = 1 + (Array.isArray(node) ? 0 : children.length);
    for (const c of children) n += typeof c === "object" && c !== null ? (sizes.get(c) ?? 1) : 1;
    sizes.set(node, n);
    inProgress.delete(node);
    stack.pop();
  }
  return sizes.get(value) ?? 1;
}

const isMergeKey = (k: string) => k.startsWith(MERGE_KEY_PREFIX);
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Applies merge keys (`<<: *base`, `<<: [*a, *b]`) as go-yaml v2 does (`decode.go` `mapping` / `merge`): pairs in
 * order, a merge assigning every key of its mapping over what is already there, a list merged from its last mapping
 * to its first (so earlier ones win), later keys over merged ones. (js-yaml's own merge lets earlier keys win over a
 * later merge, so `privileged: false` then `<<: *privileged` would read differently.) A plain `<<` that is a value
 * is the string `<<`. Iterative, children first; shared objects are done once.
 */
function applyMerges(root: unknown): void {
  if (typeof root !== "object" || root === null) return;
  const done = new Set<object>();
  const stack: { node: object; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (done.has(top.node)) {
      stack.pop();
      continue;
    }
    const node = top.node as Record<string, unknown> | unknown[];
    if (!top.expanded) {
      top.expanded = true;
      for (const c of Object.values(node)) {
        if (typeof c === "object" && c !== null && !done.has(c)) stack.push({ node: c, expanded: false });
      }
      continue;
    }
    stack.pop();
    done.add(node);
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) if (isMergeValue(node[i])) node[i] = "<<";
      continue;
    }
    const entries = Object.entries(node);
    if (!entries.some(([k]) => isMergeKey(k))) {
      for (const [k, v] of entries) if (isMergeValue(v)) node[k] = "<<";
      continue;
    }
    for (const [k] of entries) delete node[k];
    for (const [k, v] of entries) {
      if (isMergeKey(k)) mergeInto(node, v);
      else setKey(node, k, isMergeValue(v) ? "<<" : v);
    }
  }
}

const isMergeValue = (v: unknown) => typeof v === "string" && isMergeKey(v);

function mergeInto(target: Record<string, unknown>, source: unknown): void {
  const sources = Array.isArray(source) ? [...source].reverse() : [source];
  for (const s of sources) {
    if (!isPlainObject(s)) throw new Error("map merge requires map or sequence of maps as the value");
    for (const [k, v] of Object.entries(s)) setKey(target, k, v);
  }
}

function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

/** True when a value holds itself (iterative; the path is tracked, shared non-cyclic parts are walked once). */
function hasCycle(root: unknown): boolean {
  if (typeof root !== "object" || root === null) return false;
  const onPath = new Set<object>();
  const done = new Set<object>();
  const stack: { node: object; expanded: boolean }[] = [{ node: root, expanded: false }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.expanded) {
      onPath.delete(top.node);
      done.add(top.node);
      stack.pop();
      continue;
    }
    top.expanded = true;
    onPath.add(top.node);
    for (const c of Object.values(top.node)) {
      if (typeof c !== "object" || c === null || done.has(c)) continue;
      if (onPath.has(c)) return true;
      stack.push({ node: c, expanded: false });
    }
  }
  return false;
}

/**
 * Renames `.inf` / `.nan` keys to the text Kubernetes makes of them and returns the first such value (not key), as
 * written, or undefined. Iterative.
 */
function firstNonFinite(root: unknown): string | undefined {
  const isMarked = (v: unknown): v is string => typeof v === "string" && v.startsWith(NON_FINITE_PREFIX);
  if (isMarked(root)) return root.slice(NON_FINITE_PREFIX.length);
  const stack: unknown[] = [root];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (!Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) {
        if (!k.startsWith(NON_FINITE_PREFIX)) continue;
        setKey(o, k.slice(NON_FINITE_PREFIX.length), o[k]);
        delete o[k];
      }
    }
    for (const c of Object.values(v)) {
      if (isMarked(c)) return c.slice(NON_FINITE_PREFIX.length);
      stack.push(c);
    }
  }
  return undefined;
}
