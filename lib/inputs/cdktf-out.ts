import { readFile, realpath, stat } from "node:fs/promises";
import * as path from "node:path";
import { appendAll } from "./collect";
import { parseJson } from "./json";
import { LARGE_TEXT, releaseMemory } from "./memory";
import { LoadedNodePool } from "./node-pools";
import { fileKind, maxInputBytes } from "./read";
import { daemonSetsFromTerraformJson, loadTerraformJsonText, parseTerraformJson } from "./tf-json";
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
  const nodePools: LoadedNodePool[] = [];
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
    const result = await readStack(
      file,
      await contained(readDir, relative, manifestFile, stack),
      `listed in ${CDKTF_MANIFEST} for stack "${stack}" but not readable; run \`cdktf synth\` again`,
      stack,
    );
    appendAll(daemonSets, result.daemonSets);
    appendAll(nodePools, result.nodePools ?? []);
    appendAll(warnings, result.warnings);
    otherResources += result.otherResources;
    files.push(file);
    stacks.push(stack);
  }
  if (stacks.length === 0) warnings.push(`${manifestFile}: the manifest lists no stacks`);
  return { daemonSets, warnings, otherResources, files, stacks, nodePools };
}

/**
 * Reads and loads one stack's `cdk.tf.json`. Its text lives only in the frames below, gone when they return (a loop
 * variable would keep a large text alive while the stack's DaemonSets are normalized).
 */
async function readStack(
  file: string,
  real: string,
  missing: string,
  stack: string,
): Promise<FileLoadResult> {
  const parsed = parseStack(file, await readText(file, real, missing), stack);
  if ("daemonSets" in parsed) return parsed;
  releaseMemory(parsed.large); // the stack's text is garbage before its DaemonSets are normalized
  return daemonSetsFromTerraformJson(
    parsed.json,
    { file, format: "cdktf-out", stack },
    { lineOf: parsed.lineOf },
  );
}

/** A small stack loaded in one (`loadTerraformJsonText`); a large one parsed, for its text to be let go first. */
function parseStack(
  file: string,
  text: string,
  stack: string,
): FileLoadResult | (ReturnType<typeof parseTerraformJson> & { large: boolean }) {
  if (text.length < LARGE_TEXT) {
    return loadTerraformJsonText(file, text, undefined, { file, format: "cdktf-out", stack });
  }
  return { ...parseTerraformJson(file, text), large: true };
}

/**
 * `relative` resolved inside `root`, refused (InputError) when it leaves it: lexically (`../../x`, an absolute
 * path) or through a symbolic link (compared by real path), so a crafted manifest.json cannot make wavegate read
 * (and echo in an error) a file outside the cdktf.out directory. A missing file is left to the reader to report.
 */
async function contained(root: string, relative: string, manifest: string, stack: string): Promise<string> {
  const target = path.resolve(root, relative);
  const refuse = () =>
    new InputError(
      manifest,
      `stack ${JSON.stringify(stack)}: path ${JSON.stringify(relative)} leaves the cdktf.out directory; ` +
        "refusing to read it (run `cdktf synth` again, or fix the manifest)",
    );
  if (!inside(path.resolve(root), target)) throw refuse();
  const [realRoot, realTarget] = await Promise.all([realpath(root), realpath(target).catch(() => undefined)]);
  if (realTarget !== undefined && !inside(realRoot, realTarget)) throw refuse();
  return target;
}

const inside = (root: string, target: string): boolean => {
  const rel = path.relative(root, target);
  return rel !== "" && !rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel);
};

async function readText(display: string, real: string, hint?: string): Promise<string> {
  try {
    // Only regular files within the size limit: never a FIFO (which would wait for a writer) or a device.
    const info = await stat(real);
    if (!info.isFile()) throw new InputError(display, `is ${fileKind(info)}, not a regular file`);
    if (info.size > maxInputBytes()) {
      throw new InputError(display, `input too large (${(info.size / 1e6).toFixed(1)} MB)`);
    }
    return await readFile(real, "utf8");
  } catch (err) {
    if (err instanceof InputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EACCES" ? "permission denied" : String(err);
    throw new InputError(display, hint ? `${why}: ${hint}` : why);
  }
}
