import { execFileSync, spawn } from "node:child_process";
import {
  closeSync,
  constants,
  mkdirSync,
  mkdtempSync,
  openSync,
  symlinkSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Readable } from "node:stream";
import { loadInputs } from "../../lib/inputs/load";
import { readInputText, readStreamText } from "../../lib/inputs/read";
import { InputError } from "../../lib/inputs/types";
import { bundle, NODE_MODULES } from "../helpers/bundle";

const tf = (name: string) =>
  JSON.stringify({ resource: { kubernetes_daemon_set_v1: { [name]: { metadata: { name } } } } });

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(tmpdir(), "wavegate-fs-"));
});

/** Fails (instead of hanging the suite) when `promise` has not settled within `ms`. */
function within<T>(promise: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const mkfifo = (file: string) => execFileSync("mkfifo", [file]);

describe("files in input directories", () => {
  test("GIVEN a symbolic link to a tf.json in a directory THEN it is read like the file", async () => {
    const elsewhere = path.join(tmp, "elsewhere");
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, "real.tf.json"), tf("linked"));
    const dir = path.join(tmp, "in");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "a.tf.json"), tf("plain"));
    symlinkSync(path.join(elsewhere, "real.tf.json"), path.join(dir, "b.tf.json"));
    const load = await loadInputs([dir]);
    expect(load.daemonSets.map((d) => d.manifest.metadata.name)).toEqual(["plain", "linked"]);
    expect(load.files).toEqual([path.join(dir, "a.tf.json"), path.join(dir, "b.tf.json")]);
  });

  test("GIVEN a looping or dangling link under an input name THEN an InputError names it", async () => {
    const dir = path.join(tmp, "in");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "a.tf.json"), tf("plain"));
    symlinkSync("loop.tf.json", path.join(dir, "loop.tf.json"));
    await expect(loadInputs([dir])).rejects.toThrow(/loop\.tf\.json: symbolic link loops/);
    const other = path.join(tmp, "in2");
    mkdirSync(other);
    symlinkSync(path.join(tmp, "gone.yaml"), path.join(other, "x.yaml"));
    await expect(loadInputs([other])).rejects.toThrow(/x\.yaml: symbolic link points to nothing/);
  });

  test("GIVEN a link to a directory or a link not named like an input THEN it is skipped like a subdirectory", async () => {
    const dir = path.join(tmp, "in");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "a.tf.json"), tf("plain"));
    symlinkSync(dir, path.join(dir, "self.json"));
    symlinkSync("nowhere", path.join(dir, "notes.txt"));
    await expect(loadInputs([dir])).resolves.toMatchObject({ files: [path.join(dir, "a.tf.json")] });
  });

  test("GIVEN a FIFO named like an input in a directory THEN it is reported at once, never opened", async () => {
    const dir = path.join(tmp, "in");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "a.tf.json"), tf("plain"));
    mkfifo(path.join(dir, "b.tf.json"));
    await expect(within(loadInputs([dir]))).rejects.toThrow(
      /b\.tf\.json: is a FIFO \(named pipe\), not a regular file/,
    );
  });
});

