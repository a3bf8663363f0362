import { constants as fsConstants, Stats } from "node:fs";
import { lstat, open, readdir, realpath, stat } from "node:fs/promises";
import * as path from "node:path";
import { printable } from "../model/printable";
import { UsageError } from "./io";

/** What a command reads, which nothing it writes may touch. */
export interface ReadPaths {
  /** Paths as the user gave them (files or directories; `-` is skipped). */
  readonly given: readonly string[];
  /** Files actually read (stack files of a cdktf.out, files found in directories, a config file). */
  readonly files?: readonly string[];
}

/** What is protected: the real paths of input directories and the inodes of every file read. */
export interface OutputGuard {
  /**
   * Refuses (UsageError, exit 2) an output path that is one of the inputs by inode (a hard or symbolic link to an
   * input included), or lies inside an input directory (by real path: a `cdktf.out/manifest.json` too), or is a
   * FIFO with no reader (writing would wait forever), a socket or a directory. Resolves to the absolute path.
   * @param flag the option as shown in messages, e.g. `--output`
   * @param output the path as given
   * @param what what is written, for the message
   */
  check(flag: string, output: string, what?: string): Promise<string>;
}

const inodeKey = (s: Stats): string => `${s.dev}:${s.ino}`;

/** Reads what the inputs are once, for any number of {@link OutputGuard.check}s. */
export async function guardAgainst(reads: ReadPaths, cwd: string): Promise<OutputGuard> {
  const dirs: { real: string; shown: string }[] = [];
  const inodes = new Map<string, string>();
  const remember = async (file: string, shown: string) => {
    const info = await stat(file).catch(() => undefined);
    if (info !== undefined && !inodes.has(inodeKey(info))) inodes.set(inodeKey(info), shown);
  };
  for (const input of reads.given.filter((p) => p !== "-")) {
    const abs = path.resolve(cwd, input);
    const info = await stat(abs).catch(() => undefined);
    if (info === undefined) continue;
    if (!info.isDirectory()) {
      await remember(abs, input);
      continue;
    }
    dirs.push({ real: await realpath(abs), shown: input });
    for (const entry of await readdir(abs, { withFileTypes: true }).catch(() => [])) {
      if (!entry.isDirectory()) await remember(path.join(abs, entry.name), path.join(input, entry.name));
    }
  }
  for (const file of reads.files ?? []) await remember(path.resolve(cwd, file), file);
  const parents = new Map<string, string>();

  return {
    async check(flag, output, what = "the report") {
      const target = path.resolve(cwd, output);
      const shown = `${flag} ${printable(output)}`;
      const info = await stat(target).catch(() => undefined);
      if (info?.isDirectory()) throw new UsageError(`${shown}: is a directory; name a file`);
      if (info === undefined && (await lstat(target).catch(() => undefined))?.isSymbolicLink()) {
        // Writing through a link that points nowhere would create a file wherever it points.
        throw new UsageError(`${shown}: is a symbolic link to nothing; name a file`);
      }
      // The real path of the file when it exists (a link to elsewhere), else of its directory (cached: `manifests
      // --out` checks one file per DaemonSet in one directory).
      const exists = info !== undefined ? await realpath(target).catch(() => undefined) : undefined;
      const parent = path.dirname(target);
      let realParent = parents.get(parent);
      if (realParent === undefined) parents.set(parent, (realParent = await realLocation(parent)));
      const where = exists ?? path.join(realParent, path.basename(target));
      for (const dir of dirs) {
        if (
          where === dir.real ||
          where.startsWith(dir.real.endsWith(path.sep) ? dir.real : dir.real + path.sep)
        ) {
          throw new UsageError(
            `${shown}: is inside the input directory ${printable(dir.shown)}; write ${what} elsewhere`,
          );
        }
      }
      const input = info !== undefined ? inodes.get(inodeKey(info)) : undefined;
      if (input !== undefined) {
        throw new UsageError(
          `${shown}: refusing to overwrite the input file ${printable(input)}; write ${what} elsewhere`,
        );
      }
      if (info?.isSocket()) throw new UsageError(`${shown}: is a socket; name a file`);
      if (info?.isFIFO()) await assertReader(target, shown);
      return target;
    },
  };
}

/** One {@link OutputGuard.check} of one output path. */
export async function guardOutput(
  flag: string,
  output: string,
  reads: ReadPaths,
  cwd: string,
): Promise<string> {
  return (await guardAgainst(reads, cwd)).check(flag, output);
}

/** The real path of `target`, or of its nearest existing parent joined with the rest when it does not exist. */
async function realLocation(target: string): Promise<string> {
  const exists = await realpath(target).catch(() => undefined);
  if (exists !== undefined) return exists;
  const parent = path.dirname(target);
  if (parent === target) return target;
  return path.join(await realLocation(parent), path.basename(target));
}

/** Opening a FIFO for writing waits for a reader: open it without waiting (ENXIO = nobody reads it). */
async function assertReader(target: string, shown: string): Promise<void> {
  const handle = await open(target, fsConstants.O_WRONLY | fsConstants.O_NONBLOCK).catch(
    (err: NodeJS.ErrnoException) => {
      if (err.code === "ENXIO") {
        throw new UsageError(`${shown}: is a FIFO that nobody reads; start its reader first or name a file`);
      }
      throw new UsageError(`${shown}: cannot open: ${err.code ?? err.message}`);
    },
  );
  await handle.close();
}
