#!/usr/bin/env node
// Runs every test/bench/*.bench.js in its own process (so one benchmark's warm caches never help another)
// and prints their figures. Benchmarks measure the built package in dist/ (run `npm run bench`, which builds first).
const { spawnSync } = require("node:child_process");
const { readdirSync } = require("node:fs");
const path = require("node:path");

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith(".bench.js"))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n## ${file.replace(/\.bench\.js$/, "")}`);
  const res = spawnSync(process.execPath, ["--expose-gc", path.join(__dirname, file)], {
    stdio: "inherit",
    env: { ...process.env, CHECKPOINT_DISABLE: "1" },
  });
  if (res.status !== 0) failed++;
}
if (failed > 0) {
  console.error(`\n${failed} benchmark(s) missed a target or failed`);
  process.exit(1);
}
