import { parse } from "@cdktf/hcl2json";
import { expandDynamicBlocks } from "./hcl-dynamic";
import { daemonSetsFromTerraformJson } from "./tf-json";
import { FileLoader, InputError } from "./types";

/**
 * Loads one HCL file (`*.tf`) through `@cdktf/hcl2json`, then reads it like Terraform JSON (blocks arrive as arrays
 * of one, which the provider-shape mapping accepts).
 *
 * Nothing is evaluated: `var.` / `local.` references, function calls and `${...}` templates stay as their
 * expression text (unknown); heredocs are plain strings. `count` / `for_each` resources are checked once, with a
 * warning. `dynamic` blocks are expanded when `for_each` is a literal list or map (whole-value `${it.value}` /
 * `${it.key}` substituted), else generate one block whose iterator values stay unknown. Directories are read file
 * by file by the caller. Malformed HCL throws an `InputError` with the parser's line.
 */
export const loadHcl: FileLoader = async (file, text) => {
  let json: unknown;
  try {
    json = await parse(file, text);
  } catch (e) {
    throw hclError(file, e);
  }
  const { value, warnings } = expandDynamicBlocks(json, file);
  const result = daemonSetsFromTerraformJson(value, { file, format: "hcl" });
  return { ...result, warnings: [...warnings, ...result.warnings] };
};

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
