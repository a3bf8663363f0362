import { execFileSync } from "node:child_process";
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
    const code = /```ts\n([\s\S]*?)```/
      .exec(section)![1]
      .replace('"wavegate/eks"', JSON.stringify(join(root, "lib", "pools", "eks")))
      .replace('"wavegate"', JSON.stringify(join(root, "lib")));
    dir = mkdtempSync(join(tmpdir(), "wavegate-readme-pools-"));
    writeFileSync(join(dir, "main.ts"), code);
    const out = join(dir, "cdktf.out");
    execFileSync(join(root, "node_modules", ".bin", "tsx"), [join(dir, "main.ts")], {
      cwd: root,
      // The example lives in a temporary directory: resolve its packages from the repository's node_modules.
      env: { ...process.env, CDKTF_OUTDIR: out, NODE_PATH: join(root, "node_modules") },
      stdio: "pipe",
    });
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
