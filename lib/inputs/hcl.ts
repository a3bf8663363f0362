import { expandDynamicBlocks, literalForEach } from "./dynamic-blocks";
import { parseHclText } from "./hcl-parse";
import { MAX_NESTING, nestingProblem } from "./json-positions";
import { parseJson } from "./json";
import { localResolver, localsOf, siblingLocals } from "./terraform-locals";
import { daemonSetsFromTerraformJson } from "./tf-json";
import { FileLoadResult, InputError } from "./types";

/**
 * Loads one HCL file (`*.tf`) through `@cdktf/hcl2json` (loaded on first use), then reads it like Terraform JSON
 * (blocks arrive as arrays of one, which the provider-shape mapping accepts).
 *
 * Literal `locals` (of this file and of the other `*.tf` / `*.tf.json` files of its directory, the module) are
 * substituted, and `count` / `for_each` over known values expand to one DaemonSet per instance, as for tf.json.
 * Everything else stays as its expression text (unknown); heredocs are plain strings. `dynamic` blocks are expanded
 * when `for_each` is a literal list or map (whole-value `${it.value}` / `${it.key}` substituted), else generate one
 * block whose iterator values stay unknown. Each DaemonSet carries the line of its `resource` block. Malformed HCL
 * throws an `InputError` with the parser's line.
 * @param context `path`: the file's resolved path, to find its module directory
 */
export async function loadHcl(
  file: string,
  text: string,
  context: { readonly path?: string } = {},
): Promise<FileLoadResult> {
  let json: unknown;
  try {
    json = await parseHclText(file, text);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw hclError(file, e);
  }
  const deep = nestingProblem(json);
  if (deep !== undefined) {
    throw new InputError(
      file,
      `nested deeper than ${MAX_NESTING} levels (at ${deep}); no Terraform configuration nests this deep`,
    );
  }
  const locals =
    context.path !== undefined && text.includes("local.")
      ? await siblingLocals(context.path, parseHclText, parseJson)
      : undefined;
  // A dynamic block's for_each over a literal local expands too.
  const local = localResolver({ ...locals, ...localsOf(json) });
  const { value, warnings } = expandDynamicBlocks(json, file, literalForEach(local));
  const lines = resourceLines(text);
  const result = daemonSetsFromTerraformJson(
    value,
    { file, format: "hcl" },
    { lineOf: (type, name) => lines.get(`${type}\0${name}`), ...(locals ? { locals } : {}) },
  );
  return { ...result, warnings: [...warnings, ...result.warnings] };
}

/**
 * The line of each `resource "<type>" "<name>" {` block header (labels quoted or bare), by `type` + "\0" + `name`.
 * A header-shaped line inside a heredoc could be taken for a block; the first occurrence wins.
 */
export function resourceLines(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const header =
    /^[ \t]*resource[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*))[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*))[ \t]*\{/gm;
  let line = 1;
  let pos = 0;
  for (let m = header.exec(text); m !== null; m = header.exec(text)) {
    for (let i = text.indexOf("\n", pos); i !== -1 && i < m.index; i = text.indexOf("\n", i + 1)) line++;
    pos = m.index;
    const id = `${m[1] ?? m[2]}\0${m[3] ?? m[4]}`;
    if (!out.has(id)) out.set(id, line);
  }
  return out;
}

/**
 * hcl2json reports `parse config: [main.tf:3,10-4,1: Invalid expression; Expected the start of an expression...]`:
 * keep the first diagnostic's summary and detail, and its line.
 */
export function hclError(file: string, error: unknown): InputError {
  const raw = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
  const all = /^parse config: \[(.*)\]$/.exec(raw)?.[1] ?? raw;
  const inner = all.split(/, (?=[^\s,]+:\d+,\d+)/)[0];
  const position = /^(.*?):(\d+),\d+(?:-(?:\d+,)?\d+)?: (.*)$/.exec(inner);
  if (position === null) return new InputError(file, `malformed HCL: ${inner}`);
  const detail = position[3].replace(/; /, ": ");
  return new InputError(file, `malformed HCL: ${detail}`, Number(position[2]));
}
