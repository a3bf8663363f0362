/**
 * Finds the line of a field (`spec.template.spec.containers[0].securityContext.privileged`) in one YAML document,
 * on demand: the document is parsed again into the `yaml` library's concrete syntax tree (no values, no composition),
 * which is done only for findings that need a line, never for every DaemonSet read.
 */
import type { CST } from "yaml";

/** The `yaml` library, loaded on the first line asked for (a check with no failure never loads it). */
let yamlLib: typeof import("yaml") | undefined;
function yaml(): typeof import("yaml") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yamlLib ??= require("yaml") as typeof import("yaml");
  return yamlLib;
}

/** A path segment: a mapping key or a list index. */
export type PathSegment = string | number;

/**
 * Splits a field path as the rules write it: dotted keys, `[0]` indexes and `["wavegate.dev/version"]` keys.
 * @example parseFieldPath('metadata.annotations["a.b/c"]') // ["metadata", "annotations", "a.b/c"]
 */
export function parseFieldPath(field: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (let m = re.exec(field); m !== null; m = re.exec(field)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(`"${m[3]}"`) as string);
  }
  return out;
}

/** Where one document sits in a (line-break normalized) text. */
export interface DocumentSpan {
  readonly text: string;
  /** Offset of the start of the line its root node starts on. */
  readonly lineStart: number;
  /** 1-based number of that line. */
  readonly line: number;
  /** Offset where the document's text ends (the next document's root line, or the end). */
  readonly end: number;
}

let cached: { span: DocumentSpan; root: CST.Token | undefined } | undefined;

/**
 * The 1-based line of `path` (after `base`, the path of the object inside its document, e.g. `items[2]` of a List) in
 * the document, or of the deepest part of it that is written there (a missing `readOnlyRootFilesystem` points at its
 * container's `securityContext`, or the container). The last document parsed is kept, so asking for several fields of
 * one document in a row parses it once.
 */
export function lineOfPath(
  span: DocumentSpan,
  base: readonly PathSegment[],
  path: readonly PathSegment[],
): number {
  if (cached?.span !== span) cached = { span, root: parseRoot(span) };
  let node = cached.root;
  let offset: number | undefined = node !== undefined ? startOf(node) : undefined;
  for (const seg of [...base, ...path]) {
    const next = node !== undefined ? child(node, seg) : undefined;
    if (next === undefined) break;
    offset = next.at;
    node = next.value;
  }
  if (offset === undefined) return span.line;
  let line = span.line;
  for (let i = span.lineStart; i < offset; i++) if (span.text.charCodeAt(i) === 10) line++;
  return line;
}

function parseRoot(span: DocumentSpan): CST.Token | undefined {
  const source = span.text.slice(span.lineStart, span.end);
  for (const token of new (yaml().Parser)().parse(source)) {
    if (token.type === "document") return shift(token.value, span.lineStart);
  }
  return undefined;
}

/** The CST's offsets are relative to the slice; walk with absolute offsets by remembering the shift. */
const shifts = new WeakMap<object, number>();
function shift<T extends CST.Token | undefined>(token: T, by: number): T {
  if (token !== undefined) shifts.set(token, by);
  return token;
}
const shiftOf = (token: CST.Token): number => shifts.get(token) ?? 0;

function startOf(token: CST.Token): number {
  return ("offset" in token ? token.offset : 0) + shiftOf(token);
}

type Item = CST.CollectionItem;

/** The child at `seg`: where its key (or list item) is written, and its value token. */
function child(node: CST.Token, seg: PathSegment): { at: number; value: CST.Token | undefined } | undefined {
  const by = shiftOf(node);
  const items: Item[] | undefined =
    node.type === "block-map" || node.type === "block-seq" || node.type === "flow-collection"
      ? (node.items as Item[])
      : undefined;
  if (items === undefined) return undefined;
  const isSeq = node.type === "block-seq" || (node.type === "flow-collection" && node.start.source === "[");
  let item: Item | undefined;
  if (typeof seg === "number") {
    item = isSeq ? items.filter((i) => i.value !== undefined || i.key !== undefined)[seg] : undefined;
  } else if (!isSeq) {
    item = items.find((i) => i.key !== undefined && i.key !== null && keyText(i.key) === seg);
  }
  if (item === undefined) return undefined;
  const written = item.key ?? item.value ?? item.start[0];
  const at =
    written !== undefined && written !== null && "offset" in written ? written.offset + by : startOf(node);
  return { at, value: shift(item.value ?? undefined, by) };
}

function keyText(key: CST.Token): string | undefined {
  const scalar = yaml().CST.resolveAsScalar(key);
  return scalar?.value;
}