describe("pipes, devices and standard input", () => {
  test("GIVEN a FIFO nobody writes to, passed by name THEN it reads as empty at once (no wait)", async () => {
    const fifo = path.join(tmp, "plan.json");
    mkfifo(fifo);
    await expect(within(loadInputs([fifo]))).rejects.toThrow(/not a recognised input/);
  });

  test("GIVEN a FIFO with a writer (as `<(terraform show -json)` gives) THEN its content is read", async () => {
    const fifo = path.join(tmp, "pipe.tf.json");
    mkfifo(fifo);
    // Opening read-write never blocks on Linux and holds the writer end; the data waits in the pipe.
    const writer = openSync(fifo, constants.O_RDWR);
    writeSync(writer, tf("piped"));
    const loading = within(loadInputs([fifo]));
    setTimeout(() => closeSync(writer), 300); // end of input once our reader is attached
    const load = await loading;
    expect(load.daemonSets.map((d) => d.manifest.metadata.name)).toEqual(["piped"]);
  });

  test("GIVEN /dev/zero THEN reading stops at the size limit with an InputError", async () => {
    await expect(within(readInputText("/dev/zero", "/dev/zero", 1 << 20))).rejects.toThrow(
      /^\/dev\/zero: input too large \(over 1\.0 MB\)/,
    );
  });

  test("GIVEN a regular file over the limit THEN an InputError before reading it", async () => {
    const file = path.join(tmp, "big.tf.json");
    writeFileSync(file, " ".repeat(2048));
    await expect(readInputText(file, file, 1024)).rejects.toThrow(InputError);
  });

  test("GIVEN an endless standard input THEN reading stops at the limit", async () => {
    const endless = new Readable({ read: () => void endless.push(Buffer.alloc(64 * 1024)) });
    await expect(within(readStreamText(endless, "<stdin>", 1 << 20))).rejects.toThrow(
      /^<stdin>: input too large/,
    );
    expect(endless.destroyed).toBe(true);
  });

  test("GIVEN `wavegate check - < /dev/zero` THEN exit 2 with one line, memory bounded by the limit", async () => {
    // The CLI bundled once with esbuild (test/helpers/bundle.ts): plain `node` starts it, tsx would transpile lib/.
    const main = await bundle(path.join(__dirname, "../../lib/cli/main.ts"));
    const result = await within(
      new Promise<{ code: number | null; err: string }>((resolve) => {
        const child = spawn(`exec '${process.execPath}' '${main}' check - < /dev/zero`, {
          shell: true,
          env: { ...process.env, WAVEGATE_MAX_INPUT_BYTES: String(1 << 20), NODE_PATH: NODE_MODULES },
          stdio: ["ignore", "ignore", "pipe"],
        });
        let err = "";
        // Never left running: killed (with its shell's process group) if it has not ended in time.
        const killer = setTimeout(() => child.kill("SIGKILL"), 25000);
        child.stderr.on("data", (d) => (err += d));
        child.on("close", (code) => {
          clearTimeout(killer);
          resolve({ code, err });
        });
      }),
      30000,
    );
    expect(result).toEqual({
      code: 2,
      err: expect.stringMatching(/^wavegate: <stdin>: input too large \(over 1\.0 MB\).*\n$/),
    });
  });
});

describe("cdktf.out stack paths stay inside the directory", () => {
  function cdktfOut(stacks: Record<string, unknown>): string {
    const dir = path.join(tmp, "cdktf.out");
    mkdirSync(path.join(dir, "stacks", "a"), { recursive: true });
    writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
    return dir;
  }

  test.each([
    [
      "synthesizedStackPath ../../secret.json",
      { a: { name: "a", synthesizedStackPath: "../../secret.json" } },
    ],
    ["an absolute synthesizedStackPath", { a: { name: "a", synthesizedStackPath: "/proc/self/environ" } }],
    ["a stack name of ../../x", { a: { name: "../../x" } }],
  ])("GIVEN %s THEN an InputError refuses it, echoing nothing of the file", async (_what, stacks) => {
    writeFileSync(path.join(tmp, "secret.json"), "TOKEN=hunter2");
    mkdirSync(path.join(tmp, "x"));
    writeFileSync(path.join(tmp, "x", "cdk.tf.json"), "TOKEN=hunter2");
    const dir = cdktfOut(stacks);
    const error = await loadInputs([dir]).catch((e: Error) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /manifest\.json: stack ".*": path ".*" leaves the cdktf\.out directory/,
    );
    expect((error as Error).message).not.toContain("hunter2");
  });

  test("GIVEN a stack file that is a symbolic link out of the directory THEN it is refused", async () => {
    writeFileSync(path.join(tmp, "outside.tf.json"), tf("outside"));
    const dir = cdktfOut({ a: { name: "a" } });
    symlinkSync(path.join(tmp, "outside.tf.json"), path.join(dir, "stacks", "a", "cdk.tf.json"));
    await expect(loadInputs([dir])).rejects.toThrow(/leaves the cdktf\.out directory/);
  });

  test("GIVEN a stack file that is a FIFO THEN it is refused at once", async () => {
    const dir = cdktfOut({ a: { name: "a" } });
    mkfifo(path.join(dir, "stacks", "a", "cdk.tf.json"));
    await expect(within(loadInputs([dir]))).rejects.toThrow(/cdk\.tf\.json: is a FIFO/);
  });

  test("GIVEN an ordinary cdktf.out THEN its stacks are read", async () => {
    const dir = cdktfOut({ a: { name: "a", synthesizedStackPath: "stacks/a/cdk.tf.json" } });
    writeFileSync(path.join(dir, "stacks", "a", "cdk.tf.json"), tf("in-stack"));
    await expect(loadInputs([dir])).resolves.toMatchObject({ stacks: ["a"] });
  });
});
