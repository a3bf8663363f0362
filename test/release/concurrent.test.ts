import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseLedger } from "../../lib/release";
import { bundle, NODE_MODULES } from "../helpers/bundle";

const root = path.join(__dirname, "..", "..");
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "wavegate-ledger-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bundle of `entry` (the workers run in a temp directory without node_modules: NODE_PATH finds them). */
async function run(entry: string, args: string[]): Promise<{ code: number | null; stderr: string }> {
  const script = await bundle(entry);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: dir,
      env: { ...process.env, USER: "ci", NODE_PATH: NODE_MODULES },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

describe("concurrent ledger writers", () => {
  test("N processes appending at once (verify --record and block) lose no entry and keep the chain", async () => {
    const workers = 5;
    const each = 4;
    const worker = path.join(__dirname, "fixtures", "append-worker.ts");
    const cli = path.join(root, "lib", "cli", "main.ts");
    // Bundled first, so that the processes start together.
    await Promise.all([bundle(worker), bundle(cli)]);
    const results = await Promise.all([
      ...Array.from({ length: workers }, (_, id) => run(worker, ["ledger.jsonl", String(id), String(each)])),
      run(cli, ["block", "agent", "v9.9.9", "--reason", "blocked from the CLI", "--ledger", "ledger.jsonl"]),
    ]);
    for (const r of results) expect(r).toEqual({ code: 0, stderr: "" });
    const ledger = parseLedger(readFileSync(path.join(dir, "ledger.jsonl"), "utf8"), "ledger.jsonl");
    expect(ledger.entries).toHaveLength(workers * each + 1);
    const versions = ledger.entries.map((e) => e.version).sort();
    const expected = [
      ...Array.from({ length: workers }, (_, id) =>
        Array.from({ length: each }, (_, i) => `v1.${id}.${i}`),
      ).flat(),
      "v9.9.9",
    ].sort();
    expect(versions).toEqual(expected);
    // No lock or temp file left behind.
    expect(readdirSync(dir)).toEqual(["ledger.jsonl"]);
  }, 60_000);
});
