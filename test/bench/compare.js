#!/usr/bin/env node
// Behaviour check for speed work: runs the CLI of a reference build and of this build (dist/) on the same inputs
// (every test fixture, a generated 1,000-DaemonSet fleet) with every command and output format, and compares
// stdout, stderr and exit code byte for byte. Usage: `node test/bench/compare.js <reference dist/>`, e.g. a build of
// main. Not part of `npm run bench` (it needs the reference build); prints each difference and exits 1 on any.
const { spawnSync } = require("node:child_process");
const { mkdtempSync, readdirSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");
const { writeInput } = require("./fleet");

const reference = process.argv[2];
if (!reference) {
  console.error("usage: node test/bench/compare.js <reference dist/ directory>");
  process.exit(2);
}
const root = path.join(__dirname, "../..");
const ours = path.join(root, "dist/cli/main.js");
const theirs = path.join(path.resolve(reference), "cli/main.js");

const dir = mkdtempSync(path.join(tmpdir(), "wavegate-compare-"));
const fixtures = [
  ...["test/inputs/fixtures", "test/policy/fixtures"].flatMap((d) =>
    readdirSync(path.join(root, d)).map((f) => path.join(d, f)),
  ),
  path.relative(root, writeInput(dir, 1000)),
];
const commands = [
  ...["text", "json", "sarif", "junit"].flatMap((f) => [
    ["check", "--format", f],
    ["check", "--format", f, "--verbose"],
  ]),
  ["plan"],
  ["plan", "--format", "json"],
  ["plan", "--format", "markdown", "--compare-unstaged"],
  ["manifests"],
];
let differences = 0;
let runs = 0;
try {
  for (const input of fixtures) {
    for (const args of commands) {
      const argv = [args[0], input, ...args.slice(1)];
      const a = spawnSync(process.execPath, [theirs, ...argv], {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 1 << 30,
      });
      const b = spawnSync(process.execPath, [ours, ...argv], {
        cwd: root,
        encoding: "utf8",
        maxBuffer: 1 << 30,
      });
      runs++;
      for (const key of ["status", "stdout", "stderr"]) {
        if (a[key] !== b[key]) {
          differences++;
          console.log(`DIFFERENT ${key}: wavegate ${argv.join(" ")}`);
          break;
        }
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${runs} runs compared, ${differences} different`);
process.exitCode = differences === 0 ? 0 : 1;
