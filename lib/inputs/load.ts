import { Dirent, Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import * as path from "node:path";
import { appendAll } from "./collect";
import { CDKTF_MANIFEST, loadCdktfOut } from "./cdktf-out";
import { parseJson } from "./json";
import { explained, notAManifest } from "./not-a-manifest";
import { fileKind, readInputText, readStreamText } from "./read";
import { loadTfJsonText, TextHolder } from "./tf-json";
import { FileLoadResult, InputError, InputFormat, LoadResult } from "./types";

/** Every input format, for validating `options.format`. */
export const INPUT_FORMATS: readonly InputFormat[] = ["cdktf-out", "tf-json", "plan-json", "hcl", "k8s-yaml"];

/** The display name of standard input. */
export const STDIN_NAME = "<stdin>";

/** Options of {@link loadInputs}. */
export interface LoadOptions {
  /**
   * Read every path as this format instead of detecting it.
   * @default detected per path from its content
   */
  readonly format?: InputFormat;
  /**
   * Directory relative paths are resolved against (paths in results stay as given).
   * @default process.cwd()
   */
  readonly cwd?: string;
  /**
   * Reads standard input, for the path `-`.
   * @default reads process.stdin to its end
   */
  readonly readStdin?: () => Promise<string>;
}

type Parsed = { format: InputFormat; json?: unknown };
type Loaded = FileLoadResult & { files: string[] };
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Loads every DaemonSet from the given paths: `cdktf.out` directories, `*.tf.json` files or directories of them,
 * Terraform plan JSON, HCL (`*.tf`) and Kubernetes YAML; `-` reads standard input.
 *
 * The format of each path is detected from its content (a directory with `manifest.json` is a cdktf.out; JSON with
 * `format_version` and `planned_values` / `resource_changes` is a plan; JSON with `resource` is Terraform JSON;
 * `apiVersion` + `kind` is Kubernetes), unless `options.format` says.
 * @throws InputError for an unreadable path or malformed input, naming the file (and line, when known)
 */
export async function loadInputs(paths: string[], options: LoadOptions = {}): Promise<LoadResult> {
  if (options.format !== undefined && !INPUT_FORMATS.includes(options.format)) {
    throw new InputError(
      String(options.format),
      `unknown input format; use one of ${INPUT_FORMATS.join(", ")}`,
    );
  }
  if (paths.length === 0) {
    throw new InputError(
      "(no path)",
      "no input given; pass a cdktf.out directory, *.tf.json, plan JSON, *.tf or YAML",
    );
  }
  const result = {
    daemonSets: [],
    files: [],
    stacks: [],
    otherResources: 0,
    warnings: [],
    nodePools: [],
  } as Mutable<LoadResult>;
  for (const given of paths) {
    const loaded = given === "-" ? await loadStdin(options) : await loadPath(given, options);
    appendAll(result.daemonSets, loaded.daemonSets);
    appendAll(result.nodePools ?? [], loaded.nodePools ?? []);
    appendAll(result.files, loaded.files);
    for (const stack of loaded.stacks ?? []) if (!result.stacks.includes(stack)) result.stacks.push(stack);
    result.otherResources += loaded.otherResources;
    appendAll(result.warnings, loaded.warnings);
  }
  return result;
}

async function loadStdin(options: LoadOptions): Promise<Loaded> {
  const text = await (options.readStdin ?? readProcessStdin)();
  const parsed = detect(STDIN_NAME, text, options.format);
  if (parsed.format === "cdktf-out") {
    throw new InputError(
      STDIN_NAME,
      "a cdktf.out directory cannot be read from standard input; pass its path",
    );
  }
  return { ...(await loadText(STDIN_NAME, { text }, parsed)), files: [STDIN_NAME] };
}

async function loadPath(given: string, options: LoadOptions): Promise<Loaded> {
  const real = path.resolve(options.cwd ?? process.cwd(), given);
  const info = await stat(real).catch((err: NodeJS.ErrnoException) => {
    throw new InputError(
      given,
      err.code === "ENOENT" ? "no such file or directory" : `cannot read: ${err.message}`,
    );
  });
  if (info.isDirectory()) return loadDirectory(given, real, options.format);
  return loadFile(given, real, options.format);
}

async function loadFile(file: string, real: string, format: InputFormat | undefined): Promise<Loaded> {
  const { holder, parsed } = await readAndDetect(file, real, format);
  if (parsed.format === "cdktf-out") {
    return loadCdktfOut(path.dirname(file), path.dirname(real));
  }
  return { ...(await loadText(file, holder, parsed, real)), files: [file] };
}

/**
 * Reads and detects a file. The text is returned only inside `holder` (this frame, which held it, is gone once it
 * returns), so the Terraform JSON loader can let a large text go before normalizing (see loadTfJsonText).
 */
async function readAndDetect(
  file: string,
  real: string,
  format: InputFormat | undefined,
): Promise<{ holder: TextHolder; parsed: Parsed }> {
  const text = await readInputText(file, real);
  return { holder: { text }, parsed: detect(file, text, format) };
}

async function loadDirectory(dir: string, real: string, format: InputFormat | undefined): Promise<Loaded> {
  const entries = await regularFiles(dir, real, format);
  if ((format === undefined || format === "cdktf-out") && entries.includes(CDKTF_MANIFEST)) {
    return loadCdktfOut(dir, real);
  }
  if (format === "cdktf-out") {
    throw new InputError(dir, `no ${CDKTF_MANIFEST}: not a cdktf.out directory (run \`cdktf synth\` first)`);
  }
  const picked = entries.filter((name) => format === undefined || fitsFormat(name, format)).sort();
  const out = {
    daemonSets: [],
    files: [],
    stacks: [],
    otherResources: 0,
    warnings: [],
    nodePools: [],
  } as Mutable<Loaded>;
  for (const name of picked) {
    const byName = formatByName(name);
    if (format === undefined && byName === undefined && !name.endsWith(".json")) continue;
    const loaded = await loadFile(path.join(dir, name), path.join(real, name), format ?? byName).catch(
      (err: unknown) => {
        // A stray JSON file (package.json, tsconfig.json) in a directory of inputs is skipped, not fatal.
        if (
          format === undefined &&
          byName === undefined &&
          err instanceof InputError &&
          /not a recognised/.test(err.message)
        ) {
          return undefined;
        }
        throw err;
      },
    );
    if (loaded === undefined) continue;
    appendAll(out.daemonSets, loaded.daemonSets);
    appendAll(out.nodePools ?? [], loaded.nodePools ?? []);
    appendAll(out.files, loaded.files);
    appendAll(out.stacks ?? [], loaded.stacks ?? []);
    out.otherResources += loaded.otherResources;
    appendAll(out.warnings, loaded.warnings);
  }
  if (out.files.length === 0) {
    throw new InputError(
      dir,
      `no inputs found: expected ${CDKTF_MANIFEST} (a cdktf.out), *.tf.json, plan JSON, *.tf or *.yaml files`,
    );
  }
  return out;
}

/**
 * The names of the regular files in a directory, symbolic links to files included (followed as Terraform and
 * kubectl follow them; a link that loops or dangles is an error when its name is one that would be read).
 * A FIFO, socket or device under a name that would be read is an error, never opened (opening a FIFO waits for a
 * writer). Subdirectories, and links to them, are not entered.
 */
async function regularFiles(dir: string, real: string, format: InputFormat | undefined): Promise<string[]> {
  const names: string[] = [];
  const wanted = (name: string) =>
    name === CDKTF_MANIFEST || (format === undefined ? readsByName(name) : fitsFormat(name, format));
  for (const entry of await readdir(real, { withFileTypes: true })) {
    if (entry.isFile()) {
      names.push(entry.name);
      continue;
    }
    if (entry.isDirectory() || !wanted(entry.name)) continue;
    const shown = path.join(dir, entry.name);
    const info: Dirent | Stats = entry.isSymbolicLink()
      ? await stat(path.join(real, entry.name)).catch((err: NodeJS.ErrnoException) => {
          const why = err.code === "ELOOP" ? "loops" : err.code === "ENOENT" ? "points to nothing" : err.code;
          throw new InputError(shown, `symbolic link ${why}: fix or remove it`);
        })
      : entry;
    if (info.isFile()) names.push(entry.name);
    else if (!info.isDirectory()) {
      throw new InputError(
        shown,
        `is ${fileKind(info)}, not a regular file: inputs in a directory are read only from regular files; ` +
          "move it away (or pass it by name to read it)",
      );
    }
  }
  return names;
}

/** Names a directory read picks up without --input-format: by format name, or JSON to detect. */
function readsByName(name: string): boolean {
  return formatByName(name) !== undefined || name.endsWith(".json");
}

function fitsFormat(name: string, format: InputFormat): boolean {
  switch (format) {
    case "hcl":
      return name.endsWith(".tf");
    case "k8s-yaml":
      return /\.(ya?ml|json)$/.test(name);
    default:
      return name.endsWith(".json");
  }
}

function formatByName(name: string): InputFormat | undefined {
  if (name.endsWith(".tf.json")) return "tf-json";
  if (name.endsWith(".tf")) return "hcl";
  if (/\.ya?ml$/.test(name)) return "k8s-yaml";
  return undefined;
}

/** Decides a text's format: the override, else its name, else its content. Parses JSON at most once. */
function detect(file: string, text: string, format: InputFormat | undefined): Parsed {
  const forced = format ?? formatByName(path.basename(file));
  if (forced !== undefined && forced !== "tf-json") return { format: forced };
  // `\s` is the whitespace `trimStart` removes (a BOM included); a regex does not copy a 30 MB text as trimming does.
  const looksJson = /^\s*[{[]/.test(text);
  if (forced === "tf-json" || looksJson) {
    const json = forced === undefined ? parseExplained(file, text) : parseJson(file, text);
    if (forced === "tf-json") return { format: forced, json };
    const byContent = jsonFormat(json);
    if (byContent !== undefined) return { format: byContent, json };
    throw new InputError(
      file,
      'JSON is not a recognised input: expected Terraform JSON ("resource"), a plan ("format_version" + ' +
        '"planned_values"), a Kubernetes object ("apiVersion" + "kind") or a cdktf.out manifest.json',
    );
  }
  if (/^\s*(apiVersion|kind)\s*:/m.test(text)) return { format: "k8s-yaml" };
  if (/^\s*(resource|provider|terraform|module|variable|locals|data)\b[^\n]*\{/m.test(text))
    return { format: "hcl" };
  const hint = notAManifest(file, text);
  if (hint !== undefined) throw new InputError(file, hint.message, hint.line);
  throw new InputError(
    file,
    "not a recognised input: expected cdktf.out, *.tf.json, plan JSON, *.tf or Kubernetes YAML (or pass --input-format)",
  );
}

/** `parseJson`, but a Nix expression or Markdown file is named as such rather than as malformed JSON. */
function parseExplained(file: string, text: string): unknown {
  try {
    return parseJson(file, text);
  } catch (e) {
    throw explained(file, text, e);
  }
}

const TERRAFORM_JSON_KEYS = [
  "resource",
  "terraform",
  "provider",
  "module",
  "variable",
  "output",
  "locals",
  "data",
];

function jsonFormat(json: unknown): InputFormat | undefined {
  if (typeof json !== "object" || json === null) return undefined;
  if (Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  if ("format_version" in o && ("planned_values" in o || "resource_changes" in o)) return "plan-json";
  if (TERRAFORM_JSON_KEYS.some((k) => k in o)) return "tf-json";
  if (typeof o.stacks === "object" && o.stacks !== null && "version" in o) return "cdktf-out";
  if ("apiVersion" in o && "kind" in o) return "k8s-yaml";
  if ("//" in o) return "tf-json";
  return undefined;
}

async function loadText(
  file: string,
  holder: TextHolder,
  parsed: Parsed,
  real?: string,
): Promise<FileLoadResult> {
  const text = parsed.format === "tf-json" ? "" : (holder.text ?? "");
  switch (parsed.format) {
    case "tf-json":
      return loadTfJsonText(file, holder, {
        json: parsed.json,
        ...(real !== undefined ? { path: real } : {}),
      });
    // Loaded on first use: hcl2json starts a Go WebAssembly runtime when imported, yaml is large (see test/bench).
    case "plan-json":
      return (await import("./plan-json")).loadPlanJson(file, text);
    case "hcl":
      return (await import("./hcl")).loadHcl(file, text, real !== undefined ? { path: real } : {});
    case "k8s-yaml":
      return (await import("./k8s-yaml")).loadKubernetesYaml(file, text);
    case "cdktf-out":
      throw new InputError(file, "a cdktf.out is read from its directory; pass the directory");
  }
}

/** Standard input, at most maxInputBytes() (`check - < /dev/zero` ends with an InputError, exit 2). */
function readProcessStdin(): Promise<string> {
  return readStreamText(process.stdin, STDIN_NAME);
}
