/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Transpile only (`npm run lint` type-checks with `tsc --noEmit`): swc compiles a file in about a millisecond
    // where TypeScript's transpileModule takes tens, which is most of a cold-cache run (CI starts cold). The options
    // mirror tsconfig.json: ES2022 with define semantics for class fields, CommonJS with esModuleInterop-style
    // interop (`await import()` becomes `Promise.resolve().then(() => require())` with the namespace wrapper).
    "^.+\\.ts$": [
      "@swc/jest",
      {
        jsc: {
          parser: { syntax: "typescript" },
          target: "es2022",
          transform: { useDefineForClassFields: true },
          keepClassNames: true,
        },
        module: { type: "commonjs" },
        sourceMaps: "inline",
      },
    ],
  },
  // One TMPDIR per run, removed at its end (test/setup/tmpdir.js): no cdktf.outdir.* or other leftovers in /tmp.
  globalSetup: "<rootDir>/test/setup/tmpdir-setup.js",
  globalTeardown: "<rootDir>/test/setup/tmpdir-teardown.js",
  // cdktf's token stack traces without source-map lookups (test/setup/token-stack-traces.js).
  setupFilesAfterEnv: ["<rootDir>/test/setup/token-stack-traces.js"],
  // Without timings (a fresh cache, as in CI) the longest suites start first (test/setup/sequencer.js).
  testSequencer: "<rootDir>/test/setup/sequencer.js",
  // Every core: jest's default (cores - 1) is one worker, i.e. every suite in band on a 2-core machine.
  maxWorkers: "100%",
  testTimeout: 120000,
};
