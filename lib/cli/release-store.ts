/**
 * The release file and ledger on disk: reading, atomic writes (temp file + rename in the same directory) and
 * ledger appends under an exclusive lock file (`open(O_CREAT | O_EXCL)` with retry), so concurrent writers (two CI
 * jobs recording verify outcomes) never lose an entry and readers never see half a file.
 */
import { existsSync } from "node:fs";
import { open, readFile, rename, stat, unlink } from "node:fs/promises";
import * as path from "node:path";
import {
  actorFromEnv,
  appendText,
  emptyLedger,
  Ledger,
  LedgerDraft,
  LEDGER_FILE,
  parseLedger,
  parseReleaseText,
  ReleaseFile,
  RELEASE_FILES,
  VerifyEvidence,
  verifyOutcomeDraft,
} from "../release";
import { LoadedDaemonSet } from "../inputs/types";
import { contentHashOf } from "../policy/rules/release-waves";
import { UsageError } from "./io";

/** A release file as read: its text (to edit in place) and its model. */
export interface LoadedRelease {
  /** The path as the user gave it (or the default found). */
  readonly file: string;
  /** The absolute path. */
  readonly real: string;
  /** The text read. */
  readonly text: string;
  /** The validated model. */
  readonly release: ReleaseFile;
}

/**
 * The release file: `given`, else the first of `wavegate.release.yaml` / `.yml` / `.json` in `cwd`.
 * @throws UsageError when none is found; ReleaseError for an invalid file
 */
export async function readRelease(given: string | undefined, cwd: string): Promise<LoadedRelease> {
  const file = given ?? RELEASE_FILES.find((f) => existsSync(path.resolve(cwd, f)));
  if (file === undefined) {
    throw new UsageError(`no release file: pass --release <file> or create ${RELEASE_FILES[0]} (see README)`);
  }
  const real = path.resolve(cwd, file);
  const text = await readFile(real, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new UsageError(`${file}: cannot read the release file: ${err.code ?? err.message}`);
  });
  return { file, real, text, release: parseReleaseText(text, file) };
}

/** The ledger path: `given`, else `wavegate.ledger.jsonl` beside the release file (or in `cwd`). */
export function ledgerPath(given: string | undefined, releaseFile: string | undefined): string {
  return given ?? path.join(releaseFile !== undefined ? path.dirname(releaseFile) : ".", LEDGER_FILE);
}

/**
 * Reads and verifies the ledger (hash chain); a missing file is an empty ledger unless `mustExist`.
 * @throws ReleaseError naming the line of an edited, deleted or reordered entry
 */
export async function readLedger(file: string, cwd: string, mustExist = false): Promise<Ledger> {
  const text = await readFile(path.resolve(cwd, file), "utf8").catch((err: NodeJS.ErrnoException) => {
    if (err.code === "ENOENT" && !mustExist) return undefined;
    throw new UsageError(`${file}: cannot read the ledger: ${err.code ?? err.message}`);
  });
  return text === undefined ? emptyLedger(file) : parseLedger(text, file);
}

/**
 * Writes `text` to `real` atomically: a temp file in the same directory, flushed, then renamed over the target
 * (POSIX rename is atomic within a file system). Keeps the target's file mode.
 */
