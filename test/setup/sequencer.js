/**
 * jest testSequencer: jest's own order, except on a run without timings (a fresh jest cache, as in CI), where jest
 * falls back to ordering by file size (node_modules/@jest/test-sequencer/build/index.js, sort) and a long suite
 * can start last and leave the other worker idle. Then the suites known to take longest start first, longest first
 * (measured cold on 2 cores; a suite missing from the list only loses this head start), and the rest follow in
 * jest's order. Once jest has timings (a warm cache) it orders by them, longest first, as usual.
 */
const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;

/** Longest first: real child processes (terraform, cdktf synth, the built package, kubectl), then big properties. */
const LONGEST = [
  "test/packaging.test.ts",
  "test/pools/eks-terraform.test.ts",
  "test/cluster/verify-scenarios.test.ts",
  "test/examples/examples.test.ts",
  "test/cli/release-commands.test.ts",
  "test/cluster/kubectl-undo.test.ts",
  "test/inputs/provider-shape.test.ts",
  "test/inputs/terraform-hostile.test.ts",
  "test/fuzz/loaders.test.ts",
  "test/cli/plan.test.ts",
  "test/simulate/properties.test.ts",
  "test/policy/rules/wg111.test.ts",
  "test/policy/reporters/same-as-reference.test.ts",
  "test/model/pool-coverage.test.ts",
];

class LongestFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((t) => t.duration != null)) return sorted;
    const rank = (t) => {
      const i = LONGEST.indexOf(path.relative(t.context.config.rootDir, t.path).split(path.sep).join("/"));
      return i === -1 ? LONGEST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep jest's order.
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = LongestFirst;
