/**
 * One esbuild bundle of a TypeScript entry point (node_modules stay external: run it with NODE_PATH set to the
 * repository's node_modules), built once per test file: child processes then start with plain `node` instead of
 * transpiling lib/ again in each one (`node --import tsx` costs ~1 s of CPU per process).
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/** The repository's node_modules, for the bundles' NODE_PATH. */
export const NODE_MODULES = path.join(__dirname, "../../node_modules");

const bundles = new Map<string, Promise<string>>();

/** Bundles `entry` (an absolute path) into a temporary CommonJS file; resolves to its path. */
export function bundle(entry: string): Promise<string> {
  let built = bundles.get(entry);
  if (built === undefined) {
    built = (async () => {
      const out = path.join(
        mkdtempSync(path.join(tmpdir(), "wavegate-bundle-")),
        `${path.basename(entry)}.cjs`,
      );
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const esbuild = require("esbuild") as typeof import("esbuild");
      await esbuild.build({
        entryPoints: [entry],
        bundle: true,
        platform: "node",
        format: "cjs",
        target: "node20",
        packages: "external",
        outfile: out,
        logLevel: "silent",
      });
      return out;
    })();
    bundles.set(entry, built);
  }
  return built;
}
