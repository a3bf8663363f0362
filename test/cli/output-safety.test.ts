import { execFileSync } from "node:child_process";
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { MANIFEST_HEADER } from "../../lib/inputs/manifest-yaml";
import { runIn } from "./fake-io";

const GUARDRAIL = JSON.stringify({
  resource: {
    kubernetes_daemon_set_v1: {
      agent: {
        metadata: { name: "node-agent", namespace: "kube-system" },
        spec: { template: { spec: { container: [{ name: "a", image: "registry.example/a:v1" }] } } },
      },
    },
  },
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "wavegate-out-"));
  writeFileSync(path.join(dir, "in.tf.json"), GUARDRAIL);
});

const read = (name: string) => readFileSync(path.join(dir, name), "utf8");

describe("check --output never overwrites what it reads", () => {
  test("GIVEN --output is a hard link to the input THEN exit 2 and the input is untouched", async () => {
    linkSync(path.join(dir, "in.tf.json"), path.join(dir, "report.txt"));
    const r = await runIn(dir, ["check", "in.tf.json", "--output", "report.txt"]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "wavegate: --output report.txt: refusing to overwrite the input file in.tf.json; write the report elsewhere\n",
    );
    expect(read("in.tf.json")).toBe(GUARDRAIL);
  });

  test("GIVEN --output is a symbolic link to the input THEN exit 2", async () => {
    symlinkSync(path.join(dir, "in.tf.json"), path.join(dir, "report.txt"));
    const r = await runIn(dir, ["check", "in.tf.json", "--output", "report.txt"]);
    expect(r.code).toBe(2);
    expect(read("in.tf.json")).toBe(GUARDRAIL);
  });

  test("GIVEN a cdktf.out WHEN --output is its manifest.json or a new file inside it THEN exit 2", async () => {
    const out = path.join(dir, "cdktf.out");
    mkdirSync(path.join(out, "stacks", "a"), { recursive: true });
    const manifest = JSON.stringify({ version: "0.21.0", stacks: { a: { name: "a" } } });
    writeFileSync(path.join(out, "manifest.json"), manifest);
    writeFileSync(path.join(out, "stacks", "a", "cdk.tf.json"), GUARDRAIL);
    for (const target of ["cdktf.out/manifest.json", "cdktf.out/report.sarif", "cdktf.out/stacks/a/x.txt"]) {
      const r = await runIn(dir, ["check", "cdktf.out", "--format", "sarif", "--output", target]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/is inside the input directory cdktf\.out; write the report elsewhere/);
    }
    expect(readFileSync(path.join(out, "manifest.json"), "utf8")).toBe(manifest);
    // A hard link to manifest.json elsewhere is the same file.
    linkSync(path.join(out, "manifest.json"), path.join(dir, "elsewhere.json"));
    const r = await runIn(dir, ["check", "cdktf.out", "--output", "elsewhere.json"]);
    expect(r.err).toMatch(/refusing to overwrite the input file cdktf\.out\/manifest\.json/);
    expect(readFileSync(path.join(out, "manifest.json"), "utf8")).toBe(manifest);
  });

  test("GIVEN --output is a link to nothing (inside an input directory) THEN exit 2, nothing created", async () => {
    mkdirSync(path.join(dir, "inputs"));
    writeFileSync(path.join(dir, "inputs", "a.tf.json"), GUARDRAIL);
    symlinkSync(path.join(dir, "inputs", "new.txt"), path.join(dir, "report.txt"));
    const r = await runIn(dir, ["check", "inputs", "--output", "report.txt"]);
    expect(r).toMatchObject({ code: 2, err: expect.stringMatching(/is a symbolic link to nothing/) });
    expect(existsSync(path.join(dir, "inputs", "new.txt"))).toBe(false);
  });

  test("GIVEN --output is a FIFO nobody reads THEN exit 2 at once instead of waiting forever", async () => {
    execFileSync("mkfifo", [path.join(dir, "fifo")]);
    let timer: NodeJS.Timeout | undefined;
    const r = await Promise.race([
      runIn(dir, ["check", "in.tf.json", "--output", "fifo"]),
      new Promise((resolve) => (timer = setTimeout(() => resolve("still waiting after 5 s"), 5000))),
    ]).finally(() => clearTimeout(timer));
    expect(r).toMatchObject({
      code: 2,
      err: expect.stringMatching(/--output fifo: is a FIFO that nobody reads/),
    });
  });

  test("GIVEN an ordinary --output beside the input, or /dev/null THEN the report is written", async () => {
    expect((await runIn(dir, ["check", "in.tf.json", "--output", "report.txt"])).code).toBe(1);
    expect(read("report.txt")).toMatch(/^wavegate check: 1 file/);
    expect((await runIn(dir, ["check", "in.tf.json", "--output", "/dev/null"])).code).toBe(1);
  });
});

describe("manifests --out never overwrites what it reads", () => {
  test("GIVEN --out is the input directory THEN exit 2 and nothing is written", async () => {
    const r = await runIn(dir, ["manifests", ".", "--out", "."]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out .*: is inside the input directory \.; write the manifests elsewhere/);
  });

  test("GIVEN a file in --out hard-linked to a YAML input THEN exit 2 and the input is untouched", async () => {
    const { out } = await runIn(dir, ["manifests", "in.tf.json"]);
    // Starts with wavegate's header, so the --out check alone would let it be overwritten.
    const yaml = out.startsWith(MANIFEST_HEADER) ? out : `${MANIFEST_HEADER}\n${out}`;
    writeFileSync(path.join(dir, "input.yaml"), yaml);
    mkdirSync(path.join(dir, "out"));
    linkSync(path.join(dir, "input.yaml"), path.join(dir, "out", "kube-system.node-agent.yaml"));
    const r = await runIn(dir, ["manifests", "input.yaml", "--out", "out"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/refusing to overwrite the input file input\.yaml/);
    expect(read("input.yaml")).toBe(yaml);
  });
});
