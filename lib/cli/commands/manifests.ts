import { lstat, mkdir, readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { Command, Option } from "commander";
import { INPUT_FORMATS, loadInputs } from "../../inputs/load";
import { InputFormat, LoadedDaemonSet, LoadResult } from "../../inputs/types";
import { printable } from "../../model/printable";
import { groupAgents } from "../../policy/agents";
import { CliIo, EXIT, UsageError } from "../io";
import { guardAgainst } from "../output-guard";

/** Parsed options of `wavegate manifests`. */
export interface ManifestsOptions {
  /** Write one file per DaemonSet into this directory. @default print one multi-document stream to stdout */
  readonly out?: string;
  /** Read every input as this format. @default detected per path */
  readonly inputFormat?: InputFormat;
}

/** `wavegate manifests <input...>`: print (or write) the Kubernetes YAML of every DaemonSet found. */
export function registerManifests(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command("manifests")
    .description(
      "print (or write, one file per DaemonSet) the Kubernetes YAML of every DaemonSet found, for GitOps, " +
        "`kubectl diff` and review\n" +
        "exit codes: 0 written, 2 bad usage, unreadable / malformed input, or a file in --out not written by wavegate",
    )
    .argument(
      "<input...>",
      "cdktf.out, *.tf.json, plan JSON, *.tf or Kubernetes YAML (- reads standard input)",
    )
    .option("-o, --out <dir>", "write one <namespace>.<name>.yaml per DaemonSet into this directory")
    .addOption(
      new Option("--input-format <format>", "read every input as this format").choices(INPUT_FORMATS),
    )
    .action(async (inputs: string[], options: ManifestsOptions) => {
      setExit(await runManifests(inputs, options, io));
    });
}

/**
 * Loads the inputs and prints their DaemonSets as YAML, or writes them into `--out`. Files in `--out` are only
 * overwritten when wavegate wrote them (they start with its header); otherwise nothing is written and a
 * `UsageError` (exit 2) names the file. Warnings (unknown values, count, dynamic blocks) go to stderr.
 */
export async function runManifests(
  inputs: readonly string[],
  options: ManifestsOptions,
  io: CliIo,
): Promise<number> {
  const load = await loadInputs([...inputs], {
    format: options.inputFormat,
    cwd: io.cwd,
    readStdin: io.readStdin,
  });
  for (const warning of load.warnings) io.err(`wavegate: warning: ${printable(warning)}\n`);
  if (load.daemonSets.length === 0) {
    io.err(`wavegate: no DaemonSets found (${readSummary(load)}); nothing to print\n`);
    return EXIT.ok;
  }
  // The YAML writer (and the yaml library) load only for this command.
  const { manifestFiles, renderManifests } = await import("../../inputs/manifest-yaml");
  const daemonSets = inRolloutOrder(load.daemonSets);
  if (options.out === undefined) {
    io.out(renderManifests(daemonSets));
    io.err(`wavegate: ${load.daemonSets.length} DaemonSet(s) printed (${readSummary(load)})\n`);
    return EXIT.ok;
  }
  const dir = path.resolve(io.cwd, options.out);
  const files = manifestFiles(daemonSets);
  const info = await lstat(dir).catch(() => undefined);
  if (info !== undefined && !info.isDirectory()) {
    throw new UsageError(`--out ${options.out}: exists and is not a directory; name a directory`);
  }
  // Check every target before writing any, so a refusal leaves the directory as it was. Never an input (by
  // inode) or a file inside an input directory.
  const guard = await guardAgainst({ given: inputs, files: load.files }, io.cwd);
  for (const file of files) {
    await guard.check("--out", path.join(options.out, file.name), "the manifests");
    await assertOurs(path.join(dir, file.name), path.join(options.out, file.name));
  }
  await mkdir(dir, { recursive: true });
  for (const file of files) {
    const target = path.join(dir, file.name);
    await writeFile(target, file.text, "utf8").catch((err: NodeJS.ErrnoException) => {
      throw new UsageError(
        `${path.join(options.out as string, file.name)}: cannot write: ${err.code ?? err.message}`,
      );
    });
    io.out(`${printable(path.join(options.out, file.name))}\n`);
  }
  io.err(
    `wavegate: ${files.length} DaemonSet(s) written to ${printable(options.out)} (${readSummary(load)})\n`,
  );
  return EXIT.ok;
}

/**
 * The DaemonSets in rollout order: agent by agent (in the order their first DaemonSet was read), each agent's waves
 * in `wavegate.dev/wave-index` order (canary, staging, production), whatever order the files listed them in.
 */
export function inRolloutOrder(daemonSets: readonly LoadedDaemonSet[]): LoadedDaemonSet[] {
  const seen = new Set<LoadedDaemonSet>();
  const out: LoadedDaemonSet[] = [];
  for (const group of groupAgents(daemonSets)) {
    for (const ds of group.daemonSets) {
      if (seen.has(ds)) continue; // a wave shared by two rollouts (a dev cluster ahead of regions) is printed once
      seen.add(ds);
      out.push(ds);
    }
  }
  return out;
}

/** Refuses a target that exists and was not written by wavegate (no header), or is not a plain file. */
async function assertOurs(target: string, shown: string): Promise<void> {
  const info = await lstat(target).catch(() => undefined);
  if (info === undefined) return;
  const { isWavegateManifest, MANIFEST_HEADER } = await import("../../inputs/manifest-yaml");
  const fix = "move it away or choose another --out directory";
  if (!info.isFile()) throw new UsageError(`${shown}: exists and is not a regular file; ${fix}`);
  const text = await readFile(target, "utf8").catch(() => "");
  if (!isWavegateManifest(text)) {
    throw new UsageError(
      `${shown}: exists and was not written by wavegate (no "${MANIFEST_HEADER.slice(0, 30)}..." header); ` +
        `refusing to overwrite it; ${fix}`,
    );
  }
}

function readSummary(load: LoadResult): string {
  const stacks = load.stacks.length > 0 ? `, ${load.stacks.length} stack(s)` : "";
  return `read ${load.files.length} file(s)${stacks}, ${load.otherResources} other resource(s)`;
}
