import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadInputs } from "../../lib/inputs/load";
import { runPolicy } from "../../lib/policy/engine";

const root = join(__dirname, "..", "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const section = readme.slice(
  readme.indexOf("<!-- section:pools -->"),
  readme.indexOf("<!-- section:policy -->"),
);

describe("README: wave node pools", () => {
  let dir: string;
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  test("the section's example runs, creates three node groups, and passes `check` with WG111 judging every wave", async () => {
    // Run in this process (jest transpiles it as it does the tests): the package names become paths — wavegate's
    // to lib/, the others to what they resolve to from the repository (the file lives in a temporary directory).
    const code = /```ts\n([\s\S]*?)```/
      .exec(section)![1]
      .replace('"wavegate/eks"', JSON.stringify(join(root, "lib", "pools", "eks")))
      .replace('"wavegate"', JSON.stringify(join(root, "lib")))
      .replace(/from "([^"./][^"]*)"/g, (_, name: string) => `from ${JSON.stringify(require.resolve(name))}`);
    dir = mkdtempSync(join(tmpdir(), "wavegate-readme-pools-"));
    writeFileSync(join(dir, "main.ts"), code);
    const out = join(dir, "cdktf.out");
    const before = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = out;
    try {
      // The example synthesizes at its end (app.synth()), as `cdktf synth` runs it.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      jest.isolateModules(() => require(join(dir, "main.ts")));
    } finally {
      if (before === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = before;
    }
    const load = await loadInputs([out]);
    expect(load.nodePools?.map((p) => p.name).sort()).toEqual(["canary", "production", "staging"]);
    const report = runPolicy(load);
    expect(
      report.findings.filter(
        (f) => f.severity === "error" && f.outcome !== "pass" && f.outcome !== "not-applicable",
      ),
    ).toEqual([]);
    expect(report.findings.filter((f) => f.ruleId === "WG111").map((f) => f.outcome)).toEqual([
      "pass",
      "pass",
      "pass",
    ]);
  }, 60_000);

  test("every entry point it lists is in package.json exports and typesVersions, and the bindings are optional peers", () => {
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    for (const [entry, file] of [
      ["eks", "eks"],
      ["gke", "gke"],
      ["aks", "aks"],
      ["karpenter", "karpenter"],
    ]) {
      expect(section).toContain(`\`wavegate/${entry}\``);
      expect(pkg.exports[`./${entry}`]).toBe(`./dist/pools/${file}.js`);
      expect(pkg.typesVersions["*"][entry]).toEqual([`dist/pools/${file}.d.ts`]);
    }
    for (const peer of ["@cdktf/provider-aws", "@cdktf/provider-google", "@cdktf/provider-azurerm"]) {
      expect(pkg.peerDependencies[peer]).toBeDefined();
      expect(pkg.peerDependenciesMeta[peer]).toEqual({ optional: true });
    }
  });

  test("the error it quotes is the one the construct throws", async () => {
    const { checkPoolSize } = await import("../../lib/model/node-pools");
    expect(() => checkPoolSize({ min: 3, max: 2 }, "waves[0].size")).toThrow(/min 3 is greater than max 2/);
    expect(section).toContain("`waves[0].size.min: min 3 is\ngreater than max 2`");
  });
});