export async function writeAtomic(real: string, text: string): Promise<void> {
  const mode = await stat(real).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  );
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.${process.pid}.${Date.now()}.tmp`);
  const handle = await open(temp, "wx", mode);
  try {
    await handle.writeFile(text, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, real);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

/** How long a writer waits for the ledger lock before giving up. */
export const LOCK_TIMEOUT_MS = 30_000;

/** A lock older than this whose owner is gone is stale and removed. */
export const STALE_LOCK_MS = 60_000;

/**
 * Runs `fn` holding `<file>.lock`, created with O_CREAT | O_EXCL (exactly one process succeeds); others retry with
 * a short random back-off. A lock left by a process that no longer exists (same host) is removed.
 */
export async function withLock<T>(
  file: string,
  fn: () => Promise<T>,
  timeoutMs: number = LOCK_TIMEOUT_MS,
): Promise<T> {
  const lock = `${file}.lock`;
  const start = Date.now();
  for (;;) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const stale = await staleLock(lock);
      if (stale !== undefined) {
        await removeStaleLock(lock, stale);
        continue;
      }
      if (Date.now() - start > timeoutMs) {
        throw new UsageError(
          `${lock}: the ledger is locked by another writer; remove the lock if none is running`,
        );
      }
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 20)));
    }
  }
  try {
    return await fn();
  } finally {
    await unlink(lock).catch(() => undefined);
  }
}

/**
 * The lock file judged stale: which file it was. A lock at the same path later is another file, even where the file
 * system gives it the freed inode again (ext4 and tmpfs do): its change time differs (nanoseconds).
 */
export interface StaleLock {
  readonly dev: bigint;
  readonly ino: bigint;
  readonly ctimeNs: bigint;
}

const sameFile = (a: StaleLock, b: StaleLock): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.ctimeNs === b.ctimeNs;

/**
 * The lock file at `lock`, when it is stale: its owner (the pid it holds) no longer runs, or it holds no pid and is
 * older than {@link STALE_LOCK_MS}. Its pid and its identity are read from one open file, so they are the same
 * file's: the owner that released it and exited may already have been followed by a new owner at the same path.
 */
export async function staleLock(lock: string): Promise<StaleLock | undefined> {
  let handle;
  try {
    handle = await open(lock, "r");
  } catch {
    return undefined; // Gone: released meanwhile.
  }
  try {
    const [text, info] = await Promise.all([handle.readFile("utf8"), handle.stat({ bigint: true })]);
    const file = { dev: info.dev, ino: info.ino, ctimeNs: info.ctimeNs };
    const pid = Number(text.trim());
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 0);
        return undefined; // Its owner still runs.
      } catch (err) {
        return (err as NodeJS.ErrnoException).code === "ESRCH" ? file : undefined;
      }
    }
    // No pid yet: the owner may be between open and write; stale only when old.
    return Date.now() - Number(info.mtimeMs) > STALE_LOCK_MS ? file : undefined;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}

/**
 * Removes the lock at `lock` if it is still the stale file `stale`. A live owner releases its lock before it exits,
 * so a lock whose owner is gone is never released again: only another waiter removing the same stale lock could
 * free the path, and a new lock there is a different file, left alone. (What remains is the moment between this
 * check and the unlink, when a second waiter removing the same stale lock and a new owner would both have to act.)
 */
export async function removeStaleLock(lock: string, stale: StaleLock): Promise<void> {
  const now = await stat(lock, { bigint: true }).catch(() => undefined);
  if (now === undefined || !sameFile(now, stale)) return;
  await unlink(lock).catch(() => undefined);
}

/**
 * Appends entries to the ledger, chained after its last entry, under the lock, written atomically. Refuses to append
 * to a ledger whose chain is broken (the error names the line).
 * @returns the ledger after the append
 */
export async function appendLedger(
  file: string,
  cwd: string,
  drafts: readonly LedgerDraft[],
  now: () => Date = () => new Date(),
): Promise<Ledger> {
  const real = path.resolve(cwd, file);
  return withLock(real, async () => {
    const current = await readFile(real, "utf8").catch((err: NodeJS.ErrnoException) => {
      if (err.code === "ENOENT") return "";
      throw err;
    });
    const ledger = parseLedger(current, file);
    const text = appendText(current, ledger, drafts, now());
    await writeAtomic(real, text);
    return parseLedger(text, file);
  });
}

/**
 * Records one `wavegate verify` outcome in the ledger (`verify --record <ledger>`): verified / failed /
 * inconclusive, or rolled-back (which also blocks the release). The actor comes from the CI environment. The content
 * hash is `options.contentHash`, else the verified DaemonSet's `wavegate.dev/content-hash` (`options.daemonSet`:
 * verify's `target.source`), else the report's `expectedContentHash`.
 */
export async function recordVerifyOutcome(
  file: string,
  cwd: string,
  report: VerifyEvidence,
  options: {
    readonly contentHash?: string;
    readonly daemonSet?: LoadedDaemonSet;
    readonly env?: NodeJS.ProcessEnv;
    readonly now?: () => Date;
  } = {},
): Promise<Ledger> {
  const actor = actorFromEnv(options.env ?? process.env);
  const hash = options.contentHash ?? (options.daemonSet ? contentHashOf(options.daemonSet) : undefined);
  return appendLedger(file, cwd, [verifyOutcomeDraft(report, { contentHash: hash, actor })], options.now);
}
