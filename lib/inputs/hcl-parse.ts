import { InputError } from "./types";

/**
 * Largest `.tf` file handed to `@cdktf/hcl2json`. Its WebAssembly parser is superlinear in the length of a heredoc
 * (measured: a 1 MB heredoc takes ~15 s, 10 MB minutes), so size is bounded before parsing. Real Terraform modules are
 * far smaller; split a larger file, or run `wavegate check` on `terraform show -json` output instead.
 */
export const MAX_HCL_BYTES = 1_000_000;

/** Longest heredoc (in characters) accepted; beyond it hcl2json's time runs away. */
export const MAX_HEREDOC_CHARS = 200_000;

/**
 * Parses HCL text to hcl2json's JSON form, loading `@cdktf/hcl2json` on first use only (a JSON-only run never loads
 * it). Refuses, before parsing, a file over {@link MAX_HCL_BYTES} or a heredoc over {@link MAX_HEREDOC_CHARS}.
 * @throws InputError naming the file (and the heredoc's line) when a bound is exceeded; hcl2json's own errors pass through
 */
export async function parseHclText(file: string, text: string): Promise<unknown> {
  if (text.length > MAX_HCL_BYTES) {
    throw new InputError(
      file,
      `HCL file of ${text.length} characters is over the ${MAX_HCL_BYTES} supported; split it, or check \`terraform show -json\` output instead`,
    );
  }
  const heredoc = longHeredoc(text);
  if (heredoc !== undefined) {
    throw new InputError(
      file,
      `heredoc of ${heredoc.length} characters is over the ${MAX_HEREDOC_CHARS} supported (hcl2json slows down without bound); ` +
        "move the content to a file read with file(), or check `terraform show -json` output instead",
      heredoc.line,
    );
  }
  const deep = tooDeep(text);
  if (deep !== undefined) {
    // hcl2json's parser recurses per level: past ~2,000 it overflows, and its WebAssembly runtime then aborts the
    // whole process on the next parse. Refused before it is called.
    throw new InputError(
      file,
      `brackets nested deeper than ${MAX_HCL_NESTING} levels; no Terraform configuration nests this deep`,
      deep,
    );
  }
  const { parse } = await import("@cdktf/hcl2json");
  return parse(file, text);
}

/** Deepest bracket nesting (`{`, `[`, `(`) handed to hcl2json. */
export const MAX_HCL_NESTING = 500;

/**
 * The line where brackets first nest deeper than {@link MAX_HCL_NESTING}, counting every bracket (in strings and
 * heredocs too, which only errs towards refusing: real files nest a few dozen levels at most).
 */
function tooDeep(text: string): number | undefined {
  let depth = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    else if (c === 123 || c === 91 || c === 40) {
      if (++depth > MAX_HCL_NESTING) return line;
    } else if (c === 125 || c === 93 || c === 41) depth--;
  }
  return undefined;
}

/** The first heredoc (`<<EOT` / `<<-EOT` ... `EOT`) longer than the bound: its line and length. */
function longHeredoc(text: string): { line: number; length: number } | undefined {
  const opener = /<<-?([A-Za-z_][\w-]*)[ \t]*\r?\n/g;
  for (let m = opener.exec(text); m !== null; m = opener.exec(text)) {
    const start = m.index + m[0].length;
    const closer = new RegExp(`^[ \\t]*${m[1]}[ \\t]*$`, "m");
    closer.lastIndex = 0;
    const rest = text.slice(start);
    const end = closer.exec(rest);
    const length = end === null ? rest.length : end.index;
    if (length > MAX_HEREDOC_CHARS) {
      let line = 1;
      for (let i = text.indexOf("\n"); i !== -1 && i < m.index; i = text.indexOf("\n", i + 1)) line++;
      return { line, length };
    }
    opener.lastIndex = start + length;
  }
  return undefined;
}
