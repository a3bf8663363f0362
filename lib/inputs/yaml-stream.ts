/**
 * A YAML stream read as Kubernetes reads it, fast: js-yaml with go-yaml v2's scalars (yaml-schema.ts), go-yaml v2's
 * line breaks, merge keys and alias-expansion bound. Only the documents' values and where each starts are kept; a
 * finding's field is located later, and only for findings (yaml-locate.ts).
 */
import { loadAll, YAMLException } from "js-yaml";
import { KUBERNETES_YAML_SCHEMA, mergeKeyCount, nonFiniteCount, NULL_MARK } from "./yaml-schema";
import { AliasBudget, applyMerges, hasCycle, sizeOf, unmarkScalars, YamlStreamError } from "./yaml-values";

export { YamlStreamError } from "./yaml-values";

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
    for (let i = 0; i < values.length; i++) {
      if (values[i] === NULL_MARK) values[i] = null;
      const bad = unmarkScalars(values[i]);
      if (bad !== undefined) {
        throw new YamlStreamError(
          `a ${bad} cannot be turned into JSON, so Kubernetes cannot read this document ` +
            '(its YAML-to-JSON step fails: "json: unsupported value" / "unsupported map key")',
          1,
        );
      }
    }
  }
  return { values };
}
