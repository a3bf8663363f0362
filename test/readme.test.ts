import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

describe("README stays true", () => {
  test("the quick start's code is the seed example, importing from the package", () => {
    const section = readme.slice(readme.indexOf("## Quick start"));
    const block = /```ts\n([\s\S]*?)```/.exec(section)![1];
    const example = readFileSync(join(root, "examples", "seed-three-waves", "main.ts"), "utf8")
      .replaceAll('"../../lib"', '"wavegate"')
      .split("\n")
      .filter((line) => !line.includes('import from "wavegate" instead of'))
      .join("\n");
    expect(block.trimEnd()).toBe(example.trimEnd());
  });

  test("the two set-up commands are the ones package.json and .ci/run provide", () => {
    const setup = /## Set up\n\n```sh\n([\s\S]*?)```/.exec(readme)![1];
    const commands = setup
      .trim()
      .split("\n")
      .map((l) => l.replace(/#.*$/, "").trim());
    expect(commands).toEqual(["npm ci && npm run example", "npm ci && npm test"]);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
    expect(pkg.scripts.example).toMatch(/cdktf synth/);
    expect(pkg.scripts.test).toBe("jest");
    expect(readFileSync(join(root, ".ci", "run"), "utf8")).toMatch(/^npm test$/m);
  });

  test("the construct errors quoted in the README are the ones the code throws", async () => {
    const { NodePool, planWaves } = await import("../lib/model");
    const quoted = readme.slice(readme.indexOf("## StagedDaemonSet"));
    let message = "";
    try {
      planWaves([
        { name: "canary", pool: NodePool.eksNodegroup("dev"), version: "v2" },
        { name: "staging", pool: NodePool.eksNodegroup("staging", "dev"), version: "v1" },
        { name: "production", version: "v1" },
      ]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(quoted).toContain(message);
  });
});
