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
  /** 1-based lines of documents that follow a `...` without a `---` line: kubectl never applies them. */
  readonly afterDocumentEnd: number[];
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
 * Reads every document of a YAML stream. The stream is cut at its `---` / `...` lines (a document marker at the
 * start of a line ends any scalar or collection, in YAML and in go-yaml's scanner) and each document read on its
 * own: documents without anchors (`&`) are read without per-node tracking, which costs a third more.
 * @throws YamlStreamError for malformed YAML, excessive aliasing, a merge of a non-mapping or nesting too deep
 */
export function readYamlStream(raw: string): YamlStream {
  const text = normalizeLineBreaks(raw);
  const noLineFeed = text !== raw && !raw.includes("\n");
  refuseKubectlSeparators(text);
  const documents: YamlDocument[] = [];
  const afterDocumentEnd: number[] = [];
  for (const chunk of documentChunks(text)) {
    const source = text.slice(chunk.start, chunk.end);
    let read: ChunkRead;
    try {
      read = readChunk(source);
    } catch (e) {
      if (e instanceof YamlStreamError) {
        throw new YamlStreamError(e.message, (e.line ?? 1) + chunk.line - 1);
      }
      throw e;
    }
    const root = rootLine(text, chunk.start, chunk.end);
    if (
      chunk.afterEnd &&
      !text.startsWith("---", root.lineStart) &&
      !/^(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*---/.test(source)
    ) {
      afterDocumentEnd.push(chunk.line + root.lines);
    }
    for (const value of read.values) {
      documents.push({
        value,
        line: chunk.line + root.lines,
        lineStart: root.lineStart,
        end: chunk.end,
      });
    }
  }
  return { documents, text, noLineFeed, afterDocumentEnd };
}

/**
 * kubectl (and Flux, Argo CD) cut a stream into documents with k8s.io/apimachinery/pkg/util/yaml's `YAMLReader`: a
 * line starting with `---` is a separator, and anything after it but spaces and a comment is an error ("invalid Yaml
 * document separator"), so `--- {kind: X}` or `---x` makes `kubectl apply` refuse the whole file. So do we.
 */
function refuseKubectlSeparators(text: string): void {
  const bad = /^---[ \t]*([^ \t\r\n#][^\r\n]*)/m.exec(text);
  if (bad === null) return;
  let line = 1;
  for (let i = text.indexOf("\n"); i !== -1 && i < bad.index; i = text.indexOf("\n", i + 1)) line++;
  throw new YamlStreamError(
    `invalid Yaml document separator: ${bad[1].trim().slice(0, 60)} (kubectl refuses the file: put the document ` +
      "on the lines after a `---` line of its own)",
    line,
  );
}

interface Chunk {
  /** Offsets of the document's text (from its `---` line, or the previous document's end). */
  readonly start: number;
  readonly end: number;
  /** 1-based line of `start`. */
  readonly line: number;
  /** True when it starts right after a `...` line rather than at a `---` line. */
  readonly afterEnd: boolean;
}

/** The stream's documents, cut at `---` and `...` lines; directives and comments before a `---` stay with it. */
function documentChunks(text: string): Chunk[] {
  const out: Chunk[] = [];
  const marker = /^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm;
  let start = 0;
  let startLine = 1;
  let afterEnd = false;
  // [start, clean) is known to hold no content (comments, directives, bare markers): never scanned twice.
  let clean = 0;
  let line = 1;
  let counted = 0;
  const lineAt = (offset: number) => {
    for (let i = text.indexOf("\n", counted); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) line++;
    counted = offset;
    return line;
  };
  const contentBefore = (at: number) => {
    if (hasContent(text, Math.max(start, clean), at)) return true;
    clean = at;
    return false;
  };
  for (let m = marker.exec(text); m !== null; m = marker.exec(text)) {
    const at = m.index;
    if (at > start && contentBefore(at)) {
      out.push({ start, end: at, line: startLine, afterEnd });
      start = at;
      clean = at;
      startLine = lineAt(at);
      afterEnd = false;
    }
    if (m[0] === "...") {
      // A document end: what follows its line belongs to the next document.
      const eol = text.indexOf("\n", at);
      start = eol === -1 ? text.length : eol + 1;
      clean = start;
      startLine = lineAt(start);
      afterEnd = true;
    }
  }
  if (start < text.length && contentBefore(text.length)) {
    out.push({ start, end: text.length, line: startLine, afterEnd });
  }
  return out;
}

/** The first line of [from, to) that is not blank, a comment, a directive or a bare `---`; undefined when none. */
function firstContent(text: string, from: number, to: number): number | undefined {
  let i = from;
  while (i < to) {
    const eol = text.indexOf("\n", i);
    const end = eol === -1 || eol > to ? to : eol;
    const lineText = text.slice(i, end);
    const bare = lineText.replace(/^---(?=[ \t\r]|$)/, "").trim();
    if (bare !== "" && bare[0] !== "#" && lineText[0] !== "%") return i;
    i = end + 1;
  }
  return undefined;
}

const hasContent = (text: string, from: number, to: number) => firstContent(text, from, to) !== undefined;

/** The line (relative to the chunk's first, 0-based, and its offset) the document's root node starts on. */
function rootLine(text: string, from: number, to: number): { lines: number; lineStart: number } {
  const at = firstContent(text, from, to) ?? from;
  let lines = 0;
  for (let i = text.indexOf("\n", from); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) lines++;
  return { lines, lineStart: at };
}

interface ChunkRead {
  readonly values: unknown[];
}

/** One document's text read: lines in errors are relative to it. */
function readChunk(source: string): ChunkRead {
  const tracked = source.includes("&");
  const aliasing = new AliasBudget();
  const mergesBefore = mergeKeyCount();
  const nonFiniteBefore = nonFiniteCount();
  let aliased = false;
  const values: unknown[] = [];
  const options: Parameters<typeof loadAll>[2] = {
    schema: KUBERNETES_YAML_SCHEMA,
    maxDepth: MAX_YAML_DEPTH,
  } as Parameters<typeof loadAll>[2];
  if (tracked) {
    // Aliases need an anchor: only a document with one is followed node by node, for go-yaml's alias bound.
    (options as { listener: NonNullable<NonNullable<typeof options>["listener"]> }).listener = (
      event,
      state,
    ) => {
      if (event === "open") {
        if ((state as typeof state & { depth: number }).depth === 1) aliasing.reset();
        aliasing.decoded(1, 0, state.line);
      } else if (state.kind === null && state.result !== null) {
        // An alias (js-yaml gives its target, without reading a node): go-yaml decodes the target again.
        aliased = true;
        const size = sizeOf(state.result);
        aliasing.decoded(size, size, state.line);
      }
    };
  }
  try {
    loadAll(source, (doc) => values.push(doc), options);
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
  if (aliased && values.some(hasCycle)) {
    throw new YamlStreamError("anchor value contains itself (an alias inside its own anchor)", 1);
  }
  if (mergeKeyCount() !== mergesBefore) {
    try {
      values.forEach(applyMerges);
    } catch (e) {
      throw new YamlStreamError((e as Error).message, 1);
    }
  }
  if (nonFiniteCount() !== nonFiniteBefore) {
    for (const v of values) {
      const bad = firstNonFinite(v);
      if (bad !== undefined) {
        throw new YamlStreamError(
          `${bad} is not a number JSON can hold, so Kubernetes cannot read this document ("json: unsupported value")`,
          1,
        );
      }
    }
  }
  return { values };
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
