import { readFile } from "node:fs/promises";
import * as path from "node:path";
import { appendAll } from "./collect";
import { parseJson } from "./json";
import { daemonSetsFromTerraformJson, parseTerraformJson } from "./tf-json";
import { FileLoadResult, InputError, LoadedDaemonSet } from "./types";

/** The file that marks a CDKTF output directory. */
export const CDKTF_MANIFEST = "manifest.json";

/** What a `cdktf.out` directory held. */
export interface CdktfOutResult extends FileLoadResult {
  /** The stack files read (`<dir>/stacks/<stack>/cdk.tf.json`), as display paths. */
  readonly files: string[];
  /** Every stack the manifest lists, in manifest order. */
  readonly stacks: string[];
}

type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Loads a CDKTF output directory: `manifest.json` lists the stacks, each synthesized to `stacks/<name>/cdk.tf.json`.
 * Every DaemonSet is tagged with its stack; other resources are counted.
 * @param dir the directory as the user gave it (used in messages and source refs)
 * @param readDir where to read it from (e.g. resolved against a working directory)
 * @default readDir = dir
 */
export async function loadCdktfOut(dir: string, readDir: string = dir): Promise<CdktfOutResult> {
  const manifestFile = path.join(dir, CDKTF_MANIFEST);
  const manifest = parseJson(manifestFile, await readText(manifestFile, path.join(readDir, CDKTF_MANIFEST)));
  if (!isObject(manifest) || !isObject(manifest.stacks)) {
    throw new InputError(
      manifestFile,
      'no "stacks" object: this is not a cdktf.out manifest (run `cdktf synth` and pass its output directory)',
    );
  }
  const daemonSets: LoadedDaemonSet[] = [];
  const warnings: string[] = [];
  const files: string[] = [];
  const stacks: string[] = [];
  let otherResources = 0;
  for (const [key, entry] of Object.entries(manifest.stacks)) {
    const stack = isObject(entry) && typeof entry.name === "string" ? entry.name : key;
    const relative =
      isObject(entry) && typeof entry.synthesizedStackPath === "string"
        ? entry.synthesizedStackPath
        : path.join("stacks", stack, "cdk.tf.json");
    const file = path.join(dir, relative);
    const text = await readText(
      file,
      path.join(readDir, relative),
      `listed in ${CDKTF_MANIFEST} for stack "${stack}" but not readable; run \`cdktf synth\` again`,
    );
    const { json, lineOf } = parseTerraformJson(file, text);
    const result = daemonSetsFromTerraformJson(json, { file, format: "cdktf-out", stack }, { lineOf });
    appendAll(daemonSets, result.daemonSets);
    appendAll(warnings, result.warnings);
    otherResources += result.otherResources;
    files.push(file);
    stacks.push(stack);
  }
  if (stacks.length === 0) warnings.push(`${manifestFile}: the manifest lists no stacks`);
  return { daemonSets, warnings, otherResources, files, stacks };
}

async function readText(display: string, real: string, hint?: string): Promise<string> {
  try {
    return await readFile(real, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(err);
    throw new InputError(display, hint ? `${why}: ${hint}` : why);
  }
}
