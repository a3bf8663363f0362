/**
 * jest globalSetup / globalTeardown: the whole run gets one fresh temporary directory as TMPDIR, removed at the end.
 * Set before jest starts its workers, so every worker, test and child process (`os.tmpdir()` reads TMPDIR on each
 * call) creates its temporary files inside it: cdktf's `Testing.app()` / `Testing.synthScope()` mkdtemp a
 * `cdktf.outdir.*` per call and never remove it (node_modules/cdktf/lib/testing/index.js), and nothing a suite
 * forgets to remove outlives the run either.
 */
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const path = require("node:path");

const KEY = "WAVEGATE_JEST_TMPDIR";

async function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "wavegate-jest-"));
  process.env[KEY] = dir;
  process.env[`${KEY}_PREVIOUS`] = process.env.TMPDIR ?? "";
  process.env.TMPDIR = dir;
}

async function teardown() {
  const dir = process.env[KEY];
  if (dir === undefined) return;
  const previous = process.env[`${KEY}_PREVIOUS`];
  if (previous) process.env.TMPDIR = previous;
  else delete process.env.TMPDIR;
  delete process.env[KEY];
  delete process.env[`${KEY}_PREVIOUS`];
  rmSync(dir, { recursive: true, force: true });
}

module.exports = { setup, teardown };
