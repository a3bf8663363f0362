import type { Document } from "yaml";
import { ReleaseError } from "./errors";
import { ReleaseFile } from "./release-file";
import { ReleaseFileData } from "./schema";

/** How a release file is written. */
export type ReleaseFormat = "yaml" | "json";

/** The format of a release file, by its name (`.json` is JSON; anything else YAML, which JSON also is). */
export function releaseFormat(file: string): ReleaseFormat {
  return file.endsWith(".json") ? "json" : "yaml";
}

/** The yaml package, loaded only when a YAML release file is read (never by `check` of a JSON file). */
function yamlLib(): typeof import("yaml") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("yaml") as typeof import("yaml");
}

/**
 * Parses a release file's text (YAML or JSON) and validates it.
 * @throws ReleaseError naming the file and the line (syntax) or field (content)
 */
export function parseReleaseText(text: string, file: string): ReleaseFile {
  return ReleaseFile.parse(releaseData(text, file), file);
}

function releaseData(text: string, file: string): unknown {
  if (releaseFormat(file) === "json") {
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ReleaseError(
        file,
        "(syntax)",
        `not JSON (${(err as Error).message})`,
        "Fix the JSON syntax.",
      );
    }
  }
  const doc = parseDocument(text, file);
  return doc.toJS({ maxAliasCount: 100 });
}

function parseDocument(text: string, file: string): Document.Parsed {
  const { parseDocument: parse, LineCounter } = yamlLib();
  const lines = new LineCounter();
  const doc = parse(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const line = lines.linePos(error.pos[0]).line;
    throw new ReleaseError(file, `line ${line}`, error.message.split("\n")[0], "Fix the YAML syntax.");
  }
  return doc;
}

/**
 * The release file's text after promoting `agents[agent].waves[to]` from the wave before it (see `promotedData`).
 * YAML is edited in place through yaml's Document API, so comments, key order and layout stay (the copied content
 * keeps the source wave's block style); JSON is rewritten with its indentation.
 */
export function promoteText(text: string, file: string, agent: number, to: number): string {
  if (releaseFormat(file) === "json") {
    const data = JSON.parse(text) as ReleaseFileData;
    const indent = /^[ \t]*\{\s*\n([ \t]+)"/.exec(text)?.[1] ?? "  ";
    const source = data.agents[agent].waves[to - 1];
    const target = data.agents[agent].waves[to] as unknown as Record<string, unknown>;
    target.version = source.version;
    for (const key of ["content", "args", "env"] as const) {
      if (source[key] === undefined) delete target[key];
      else target[key] = structuredClone(source[key]);
    }
    return `${JSON.stringify(data, null, indent)}\n`;
  }
  const doc = parseDocument(text, file);
  const { isNode } = yamlLib();
  const src = ["agents", agent, "waves", to - 1];
  const dst = ["agents", agent, "waves", to];
  for (const key of ["version", "content", "args", "env"]) {
    const node = doc.getIn([...src, key], true);
    if (node === undefined) {
      if (doc.hasIn([...dst, key])) doc.deleteIn([...dst, key]);
      continue;
    }
    const copy = isNode(node) ? node.clone() : node;
    if (isNode(copy)) {
      copy.comment = undefined;
      copy.commentBefore = undefined;
    }
    const existing = doc.getIn([...dst, key], true);
    if (key === "version" && isNode(existing) && isNode(copy) && "value" in existing && "value" in copy) {
      // Keep the scalar node (and its comments); change its value only.
      (existing as { value: unknown }).value = (copy as { value: unknown }).value;
      continue;
    }
    doc.setIn([...dst, key], copy);
  }
  return doc.toString({ lineWidth: 0 });
}
