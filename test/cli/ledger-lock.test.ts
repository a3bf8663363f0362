/**
 * The ledger lock's stale-lock removal (lib/cli/release-store.ts). Found by test/release/concurrent.test.ts under
 * load: a waiter read the pid of the owner that was just releasing, the owner exited, a new owner created the lock,
 * and the waiter, finding the first owner gone, removed the new owner's lock by path; two writers then appended
 * at once and one's entries were lost. The waiter now removes only the very file it judged stale.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { removeStaleLock, staleLock, withLock } from "../../lib/cli/release-store";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "wavegate-lock-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], {
    encoding: "utf8",
  });
  return Number(r.stdout);
}

describe("the ledger lock", () => {
  test("GIVEN a lock whose owner is gone THEN it is stale, and removed", async () => {
    const lock = path.join(dir, "a.lock");
    writeFileSync(lock, `${deadPid()}\n`);
    const stale = await staleLock(lock);
    expect(stale).toBeDefined();
    await removeStaleLock(lock, stale!);
    expect(existsSync(lock)).toBe(false);
  });

  test("GIVEN a lock whose owner runs, or a fresh lock without a pid yet THEN it is not stale", async () => {
    const lock = path.join(dir, "b.lock");
    writeFileSync(lock, `${process.pid}\n`);
    expect(await staleLock(lock)).toBeUndefined();
    writeFileSync(lock, "");
    expect(await staleLock(lock)).toBeUndefined();
    expect(await staleLock(path.join(dir, "none.lock"))).toBeUndefined();
  });

  test("GIVEN the stale lock was replaced by a new owner's lock before removal THEN the new lock stays", async () => {
    const lock = path.join(dir, "c.lock");
    writeFileSync(lock, `${deadPid()}\n`);
    const stale = await staleLock(lock);
    expect(stale).toBeDefined();
    const before = statSync(lock, { bigint: true });
    // Another waiter removes the same stale lock, and a new owner takes the lock (ext4 and tmpfs may give the new
    // file the freed inode again: the check must not rest on the inode alone).
    unlinkSync(lock);
    await new Promise((r) => setTimeout(r, 2));
    writeFileSync(lock, `${process.pid}\n`, { flag: "wx" });
    const after = statSync(lock, { bigint: true });
    expect(after.ctimeNs).not.toBe(before.ctimeNs);
    await removeStaleLock(lock, stale!);
    expect(readFileSync(lock, "utf8")).toBe(`${process.pid}\n`);
  });

  test("GIVEN writers in one process THEN withLock runs them one at a time", async () => {
    const file = path.join(dir, "ledger.jsonl");
    let inside = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 8 }, () =>
        withLock(file, async () => {
          inside++;
          most = Math.max(most, inside);
          await new Promise((r) => setTimeout(r, 3));
          inside--;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(existsSync(`${file}.lock`)).toBe(false);
  });
});
