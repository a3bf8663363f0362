import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { loadInputs } from "../../lib/inputs/load";
import { InputError, isUnknown } from "../../lib/inputs/types";

const FIXTURES = path.join(__dirname, "fixtures");
const at = (...p: string[]) => path.join(FIXTURES, ...p);

describe("loadInputs", () => {
  let tmp: string;
  beforeAll(() => (tmp = mkdtempSync(path.join(tmpdir(), "wavegate-load-"))));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (name: string, text: string) => {
    const file = path.join(tmp, name);
    writeFileSync(file, text);
    return file;
  };

  test("GIVEN a cdktf.out directory THEN every stack is read and each DaemonSet knows its stack and construct path", async () => {
    const load = await loadInputs([at("cdktf-out")]);
    expect(load.stacks).toEqual(["dev", "prod"]);
    expect(load.files).toEqual([
      at("cdktf-out/stacks/dev/cdk.tf.json"),
      at("cdktf-out/stacks/prod/cdk.tf.json"),
    ]);
    expect(load.otherResources).toBe(1);
    expect(
      load.daemonSets.map((d) => [d.source.stack, d.source.format, d.source.constructPath, d.cluster]),
    ).toEqual([
      ["dev", "cdktf-out", "dev/agent/dev", "kubernetes.dev"],
      ["prod", "cdktf-out", "prod/agent/prod", "default"],
    ]);
    expect(load.daemonSets[0].source.address).toBe("kubernetes_daemon_set_v1.agent_dev_1A2B3C4D");
  });

  test("GIVEN the cdktf.out manifest.json file itself THEN the directory is read", async () => {
    expect((await loadInputs([at("cdktf-out/manifest.json")])).stacks).toEqual(["dev", "prod"]);
  });

  test("GIVEN a relative path and cwd THEN paths in results stay as given", async () => {
    const load = await loadInputs(["cdktf-out"], { cwd: FIXTURES });
    expect(load.files).toEqual([
      path.join("cdktf-out/stacks/dev/cdk.tf.json"),
      "cdktf-out/stacks/prod/cdk.tf.json",
    ]);
    expect(load.daemonSets[0].source.file).toBe("cdktf-out/stacks/dev/cdk.tf.json");
  });

  test("GIVEN a single *.tf.json THEN its DaemonSets are read (kubernetes_daemonset and kubernetes_manifest too)", async () => {
    const load = await loadInputs([at("hand-written.tf.json")]);
    expect(load.files).toEqual([at("hand-written.tf.json")]);
    expect(load.stacks).toEqual([]);
    expect(load.daemonSets.map((d) => [d.kind, d.manifest.metadata.name, d.cluster])).toEqual([
      ["kubernetes_daemonset", "legacy-agent", "kubernetes.staging"],
      ["kubernetes_manifest", "manifest-agent", "eu-1"],
    ]);
    expect(load.otherResources).toBe(2);
    expect(load.warnings).toEqual([
      expect.stringMatching(/kubernetes_manifest\.templated: the manifest is a Terraform expression/),
    ]);
  });

  test("GIVEN a directory of *.tf.json THEN each is read; stray JSON and other files are skipped", async () => {
    const load = await loadInputs([at("tf-json-dir")]);
    expect(load.files).toEqual([at("tf-json-dir/a.tf.json"), at("tf-json-dir/b.tf.json")]);
    expect(load.daemonSets.map((d) => d.manifest.metadata.name)).toEqual(["agent-a", "agent-b"]);
    expect(load.otherResources).toBe(1);
  });

  test("GIVEN several paths THEN results are concatenated", async () => {
    const load = await loadInputs([at("tf-json-dir/a.tf.json"), at("cdktf-out")]);
    expect(load.daemonSets).toHaveLength(3);
    expect(load.files).toHaveLength(3);
  });

  test("GIVEN unresolved expressions THEN they are kept as unknown and named in a warning", async () => {
    const load = await loadInputs([at("unknowns.tf.json")]);
    const spec = load.daemonSets[0].manifest.spec;
    expect(spec.updateStrategy?.rollingUpdate?.maxUnavailable).toBe("${var.max_unavailable}");
    expect(isUnknown(spec.updateStrategy?.rollingUpdate?.maxUnavailable)).toBe(true);
    expect(isUnknown(spec.minReadySeconds)).toBe(true);
    expect(isUnknown(spec.template.spec.containers[0].image)).toBe(true);
    expect(load.warnings).toEqual([
      expect.stringMatching(
        /kubernetes_daemon_set_v1\.agent\[0\]: 3 value\(s\) unknown until apply \(spec\.minReadySeconds, spec\.updateStrategy\.rollingUpdate\.maxUnavailable, spec\.template\.spec\.containers\[0\]\.image\)/,
      ),
    ]);
  });

  test("GIVEN malformed JSON THEN an InputError names the file and the line", async () => {
    const file = write("broken.tf.json", '{\n  "resource": {\n    "a": 1,\n  }\n}\n');
    await expect(loadInputs([file])).rejects.toThrow(InputError);
    await expect(loadInputs([file])).rejects.toMatchObject({ file, line: 4 });
    await expect(loadInputs([file])).rejects.toThrow(new RegExp(`^${file}:4: malformed JSON`));
  });

  test("GIVEN malformed JSON whose parser error names no position THEN the line is still found", async () => {
    const file = write("broken2.tf.json", '{\n  "resource":\n  }\n');
    await expect(loadInputs([file])).rejects.toMatchObject({ line: 3 });
  });

  test("GIVEN a missing path THEN an InputError names it", async () => {
    await expect(loadInputs([path.join(tmp, "nope.tf.json")])).rejects.toThrow(
      /nope\.tf\.json: no such file/,
    );
  });

  test("GIVEN a cdktf.out whose stack file is missing THEN an InputError says to synth again", async () => {
    const dir = path.join(tmp, "out");
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, "manifest.json"),
      JSON.stringify({ version: "0.21.0", stacks: { a: { name: "a" } } }),
    );
    await expect(loadInputs([dir])).rejects.toThrow(/stacks\/a\/cdk\.tf\.json: no such file: .*cdktf synth/);
  });

  test("GIVEN a directory without inputs THEN an InputError, never a silent empty result", async () => {
    const dir = path.join(tmp, "empty");
    mkdirSync(dir);
    writeFileSync(path.join(dir, "notes.txt"), "hello");
    await expect(loadInputs([dir])).rejects.toThrow(/no inputs found/);
  });

  test("GIVEN text of no known format THEN the InputError names the --input-format flag", async () => {
    const file = write("notes.txt", "just some notes\n");
    await expect(loadInputs([file])).rejects.toThrow(/not a recognised input.*pass --input-format/);
  });

  test("GIVEN JSON of no known shape THEN an InputError lists what is expected", async () => {
    const file = write("other.json", '{ "hello": "world" }');
    await expect(loadInputs([file])).rejects.toThrow(/not a recognised input/);
  });

  test('GIVEN "-" THEN standard input is read and its format detected', async () => {
    const text = JSON.stringify({
      resource: { kubernetes_daemon_set_v1: { a: { metadata: { name: "from-stdin" } } } },
    });
    const load = await loadInputs(["-"], { readStdin: async () => text });
    expect(load.files).toEqual(["<stdin>"]);
    expect(load.daemonSets[0].manifest.metadata.name).toBe("from-stdin");
    expect(load.daemonSets[0].source.file).toBe("<stdin>");
  });

  test("GIVEN a format override THEN detection is skipped", async () => {
    const file = write("resources.json", JSON.stringify({ resource: {} }));
    await expect(loadInputs([file], { format: "tf-json" })).resolves.toMatchObject({ daemonSets: [] });
    await expect(loadInputs([file], { format: "bogus" as never })).rejects.toThrow(/unknown input format/);
  });

  test("GIVEN no paths THEN an InputError", async () => {
    await expect(loadInputs([])).rejects.toThrow(/no input given/);
  });
});
