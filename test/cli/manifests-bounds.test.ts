import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runCli } from "../../lib/cli/main";
import { CliIo } from "../../lib/cli/io";

async function run(cwd: string, args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    isTty: false,
    cwd,
    readStdin: async () => "",
  };
  const code = await runCli(args, io);
  return { code, out, err };
}

const DS = "apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: a}\nspec:\n";

/** A kubernetes_manifest DaemonSet whose pod annotations hold `depth` nested objects. */
function deepTfJson(depth: number): string {
  let deep: unknown = "x";
  for (let i = 0; i < depth; i++) deep = { k: deep };
  const manifest = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "deep" }, spec: { deep } };
  return JSON.stringify({ resource: { kubernetes_manifest: { deep: { manifest } } } });
}

describe("wavegate manifests on hostile YAML and deep manifests: bounded, exit 2 naming the file", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), "wavegate-manifests-bounds-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test("400 aliases of a 10,000-item list are refused (excessive aliasing), with nothing written", async () => {
    const items = Array.from({ length: 10_000 }, (_, i) => i).join(", ");
    writeFileSync(
      path.join(dir, "bomb.yaml"),
      `${DS}  big: &big [${items}]\n  c:\n${"    - *big\n".repeat(400)}`,
    );
    const { code, out, err } = await run(dir, ["manifests", "bomb.yaml", "--out", "out"]);
    expect([code, out]).toEqual([2, ""]);
    expect(err).toMatch(/^wavegate: bomb\.yaml:\d+: malformed YAML: document contains excessive aliasing/);
    expect(() => readdirSync(path.join(dir, "out"))).toThrow();
  });

  test("a cyclic alias is refused, not a crash", async () => {
    writeFileSync(path.join(dir, "cycle.yaml"), `${DS}  a: &a {b: *a}\n`);
    const { code, err } = await run(dir, ["manifests", "cycle.yaml"]);
    expect(code).toBe(2);
    expect(err).toMatch(/^wavegate: cycle\.yaml:\d+: malformed YAML: anchor value contains itself/);
  });

  test("nesting deeper than YAML allows, in YAML or tf.json, is refused naming the file, never a RangeError", async () => {
    const yaml = `${DS}  deep: ${"{k: ".repeat(700)}x${"}".repeat(700)}\n`;
    writeFileSync(path.join(dir, "deep.yaml"), yaml);
    const fromYaml = await run(dir, ["manifests", "deep.yaml"]);
    expect(fromYaml.code).toBe(2);
    expect(fromYaml.err).toMatch(/^wavegate: deep\.yaml:\d+: malformed YAML: nesting deeper than 256 levels/);
    // 300: under the tf.json loader's own bound (500), over what the writer takes.
    writeFileSync(path.join(dir, "deep.tf.json"), deepTfJson(300));
    const fromJson = await run(dir, ["manifests", "deep.tf.json"]);
    expect(fromJson.code).toBe(2);
    expect(fromJson.err).toMatch(
      /^wavegate: deep\.tf\.json(:\d+)?: kubernetes_manifest\.deep nests deeper than 200 levels at spec\.deep\.k\.k/,
    );
    expect(fromJson.err).not.toMatch(/RangeError|stack/);
  });

  test("the same file checked: aliases and nesting bounded the same way", async () => {
    writeFileSync(path.join(dir, "cycle.yaml"), `${DS}  a: &a [*a]\n`);
    const { code, err } = await run(dir, ["check", "cycle.yaml"]);
    expect(code).toBe(2);
    expect(err).toMatch(/^wavegate: cycle\.yaml:\d+: malformed YAML: anchor value contains itself/);
  });
});
